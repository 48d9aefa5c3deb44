// tests/core/test_rope_scaling.cpp — RoPE context extension (core/positional/rope_scaling.h): every method
// reduces to plain RoPE at s = 1; Position Interpolation's angles at s·p equal plain RoPE's at p; the NTK base
// and its end frequencies; dynamic NTK's base by hand; YaRN's correction dims, ramp ends and attention factor;
// Llama 3's three bands; bad parameters throw naming them. Expected numbers come from the formulas of Hugging
// Face transformers' modeling_rope_utils.py re-derived here, hand computations, or the methods' properties.
// Leaves out: applying the rotation (test_rope.cpp), ALiBi and T5 (test_alibi.cpp, test_t5.cpp).
#include <doctest/doctest.h>

#include "check_throws.h"

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

#include "positional/rope.h"
#include "positional/rope_scaling.h"

using doctest::Approx;
using pelab::RopeScaling;
using pelab::RopeScalingType;
using pelab::ScaledRope;
using pelab::VecD;

namespace {

constexpr double kPi = 3.14159265358979323846;

constexpr RopeScalingType kAllTypes[] = {RopeScalingType::kNone, RopeScalingType::kLinear, RopeScalingType::kNtk,
                                         RopeScalingType::kDynamicNtk, RopeScalingType::kYarn, RopeScalingType::kLlama3};

RopeScaling scaling(RopeScalingType type, double factor, int original_max_position = 4096) {
  RopeScaling s;
  s.type = type;
  s.factor = factor;
  s.original_max_position = original_max_position;
  return s;
}


// max_k |a_k / b_k - 1|.
double max_rel_diff(const VecD& a, const VecD& b) {
  REQUIRE(a.size() == b.size());
  double m = 0;
  for (Eigen::Index k = 0; k < a.size(); ++k) m = std::max(m, std::abs(a[k] / b[k] - 1.0));
  return m;
}

}  // namespace

TEST_CASE("every scaling method reduces to plain RoPE at factor 1") {
  // s = 1: PI divides by 1, NTK's base is base·1^(hs/(hs-2)) = base, YaRN blends theta/1 with theta, Llama 3
  // blends theta/1 with theta. The blends (1-w)·theta + w·theta may round by an ulp, hence 1e-15 relative.
  // Dynamic NTK at L > L0: Hugging Face's ratio s·L/L0 − (s−1) would be L/L0 > 1 at s = 1, but rope_scaling.h
  // documents s = 1 as "no extension" for every method, so L = 4·L0 is checked too.
  for (int hs : {4, 16, 128}) {
    for (double base : {10000.0, 500000.0}) {
      for (int L : {4096, 4 * 4096}) {
        const VecD theta = pelab::rope_frequencies(hs, base);
        for (RopeScalingType type : kAllTypes) {
          CAPTURE(hs);
          CAPTURE(base);
          CAPTURE(L);
          CAPTURE(pelab::rope_scaling_name(type));
          const ScaledRope r = pelab::scale_rope(scaling(type, 1.0), hs, base, L);
          REQUIRE(r.inv_freq.size() == hs / 2);
          CHECK(max_rel_diff(r.inv_freq, theta) <= 1e-15);
          CHECK(r.attention_factor == 1.0);
          CHECK(r.effective_base == base);
        }
      }
    }
  }
}

TEST_CASE("dynamic NTK leaves the frequencies untouched while the length is within the training length") {
  // Hugging Face _compute_dynamic_ntk_parameters uses max(L, L0), so for L <= L0 the ratio is s − (s−1) = 1.
  const VecD theta = pelab::rope_frequencies(128, 10000.0);
  for (double s : {1.0, 2.0, 4.0, 8.0, 32.0}) {
    for (int L : {1, 100, 4095, 4096}) {
      CAPTURE(s);
      CAPTURE(L);
      const ScaledRope r = pelab::scale_rope(scaling(RopeScalingType::kDynamicNtk, s, 4096), 128, 10000.0, L);
      CHECK(r.inv_freq == theta);
      CHECK(r.effective_base == 10000.0);
      CHECK(r.attention_factor == 1.0);
    }
  }
}

