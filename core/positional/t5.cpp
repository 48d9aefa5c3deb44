// core/positional/t5.cpp — see t5.h.
#include "t5.h"

#include <algorithm>
#include <cmath>

#include "../caps.h"
#include "../check.h"
#include "../rng.h"

namespace pelab {

namespace {

constexpr long long kMaxRelativePosition = 1LL << 30;  // far past max_distance's cap: the last bucket
constexpr int kMaxBuckets = 1024;
constexpr int kMaxDistance = 1 << 20;

void check_bucket_args(const char* where, bool bidirectional, int num_buckets, int max_distance) {
  check_int_range(where, "numBuckets", num_buckets, 2, kMaxBuckets);
  if (bidirectional && (num_buckets < 4 || num_buckets % 2 != 0))
    fail_arg(where, "numBuckets", "an even integer >= 4 when bidirectional (two halves, max_exact >= 1)",
             num_buckets);
  const int max_exact = (bidirectional ? num_buckets / 2 : num_buckets) / 2;
  check_int_range(where, "maxDistance", max_distance, max_exact + 1, kMaxDistance);
}

// The reference's _relative_position_bucket for one value; arguments already checked.
int bucket_of(long long rel, bool bidirectional, int num_buckets, int max_distance) {
  int bucket = 0;
  if (bidirectional) {
    num_buckets /= 2;                      // each direction gets half
    if (rel > 0) bucket += num_buckets;    // keys after the query use the upper half
    rel = rel < 0 ? -rel : rel;
  } else {
    rel = rel < 0 ? -rel : 0;              // -min(rel, 0): every future key is bucket 0
  }
  const int max_exact = num_buckets / 2;
  if (rel < max_exact) return bucket + static_cast<int>(rel);
  // torch: log(rel.float() / max_exact) / math.log(max_distance / max_exact) * (num_buckets - max_exact),
  // a float32 tensor op with the Python double log rounded to float32; .to(long) truncates toward zero.
  const float log_ratio = std::log(static_cast<float>(rel) / static_cast<float>(max_exact));
  const float log_range = static_cast<float>(std::log(static_cast<double>(max_distance) / max_exact));
  const float scaled = log_ratio / log_range * static_cast<float>(num_buckets - max_exact);
  return bucket + std::min(num_buckets - 1, max_exact + static_cast<int>(scaled));
}

}  // namespace

int t5_bucket(long long relative_position, bool bidirectional, int num_buckets, int max_distance) {
  check_int_range("t5_bucket", "relativePosition", relative_position, -kMaxRelativePosition,
                  kMaxRelativePosition);
  check_bucket_args("t5_bucket", bidirectional, num_buckets, max_distance);
  return bucket_of(relative_position, bidirectional, num_buckets, max_distance);
}

MatI t5_buckets(int T, bool bidirectional, int num_buckets, int max_distance) {
  check_int_range("t5_buckets", "T", T, 1, limits::kMaxT);
  if (static_cast<long long>(T) * T > limits::kMaxAttentionElements)
    fail_arg("t5_buckets", "T*T", "at most " + std::to_string(limits::kMaxAttentionElements),
             static_cast<long long>(T) * T);
  check_bucket_args("t5_buckets", bidirectional, num_buckets, max_distance);
  MatI buckets(T, T);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j < T; ++j) buckets(i, j) = bucket_of(j - i, bidirectional, num_buckets, max_distance);
  return buckets;
}

MatF t5_bias_table(int n_heads, int num_buckets, double sigma, std::uint64_t seed) {
  check_int_range("t5_bias_table", "nHeads", n_heads, 1, limits::kMaxHeads);
  check_int_range("t5_bias_table", "numBuckets", num_buckets, 2, kMaxBuckets);
  check_finite_above("t5_bias_table", "sigma", sigma, 0.0, 1e6);
  MatF table(n_heads, num_buckets);
  Pcg32 rng(seed, Stream::kT5Bias);
  fill_normal(rng, table, sigma);
  return table;
}

MatF t5_bias(const MatI& buckets, const Eigen::Ref<const MatF>& table, int head) {
  if (table.rows() < 1 || table.cols() < 1)
    fail_arg("t5_bias", "table", "a non-empty (nHeads, numBuckets) matrix",
             std::to_string(table.rows()) + "x" + std::to_string(table.cols()));
  if (buckets.size() == 0) fail_arg("t5_bias", "buckets", "a non-empty (T, T) matrix", "0 entries");
  check_int_range("t5_bias", "head", head, 0, table.rows() - 1);
  const int num_buckets = static_cast<int>(table.cols());
  MatF bias(buckets.rows(), buckets.cols());
  for (Eigen::Index i = 0; i < buckets.rows(); ++i) {
    for (Eigen::Index j = 0; j < buckets.cols(); ++j) {
      const int b = buckets(i, j);
      if (b < 0 || b >= num_buckets)
        fail_arg("t5_bias", "buckets", "integers in [0, " + std::to_string(num_buckets - 1) + "]", b);
      bias(i, j) = table(head, b);
    }
  }
  return bias;
}

long long t5_parameter_count(int n_heads, int num_buckets) {
  check_int_range("t5_parameter_count", "nHeads", n_heads, 1, limits::kMaxHeads);
  check_int_range("t5_parameter_count", "numBuckets", num_buckets, 2, kMaxBuckets);
  return static_cast<long long>(n_heads) * num_buckets;
}

}  // namespace pelab
