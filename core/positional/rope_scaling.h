// core/positional/rope_scaling.h — RoPE context extension: how each method rescales the rotation
// frequencies (or positions) so a model trained at length L0 can run at L = s·L0. Each formula follows its
// paper and the reference implementation in Hugging Face transformers (modeling_rope_utils.py):
//   linear       Position Interpolation (Chen et al. 2023, arXiv:2306.15595): theta_k / s  (≡ positions / s)
//   ntk          NTK-aware scaling (bloc97 2023): base' = base · s^(hs/(hs-2))
//   dynamic-ntk  (Hugging Face "dynamic"): the NTK base computed from the current length L, only when L > L0:
//                base' = base · (s·L/L0 − (s − 1))^(hs/(hs-2))
//   yarn         YaRN (Peng et al. 2023, arXiv:2309.00071): per-pair blend of interpolated and original
//                frequencies by a linear ramp between the correction dimensions of beta_fast = 32 and
//                beta_slow = 1 rotations over L0; attention temperature sqrt(1/t) = 0.1·ln s + 1
//   llama3       Llama 3.1 (Meta 2024): wavelengths above L0/low_freq_factor interpolated by s, below
//                L0/high_freq_factor kept, a smooth blend in between.
// s = 1 means no extension: every method returns the plain frequencies.
// Leaves out: applying the rotation (rope.h does that with the returned frequencies).
#pragma once

#include <string>

#include "../tensor.h"

namespace pelab {

enum class RopeScalingType { kNone, kLinear, kNtk, kDynamicNtk, kYarn, kLlama3 };

// "none" | "linear" | "ntk" | "dynamic-ntk" | "yarn" | "llama3"; anything else throws naming `type`.
RopeScalingType parse_rope_scaling_type(const std::string& name);
const char* rope_scaling_name(RopeScalingType type);

struct RopeScaling {
  RopeScalingType type = RopeScalingType::kNone;
  double factor = 1.0;                 // s >= 1
  int original_max_position = 4096;    // L0, the training length
  double beta_fast = 32.0;             // YaRN
  double beta_slow = 1.0;              // YaRN
  double low_freq_factor = 1.0;        // Llama 3
  double high_freq_factor = 4.0;       // Llama 3
};

struct ScaledRope {
  VecD inv_freq;             // (P) the frequencies to rotate with
  double attention_factor;   // multiplies cos and sin (so q·k logits scale by its square); 1 except YaRN
  VecD ramp;                 // (P) YaRN: the extrapolation weight per pair (1 = original, 0 = interpolated); empty otherwise
  double effective_base;     // NTK variants: the base actually used; base otherwise
};

// Validates s (finite, >= 1), L0 (>= 1), the method's own parameters; throws naming them.
void check_rope_scaling(const RopeScaling& scaling);

// Frequencies for head size hs and base at current sequence length L (used only by dynamic-ntk).
ScaledRope scale_rope(const RopeScaling& scaling, int hs, double base, int current_length);

// YaRN's correction dimension: the pair index whose wavelength fits num_rotations times into L0:
// hs · ln(L0 / (num_rotations · 2π)) / (2 ln base).
double yarn_correction_dim(double num_rotations, int hs, double base, int original_max_position);

// YaRN's attention factor 0.1·ln s + 1 (1 for s <= 1).
double yarn_mscale(double factor);

}  // namespace pelab