TEST_CASE("position interpolation gives position s times p the angles plain RoPE gives position p") {
  // PI (Chen et al. 2023): theta'_k = theta_k / s, so (s·p)·theta'_k = p·theta_k up to two roundings.
  const int hs = 64;
  const VecD theta = pelab::rope_frequencies(hs, 10000.0);
  for (double s : {2.0, 2.5, 4.0, 8.0, 16.0}) {
    const ScaledRope r = pelab::scale_rope(scaling(RopeScalingType::kLinear, s), hs, 10000.0, 4096);
    CHECK(r.attention_factor == 1.0);
    CHECK(r.effective_base == 10000.0);
    for (double p : {1.0, 7.0, 100.0, 4095.0}) {
      for (int k = 0; k < hs / 2; ++k) {
        CAPTURE(s);
        CAPTURE(p);
        CAPTURE(k);
        CHECK((s * p) * r.inv_freq[k] == Approx(p * theta[k]).epsilon(1e-14));
      }
    }
    // The same through the cos/sin tables: angles up to 4095 rad carry ~4095·2^-52 ≈ 1e-12 absolute rounding.
    VecD plain_pos(4), scaled_pos(4);
    plain_pos << 0, 1, 100, 4095;
    scaled_pos = s * plain_pos;
    const pelab::RopeTables<double> a = pelab::rope_tables<double>(scaled_pos, r.inv_freq);
    const pelab::RopeTables<double> b = pelab::rope_tables<double>(plain_pos, theta);
    CHECK((a.cos - b.cos).cwiseAbs().maxCoeff() < 1e-11);
    CHECK((a.sin - b.sin).cwiseAbs().maxCoeff() < 1e-11);
  }
}

TEST_CASE("NTK-aware scaling raises the base to base times s to the power hs over hs minus 2") {
  // Hand value: hs = 4 has exponent 4/2 = 2, so s = 3 gives base' = 10000·9 = 90000 and the frequencies
  // (90000^0, 90000^(-1/2)) = (1, 1/300).
  const ScaledRope small = pelab::scale_rope(scaling(RopeScalingType::kNtk, 3.0), 4, 10000.0, 4096);
  CHECK(small.effective_base == Approx(90000.0).epsilon(1e-15));
  CHECK(small.inv_freq[0] == 1.0);
  CHECK(small.inv_freq[1] == Approx(1.0 / 300.0).epsilon(1e-15));
  // hs = 128, base 10000: base' = 10000·s^(128/126), re-derived here; s = 4 gives ≈ 40889.94 (Python check).
  for (double s : {2.0, 4.0, 8.0, 16.0}) {
    CAPTURE(s);
    const ScaledRope r = pelab::scale_rope(scaling(RopeScalingType::kNtk, s), 128, 10000.0, 4096);
    CHECK(r.effective_base == Approx(10000.0 * std::pow(s, 128.0 / 126.0)).epsilon(1e-14));
    CHECK(r.attention_factor == 1.0);
    CHECK(max_rel_diff(r.inv_freq, pelab::rope_frequencies(128, r.effective_base)) == 0.0);
  }
  CHECK(pelab::scale_rope(scaling(RopeScalingType::kNtk, 4.0), 128, 10000.0, 4096).effective_base ==
        Approx(40889.94).epsilon(1e-6));
}

