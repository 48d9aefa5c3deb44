// tests/core/test_rope.cpp — RoPE (core/positional/rope.h): hand-computed frequencies, tables and rotations
// ("result of"), and the defining properties ("definition of"): <R_m q, R_n k> = <q, R_{n-m} k>, norms kept,
// the two conventions equal up to a permutation of dimensions, inverse undoing forward, float32 drift.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "positional/rope.h"
#include "rng.h"

using doctest::Approx;
using pelab::Mat;
using pelab::MatD;
using pelab::MatF;
using pelab::RopeConvention;
using pelab::VecD;

namespace {

constexpr RopeConvention kBoth[] = {RopeConvention::kInterleaved, RopeConvention::kHalfSplit};


// x (rows, hs) with every row rotated as if it sat at `position` (base 10000).
template <typename S>
Mat<S> rotated(Mat<S> x, double position, RopeConvention convention, bool inverse = false) {
  const VecD positions = VecD::Constant(x.rows(), position);
  pelab::apply_rope_inplace<S>(x, pelab::rope_tables<S>(positions, pelab::rope_frequencies(static_cast<int>(x.cols()))),
                               convention, inverse);
  return x;
}

// (rows, cols) of N(0, 1) draws from the lab-data stream.
MatD random_matrix(int rows, int cols, std::uint64_t seed) {
  MatD m(rows, cols);
  pelab::Pcg32 rng(seed, pelab::Stream::kLabData);
  pelab::fill_normal(rng, m);
  return m;
}

// x with its columns reordered: out(:, j) = x(:, perm[j]).
MatD gather_columns(const MatD& x, const Eigen::VectorXi& perm) {
  MatD out(x.rows(), x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) out.col(j) = x.col(perm[j]);
  return out;
}

}  // namespace

TEST_CASE("rope frequencies for d_head 4 and base 10000 are 1 and 0.01") {
  // theta_k = base^(-2k/hs): k = 0 -> 10000^0 = 1; k = 1 -> 10000^(-2/4) = 1/sqrt(10000) = 0.01.
  const VecD theta = pelab::rope_frequencies(4, 10000.0);
  REQUIRE(theta.size() == 2);
  CHECK(theta[0] == 1.0);
  CHECK(theta[1] == Approx(0.01).epsilon(1e-15));
  // d_head 8: 10000^(-k/4) = 1, 0.1, 0.01, 0.001.
  const VecD theta8 = pelab::rope_frequencies(8, 10000.0);
  CHECK(theta8[1] == Approx(0.1).epsilon(1e-15));
  CHECK(theta8[3] == Approx(0.001).epsilon(1e-15));
}

TEST_CASE("precompute_rope for T = 3 and d_head 2 holds cos and sin of 0, 1, 2") {
  // One pair, theta_0 = 1, so angle(t, 0) = t. cos 1 = 0.5403023058681398, sin 1 = 0.8414709848078965,
  // cos 2 = -0.4161468365471424, sin 2 = 0.9092974268256817 (tables).
  const pelab::RopeTables<double> tab = pelab::precompute_rope(3, 2, 10000.0);
  REQUIRE(tab.cos.rows() == 3);
  REQUIRE(tab.cos.cols() == 1);
  REQUIRE(tab.sin.rows() == 3);
  REQUIRE(tab.sin.cols() == 1);
  CHECK(tab.cos(0, 0) == 1.0);
  CHECK(tab.sin(0, 0) == 0.0);
  CHECK(tab.cos(1, 0) == Approx(0.5403023058681398).epsilon(1e-15));
  CHECK(tab.sin(1, 0) == Approx(0.8414709848078965).epsilon(1e-15));
  CHECK(tab.cos(2, 0) == Approx(-0.4161468365471424).epsilon(1e-15));
  CHECK(tab.sin(2, 0) == Approx(0.9092974268256817).epsilon(1e-15));
}

TEST_CASE("interleaved RoPE turns (1, 0) at position p into (cos p, sin p)") {
  // Counter-clockwise rotation by p * theta_0 = p: [[cos, -sin], [sin, cos]] (1, 0) = (cos p, sin p),
  // and (0, 1) -> (-sin p, cos p).
  MatD x(3, 2);
  x << 1, 0,
       1, 0,
       0, 1;
  pelab::apply_rope_inplace<double>(x, pelab::precompute_rope(3, 2, 10000.0));
  CHECK(x(0, 0) == 1.0);
  CHECK(x(0, 1) == 0.0);
  CHECK(x(1, 0) == Approx(0.5403023058681398).epsilon(1e-15));   // cos 1
  CHECK(x(1, 1) == Approx(0.8414709848078965).epsilon(1e-15));   // sin 1
  CHECK(x(2, 0) == Approx(-0.9092974268256817).epsilon(1e-15));  // -sin 2
  CHECK(x(2, 1) == Approx(-0.4161468365471424).epsilon(1e-15));  // cos 2
  // d_head 4, position 2, x = (1, 0, 1, 0): pair 0 turns by 2 rad, pair 1 by 2 * 0.01 = 0.02 rad:
  // cos 0.02 = 0.9998000066665778, sin 0.02 = 0.01999866669333308.
  MatD y(1, 4);
  y << 1, 0, 1, 0;
  y = rotated<double>(y, 2.0, RopeConvention::kInterleaved);
  CHECK(y(0, 0) == Approx(-0.4161468365471424).epsilon(1e-15));
  CHECK(y(0, 1) == Approx(0.9092974268256817).epsilon(1e-15));
  CHECK(y(0, 2) == Approx(0.9998000066665778).epsilon(1e-15));
  CHECK(y(0, 3) == Approx(0.01999866669333308).epsilon(1e-14));
}

