// core/labs/biases.h — Theory 02 made visible: where learned PE, T5 relative biases and ALiBi put position,
// what they cost in parameters, and how each behaves past a notional training length.
//   learned: the (t_max, d) table, the rows used for T > t_max under clamp and wrap, t_max·d parameters;
//   T5:      the bucket of every relative position (bidirectional and causal), the per-head bias matrix;
//   ALiBi:   reference slopes beside the simple 2^(-8h/H) formula, bias matrices, and an untrained
//            attention layer with ALiBi at a length far beyond training.
// Numbers only; the summary table's text lives in wasm/labs/biases.js.
#pragma once

#include <cstdint>
#include <vector>

#include "../positional/learned.h"
#include "../tensor.h"

namespace pelab {

struct BiasesParams {
  int t_max = 64;            // learned table rows (notional training length)
  int d = 32;                // learned table width (d_model)
  int T = 96;                // length shown for the learned lookup past t_max
  double learned_sigma = 1.0;
  int num_buckets = 32;      // T5
  int max_distance = 128;    // T5
  int max_relative = 160;    // bucket map shown for relative positions -max_relative … +max_relative
  int n_heads = 8;           // T5 and ALiBi heads
  int head = 0;              // head whose bias matrices are returned
  int bias_T = 32;           // size of the bias matrices shown
  int far_T = 512;           // ALiBi attention length, far beyond t_max
  int d_model = 32;          // the untrained layer's width (n_heads must divide it)
  std::uint64_t seed = 0;
};

// The relative positions shown (−max_relative … +max_relative) that fall in one T5 bucket.
struct BucketRange {
  int count = 0;                // 0: no shown position maps to this bucket (min, max unset)
  int min = 0, max = 0;
  bool open_low = false;        // the range runs on below −max_relative (the catch-all bucket of that side)
  bool open_high = false;       // … above +max_relative
};

struct BiasesResult {
  MatF learned_table;                  // (t_max, d)
  std::vector<int> rows_clamp;         // row used by position t, t = 0 … T-1
  std::vector<int> rows_wrap;
  long long learned_params = 0;        // t_max·d
  std::vector<int> relative;           // -max_relative … +max_relative
  std::vector<int> bucket_bidirectional, bucket_causal;  // per relative position
  std::vector<BucketRange> ranges_bidirectional, ranges_causal;  // per bucket (num_buckets)
  int max_exact_bidirectional = 0, max_exact_causal = 0;
  MatF t5_table;                       // (n_heads, num_buckets)
  MatF t5_bias_bidirectional;          // (bias_T, bias_T) for `head`
  MatF t5_bias_causal;
  long long t5_params = 0;             // n_heads·num_buckets
  VecD alibi_slopes, alibi_slopes_simple;  // (n_heads)
  MatF alibi_bias_bidirectional;       // (bias_T, bias_T) for `head`
  MatF alibi_bias_causal;
  MatF far_attention;                  // (far_T, far_T) of `head`, causal, ALiBi
  MatF far_entropy;                    // (n_heads, far_T)
  MatF far_attention_nope;             // (far_T, far_T) the same layer without positions, for contrast
  MatF far_entropy_nope;               // (n_heads, far_T)
  VecD far_mean_entropy, far_mean_entropy_nope;      // (n_heads) mean row entropy per head
  double far_max_entropy = 0;          // mean_max_entropy(far_T, causal): the bound they are compared with
  VecD far_mean_distance, far_mean_distance_nope;    // (far_T) Σ_j a_ij·|i − j| of `head`
};

BiasesResult run_biases_lab(const BiasesParams& p);

}  // namespace pelab