TEST_CASE("NTK keeps the highest frequency at 1 and lowers the lowest exactly as position interpolation does") {
  // theta'_k = base'^(-2k/hs) with base' = base·s^(hs/(hs-2)):
  //   k = 0:      base'^0 = 1, whatever the base (pairs that turn fastest are not interpolated at all);
  //   k = P-1:    base'^(-(hs-2)/hs) = base^(-(hs-2)/hs) · s^(-(hs/(hs-2))·((hs-2)/hs)) = theta_{P-1} / s,
  //               which is PI's lowest frequency: the exponent hs/(hs-2) is chosen to make exactly that true.
  //   in between: theta'_k = theta_k · s^(-2k/(hs-2)), strictly between theta_k/s and theta_k.
  for (int hs : {4, 16, 128}) {
    for (double s : {2.0, 4.0, 8.0}) {
      CAPTURE(hs);
      CAPTURE(s);
      const int P = hs / 2;
      const VecD theta = pelab::rope_frequencies(hs, 10000.0);
      const ScaledRope ntk = pelab::scale_rope(scaling(RopeScalingType::kNtk, s), hs, 10000.0, 4096);
      const ScaledRope pi = pelab::scale_rope(scaling(RopeScalingType::kLinear, s), hs, 10000.0, 4096);
      CHECK(ntk.inv_freq[0] == 1.0);
      CHECK(ntk.inv_freq[P - 1] == Approx(pi.inv_freq[P - 1]).epsilon(1e-13));
      for (int k = 1; k < P - 1; ++k) {
        CAPTURE(k);
        CHECK(ntk.inv_freq[k] == Approx(theta[k] * std::pow(s, -2.0 * k / (hs - 2.0))).epsilon(1e-13));
        CHECK(ntk.inv_freq[k] < theta[k]);
        CHECK(ntk.inv_freq[k] > theta[k] / s);
      }
    }
  }
}

TEST_CASE("dynamic NTK at twice the training length and factor 4 uses base times 5 to the power hs over hs minus 2") {
  // Hugging Face _compute_dynamic_ntk_parameters: base' = base·(s·L/L0 − (s − 1))^(hs/(hs-2)).
  // L = 2·L0, s = 4: 4·2 − 3 = 5. hs = 4: exponent 2, base' = 10000·25 = 250000 (exact by hand).
  // hs = 128: 10000·5^(128/126) ≈ 51293.787 (ln 5 · 128/126 = 1.6349845, e^that = 5.1293787).
  const ScaledRope small = pelab::scale_rope(scaling(RopeScalingType::kDynamicNtk, 4.0, 4096), 4, 10000.0, 8192);
  CHECK(small.effective_base == Approx(250000.0).epsilon(1e-14));
  CHECK(small.inv_freq[1] == Approx(1.0 / 500.0).epsilon(1e-14));  // 250000^(-1/2)
  const ScaledRope r = pelab::scale_rope(scaling(RopeScalingType::kDynamicNtk, 4.0, 4096), 128, 10000.0, 8192);
  CHECK(r.effective_base == Approx(51293.787).epsilon(1e-7));
  CHECK(r.effective_base == Approx(10000.0 * std::pow(5.0, 128.0 / 126.0)).epsilon(1e-14));
  CHECK(r.inv_freq == pelab::rope_frequencies(128, r.effective_base));
  // At L = s·L0 the ratio is s·s − s + 1; at L just above L0 it is barely above 1 (continuous at L0).
  const ScaledRope just = pelab::scale_rope(scaling(RopeScalingType::kDynamicNtk, 4.0, 4096), 128, 10000.0, 4097);
  CHECK(just.effective_base == Approx(10000.0 * std::pow(1.0 + 4.0 / 4096.0, 128.0 / 126.0)).epsilon(1e-14));
  // s = 1 and L = 2·L0: Hugging Face's formula would give ratio 2 and base' = 40000 for hs = 4, but
  // rope_scaling.h documents s = 1 as "no extension" for every method, so the base stays 10000.
  const ScaledRope s1 = pelab::scale_rope(scaling(RopeScalingType::kDynamicNtk, 1.0, 4096), 4, 10000.0, 8192);
  CHECK(s1.effective_base == 10000.0);
  CHECK(s1.inv_freq == pelab::rope_frequencies(4, 10000.0));
}

