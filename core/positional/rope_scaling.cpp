// core/positional/rope_scaling.cpp — see rope_scaling.h.
#include "rope_scaling.h"

#include <algorithm>
#include <cmath>

#include "../caps.h"
#include "../check.h"
#include "rope.h"

namespace pelab {

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
}

RopeScalingType parse_rope_scaling_type(const std::string& name) {
  if (name == "none") return RopeScalingType::kNone;
  if (name == "linear") return RopeScalingType::kLinear;
  if (name == "ntk") return RopeScalingType::kNtk;
  if (name == "dynamic-ntk") return RopeScalingType::kDynamicNtk;
  if (name == "yarn") return RopeScalingType::kYarn;
  if (name == "llama3") return RopeScalingType::kLlama3;
  fail_arg("rope_scaling", "type", "one of 'none', 'linear', 'ntk', 'dynamic-ntk', 'yarn', 'llama3'", "'" + name + "'");
}

const char* rope_scaling_name(RopeScalingType type) {
  switch (type) {
    case RopeScalingType::kNone: return "none";
    case RopeScalingType::kLinear: return "linear";
    case RopeScalingType::kNtk: return "ntk";
    case RopeScalingType::kDynamicNtk: return "dynamic-ntk";
    case RopeScalingType::kYarn: return "yarn";
    case RopeScalingType::kLlama3: return "llama3";
  }
  return "none";
}

void check_rope_scaling(const RopeScaling& s) {
  const char* f = "rope_scaling";
  if (!std::isfinite(s.factor) || s.factor < 1.0 || s.factor > 1e6) fail_arg(f, "factor", "a finite number in [1, 1e6]", s.factor);
  check_int_range(f, "originalMaxPosition", s.original_max_position, 1, 1 << 24);
  if (s.type == RopeScalingType::kYarn) {
    if (!std::isfinite(s.beta_fast) || !std::isfinite(s.beta_slow) || s.beta_slow <= 0 || s.beta_fast <= s.beta_slow)
      fail_arg(f, "betaFast", "a finite number above betaSlow > 0 (betaSlow = " + std::to_string(s.beta_slow) + ")", s.beta_fast);
  }
  if (s.type == RopeScalingType::kLlama3) {
    if (!std::isfinite(s.low_freq_factor) || !std::isfinite(s.high_freq_factor) || s.low_freq_factor <= 0 ||
        s.high_freq_factor <= s.low_freq_factor)
      fail_arg(f, "highFreqFactor", "a finite number above lowFreqFactor > 0 (lowFreqFactor = " +
                                          std::to_string(s.low_freq_factor) + ")", s.high_freq_factor);
  }
}

double yarn_correction_dim(double num_rotations, int hs, double base, int original_max_position) {
  return (hs * std::log(original_max_position / (num_rotations * kTwoPi))) / (2.0 * std::log(base));
}

double yarn_mscale(double factor) { return factor <= 1.0 ? 1.0 : 0.1 * std::log(factor) + 1.0; }

ScaledRope scale_rope(const RopeScaling& s, int hs, double base, int current_length) {
  check_rope_scaling(s);
  check_int_range("rope_scaling", "length", current_length, 1, 1 << 24);
  VecD theta = rope_frequencies(hs, base);  // validates hs and base
  const int P = hs / 2;
  ScaledRope out{theta, 1.0, VecD(), base};
  const double exponent = static_cast<double>(hs) / (hs - 2.0);
  // s = 1 asks for no extension: every method is plain RoPE (Hugging Face's dynamic NTK would still grow
  // the base with L/L0 at factor 1; we treat factor 1 as "off" for every method alike).
  if (s.factor == 1.0) return out;
  switch (s.type) {
    case RopeScalingType::kNone:
      break;
    case RopeScalingType::kLinear:
      out.inv_freq = theta / s.factor;  // angle (p/s)·theta = p·(theta/s)
      break;
    case RopeScalingType::kNtk:
      if (hs <= 2) fail_arg("rope_scaling", "dHead", "at least 4 for NTK scaling (exponent hs/(hs-2))", hs);
      out.effective_base = base * std::pow(s.factor, exponent);
      out.inv_freq = rope_frequencies(hs, out.effective_base);
      break;
    case RopeScalingType::kDynamicNtk: {
      if (hs <= 2) fail_arg("rope_scaling", "dHead", "at least 4 for NTK scaling (exponent hs/(hs-2))", hs);
      if (current_length > s.original_max_position) {
        const double ratio = s.factor * current_length / s.original_max_position - (s.factor - 1.0);
        out.effective_base = base * std::pow(ratio, exponent);
        out.inv_freq = rope_frequencies(hs, out.effective_base);
      }
      break;
    }
    case RopeScalingType::kYarn: {
      // Correction range: pairs that rotate more than beta_fast times over L0 keep their frequency (ramp 1),
      // fewer than beta_slow times are interpolated (ramp 0), linear in between (Hugging Face
      // _compute_yarn_parameters: floor/ceil of the correction dims, clamped to [0, hs-1]).
      double low = std::floor(yarn_correction_dim(s.beta_fast, hs, base, s.original_max_position));
      double high = std::ceil(yarn_correction_dim(s.beta_slow, hs, base, s.original_max_position));
      low = std::max(low, 0.0);
      high = std::min(high, hs - 1.0);
      if (low == high) high += 0.001;  // avoid a zero-width ramp
      out.ramp.resize(P);
      for (int k = 0; k < P; ++k) {
        const double linear = std::clamp((k - low) / (high - low), 0.0, 1.0);
        out.ramp[k] = 1.0 - linear;  // weight of the original (extrapolated) frequency
        out.inv_freq[k] = theta[k] / s.factor * (1.0 - out.ramp[k]) + theta[k] * out.ramp[k];
      }
      out.attention_factor = yarn_mscale(s.factor);
      break;
    }
    case RopeScalingType::kLlama3: {
      const double low_wavelen = s.original_max_position / s.low_freq_factor;
      const double high_wavelen = s.original_max_position / s.high_freq_factor;
      for (int k = 0; k < P; ++k) {
        const double wavelen = kTwoPi / theta[k];
        if (wavelen < high_wavelen) {
          out.inv_freq[k] = theta[k];  // high frequency: kept
        } else if (wavelen > low_wavelen) {
          out.inv_freq[k] = theta[k] / s.factor;  // low frequency: interpolated
        } else {
          const double smooth = (s.original_max_position / wavelen - s.low_freq_factor) /
                                (s.high_freq_factor - s.low_freq_factor);
          out.inv_freq[k] = (1.0 - smooth) * theta[k] / s.factor + smooth * theta[k];
        }
      }
      break;
    }
  }
  return out;
}

}  // namespace pelab
