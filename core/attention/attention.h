// core/attention/attention.h — one multi-head self-attention layer, forward only, with the weights of every
// head and the entropy of every attention row captured. The positional scheme plugs in where it belongs:
//   sinusoidal, learned  -> added to the input X before the projections;
//   rope                 -> rotates Q and K of every head (V is not rotated);
//   alibi, t5            -> a bias added to the scores of each head;
//   none                 -> no position information (permutation-equivariant, Lab 00's baseline).
// Legend: T positions, C = d_model, NH heads, hs = C / NH.
// Weights: W_Q, W_K, W_V, W_O each (C, C), N(0, 1/C), drawn row-major from their own sub-stream of `seed`
// (Stream::kWeightQ … kWeightO), so they are identical for every scheme and every T. No biases.
// Leaves out: training, dropout, layer norm, residuals — Lab 03 studies the raw layer.
#pragma once

#include <cstdint>
#include <string>

#include "../positional/learned.h"
#include "../positional/rope.h"
#include "../positional/scheme.h"
#include "../tensor.h"

namespace pelab {


struct AttentionConfig {
  int T = 64;
  int d_model = 32;
  int n_heads = 2;
  std::uint64_t seed = 0;
  PeScheme pe = PeScheme::kNone;
  bool causal = false;
  double base = 10000.0;                        // sinusoidal and RoPE base
  RopeConvention rope_convention = RopeConvention::kInterleaved;
  int learned_t_max = 64;                       // learned table rows
  Beyond beyond = Beyond::kClamp;               // learned PE past learned_t_max
  double learned_sigma = 1.0;                   // learned table ~ N(0, sigma^2)
  int t5_num_buckets = 32;
  int t5_max_distance = 128;
  double t5_sigma = 1.0;                        // T5 bias table ~ N(0, sigma^2)
  // Optional: RoPE positions/frequencies replacing 0..T-1 and rope_frequencies(hs, base) (context
  // extension); empty means plain RoPE. attn_scale multiplies the logits (YaRN's temperature), default 1.
  VecD rope_positions;
  VecD rope_inv_freq;
  double attn_scale = 1.0;
  // false: only the attention weights and entropies are computed (output stays empty) — Lab 03's sweep
  // needs no values, which halves its products.
  bool compute_output = true;
  // -1: `weights` keeps every head's matrix. h in [0, NH): only head h's (T, T) matrix is kept; the other
  // heads give their row entropies only (Lab 03 shows one head but averages entropy over all).
  int weights_head = -1;
  // Optional positional input for sinusoidal/learned, at least T rows and d_model columns, not owned (it must
  // outlive the call): rows [0, T) are added instead of computing the table again (a sweep computes its
  // longest T once; both tables are prefix-consistent, row t depends on t only). Null: computed from the
  // fields above.
  const MatF* pe_prefix = nullptr;
};

struct AttentionWeights {
  MatF wq, wk, wv, wo;  // (C, C) each
};

struct AttentionResult {
  MatF output;      // (T, C) = concat_h(A_h V_h) W_O
  MatF weights;     // (NH·T, T): rows h·T … h·T+T-1 are head h's attention matrix A_h (rows sum to 1);
                    // (T, T) = A_h of h = cfg.weights_head when that is set
  MatF entropy;     // (NH, T): H_{h,i} = -sum_j A_h(i,j) ln A_h(i,j), in nats
  MatF pe_input;    // (T, C): what was added to X (zeros for none/rope/alibi/t5)
  MatF scores;      // (NH·T, T): pre-softmax logits incl. bias and scale (masked entries -inf); only if requested
};

// The layer's weights for (d_model, seed).
AttentionWeights attention_weights(int d_model, std::uint64_t seed);

// X (T, C) with rows N(0, I) from Stream::kInput of seed, drawn row-major: X for a shorter T is a
// prefix of X for a longer T.
MatF attention_input(int T, int d_model, std::uint64_t seed);

// Validates cfg (and x's shape when given) and throws std::invalid_argument naming the parameter.
void check_attention_config(const AttentionConfig& cfg);

// The length caps of check_attention_config (T in [1, kMaxT], nHeads·T² <= kMaxAttentionElements) for a
// length T a lab derives from its own parameter: unless they hold, throws ArgumentError(where, param, …, got)
// whose allowed text reads "such that the attention length T = <length> is in …" (length: e.g. "farT").
void check_attention_length(const char* where, const char* param, const char* length, long long T, int n_heads,
                            double got);

// Runs the layer on x (T, C), or on attention_input(T, C, seed) when x is null.
AttentionResult attention_forward(const AttentionConfig& cfg, const MatF* x = nullptr, bool keep_scores = false);

// Same, with caller-provided weights (shapes (C, C)).
AttentionResult attention_forward(const AttentionConfig& cfg, const AttentionWeights& w, const MatF& x,
                                  bool keep_scores = false);

}  // namespace pelab