TEST_CASE("YaRN correction dimensions for d_head 128, base 10000 and L0 4096 are 20.94 and 45.03") {
  // find_correction_dim: hs·ln(L0 / (2π·beta)) / (2 ln base), re-derived here.
  auto dim = [](double beta) { return 128.0 * std::log(4096.0 / (2.0 * kPi * beta)) / (2.0 * std::log(10000.0)); };
  CHECK(pelab::yarn_correction_dim(32.0, 128, 10000.0, 4096) == Approx(dim(32.0)).epsilon(1e-14));
  CHECK(pelab::yarn_correction_dim(1.0, 128, 10000.0, 4096) == Approx(dim(1.0)).epsilon(1e-14));
  // By hand: 4096/(2π·32) = 20.372, ln = 3.0142, ·128/18.4207 = 20.944; 4096/(2π) = 651.90, ln = 6.4799,
  // ·128/18.4207 = 45.027. So floor = 20 and ceil = 46.
  CHECK(dim(32.0) == Approx(20.9445).epsilon(1e-5));
  CHECK(dim(1.0) == Approx(45.0269).epsilon(1e-5));
  CHECK(std::floor(dim(32.0)) == 20.0);
  CHECK(std::ceil(dim(1.0)) == 46.0);
  // Meaning: pair k turns L0·theta_k/(2π) times over L0. Pair 20 turns more than 32 times (36.66), pair 21
  // fewer (31.75); pair 45 more than once (1.004), pair 46 less (0.869).
  const VecD theta = pelab::rope_frequencies(128, 10000.0);
  auto turns = [&](int k) { return 4096.0 * theta[k] / (2.0 * kPi); };
  CHECK(turns(20) > 32.0);
  CHECK(turns(21) < 32.0);
  CHECK(turns(45) > 1.0);
  CHECK(turns(46) < 1.0);
}

TEST_CASE("YaRN keeps fast pairs, interpolates slow pairs fully, and ramps linearly in between") {
  // Hugging Face _compute_yarn_parameters with truncation: low = floor(20.94) = 20, high = ceil(45.03) = 46;
  // extrapolation weight ramp_k = 1 − clamp((k − 20)/26, 0, 1); inv_freq = theta/s·(1 − ramp) + theta·ramp.
  const int hs = 128, P = 64, low = 20, high = 46;
  const VecD theta = pelab::rope_frequencies(hs, 10000.0);
  for (double s : {2.0, 4.0, 16.0}) {
    CAPTURE(s);
    const ScaledRope r = pelab::scale_rope(scaling(RopeScalingType::kYarn, s, 4096), hs, 10000.0, 4096);
    REQUIRE(r.ramp.size() == P);
    for (int k = 0; k < P; ++k) {
      CAPTURE(k);
      if (k <= low) {
        CHECK(r.ramp[k] == 1.0);
        CHECK(r.inv_freq[k] == theta[k]);  // exactly: theta/s·0 + theta·1
      } else if (k >= high) {
        CHECK(r.ramp[k] == 0.0);
        CHECK(r.inv_freq[k] == theta[k] / s);  // exactly: theta/s·1 + theta·0
      } else {
        const double w = 1.0 - (k - low) / double(high - low);
        CHECK(r.ramp[k] == Approx(w).epsilon(1e-15));
        CHECK(r.inv_freq[k] == Approx(theta[k] / s * (1.0 - w) + theta[k] * w).epsilon(1e-15));
        CHECK(r.inv_freq[k] < theta[k]);
        CHECK(r.inv_freq[k] > theta[k] / s);
        CHECK(r.ramp[k] < r.ramp[k - 1]);  // strictly decreasing across the ramp
      }
    }
    CHECK(r.effective_base == 10000.0);
  }
}

