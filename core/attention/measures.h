// core/attention/measures.h — numbers derived from attention maps that the labs report: the largest
// possible row entropy (and the normalised entropy built on it) and the mean distance a query attends to.
// One home for them: Lab 03, the biases lab and context extension all use these, and the page only shows them.
// Leaves out: the entropies themselves (softmax.h computes them fused with the softmax).
#pragma once

#include "../tensor.h"

namespace pelab {

// Largest entropy of row i (0-based) of a T-key attention map, in nats: ln T, or ln(i+1) under a causal
// mask (row i sees i+1 keys; a uniform row over them attains it).
double max_row_entropy(int T, int i, bool causal);

// Mean over the T rows of max_row_entropy: ln T, or (1/T)·Σ_{i=1..T} ln i = ln(T!)/T under a causal mask.
double mean_max_entropy(int T, bool causal);

// Mean of `entropy` (any shape, e.g. (NH, T) row entropies) divided by mean_max_entropy(T, causal): 1 for
// uniform rows, 0 for one-hot rows, comparable across T.
double normalized_mean_entropy(const MatF& entropy, int T, bool causal);

// a is (T, T) attention weights (rows sum to 1); out[i] = Σ_j a_ij·|i − j|, the mean distance row i attends to.
VecD mean_attended_distance(const MatF& a);

}  // namespace pelab
