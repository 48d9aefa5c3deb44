// tests/core/test_lab_biases.cpp — Theory 02's runner: learned rows under clamp and wrap, T5 buckets worked
// by hand, ALiBi's reference slopes (Press et al. 2022), parameter counts, ALiBi attention far past tMax,
// and bad parameters reported under their public names.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "labs/biases.h"

namespace {
pelab::BiasesParams small() {
  pelab::BiasesParams p;
  p.t_max = 8, p.d = 4, p.T = 12;                                  // learned
  p.num_buckets = 8, p.max_distance = 16, p.max_relative = 20;     // T5
  p.n_heads = 8, p.head = 2, p.bias_T = 6, p.far_T = 16, p.d_model = 16;
  return p;
}
}  // namespace

TEST_CASE("learned rows: clamp reads min(t, tMax-1), wrap reads t mod tMax, and the table costs tMax·d") {
  const pelab::BiasesResult r = pelab::run_biases_lab(small());
  REQUIRE(r.rows_clamp.size() == 12);
  REQUIRE(r.rows_wrap.size() == 12);
  for (int t = 0; t < 12; ++t) {
    CHECK(r.rows_clamp[t] == std::min(t, 7));
    CHECK(r.rows_wrap[t] == t % 8);
  }
  CHECK(r.learned_table.rows() == 8);
  CHECK(r.learned_table.cols() == 4);
  CHECK(r.learned_params == 8 * 4);
}

TEST_CASE("result of T5 bucketing: 8 buckets, max distance 16, worked by hand") {
  // Causal: max_exact = 4; |rel| >= 4 gets 4 + int(ln(|rel|/4) / ln(16/4) · 4), capped at 7; future keys 0.
  //   |rel| = 6: 4 + int(1.17) = 5;  12: 4 + int(3.17) = 7;  20: min(7, 4 + int(4.64)) = 7.
  // Bidirectional: halves of 4, max_exact = 2; past |rel| >= 2: 2 + int(ln(|rel|/2) / ln 8 · 2), capped at 3;
  //   |rel| = 5: 2 + int(0.88) = 2;  6: 2 + int(1.06) = 3;  future keys add 4.
  const pelab::BiasesResult r = pelab::run_biases_lab(small());
  REQUIRE(r.relative.size() == 41);
  const auto causal = [&](int rel) { return r.bucket_causal[rel + 20]; };
  const auto bidir = [&](int rel) { return r.bucket_bidirectional[rel + 20]; };
  CHECK(r.relative.front() == -20);
  CHECK(causal(0) == 0);
  CHECK(bidir(0) == 0);
  CHECK(causal(-3) == 3);
  CHECK(causal(-6) == 5);
  CHECK(causal(-12) == 7);
  CHECK(causal(-20) == 7);
  CHECK(causal(9) == 0);
  CHECK(bidir(-1) == 1);
  CHECK(bidir(-5) == 2);
  CHECK(bidir(-6) == 3);
  CHECK(bidir(1) == 5);
  CHECK(bidir(6) == 7);
  CHECK(r.max_exact_causal == 4);
  CHECK(r.max_exact_bidirectional == 2);
  CHECK(r.t5_params == 8 * 8);  // nHeads·numBuckets
  // The head's causal bias is the table entry of each pair's bucket: query 5, key 2 is rel -3, bucket 3.
  CHECK(r.t5_bias_causal(5, 2) == r.t5_table(2, 3));
  CHECK(r.t5_bias_causal(0, 0) == r.t5_table(2, 0));
  CHECK(r.t5_bias_bidirectional(0, 1) == r.t5_table(2, 5));
}

TEST_CASE("definition of T5 causal buckets: non-decreasing in distance to the past, ranges per bucket") {
  const pelab::BiasesResult r = pelab::run_biases_lab(small());
  for (int rel = 0; rel > -20; --rel) CHECK(r.bucket_causal[rel - 1 + 20] >= r.bucket_causal[rel + 20]);
  // From the hand rule above: bucket 0 holds rel 0 … 20 (every future key, so it runs on past +20);
  // bucket 5 holds |rel| in [4·4^(1/4), 4·4^(1/2)) = [5.66, 8): rel -7, -6; bucket 7 holds |rel| >= 4·4^(3/4)
  // = 11.3: rel -20 … -12, running on past -20.
  REQUIRE(r.ranges_causal.size() == 8);
  const pelab::BucketRange& b0 = r.ranges_causal[0];
  const pelab::BucketRange& b5 = r.ranges_causal[5];
  const pelab::BucketRange& b7 = r.ranges_causal[7];
  CHECK((b0.count == 21 && b0.min == 0 && b0.max == 20 && !b0.open_low && b0.open_high));
  CHECK((b5.count == 2 && b5.min == -7 && b5.max == -6 && !b5.open_low && !b5.open_high));
  CHECK((b7.count == 9 && b7.min == -20 && b7.max == -12 && b7.open_low && !b7.open_high));
}

