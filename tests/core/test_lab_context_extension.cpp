// tests/core/test_lab_context_extension.cpp — the context-extension runner: L = round(s·L0), every method
// equal to plain RoPE at s = 1, Position Interpolation dividing every frequency by s, NTK's lowest pair
// interpolated by exactly s, the pairs that leave the trained angles, attention rows as distributions, and
// bad parameters reported under their public names.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <cmath>
#include <vector>

#include "labs/context_extension.h"

using pelab::RopeScalingType;

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;

// d_head = 8, base 1e4: theta = 1, 0.1, 0.01, 0.001.
pelab::ContextExtensionParams small(double factor) {
  pelab::ContextExtensionParams p;
  p.train_length = 16, p.factor = factor, p.d_head = 8, p.n_heads = 2, p.head = 1;
  return p;
}

const pelab::ContextExtensionMethod& method(const pelab::ContextExtensionResult& r, RopeScalingType type) {
  for (const pelab::ContextExtensionMethod& m : r.methods)
    if (m.type == type) return m;
  FAIL("no method");
  return r.methods.front();
}
}  // namespace

TEST_CASE("the extended length is L = round(s·L0) and the plain tables follow theta_k") {
  CHECK(pelab::run_context_extension_lab(small(2.0)).L == 32);
  pelab::ContextExtensionParams p = small(1.5);
  p.train_length = 15;
  const pelab::ContextExtensionResult r = pelab::run_context_extension_lab(p);
  CHECK(r.L == 23);  // 22.5 rounds away from zero
  const double theta[] = {1.0, 0.1, 0.01, 0.001};
  for (int k = 0; k < 4; ++k) {
    CHECK(r.theta[k] == doctest::Approx(theta[k]).epsilon(1e-15));
    CHECK(r.wavelength[k] == doctest::Approx(kTwoPi / theta[k]).epsilon(1e-15));
    CHECK(r.trained_max_angle[k] == doctest::Approx(14 * theta[k]).epsilon(1e-15));  // (L0 - 1)·theta_k
  }
}

TEST_CASE("at factor 1 every method is plain RoPE") {
  const pelab::ContextExtensionResult r = pelab::run_context_extension_lab(small(1.0));
  CHECK(r.L == 16);
  REQUIRE(r.methods.size() == 6);
  const pelab::MatF& plain = method(r, RopeScalingType::kNone).attention;
  for (const pelab::ContextExtensionMethod& m : r.methods) {
    CAPTURE(pelab::rope_scaling_name(m.type));
    CHECK((m.inv_freq - r.theta).cwiseAbs().maxCoeff() <= 1e-12);
    CHECK((m.scale.array() - 1.0).abs().maxCoeff() <= 1e-12);
    CHECK(m.attention_factor == 1.0);
    CHECK(m.pairs_outside == 0);  // L = L0: no angle past training
    CHECK((m.attention - plain).cwiseAbs().maxCoeff() <= 1e-6f);
  }
}

TEST_CASE("Position Interpolation divides every frequency by s, NTK its lowest one by exactly s") {
  const double s = 2.0;
  const pelab::ContextExtensionResult r = pelab::run_context_extension_lab(small(s));
  const pelab::ContextExtensionMethod& pi = method(r, RopeScalingType::kLinear);
  for (int k = 0; k < 4; ++k) {
    CHECK(pi.inv_freq[k] == doctest::Approx(r.theta[k] / s).epsilon(1e-15));
    CHECK(pi.scale[k] == doctest::Approx(s).epsilon(1e-15));  // theta / theta'
    CHECK(pi.max_angle[k] == doctest::Approx(31 * r.theta[k] / s).epsilon(1e-15));  // (L - 1)·theta'
  }
  CHECK(pi.pairs_outside == 0);  // (L - 1)/s·theta = (L0 - 1/s)·theta < L0·theta (context_extension.cpp)
  // NTK: base' = base·s^(hs/(hs-2)), so theta'_{P-1} = base'^(-(hs-2)/hs) = theta_{P-1} / s; pair 0 untouched.
  const pelab::ContextExtensionMethod& ntk = method(r, RopeScalingType::kNtk);
  CHECK(ntk.effective_base == doctest::Approx(1e4 * std::pow(s, 8.0 / 6.0)).epsilon(1e-14));
  CHECK(ntk.scale[0] == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(ntk.scale[3] == doctest::Approx(s).epsilon(1e-12));
}

TEST_CASE("without scaling, every pair that never wrapped in training leaves the trained angles") {
  // (L0 - 1)·theta = 15, 1.5, 0.15, 0.015: only pair 0 wrapped past 2π; at L = 32 the others reach
  // 31·theta_k >= 16·theta_k.
  const pelab::ContextExtensionResult r = pelab::run_context_extension_lab(small(2.0));
  const pelab::ContextExtensionMethod& none = method(r, RopeScalingType::kNone);
  CHECK(none.leaves_trained_range == std::vector<bool>{false, true, true, true});
  CHECK(none.pairs_outside == 3);
}

TEST_CASE("definition of the attention and its normalised entropy for every method") {
  const pelab::ContextExtensionResult r = pelab::run_context_extension_lab(small(2.0));
  double max_mean = 0;  // mean over causal rows of ln(keys seen)
  for (int i = 0; i < 32; ++i) max_mean += std::log(i + 1.0) / 32;
  CHECK(r.baseline_normalized_entropy > 0.0);
  CHECK(r.baseline_normalized_entropy <= 1.0);
  for (const pelab::ContextExtensionMethod& m : r.methods) {
    CAPTURE(pelab::rope_scaling_name(m.type));
    REQUIRE(m.attention.rows() == 32);
    for (int i = 0; i < 32; ++i) {
      CHECK(m.attention.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
      CHECK(m.attention.row(i).tail(31 - i).cwiseAbs().sum() == 0.0f);  // causal
    }
    CHECK(m.normalized_entropy == doctest::Approx(m.entropy.cast<double>().mean() / max_mean).epsilon(1e-12));
    CHECK(m.normalized_entropy <= 1.0 + 1e-6);
  }
}

TEST_CASE("bad context-extension parameters are reported under their public names") {
  using P = pelab::ContextExtensionParams;
  check_bad_params<P>(small(2.0), [](const P& p) { pelab::run_context_extension_lab(p); },
                      {
                          {"trainLength", "1", [](P& p) { p.train_length = 1; }},
                          {"factor", "0.5", [](P& p) { p.factor = 0.5; }},
                          {"factor", "65", [](P& p) { p.factor = 65; }},
                          {"factor", "nan", [](P& p) { p.factor = NAN; }},
                          {"factor", "64", [](P& p) { p.train_length = 4096; p.factor = 64; }},  // L past the cap
                          {"head", "2", [](P& p) { p.head = 2; }},
                          {"methods", "0", [](P& p) { p.methods.clear(); }},
                          {"dHead", "7", [](P& p) { p.d_head = 7; }},
                          {"base", "1", [](P& p) { p.base = 1.0; }},
                      });
}
