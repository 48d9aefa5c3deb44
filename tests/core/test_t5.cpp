// tests/core/test_t5.cpp — T5 relative-position buckets: hand-derived buckets for the Hugging Face defaults
// ("result of"), and the properties that define the bucketing ("definition of"): exact below max_exact,
// logarithmic and monotone above, capped per half, a function of j - i only; then the per-head bias lookup.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>

#include "caps.h"
#include "positional/t5.h"
#include "rng.h"

using pelab::MatF;
using pelab::MatI;

namespace {


// The reference's tensor code for one value, re-typed from transformers' T5Attention._relative_position_bucket:
// compute both branches, then where(is_small, …); float32 arithmetic as torch's .float().
int reference_bucket(long long relative_position, bool bidirectional, int num_buckets, int max_distance) {
  long long relative_buckets = 0;
  if (bidirectional) {
    num_buckets /= 2;
    relative_buckets += (relative_position > 0 ? 1 : 0) * num_buckets;
    relative_position = std::llabs(relative_position);
  } else {
    relative_position = -std::min(relative_position, 0LL);
  }
  const int max_exact = num_buckets / 2;
  const bool is_small = relative_position < max_exact;
  const float t = std::log(static_cast<float>(relative_position) / max_exact) /
                  static_cast<float>(std::log(static_cast<double>(max_distance) / max_exact)) *
                  (num_buckets - max_exact);
  long long if_large = max_exact + (is_small ? 0 : static_cast<long long>(t));  // log(0) only when is_small
  if_large = std::min(if_large, static_cast<long long>(num_buckets - 1));
  relative_buckets += is_small ? relative_position : if_large;
  return static_cast<int>(relative_buckets);
}

}  // namespace

TEST_CASE("bidirectional buckets with 32 buckets and max_distance 128 match hand computation") {
  // Bidirectional: 32/2 = 16 buckets per direction, max_exact = 8, log range ln(128/8) = ln 16 = 2.772589.
  // rel = key - query; rel > 0 (key after query) adds 16.
  auto b = [](long long rel) { return pelab::t5_bucket(rel, true, 32, 128); };
  CHECK(b(0) == 0);    // |0| < 8: exact
  CHECK(b(-1) == 1);   // |-1| = 1 < 8: exact
  CHECK(b(1) == 17);   // 16 + 1
  CHECK(b(-7) == 7);   // last exact bucket
  CHECK(b(8) == 24);   // 16 + 8 + int(ln(8/8) / ln 16 * 8) = 16 + 8 + 0
  CHECK(b(-8) == 8);   // first log bucket: 8 + int(ln 1 / ln 16 * 8) = 8 + 0
  CHECK(b(-12) == 9);  // 8 + int(ln 1.5 / ln 16 * 8) = 8 + int(0.405465 / 2.772589 * 8 = 1.1699) = 9
  CHECK(b(-127) == 15);  // 8 + int(ln 15.875 / ln 16 * 8 = 2.764746 / 2.772589 * 8 = 7.977) = 15
  CHECK(b(-128) == 15);  // 8 + int(ln 16 / ln 16 * 8 = 8) = 16, capped at 16 - 1 = 15
  CHECK(b(-500) == 15);  // 8 + int(ln 62.5 / ln 16 * 8 = 4.135167 / 2.772589 * 8 = 11.93) = 19, capped 15
  CHECK(b(500) == 31);   // 16 + 15
  CHECK(b(127) == 31);   // 16 + 15 (as -127)
}

TEST_CASE("causal buckets with 32 buckets and max_distance 128 match hand computation") {
  // Causal: rel = -min(rel, 0); all 32 buckets for the past, max_exact = 16, log range ln(128/16) = ln 8.
  auto b = [](long long rel) { return pelab::t5_bucket(rel, false, 32, 128); };
  CHECK(b(5) == 0);    // a future key: -min(5, 0) = 0 -> bucket 0, the same as the query itself
  CHECK(b(0) == 0);
  CHECK(b(-5) == 5);   // exact
  CHECK(b(-15) == 15);   // last exact bucket
  CHECK(b(-16) == 16);   // first log bucket: 16 + int(ln 1 / ln 8 * 16) = 16
  CHECK(b(-32) == 21);   // 16 + int(ln 2 / ln 8 * 16 = 16/3 = 5.33) = 21
  CHECK(b(-127) == 31);  // 16 + int(ln 7.9375 / ln 8 * 16 = 2.071590 / 2.079442 * 16 = 15.94) = 31
  CHECK(b(-1000) == 31);  // 16 + int(ln 62.5 / ln 8 * 16 = 4.135167 / 2.079442 * 16 = 31.82) = 47, capped 31
}