TEST_CASE("YaRN's attention factor is 0.1 ln s plus 1") {
  // get_mscale: 0.1·ln 4 + 1 = 0.1·1.3862943611 + 1 = 1.1386294361; 0.1·ln 8 + 1 = 1.2079441542.
  CHECK(pelab::yarn_mscale(4.0) == Approx(1.1386294361).epsilon(1e-10));
  CHECK(pelab::yarn_mscale(8.0) == Approx(1.2079441542).epsilon(1e-10));
  CHECK(pelab::yarn_mscale(1.0) == 1.0);
  CHECK(pelab::yarn_mscale(0.5) == 1.0);  // no temperature below s = 1
  CHECK(pelab::scale_rope(scaling(RopeScalingType::kYarn, 4.0), 128, 10000.0, 4096).attention_factor ==
        Approx(1.1386294361).epsilon(1e-10));
  // Only YaRN has a temperature.
  for (RopeScalingType type : {RopeScalingType::kLinear, RopeScalingType::kNtk, RopeScalingType::kLlama3}) {
    CHECK(pelab::scale_rope(scaling(type, 4.0), 128, 10000.0, 4096).attention_factor == 1.0);
  }
}

TEST_CASE("Llama 3 keeps short wavelengths, divides long ones by the factor, and blends the band between") {
  // Factor 8, low_freq_factor 1, high_freq_factor 4, L0 8192, hs 128, base 500000 (Llama 3.1's settings).
  // Wavelength 2π/theta_k < L0/4 = 2048 -> kept; > L0/1 = 8192 -> theta/8; otherwise
  // smooth = (L0/wavelength − 1)/(4 − 1) and inv_freq = (1 − smooth)·theta/8 + smooth·theta.
  // By hand (ln 500000 = 13.122): wavelength_k = 2π·500000^(k/64) crosses 2048 between k = 28 (1956) and
  // 29 (2402) and 8192 between k = 34 (6695) and 35 (8219): pairs 29…34 are in the band.
  RopeScaling s = scaling(RopeScalingType::kLlama3, 8.0, 8192);
  s.low_freq_factor = 1.0;
  s.high_freq_factor = 4.0;
  const int hs = 128, P = 64;
  const VecD theta = pelab::rope_frequencies(hs, 500000.0);
  const ScaledRope r = pelab::scale_rope(s, hs, 500000.0, 8192);
  REQUIRE(r.inv_freq.size() == P);
  CHECK(r.attention_factor == 1.0);
  CHECK(r.ramp.size() == 0);
  int kept = 0, divided = 0, band = 0;
  double prev_smooth = std::numeric_limits<double>::infinity(), prev_ratio = 2.0;
  for (int k = 0; k < P; ++k) {
    CAPTURE(k);
    const double wavelength = 2.0 * kPi / theta[k];
    if (wavelength < 2048.0) {
      ++kept;
      CHECK(r.inv_freq[k] == theta[k]);
    } else if (wavelength > 8192.0) {
      ++divided;
      CHECK(r.inv_freq[k] == theta[k] / 8.0);
    } else {
      ++band;
      const double smooth = (8192.0 / wavelength - 1.0) / 3.0;
      const double ratio = r.inv_freq[k] / theta[k];
      CHECK(ratio > 1.0 / 8.0);
      CHECK(ratio < 1.0);
      CHECK(ratio == Approx((1.0 - smooth) / 8.0 + smooth).epsilon(1e-14));
      // Wavelength grows with k, so smooth falls; the ratio must fall with it (monotone in smooth).
      CHECK(smooth < prev_smooth);
      CHECK(ratio < prev_ratio);
      prev_smooth = smooth;
      prev_ratio = ratio;
    }
  }
  CHECK(kept == 29);     // k = 0 … 28
  CHECK(band == 6);      // k = 29 … 34
  CHECK(divided == 29);  // k = 35 … 63
}

