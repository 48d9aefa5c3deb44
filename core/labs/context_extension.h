// core/labs/context_extension.h — RoPE context extension measured: per rotation pair, the wavelength
// against the training length L0, the effective scale each method applies (theta / theta'), the largest
// angle reached at L = s·L0 against the largest seen in training; and an untrained attention layer (as in
// Lab 03) run at L with each method: the selected head's attention and the normalised entropy.
#pragma once

#include <cstdint>
#include <vector>

#include "../positional/rope_scaling.h"
#include "../tensor.h"

namespace pelab {

struct ContextExtensionParams {
  int train_length = 128;          // L0
  double factor = 4.0;             // s; the layer runs at L = round(s·L0)
  int d_head = 32;
  double base = 10000.0;
  int n_heads = 2;
  int head = 0;
  std::uint64_t seed = 0;
  bool causal = true;
  std::vector<RopeScalingType> methods = {RopeScalingType::kNone, RopeScalingType::kLinear, RopeScalingType::kNtk,
                                          RopeScalingType::kDynamicNtk, RopeScalingType::kYarn, RopeScalingType::kLlama3};
};

struct ContextExtensionMethod {
  RopeScalingType type;
  VecD inv_freq;             // (P)
  VecD scale;                // (P) theta_k / theta'_k: 1 = untouched, s = fully interpolated
  VecD max_angle;            // (P) (L-1)·theta'_k, radians
  std::vector<bool> leaves_trained_range;  // (P) pair never wrapped in training and max_angle >= L0·theta_k
  int pairs_outside = 0;
  double attention_factor = 1.0;
  double effective_base = 0.0;
  MatF attention;            // (L, L) of `head`
  MatF entropy;              // (NH, L)
  double normalized_entropy = 0;  // mean entropy / mean max entropy
};

struct ContextExtensionResult {
  int L = 0;
  VecD theta;                // (P) plain frequencies
  VecD wavelength;           // (P) 2π/theta_k
  VecD trained_max_angle;    // (P) (L0-1)·theta_k
  double baseline_normalized_entropy = 0;  // plain RoPE at L0, for reference
  std::vector<ContextExtensionMethod> methods;
};

ContextExtensionResult run_context_extension_lab(const ContextExtensionParams& p);

}  // namespace pelab