TEST_CASE("the log bucket is computed in float32 as the reference computes it") {
  // Causal, 10 buckets, max_distance 160: max_exact 5, rel -10 -> 5 + int(ln(10/5) / ln(160/5) * 5)
  // = 5 + int(ln 2 / (5 ln 2) * 5) = 5 + int(1) in exact arithmetic. float32 (torch's .float()): ln 2 ->
  // 0.69314718246, ln 32 -> 3.46573591232, quotient 0.2 (float) * 5 = 1.0 exactly -> bucket 6, which is
  // what transformers' T5Attention._relative_position_bucket returns under torch 1.13. In float64 the
  // product is 0.9999999999999999 and truncates to 0 -> bucket 5.
  CHECK(pelab::t5_bucket(-10, false, 10, 160) == 6);
  // One octave further, rel -20: ln 4 / ln 32 * 5 = 2 exactly; float32 gives 2.0 -> bucket 7 (torch 1.13
  // agrees), float64 gives 1.9999999999999998 -> 6.
  CHECK(pelab::t5_bucket(-20, false, 10, 160) == 7);
}

TEST_CASE("buckets agree with the reference's tensor formula re-typed in the test") {
  // reference_bucket above follows the Python line by line (both branches, then where); sweep a range of
  // relative positions and settings, including odd causal bucket counts and the smallest valid ones.
  struct Setting { bool bidirectional; int num_buckets, max_distance; };
  const Setting settings[] = {{true, 32, 128}, {false, 32, 128}, {true, 64, 1000}, {false, 128, 4096},
                              {true, 8, 20},   {false, 5, 7},    {false, 2, 2},    {true, 4, 2}};
  for (const Setting& s : settings) {
    CAPTURE(s.bidirectional);
    CAPTURE(s.num_buckets);
    CAPTURE(s.max_distance);
    int mismatches = 0;
    for (long long rel = -5000; rel <= 5000; ++rel)
      mismatches += pelab::t5_bucket(rel, s.bidirectional, s.num_buckets, s.max_distance) !=
                    reference_bucket(rel, s.bidirectional, s.num_buckets, s.max_distance);
    CHECK(mismatches == 0);
  }
}

TEST_CASE("buckets are exact below max_exact, monotone in distance, and capped per half") {
  struct Setting { bool bidirectional; int num_buckets, max_distance; };
  const Setting settings[] = {{true, 32, 128}, {false, 32, 128}, {true, 64, 1000}, {false, 9, 128}, {true, 8, 20}};
  for (const Setting& s : settings) {
    CAPTURE(s.bidirectional);
    CAPTURE(s.num_buckets);
    const int n = s.bidirectional ? s.num_buckets / 2 : s.num_buckets;  // buckets per direction
    const int max_exact = n / 2;
    auto b = [&](long long rel) { return pelab::t5_bucket(rel, s.bidirectional, s.num_buckets, s.max_distance); };
    int violations = 0;
    for (long long r = 0; r <= 4 * s.max_distance; ++r) {
      // Past (key before query, rel = -r): bucket r below max_exact, never decreasing, at most n - 1,
      // and n - 1 from max_distance on (log(max_distance / max_exact) / itself = 1 -> n, capped).
      const int past = b(-r);
      if (r < max_exact && past != r) ++violations;
      if (r > 0 && past < b(-(r - 1))) ++violations;
      if (past < 0 || past > n - 1) ++violations;
      if (r >= s.max_distance && past != n - 1) ++violations;
      // Future (rel = +r > 0): bidirectional mirrors the past into the upper half; causal is all bucket 0.
      if (r > 0) {
        const int future = b(r);
        if (s.bidirectional ? future != past + n : future != 0) ++violations;
      }
    }
    CHECK(violations == 0);
  }
}