TEST_CASE("parse_rope_scaling_type and rope_scaling_name are inverses over the six documented names") {
  for (RopeScalingType type : kAllTypes) {
    CHECK(pelab::parse_rope_scaling_type(pelab::rope_scaling_name(type)) == type);
  }
  CHECK(std::string(pelab::rope_scaling_name(RopeScalingType::kDynamicNtk)) == "dynamic-ntk");
}

TEST_CASE("RoPE scaling rejects bad parameters with the parameter's name") {
  RopeScaling yarn_equal = scaling(RopeScalingType::kYarn, 4.0);
  yarn_equal.beta_fast = 1.0;
  yarn_equal.beta_slow = 1.0;
  RopeScaling yarn_below = scaling(RopeScalingType::kYarn, 4.0);
  yarn_below.beta_fast = 0.5;
  RopeScaling llama_equal = scaling(RopeScalingType::kLlama3, 8.0, 8192);
  llama_equal.low_freq_factor = 2.0;
  llama_equal.high_freq_factor = 2.0;
  RopeScaling llama_below = scaling(RopeScalingType::kLlama3, 8.0, 8192);
  llama_below.high_freq_factor = 0.5;
  struct Bad {
    std::function<void()> call;
    const char* needle;
  };
  const Bad cases[] = {
      {[] { pelab::scale_rope(scaling(RopeScalingType::kLinear, 0.5), 64, 10000.0, 4096); }, "rope_scaling: factor must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kNone, 0.5), 64, 10000.0, 4096); }, "rope_scaling: factor must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kNtk, 0.0), 64, 10000.0, 4096); }, "rope_scaling: factor must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kYarn, NAN), 64, 10000.0, 4096); }, "rope_scaling: factor must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kLinear, INFINITY), 64, 10000.0, 4096); }, "factor must be"},
      {[] { pelab::check_rope_scaling(scaling(RopeScalingType::kLlama3, NAN)); }, "rope_scaling: factor must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kLinear, 2.0, 0), 64, 10000.0, 4096); },
       "rope_scaling: originalMaxPosition must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kDynamicNtk, 2.0, -5), 64, 10000.0, 4096); },
       "rope_scaling: originalMaxPosition must be"},
      {[] { pelab::parse_rope_scaling_type("linar"); },
       "rope_scaling: type must be one of 'none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'"},
      {[] { pelab::parse_rope_scaling_type("dynamic_ntk"); }, "type must be one of"},
      {[] { pelab::parse_rope_scaling_type(""); }, "type must be"},
      {[&] { pelab::scale_rope(yarn_equal, 64, 10000.0, 4096); }, "rope_scaling: betaFast must be"},
      {[&] { pelab::scale_rope(yarn_below, 64, 10000.0, 4096); }, "rope_scaling: betaFast must be"},
      {[&] { pelab::scale_rope(llama_equal, 64, 500000.0, 8192); }, "rope_scaling: highFreqFactor must be"},
      {[&] { pelab::scale_rope(llama_below, 64, 500000.0, 8192); }, "rope_scaling: highFreqFactor must be"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kLinear, 2.0), 7, 10000.0, 4096); }, "dHead must be an even integer"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kYarn, 2.0), 63, 10000.0, 4096); }, "dHead must be an even integer"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kNtk, 2.0), 2, 10000.0, 4096); }, "rope_scaling: dHead must be at least 4"},
      {[] { pelab::scale_rope(scaling(RopeScalingType::kLinear, 2.0), 64, 10000.0, 0); }, "rope_scaling: length must be"},
  };
  for (const Bad& b : cases) check_throws_containing(b.call, b.needle);
  // The method-specific checks apply only to their method: YaRN's betas do not matter for linear.
  RopeScaling linear_with_bad_betas = yarn_equal;
  linear_with_bad_betas.type = RopeScalingType::kLinear;
  CHECK_NOTHROW(pelab::scale_rope(linear_with_bad_betas, 64, 10000.0, 4096));
}
