// tests/core/test_lab_sinusoidal.cpp — Lab 01's runner: PE cells by Vaswani et al.'s formula, the
// similarity map as a sum of cosines of differences, M_k as block-diagonal rotations that carry PE(t) to
// PE(t+k), and bad parameters reported under their public names.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "labs/sinusoidal_lab.h"

using doctest::Approx;
using pelab::MatD;

namespace {
// d = 8, base = 1e4: omega_i = base^(-2i/d) = 10^(-i), i = 0 … 3 (exact powers of ten, easy by hand).
pelab::SinusoidalLabParams small() {
  pelab::SinusoidalLabParams p;
  p.T = 16, p.d = 8, p.offset = 3, p.dims = {0, 2};
  return p;
}
double omega(int i) { return std::pow(10.0, -i); }
}  // namespace

TEST_CASE("result of the sinusoidal lab: PE cells follow sin(t·omega_i) and cos(t·omega_i)") {
  const pelab::SinusoidalLabResult r = pelab::run_sinusoidal_lab(small());
  REQUIRE(r.pe.rows() == 16);
  REQUIRE(r.pe.cols() == 8);
  CHECK(r.pe(0, 0) == 0.0);  // sin 0
  CHECK(r.pe(0, 1) == 1.0);  // cos 0
  CHECK(r.pe(5, 0) == Approx(std::sin(5.0)).epsilon(1e-15));
  CHECK(r.pe(5, 1) == Approx(std::cos(5.0)).epsilon(1e-15));
  CHECK(r.pe(7, 2) == Approx(std::sin(0.7)).epsilon(1e-15));    // 10000^(2/8) = 10
  CHECK(r.pe(7, 3) == Approx(std::cos(0.7)).epsilon(1e-15));
  CHECK(r.pe(9, 6) == Approx(std::sin(0.009)).epsilon(1e-13));  // 10000^(6/8) = 1000
  CHECK(r.pe(15, 7) == Approx(std::cos(0.015)).epsilon(1e-15));
}

TEST_CASE("definition of the similarity map: PE(t)·PE(s) = sum_i cos((t - s)·omega_i)") {
  // sin a sin b + cos a cos b = cos(a - b) per pair, so the map depends on t - s only and its diagonal is d/2.
  const pelab::SinusoidalLabResult r = pelab::run_sinusoidal_lab(small());
  REQUIRE(r.similarity.rows() == 16);
  REQUIRE(r.similarity.cols() == 16);
  double worst = 0;
  for (int t = 0; t < 16; ++t) {
    CHECK(r.similarity(t, t) == Approx(4.0).epsilon(1e-14));
    for (int s = 0; s < 16; ++s) {
      double expected = 0;
      for (int i = 0; i < 4; ++i) expected += std::cos((t - s) * omega(i));
      worst = std::max(worst, std::abs(r.similarity(t, s) - expected));
    }
  }
  CHECK(worst <= 1e-12);
}

TEST_CASE("definition of M_k: block-diagonal rotations by k·omega_i that move PE(t) to PE(t+k)") {
  const pelab::SinusoidalLabResult r = pelab::run_sinusoidal_lab(small());
  const int k = 3;
  REQUIRE(r.m_offset.rows() == 8);
  REQUIRE(r.m_offset.cols() == 8);
  MatD expected = MatD::Zero(8, 8);
  for (int i = 0; i < 4; ++i) {
    const double c = std::cos(k * omega(i)), s = std::sin(k * omega(i));
    expected(2 * i, 2 * i) = c;
    expected(2 * i, 2 * i + 1) = s;
    expected(2 * i + 1, 2 * i) = -s;
    expected(2 * i + 1, 2 * i + 1) = c;
  }
  CHECK((r.m_offset - expected).cwiseAbs().maxCoeff() <= 1e-15);
  CHECK((r.m_offset * r.m_offset.transpose() - MatD::Identity(8, 8)).cwiseAbs().maxCoeff() <= 1e-15);  // a rotation
  // M_k PE(t) = PE(t + k), PE built here from the formula (not from the lab), at t = 0 and t = 11.
  for (int t : {0, 11}) {
    Eigen::VectorXd at(8), shifted(8);
    for (int i = 0; i < 4; ++i) {
      at[2 * i] = std::sin(t * omega(i));
      at[2 * i + 1] = std::cos(t * omega(i));
      shifted[2 * i] = std::sin((t + k) * omega(i));
      shifted[2 * i + 1] = std::cos((t + k) * omega(i));
    }
    CHECK((r.m_offset * at - shifted).cwiseAbs().maxCoeff() <= 1e-14);
  }
}

TEST_CASE("the offset property holds to float64 rounding at every offset measured") {
  const pelab::SinusoidalLabResult r = pelab::run_sinusoidal_lab(small());
  // Powers of two below T = 16, and the requested offset 3 inserted in order.
  CHECK(r.offsets == std::vector<int>{1, 2, 3, 4, 8});
  REQUIRE(r.offset_errors.size() == r.offsets.size());
  CHECK(r.offset_error <= 1e-11);
  for (double e : r.offset_errors) CHECK(e <= 1e-11);
  CHECK(r.offset_errors[2] == r.offset_error);  // k = 3 is the one reported alone
}

TEST_CASE("bad sinusoidal parameters are reported under their public names") {
  using P = pelab::SinusoidalLabParams;
  check_bad_params<P>(small(), [](const P& p) { pelab::run_sinusoidal_lab(p); },
                      {
                          {"T", "1", [](P& p) { p.T = 1; }},
                          {"T", "2049", [](P& p) { p.T = 2049; }},
                          {"d", "7", [](P& p) { p.d = 7; }},
                          {"base", "1", [](P& p) { p.base = 1.0; }},
                          {"offset", "0", [](P& p) { p.offset = 0; }},
                          {"offset", "16", [](P& p) { p.offset = 16; }},
                          {"dims", "8", [](P& p) { p.dims = {0, 8}; }},  // column 8 of a d = 8 matrix does not exist
                      });
}