TEST_CASE("with the defaults every bucket but 16 is used within max_distance") {
  // Log bucket 8 + k covers |rel| in [8 * 16^(k/8), 8 * 16^((k+1)/8)) = [8 * 2^(k/2), 8 * 2^((k+1)/2)),
  // at least 8 * (2^0.5 - 1) = 3.3 positions wide, so each holds an integer distance. Bucket 16 (distance
  // 0 of the upper half) is never used: rel = 0 counts as "not after the query" and lands in bucket 0.
  int count[32] = {};
  for (long long rel = -128; rel <= 128; ++rel) ++count[pelab::t5_bucket(rel, true, 32, 128)];
  for (int k = 0; k < 32; ++k) {
    CAPTURE(k);
    CHECK((count[k] > 0) == (k != 16));
  }
}

TEST_CASE("the bucket matrix holds t5_bucket of j minus i at entry (i, j)") {
  // Hand values, bidirectional defaults, T = 5: row 0 has rel = 0..4 -> 0, 17, 18, 19, 20;
  // row 4 has rel = -4..0 -> 4, 3, 2, 1, 0.
  const MatI m5 = pelab::t5_buckets(5, true, 32, 128);
  const int row0[] = {0, 17, 18, 19, 20}, row4[] = {4, 3, 2, 1, 0};
  for (int j = 0; j < 5; ++j) {
    CHECK(m5(0, j) == row0[j]);
    CHECK(m5(4, j) == row4[j]);
  }
  for (bool bidirectional : {true, false}) {
    const MatI m = pelab::t5_buckets(300, bidirectional, 32, 128);
    REQUIRE(m.rows() == 300);
    REQUIRE(m.cols() == 300);
    int mismatches = 0;
    for (int i = 0; i < 300; ++i)
      for (int j = 0; j < 300; ++j) mismatches += m(i, j) != pelab::t5_bucket(j - i, bidirectional, 32, 128);
    CHECK(mismatches == 0);
  }
}

TEST_CASE("the T5 bias table is fill_normal on the kT5Bias sub-stream and reproducible") {
  // Definition from t5.h: Pcg32(seed, Stream::kT5Bias), then fill_normal row-major with sigma.
  MatF expected(4, 32);
  pelab::Pcg32 rng(11, pelab::Stream::kT5Bias);
  pelab::fill_normal(rng, expected, 0.1);
  const MatF table = pelab::t5_bias_table(4, 32, 0.1, 11);
  CHECK(table == expected);
  CHECK(table == pelab::t5_bias_table(4, 32, 0.1, 11));
  CHECK((table.array() == pelab::t5_bias_table(4, 32, 0.1, 12).array()).count() == 0);  // another seed
}

TEST_CASE("the T5 bias of a head looks up that head's row at each bucket") {
  // Hand example: 2 heads, 4 buckets, table row h = (10h + 0, 10h + 1, 10h + 2, 10h + 3).
  MatF table(2, 4);
  table << 0.f, 1.f, 2.f, 3.f,
           10.f, 11.f, 12.f, 13.f;
  MatI buckets(2, 2);
  buckets << 0, 3,
             2, 1;
  const MatF b1 = pelab::t5_bias(buckets, table, 1);
  CHECK(b1(0, 0) == 10.f);
  CHECK(b1(0, 1) == 13.f);
  CHECK(b1(1, 0) == 12.f);
  CHECK(b1(1, 1) == 11.f);
  // On real buckets: entry (i, j) = table(head, t5_bucket(j - i)), so causal biases depend on i - j only.
  const MatF t = pelab::t5_bias_table(3, 32, 1.0, 4);
  const MatI causal = pelab::t5_buckets(40, false, 32, 128);
  const MatF bias = pelab::t5_bias(causal, t, 2);
  int mismatches = 0;
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 40; ++j) {
      mismatches += bias(i, j) != t(2, pelab::t5_bucket(j - i, false, 32, 128));
      if (i > 0 && j > 0) mismatches += bias(i, j) != bias(i - 1, j - 1);
    }
  CHECK(mismatches == 0);
}

