// core/labs/permutation.h — Lab 00: attention without position information is permutation-equivariant.
// A sentence and a reordering of the same words go through one multi-head attention layer (non-causal).
// With pe = none, Attn(P·X) = P·Attn(X) up to float rounding; a positional scheme breaks that.
// Word vectors depend on the word and the seed only (never its position), so a word keeps its vector.
// Numbers only: manifests and text are built by the JS layer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../attention/attention.h"

namespace pelab {

struct PermutationParams {
  std::vector<std::string> sentence;   // e.g. {"I", "work", "he"}
  std::vector<std::string> reordered;  // the same words in another order, e.g. {"he", "work", "I"}
  int d_model = 16;
  int n_heads = 2;
  std::uint64_t seed = 0;
  std::vector<PeScheme> schemes = {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kLearned,
                                   PeScheme::kRope, PeScheme::kAlibi, PeScheme::kT5};
};

struct PermutationSchemeResult {
  PeScheme pe;
  double equivariance_error;   // max_{i,c} |Attn(X)[perm[i], c] - Attn(P·X)[i, c]|
  double multiset_error;       // max diff between the two outputs' rows after sorting rows lexicographically
  AttentionResult original;    // on X
  AttentionResult reordered;   // on P·X
};

struct PermutationResult {
  std::vector<int> perm;       // reordered[i] = sentence[perm[i]] (repeated words matched in order)
  MatF x;                      // (T, C) word vectors of the sentence
  MatF x_reordered;            // (T, C) = P·X
  std::vector<PermutationSchemeResult> schemes;
};

// The word's vector: d_model draws N(0, 1) from Stream::kWordVectors of splitmix64(seed ^ fnv1a64(word)).
VecF word_vector(const std::string& word, int d_model, std::uint64_t seed);

// perm with reordered[i] = sentence[perm[i]]; throws naming `reordered` if it is not a permutation.
std::vector<int> find_permutation(const std::vector<std::string>& sentence, const std::vector<std::string>& reordered);

PermutationResult run_permutation_lab(const PermutationParams& p);

}  // namespace pelab
