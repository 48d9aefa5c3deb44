// core/positional/learned.cpp — see learned.h.
#include "learned.h"

#include "../caps.h"
#include "../check.h"
#include "../rng.h"

namespace pelab {

Beyond parse_beyond(const std::string& name) {
  if (name == "clamp") return Beyond::kClamp;
  if (name == "wrap") return Beyond::kWrap;
  if (name == "error") return Beyond::kError;
  fail_arg("learned_pe", "beyond", "one of 'clamp', 'wrap', 'error'", "'" + name + "'");
}

// t_max rows of d channels, within the caps of one (T, d) matrix.
static void check_table_shape(const char* where, long long t_max, long long d) {
  check_int_range(where, "tMax", t_max, 1, limits::kMaxT);
  check_int_range(where, "d", d, 1, limits::kMaxDim);
  if (t_max * d > limits::kMaxMatrixElements)
    fail_arg(where, "tMax*d", "at most " + std::to_string(limits::kMaxMatrixElements), t_max * d);
}

MatF learned_table(int t_max, int d, double sigma, std::uint64_t seed) {
  check_table_shape("learned_table", t_max, d);
  check_finite_above("learned_table", "sigma", sigma, 0.0, 1e6);
  MatF table(t_max, d);
  Pcg32 rng(seed, Stream::kLearnedPE);
  fill_normal(rng, table, sigma);
  return table;
}

int learned_row(long long position, int t_max, Beyond beyond) {
  check_int_range("learned_row", "tMax", t_max, 1, limits::kMaxT);
  if (position < 0) fail_arg("learned_row", "position", "a non-negative integer", position);
  if (position < t_max) return static_cast<int>(position);
  switch (beyond) {
    case Beyond::kClamp:
      return t_max - 1;
    case Beyond::kWrap:
      return static_cast<int>(position % t_max);
    case Beyond::kError:
      break;
  }
  fail_arg("learned_pe", "T", "at most tMax = " + std::to_string(t_max) + " when beyond = 'error'",
           "position " + std::to_string(position));
}

MatF learned_pe(const Eigen::Ref<const MatF>& table, int T, Beyond beyond) {
  check_table_shape("learned_pe", table.rows(), table.cols());
  check_int_range("learned_pe", "T", T, 1, limits::kMaxT);
  const long long d = table.cols();
  if (T * d > limits::kMaxMatrixElements)
    fail_arg("learned_pe", "T*d", "at most " + std::to_string(limits::kMaxMatrixElements), T * d);
  const int t_max = static_cast<int>(table.rows());
  MatF pe(T, d);
  for (int t = 0; t < T; ++t) pe.row(t) = table.row(learned_row(t, t_max, beyond));
  return pe;
}

long long learned_parameter_count(int t_max, int d) {
  check_int_range("learned_parameter_count", "tMax", t_max, 1, limits::kMaxT);
  check_int_range("learned_parameter_count", "d", d, 1, limits::kMaxDim);
  return static_cast<long long>(t_max) * d;
}

}  // namespace pelab
