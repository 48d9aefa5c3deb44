// core/labs/extrapolation.h — Lab 03: one untrained attention layer with each positional scheme at one
// sequence length T. Weights and inputs are drawn once per call and shared by every scheme (randomness
// contract: weights depend on (d_model, seed) only, and X for T is the prefix of X for any longer T), so
// the only difference between two cells at the same T is the positional scheme.
// The JS runner (wasm/labs/extrapolation.js) calls this once per T to report progress between lengths.
#pragma once

#include <cstdint>
#include <vector>

#include "../attention/attention.h"

namespace pelab {

struct ExtrapolationParams {
  std::vector<PeScheme> schemes = {PeScheme::kSinusoidal, PeScheme::kLearned, PeScheme::kRope};
  int d_model = 32;
  int n_heads = 2;
  int head = 0;                 // the head whose T×T matrix is returned
  std::uint64_t seed = 0;
  bool causal = false;
  int learned_t_max = 64;
  Beyond beyond = Beyond::kClamp;
};

struct ExtrapolationCell {
  PeScheme pe;
  int T;
  MatF attention;     // (T, T) attention of `head`
  MatF entropy;       // (NH, T) row entropies of every head, nats
  MatF pe_input;      // (T, C) the learned positional input (Lab 03's clamp/wrap proof), empty for the others
  double mean_entropy;        // mean of `entropy` over heads and rows
  double mean_entropy_head;   // mean over rows of `head`'s entropies
  double max_entropy;         // mean_max_entropy(T, causal): the largest mean_entropy possible (measures.h)
  double normalized_entropy;  // mean_entropy / max_entropy, comparable across T
};

std::vector<ExtrapolationCell> run_extrapolation_length(const ExtrapolationParams& p, int T);

// Several lengths in one call (length-major: every scheme at Ts[0], then at Ts[1], …). Weights are drawn
// once and X once for the longest T (shorter ones use its prefix), which is what a single-length call
// draws too, so the numbers are identical; it only saves the repeated draws.
std::vector<ExtrapolationCell> run_extrapolation_lengths(const ExtrapolationParams& p, const std::vector<int>& Ts);

}  // namespace pelab