TEST_CASE("half-split RoPE rotates the pairs (k, k + d_head/2)") {
  // d_head 4, position 2, x = (1, 1, 0, 0): pairs (x0, x2) = (1, 0) by 2 rad and (x1, x3) = (1, 0) by 0.02 rad
  // -> (cos 2, cos 0.02, sin 2, sin 0.02).
  MatD y(1, 4);
  y << 1, 1, 0, 0;
  y = rotated<double>(y, 2.0, RopeConvention::kHalfSplit);
  CHECK(y(0, 0) == Approx(-0.4161468365471424).epsilon(1e-15));
  CHECK(y(0, 1) == Approx(0.9998000066665778).epsilon(1e-15));
  CHECK(y(0, 2) == Approx(0.9092974268256817).epsilon(1e-15));
  CHECK(y(0, 3) == Approx(0.01999866669333308).epsilon(1e-14));
}

TEST_CASE("rotated scores depend only on the offset, in float64 and float32, both conventions") {
  // R_m^T R_n = R_{n-m} for rotations, so <R_m q, R_n k> = q^T R_m^T R_n k = <q, R_{n-m} k>.
  // For n < m, R_{n-m} = R_{m-n}^-1, which apply_rope_inplace(…, inverse = true) applies.
  const MatD q = random_matrix(1, 8, 1), k = random_matrix(1, 8, 2);
  const MatF qf = q.cast<float>(), kf = k.cast<float>();
  const int pairs[][2] = {{0, 0}, {3, 7}, {7, 3}, {10, 2}, {0, 25}, {100, 101}, {-4, 5}, {200, 50}};
  for (RopeConvention convention : kBoth) {
    for (const auto& mn : pairs) {
      const int m = mn[0], n = mn[1];
      CAPTURE(m);
      CAPTURE(n);
      const double lhs = rotated<double>(q, m, convention).row(0).dot(rotated<double>(k, n, convention).row(0));
      const double rhs = q.row(0).dot(rotated<double>(k, n - m, convention).row(0));
      CHECK(std::abs(lhs - rhs) < 1e-12);
      if (n < m) {
        const double inv = q.row(0).dot(rotated<double>(k, m - n, convention, true).row(0));
        CHECK(std::abs(lhs - inv) < 1e-12);
      }
      const float lhs_f = rotated<float>(qf, m, convention).row(0).dot(rotated<float>(kf, n, convention).row(0));
      const float rhs_f = qf.row(0).dot(rotated<float>(kf, n - m, convention).row(0));
      CHECK(std::abs(lhs_f - rhs_f) < 1e-5f);
    }
  }
}

TEST_CASE("RoPE keeps the norm of every row, both conventions") {
  // Each pair is turned by an orthogonal 2x2 matrix, so |R x| = |x|.
  const MatD x = random_matrix(50, 16, 3);
  for (RopeConvention convention : kBoth) {
    MatD y = x;
    pelab::apply_rope_inplace<double>(y, pelab::precompute_rope(50, 16, 10000.0), convention);
    for (int t = 0; t < 50; ++t) CHECK(y.row(t).norm() == Approx(x.row(t).norm()).epsilon(1e-14));
  }
}

