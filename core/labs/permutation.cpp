// core/labs/permutation.cpp — see permutation.h.
#include "permutation.h"

#include <algorithm>
#include <cmath>

#include "../check.h"
#include "lab_caps.h"
#include "../rng.h"

namespace pelab {

namespace {
// splitmix64 finaliser (Steele, Lea, Flood 2014): spreads a 64-bit key over all bits.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Rows sorted lexicographically, so two matrices holding the same multiset of rows compare equal.
MatF sorted_rows(const MatF& m) {
  std::vector<int> idx(m.rows());
  for (int i = 0; i < m.rows(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](int a, int b) {
    for (int c = 0; c < m.cols(); ++c)
      if (m(a, c) != m(b, c)) return m(a, c) < m(b, c);
    return false;
  });
  MatF out(m.rows(), m.cols());
  for (int i = 0; i < m.rows(); ++i) out.row(i) = m.row(idx[i]);
  return out;
}
}  // namespace

VecF word_vector(const std::string& word, int d_model, std::uint64_t seed) {
  Pcg32 rng(splitmix64(seed ^ fnv1a64(word.data(), word.size())), Stream::kWordVectors);
  VecF v(d_model);
  for (int c = 0; c < d_model; ++c) v[c] = static_cast<float>(rng.next_normal());
  return v;
}

std::vector<int> find_permutation(const std::vector<std::string>& sentence, const std::vector<std::string>& reordered) {
  const char* f = "permutation";
  if (sentence.empty()) fail_arg(f, "sentence", "at least one word", "no words");
  check_int_range(f, "sentence length", static_cast<long long>(sentence.size()), 1, 256);
  if (reordered.size() != sentence.size())
    fail_arg(f, "reordered", "the same " + std::to_string(sentence.size()) + " words as sentence, reordered",
             std::to_string(reordered.size()) + " words");
  std::vector<int> perm(sentence.size());
  std::vector<bool> used(sentence.size(), false);
  for (std::size_t i = 0; i < reordered.size(); ++i) {
    bool found = false;
    for (std::size_t j = 0; j < sentence.size() && !found; ++j) {
      if (!used[j] && sentence[j] == reordered[i]) {
        used[j] = true;
        perm[i] = static_cast<int>(j);
        found = true;
      }
    }
    if (!found) fail_arg(f, "reordered", "a reordering of the words of sentence", "'" + reordered[i] + "' (not in sentence or used too often)");
  }
  return perm;
}

PermutationResult run_permutation_lab(const PermutationParams& p) {
  PermutationResult res;
  res.perm = find_permutation(p.sentence, p.reordered);
  const int T = static_cast<int>(p.sentence.size());
  check_lab_param("permutation", "dModel", p.d_model);
  check_lab_param("permutation", "nHeads", p.n_heads);
  check_lab_param("permutation", "seed", static_cast<double>(p.seed));
  res.x.resize(T, p.d_model);
  for (int t = 0; t < T; ++t) res.x.row(t) = word_vector(p.sentence[t], p.d_model, p.seed).transpose();
  res.x_reordered.resize(T, p.d_model);
  for (int i = 0; i < T; ++i) res.x_reordered.row(i) = res.x.row(res.perm[i]);

  for (PeScheme pe : p.schemes) {
    AttentionConfig cfg;
    cfg.T = T;
    cfg.d_model = p.d_model;
    cfg.n_heads = p.n_heads;
    cfg.seed = p.seed;
    cfg.pe = pe;
    cfg.causal = false;
    AttentionWeights w = attention_weights(p.d_model, p.seed);
    PermutationSchemeResult r{pe, 0.0, 0.0, attention_forward(cfg, w, res.x), attention_forward(cfg, w, res.x_reordered)};
    for (int i = 0; i < T; ++i)
      r.equivariance_error = std::max<double>(
          r.equivariance_error, (r.original.output.row(res.perm[i]) - r.reordered.output.row(i)).cwiseAbs().maxCoeff());
    r.multiset_error = (sorted_rows(r.original.output) - sorted_rows(r.reordered.output)).cwiseAbs().maxCoeff();
    res.schemes.push_back(std::move(r));
  }
  return res;
}

}  // namespace pelab
