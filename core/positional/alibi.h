// core/positional/alibi.h — ALiBi, attention with linear biases (Press, Smith, Lewis 2022, arXiv:2108.12409).
// Legend: T positions, NH heads (n_heads). Head h adds -m_h * distance(query i, key j) to its scores;
// no vector is added to the inputs. Slopes m_h are fixed, not learned.
// Leaves out: adding the bias to the scores and the causal mask (attention/ does both).
#pragma once

#include "../tensor.h"

namespace pelab {

// The reference slopes (ofirpress/attention_with_linear_biases, get_slopes); out is (NH).
// NH a power of two: m_h = start^(h+1), start = 2^(-8/NH), h = 0 … NH-1, i.e. 2^(-8(h+1)/NH).
// Otherwise, with c = the largest power of two <= NH: the c slopes for c heads, then the slopes for
// 2c heads at indices 0, 2, 4, … (the ones between those already used), the first NH-c of them.
// Example: 6 heads -> 1/4, 1/16, 1/64, 1/256, then 1/2, 1/8. Throws for n_heads outside [1, kMaxHeads].
VecD alibi_slopes(int n_heads);

// The course's simple formula m_h = 2^(-8h/NH), h = 1 … NH; out is (NH). Equal to alibi_slopes only
// when NH is a power of two (6 heads: 2^(-4/3), 2^(-8/3), … instead of the interleaved reference set).
VecD alibi_slopes_simple(int n_heads);

// Bias of one head with slope m; out is (T, T), entry (i, j) = query i, key j.
// Bidirectional: -m * |i - j|. Causal: -m * (i - j) for j <= i, and 0 above the diagonal (those keys
// are future positions the causal mask removes; 0 keeps the matrix finite for plotting).
// Computed in float64, rounded to float32. Throws for T outside [1, kMaxT], T*T above
// kMaxAttentionElements, or slope not a finite number in [0, 1e6].
MatF alibi_bias(int T, double slope, bool causal);

}  // namespace pelab