TEST_CASE("half-split on columns gathered by rope_permutation equals interleaved gathered the same way") {
  // perm = (0, 2, 4, 6, 1, 3, 5, 7) for d_head 8 (rope.h). Gather y(:, j) = x(:, perm[j]): half-split pair
  // (k, k+4) of y is (x_{2k}, x_{2k+1}), interleaved pair k of x, turned by the same angle. So
  // half_split(y)(:, j) = interleaved(x)(:, perm[j]), bit for bit (same operands, same operations).
  const Eigen::VectorXi perm = pelab::rope_permutation(8);
  const int expected_perm[] = {0, 2, 4, 6, 1, 3, 5, 7};
  for (int j = 0; j < 8; ++j) CHECK(perm[j] == expected_perm[j]);
  const MatD x = random_matrix(12, 8, 4);
  const pelab::RopeTables<double> tab = pelab::precompute_rope(12, 8, 10000.0);
  MatD inter = x;
  pelab::apply_rope_inplace<double>(inter, tab, RopeConvention::kInterleaved);
  MatD half = gather_columns(x, perm);
  pelab::apply_rope_inplace<double>(half, tab, RopeConvention::kHalfSplit);
  CHECK(half == gather_columns(inter, perm));
  // The other direction (gathering by the inverse permutation (0, 4, 1, 5, 2, 6, 3, 7)) pairs x0 with x2:
  // not the same rotation.
  Eigen::VectorXi inverse(8);
  for (int j = 0; j < 8; ++j) inverse[perm[j]] = j;
  MatD wrong = gather_columns(x, inverse);
  pelab::apply_rope_inplace<double>(wrong, tab, RopeConvention::kHalfSplit);
  CHECK((wrong - gather_columns(inter, inverse)).cwiseAbs().maxCoeff() > 1e-3);
}

TEST_CASE("interleaved and half-split give different outputs unless there is a single pair") {
  const MatD x = random_matrix(6, 8, 5);
  const pelab::RopeTables<double> tab = pelab::precompute_rope(6, 8, 10000.0);
  MatD a = x, b = x;
  pelab::apply_rope_inplace<double>(a, tab, RopeConvention::kInterleaved);
  pelab::apply_rope_inplace<double>(b, tab, RopeConvention::kHalfSplit);
  CHECK(a.row(0) == b.row(0));  // position 0: every angle is 0, both are the identity
  CHECK((a - b).cwiseAbs().maxCoeff() > 0.1);
  // d_head 2: one pair, (0, 1) in both conventions, so they coincide exactly.
  const MatD x2 = random_matrix(6, 2, 6);
  const pelab::RopeTables<double> tab2 = pelab::precompute_rope(6, 2, 10000.0);
  MatD a2 = x2, b2 = x2;
  pelab::apply_rope_inplace<double>(a2, tab2, RopeConvention::kInterleaved);
  pelab::apply_rope_inplace<double>(b2, tab2, RopeConvention::kHalfSplit);
  CHECK(a2 == b2);
}

TEST_CASE("float32 tables drift at large positions where float64 tables stay accurate") {
  // Reference: angle p * base^(-2k/hs) and its cos, sin in long double. At p = 1e6 the float32 angle
  // float(p) * float(theta_k) is off by up to ulp(1e6 theta)/2 + 1e6 theta 2^-24, a few hundredths of a
  // radian for theta near 1; float64 is off by ~1e6 * 2^-53 ~ 1e-10. At p = 10 float32 is within ~1e-6.
  const int hs = 64;
  const VecD theta = pelab::rope_frequencies(hs, 10000.0);
  auto max_errors = [&](double p, double& err_f32, double& err_f64, double& err_f32_vs_own_angle) {
    const VecD positions = VecD::Constant(1, p);
    const pelab::RopeTables<float> tf = pelab::rope_tables<float>(positions, theta);
    const pelab::RopeTables<double> td = pelab::rope_tables<double>(positions, theta);
    err_f32 = err_f64 = err_f32_vs_own_angle = 0;
    for (int k = 0; k < hs / 2; ++k) {
      const long double angle = static_cast<long double>(p) * std::pow(10000.0L, -2.0L * k / hs);
      const double c = static_cast<double>(std::cos(angle)), s = static_cast<double>(std::sin(angle));
      err_f32 = std::max({err_f32, std::abs(tf.cos(0, k) - c), std::abs(tf.sin(0, k) - s)});
      err_f64 = std::max({err_f64, std::abs(td.cos(0, k) - c), std::abs(td.sin(0, k) - s)});
      // rope.h: the float32 angle is float(p) * float(theta_k), rounded in float32.
      const float angle_f32 = static_cast<float>(p) * static_cast<float>(theta[k]);
      err_f32_vs_own_angle = std::max(err_f32_vs_own_angle, std::abs(tf.cos(0, k) - std::cos(double(angle_f32))));
    }
  };
  double f32 = 0, f64 = 0, own = 0;
  max_errors(1e6, f32, f64, own);
  CHECK(f32 > 1e-3);
  CHECK(f64 < 1e-9);
  CHECK(own < 1e-6);  // the float32 error is the angle's rounding, not cos/sin
  max_errors(10.0, f32, f64, own);
  CHECK(f32 < 1e-6);
  CHECK(f64 < 1e-14);
}

