// tests/core/test_lab_rope.cpp — Lab 02's runner: q and k from their documented stream, the relative
// property <R_m q, R_n k> = <q, R_{n-m} k> against a closed form written here, norms kept, V left alone,
// and bad parameters reported under their public names.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <cmath>

#include "labs/rope_lab.h"
#include "rng.h"

using doctest::Approx;
using pelab::VecD;

namespace {
pelab::RopeLabParams small() {
  pelab::RopeLabParams p;
  p.d_head = 8, p.T = 16, p.demo_m = 4, p.max_precision_position = 1e3;
  p.pairs = {{0, 1}, {3, 7}, {5, 5}, {10, 12}, {12, 3}};
  return p;
}

// <q, R_a k> for interleaved pairs: R_a k = (k0 cos − k1 sin, k0 sin + k1 cos) per pair, so
// q·R_a k = cos(a θ)(q0 k0 + q1 k1) + sin(a θ)(q1 k0 − q0 k1), summed over the pairs.
double rotated_dot(const VecD& q, const VecD& k, double a) {
  double s = 0;
  for (int i = 0; i < q.size() / 2; ++i) {
    const double angle = a * std::pow(10000.0, -2.0 * i / q.size());
    const double q0 = q[2 * i], q1 = q[2 * i + 1], k0 = k[2 * i], k1 = k[2 * i + 1];
    s += std::cos(angle) * (q0 * k0 + q1 * k1) + std::sin(angle) * (q1 * k0 - q0 * k1);
  }
  return s;
}
}  // namespace

TEST_CASE("result of the RoPE lab: q then k drawn from the lab stream, theta_k = base^(-2k/hs)") {
  const pelab::RopeLabResult r = pelab::run_rope_lab(small());
  pelab::Pcg32 rng(0, pelab::Stream::kLabData);
  for (int i = 0; i < 8; ++i) CHECK(r.q[i] == rng.next_normal());
  for (int i = 0; i < 8; ++i) CHECK(r.k[i] == rng.next_normal());
  REQUIRE(r.theta.size() == 4);
  CHECK(r.theta[0] == 1.0);  // hs = 8, base 1e4: 1, 0.1, 0.01, 0.001
  CHECK(r.theta[1] == Approx(0.1).epsilon(1e-15));
  CHECK(r.theta[2] == Approx(0.01).epsilon(1e-15));
  CHECK(r.theta[3] == Approx(0.001).epsilon(1e-15));
}

TEST_CASE("definition of RoPE's relative property: each pair's lhs equals rhs = <q, R_{n-m} k>") {
  const pelab::RopeLabResult r = pelab::run_rope_lab(small());
  REQUIRE(r.pairs.size() == 5);
  for (const pelab::RopePairCheck& c : r.pairs) {
    CAPTURE(c.m);
    CAPTURE(c.n);
    CHECK(std::abs(c.lhs - c.rhs) <= 1e-9);
    CHECK(std::abs(c.rhs - rotated_dot(r.q, r.k, c.n - c.m)) <= 1e-9);  // n < m (12, 3) rotates backwards
    CHECK(std::abs(c.lhs32 - c.rhs32) <= 1e-4);                          // float32 angles, |q·k| ~ 3
  }
  CHECK(r.pairs[2].m == 5);
  CHECK(r.pairs[2].n == 5);
  CHECK(std::abs(r.pairs[2].lhs - r.q.dot(r.k)) <= 1e-9);  // same position: R_5^T R_5 = I
  CHECK(r.max_diff <= 1e-9);
  CHECK(r.other_convention_max_diff <= 1e-9);  // the property does not depend on the pairing
}

TEST_CASE("the demo curve at n is <q, R_{n-m} k> for m = demoM") {
  const pelab::RopeLabResult r = pelab::run_rope_lab(small());
  REQUIRE(r.demo_lhs.size() == 16);
  for (int n = 0; n < 16; ++n) {
    CHECK(r.demo_n[n] == n);
    CHECK(std::abs(r.demo_lhs[n] - rotated_dot(r.q, r.k, n - 4)) <= 1e-9);
    CHECK(std::abs(r.demo_rhs[n] - rotated_dot(r.q, r.k, n - 4)) <= 1e-9);
  }
}

TEST_CASE("rotations keep norms, the conventions agree after the permutation, and V does not matter to scores") {
  for (pelab::RopeConvention conv : {pelab::RopeConvention::kInterleaved, pelab::RopeConvention::kHalfSplit}) {
    pelab::RopeLabParams p = small();
    p.convention = conv;
    const pelab::RopeLabResult r = pelab::run_rope_lab(p);
    CHECK(r.q_norm == Approx(r.q.norm()).epsilon(1e-15));
    for (Eigen::Index i = 0; i < r.norms.size(); ++i) {
      CHECK(std::abs(r.norms[i] - r.q_norm) <= 1e-12);
      CHECK(std::abs(r.norms32[i] - r.q_norm) <= 1e-5 * r.q_norm);
    }
    CHECK(r.max_diff <= 1e-9);
    CHECK(r.conventions_output_diff > 1e-3);     // not bit-equivalent (rope.h)
    CHECK(r.conventions_permuted_diff <= 1e-12);  // equal after permuting dimensions
    CHECK(r.v_scores_diff == 0.0);
    CHECK(r.v_output_diff > 1e-3);  // rows t > 0 of V are rotated, so A·V changes
  }
}

TEST_CASE("the precision sweep runs at four log-spaced positions per decade up to its maximum") {
  const pelab::RopeLabResult r = pelab::run_rope_lab(small());
  REQUIRE(r.precision_positions.size() == 13);  // 10^0, 10^0.25, …, 10^3
  CHECK(r.precision_positions[0] == 1.0);
  CHECK(r.precision_positions[4] == 10.0);
  CHECK(r.precision_positions[12] == 1000.0);
  for (Eigen::Index i = 0; i < 13; ++i) {
    CHECK(r.precision_error32[i] >= 0.0);
    CHECK(r.precision_error32[i] <= 1e-3);  // float32 angles up to 1000: error ~ 1000·2^-24·|q| ≈ 1e-4
  }
}

TEST_CASE("bad RoPE lab parameters are reported under their public names") {
  using P = pelab::RopeLabParams;
  check_bad_params<P>(small(), [](const P& p) { pelab::run_rope_lab(p); },
                      {
                          {"T", "0", [](P& p) { p.T = 0; }},
                          {"dHead", "7", [](P& p) { p.d_head = 7; }},
                          {"base", "1", [](P& p) { p.base = 1.0; }},
                          {"pairs", "0", [](P& p) { p.pairs.clear(); }},
                          {"pairs", "16", [](P& p) { p.pairs = {{16, 0}}; }},
                          {"pairs", "-1", [](P& p) { p.pairs = {{0, -1}}; }},
                          {"normPositions", "-1", [](P& p) { p.norm_positions = {-1}; }},
                          {"demoM", "16", [](P& p) { p.demo_m = 16; }},
                          {"maxPrecisionPosition", "5", [](P& p) { p.max_precision_position = 5; }},
                      });
}