TEST_CASE("ALiBi: the reference slopes for 8 heads are 2^-1 … 2^-8 and the biases are -m·distance") {
  const pelab::BiasesResult r = pelab::run_biases_lab(small());
  REQUIRE(r.alibi_slopes.size() == 8);
  for (int h = 0; h < 8; ++h) {
    CHECK(r.alibi_slopes[h] == std::ldexp(1.0, -(h + 1)));  // Press et al. 2022, §3: 1/2, 1/4, …, 1/256
    CHECK(r.alibi_slopes_simple[h] == doctest::Approx(r.alibi_slopes[h]).epsilon(1e-15));  // a power of two
  }
  const double m = 0.125;  // head 2
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) {
      CHECK(r.alibi_bias_bidirectional(i, j) == static_cast<float>(-m * std::abs(i - j)));
      CHECK(r.alibi_bias_causal(i, j) == (j <= i ? static_cast<float>(-m * (i - j)) : 0.0f));
    }
}

TEST_CASE("the far ALiBi layer and its no-position twin are causal distributions with bounded entropy") {
  const pelab::BiasesResult r = pelab::run_biases_lab(small());
  for (const pelab::MatF* a : {&r.far_attention, &r.far_attention_nope}) {
    REQUIRE(a->rows() == 16);
    for (int i = 0; i < 16; ++i) {
      CHECK(a->row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
      CHECK(a->row(i).tail(15 - i).cwiseAbs().sum() == 0.0f);
    }
  }
  for (const pelab::MatF* e : {&r.far_entropy, &r.far_entropy_nope}) {
    REQUIRE(e->rows() == 8);
    REQUIRE(e->cols() == 16);
    for (int i = 0; i < 16; ++i) CHECK(e->col(i).maxCoeff() <= std::log(i + 1.0) + 1e-5);  // causal row i: i+1 keys
  }
  CHECK((r.far_attention - r.far_attention_nope).cwiseAbs().maxCoeff() > 1e-3f);  // the biases matter
  CHECK(r.far_max_entropy == doctest::Approx(std::lgamma(17.0) / 16).epsilon(1e-12));  // ln(16!)/16, causal
  for (int h = 0; h < 8; ++h) CHECK(r.far_mean_entropy[h] == doctest::Approx(r.far_entropy.row(h).cast<double>().mean()));
  for (int i = 0; i < 16; ++i) {
    double distance = 0;  // Σ_j a_ij·|i − j|, here
    for (int j = 0; j <= i; ++j) distance += r.far_attention(i, j) * (i - j);
    CHECK(r.far_mean_distance[i] == doctest::Approx(distance).epsilon(1e-6));
  }
}

TEST_CASE("bad biases parameters are reported under their public names") {
  using P = pelab::BiasesParams;
  check_bad_params<P>(small(), [](const P& p) { pelab::run_biases_lab(p); },
                      {
                          {"T", "0", [](P& p) { p.T = 0; }},
                          {"maxRelative", "0", [](P& p) { p.max_relative = 0; }},
                          {"biasT", "513", [](P& p) { p.bias_T = 513; }},
                          {"nHeads", "0", [](P& p) { p.n_heads = 0; }},
                          {"head", "8", [](P& p) { p.head = 8; }},
                          {"farT", "0", [](P& p) { p.far_T = 0; }},
                          {"farT", "4096", [](P& p) { p.far_T = 4096; }},  // 8·4096² > 2^25
                          {"tMax", "0", [](P& p) { p.t_max = 0; }},
                          {"d", "0", [](P& p) { p.d = 0; }},
                          {"numBuckets", "7", [](P& p) { p.num_buckets = 7; }},  // bidirectional needs even
                          {"maxDistance", "4", [](P& p) { p.max_distance = 4; }},  // causal max_exact = 4
                          {"nHeads", "8", [](P& p) { p.d_model = 12; }},          // 8 heads do not divide 12
                      });
}