TEST_CASE("the inverse rotation undoes the forward one, both conventions") {
  const MatD x = random_matrix(20, 12, 7);
  const VecD positions = VecD::LinSpaced(20, -50.0, 1e4);
  const VecD theta = pelab::rope_frequencies(12, 10000.0);
  for (RopeConvention convention : kBoth) {
    MatD y = x;
    const pelab::RopeTables<double> tab = pelab::rope_tables<double>(positions, theta);
    pelab::apply_rope_inplace<double>(y, tab, convention);
    CHECK((y - x).cwiseAbs().maxCoeff() > 0.1);  // it did move
    pelab::apply_rope_inplace<double>(y, tab, convention, true);
    CHECK((y - x).cwiseAbs().maxCoeff() < 1e-12);
    MatF yf = x.cast<float>();
    const pelab::RopeTables<float> tabf = pelab::rope_tables<float>(positions, theta);
    pelab::apply_rope_inplace<float>(yf, tabf, convention);
    pelab::apply_rope_inplace<float>(yf, tabf, convention, true);
    CHECK((yf - x.cast<float>()).cwiseAbs().maxCoeff() < 1e-5f);
  }
}

TEST_CASE("apply_rope rotates q and k exactly as two separate in-place rotations") {
  const MatD q = random_matrix(9, 6, 8), k = random_matrix(9, 6, 9);
  const pelab::RopeTables<double> tab = pelab::precompute_rope(9, 6, 10000.0);
  for (RopeConvention convention : kBoth) {
    MatD q1 = q, k1 = k, q2 = q, k2 = k;
    pelab::apply_rope<double>(q1, k1, tab, convention);
    pelab::apply_rope_inplace<double>(q2, tab, convention);
    pelab::apply_rope_inplace<double>(k2, tab, convention);
    CHECK(q1 == q2);
    CHECK(k1 == k2);
  }
}

TEST_CASE("parse_rope_convention accepts the two documented names") {
  CHECK(pelab::parse_rope_convention("interleaved") == RopeConvention::kInterleaved);
  CHECK(pelab::parse_rope_convention("half-split") == RopeConvention::kHalfSplit);
}

TEST_CASE("RoPE functions reject bad arguments with the parameter's name") {
  const pelab::RopeTables<double> tab = pelab::precompute_rope(4, 8, 10000.0);
  const VecD theta = pelab::rope_frequencies(8, 10000.0);
  const VecD nan_position = VecD::Constant(2, NAN);
  const VecD inf_position = VecD::Constant(2, INFINITY);
  const VecD negative_freq = VecD::Constant(2, -1.0);
  struct Bad {
    std::function<void()> call;
    const char* needle;
  };
  const Bad cases[] = {
      {[] { pelab::rope_frequencies(7, 10000.0); }, "rope_frequencies: dHead must be an even integer"},
      {[] { pelab::rope_frequencies(0, 10000.0); }, "rope_frequencies: dHead must be"},
      {[] { pelab::rope_frequencies(8, 1.0); }, "rope_frequencies: base must be"},
      {[] { pelab::rope_frequencies(8, NAN); }, "rope_frequencies: base must be"},
      {[] { pelab::precompute_rope(0, 8, 10000.0); }, "precompute_rope: T must be"},
      {[] { pelab::precompute_rope(4, 5, 10000.0); }, "dHead must be an even integer"},
      {[&] { pelab::rope_tables<double>(nan_position, theta); }, "rope_tables: positions must be finite"},
      {[&] { pelab::rope_tables<float>(inf_position, theta); }, "rope_tables: positions must be finite"},
      {[&] { pelab::rope_tables<double>(VecD::Zero(2), negative_freq); }, "rope_tables: invFreq must be"},
      {[&] { pelab::rope_tables<double>(VecD::Zero(0), theta); }, "rope_tables: T must be"},
      {[&] {
         MatD x = MatD::Zero(4, 7);
         pelab::apply_rope_inplace<double>(x, tab);
       },
       "apply_rope: dHead must be an even integer"},
      {[&] {
         MatD x = MatD::Zero(3, 8);  // 3 rows, tables for 4 positions
         pelab::apply_rope_inplace<double>(x, tab);
       },
       "apply_rope: tables must be of shape (T, dHead/2) = (3, 4)"},
      {[&] {
         MatD x = MatD::Zero(4, 6);  // 3 pairs, tables for 4
         pelab::apply_rope_inplace<double>(x, tab);
       },
       "apply_rope: tables must be of shape"},
      {[&] {
         MatD q = MatD::Zero(4, 8), k = MatD::Zero(3, 8);
         pelab::apply_rope<double>(q, k, tab);
       },
       "apply_rope: k must be of the same shape as q"},
      {[] { pelab::parse_rope_convention("half_split"); }, "convention must be one of 'interleaved', 'half-split'"},
      {[] { pelab::parse_rope_convention(""); }, "convention must be"},
      {[] { pelab::rope_permutation(5); }, "rope_permutation: dHead must be an even integer"},
  };
  for (const Bad& b : cases) check_throws_containing(b.call, b.needle);
}