TEST_CASE("T5 biases have nHeads times numBuckets parameters") {
  CHECK(pelab::t5_parameter_count(8, 32) == 256);  // 8 * 32: the course's "~32 / head"
  CHECK(pelab::t5_parameter_count(12, 32) == pelab::t5_bias_table(12, 32, 1.0, 0).size());
}

TEST_CASE("T5 functions reject bad arguments with the parameter's name") {
  const MatF table = pelab::t5_bias_table(2, 4, 1.0, 0);
  const MatF empty(0, 4);
  MatI buckets(1, 2);
  buckets << 0, 4;  // 4 is past the last bucket (3) of a 4-bucket table
  const MatI no_buckets(0, 0);
  const MatI ok = MatI::Zero(2, 2);
  const int max_heads = static_cast<int>(pelab::limits::kMaxHeads);
  struct Bad {
    std::function<void()> call;
    const char* needle;
  };
  const Bad cases[] = {
      {[] { pelab::t5_bucket(0, false, 1, 128); }, "t5_bucket: numBuckets must be"},
      {[] { pelab::t5_bucket(0, false, 1025, 128); }, "t5_bucket: numBuckets must be"},
      {[] { pelab::t5_bucket(0, true, 2, 128); }, "t5_bucket: numBuckets must be an even integer >= 4"},
      {[] { pelab::t5_bucket(0, true, 33, 128); }, "t5_bucket: numBuckets must be an even integer >= 4"},
      // Bidirectional 32: max_exact 8, so maxDistance must be at least 9 (ln(max_distance/8) > 0).
      {[] { pelab::t5_bucket(0, true, 32, 8); }, "t5_bucket: maxDistance must be an integer in [9, 1048576]"},
      {[] { pelab::t5_bucket(0, false, 32, 16); }, "t5_bucket: maxDistance must be an integer in [17,"},
      {[] { pelab::t5_bucket(0, false, 32, (1 << 20) + 1); }, "t5_bucket: maxDistance must be"},
      {[] { pelab::t5_bucket((1LL << 30) + 1, false, 32, 128); }, "t5_bucket: relativePosition must be"},
      {[] { pelab::t5_bucket(-(1LL << 30) - 1, true, 32, 128); }, "t5_bucket: relativePosition must be"},
      {[] { pelab::t5_buckets(0, true, 32, 128); }, "t5_buckets: T must be"},
      {[] { pelab::t5_buckets(5793, true, 32, 128); }, "t5_buckets: T*T must be"},  // 5793^2 > 2^25
      {[] { pelab::t5_buckets(4, true, 3, 128); }, "t5_buckets: numBuckets must be"},
      {[] { pelab::t5_buckets(4, true, 32, 0); }, "t5_buckets: maxDistance must be"},
      {[] { pelab::t5_bias_table(0, 32, 1.0, 0); }, "t5_bias_table: nHeads must be"},
      {[=] { pelab::t5_bias_table(max_heads + 1, 32, 1.0, 0); }, "t5_bias_table: nHeads must be"},
      {[] { pelab::t5_bias_table(2, 1, 1.0, 0); }, "t5_bias_table: numBuckets must be"},
      {[] { pelab::t5_bias_table(2, 32, 0.0, 0); }, "t5_bias_table: sigma must be"},
      {[] { pelab::t5_bias_table(2, 32, NAN, 0); }, "t5_bias_table: sigma must be"},
      {[&] { pelab::t5_bias(ok, table, -1); }, "t5_bias: head must be an integer in [0, 1]"},
      {[&] { pelab::t5_bias(ok, table, 2); }, "t5_bias: head must be an integer in [0, 1]"},
      {[&] { pelab::t5_bias(buckets, table, 0); }, "t5_bias: buckets must be integers in [0, 3], got 4"},
      {[&] { pelab::t5_bias(no_buckets, table, 0); }, "t5_bias: buckets must be"},
      {[&] { pelab::t5_bias(ok, empty, 0); }, "t5_bias: table must be"},
      {[] { pelab::t5_parameter_count(0, 32); }, "t5_parameter_count: nHeads must be"},
      {[] { pelab::t5_parameter_count(8, 1); }, "t5_parameter_count: numBuckets must be"},
  };
  for (const Bad& b : cases) check_throws_containing(b.call, b.needle);
}
