// core/labs/extrapolation.h — Lab 03: one untrained attention layer with each positional scheme at one
// sequence length T. Weights and inputs are drawn once per call and shared by every scheme (randomness
// contract: weights depend on (d_model, seed) only, and X for T is the prefix of X for any longer T), so
// the only difference between two cells at the same T is the positional scheme.
// The JS runner (wasm/labs/extrapolation.js) calls it with batches of lengths, reporting progress between them.
#pragma once

#include <cstdint>
#include <string>
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
  int told_apart;             // positions the scheme tells apart at this T (positions_told_apart below)
};

// Several lengths in one call (length-major: every scheme at Ts[0], then at Ts[1], …). Weights are drawn
// once and X once for the longest T (shorter ones use its prefix), which is what a single-length call
// draws too, so the numbers are identical; it only saves the repeated draws.
std::vector<ExtrapolationCell> run_extrapolation_lengths(const ExtrapolationParams& p, const std::vector<int>& Ts);

// The soundness criterion of the recommendation: how many of the T positions the scheme can tell apart.
//   absolute (sinusoidal, learned): the number of distinct rows among the T positional inputs, counted on
//     the rows themselves (learned past its table: clamp repeats row T_max−1, wrap repeats rows);
//   none: 1 without a causal mask (nothing depends on position), T with one (the mask orders the keys);
//   rope, alibi: T — every offset that occurs gets its own rotation angle / bias;
//   t5: min(T, max_distance) — offsets at or past max_distance share one catch-all bucket.
// `absolute_rows` is the (T, C) positional input for sinusoidal/learned, ignored otherwise.
int positions_told_apart(PeScheme pe, int T, bool causal, int t5_max_distance, const MatF& absolute_rows);

// Lab 03's recommendation. A scheme is a candidate only if it tells every position apart at every swept T
// (told_apart == T); candidates are ranked by stability = max − min over the sweep of the normalised mean
// entropy (lower is more stable; ties by name). recommendation: "<best>_with_<second>_fallback", or
// "<best>_only" with one candidate, or "none_suitable" with none.
struct ExtrapolationRecommendation {
  std::vector<double> stability;      // per scheme (all schemes, excluded ones too)
  std::vector<bool> candidate;        // per scheme
  std::vector<PeScheme> ranking;      // the candidates, most stable first
  std::string recommendation;
};
// normalized and told_apart are (schemes, Ts): row s holds scheme s's values at Ts[0], Ts[1], …
ExtrapolationRecommendation recommend_extrapolation(const std::vector<PeScheme>& schemes, const std::vector<int>& Ts,
                                                    const MatD& normalized, const Eigen::MatrixXi& told_apart);

}  // namespace pelab
