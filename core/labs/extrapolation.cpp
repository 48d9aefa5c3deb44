// core/labs/extrapolation.cpp — see extrapolation.h.
#include "extrapolation.h"

#include <algorithm>
#include <numeric>

#include "../attention/measures.h"
#include "../check.h"
#include "lab_caps.h"
#include "../positional/learned.h"
#include "../positional/sinusoidal.h"

namespace pelab {

std::vector<ExtrapolationCell> run_extrapolation_lengths(const ExtrapolationParams& p, const std::vector<int>& Ts) {
  const char* f = "extrapolation";
  check_lab_param(f, "dModel", p.d_model);
  check_lab_param(f, "nHeads", p.n_heads);
  check_lab_param(f, "head", p.head);
  check_int_range(f, "head", p.head, 0, p.n_heads - 1);
  check_lab_param(f, "learnedTMax", p.learned_t_max);
  check_lab_param(f, "seed", static_cast<double>(p.seed));
  if (Ts.empty()) fail_arg(f, "TSweep", "at least one length", 0);
  for (int T : Ts) check_lab_param(f, "TSweep", T);
  for (int T : Ts) check_attention_length(f, "TSweep", "each length", T, p.n_heads, T);
  AttentionConfig cfg;
  cfg.d_model = p.d_model;
  cfg.n_heads = p.n_heads;
  cfg.seed = p.seed;
  cfg.causal = p.causal;
  cfg.learned_t_max = p.learned_t_max;
  cfg.beyond = p.beyond;
  cfg.compute_output = false;
  cfg.weights_head = p.head;
  int max_T = 0;
  for (int T : Ts) {
    cfg.T = T;
    check_attention_config(cfg);  // T, d_model, n_heads, memory cap
    max_T = T > max_T ? T : max_T;
  }
  const AttentionWeights w = attention_weights(p.d_model, p.seed);
  const MatF x_all = attention_input(max_T, p.d_model, p.seed);  // X for T is its first T rows
  // The added tables at the longest T, once; every shorter T uses their first T rows (attention.h).
  MatF sinusoidal_all, learned_all;
  for (PeScheme pe : p.schemes) {
    cfg.T = max_T;
    cfg.pe = pe;
    if (pe == PeScheme::kSinusoidal) sinusoidal_all = sinusoidal_pe_f32(max_T, p.d_model, cfg.base);
    if (pe == PeScheme::kLearned) {
      check_attention_config(cfg);  // learned_t_max, and beyond = error past it, before the table is drawn
      learned_all = learned_pe(learned_table(cfg.learned_t_max, p.d_model, cfg.learned_sigma, p.seed), max_T, p.beyond);
    }
  }
  std::vector<ExtrapolationCell> cells;
  for (int T : Ts) {
    cfg.T = T;
    const MatF x = x_all.topRows(T);
    for (PeScheme pe : p.schemes) {
      cfg.pe = pe;
      cfg.pe_prefix = pe == PeScheme::kSinusoidal ? &sinusoidal_all : pe == PeScheme::kLearned ? &learned_all : nullptr;
      AttentionResult r = attention_forward(cfg, w, x);
      const double mean = r.entropy.cast<double>().mean();
      const double head_mean = r.entropy.row(p.head).cast<double>().mean();
      const double normalized = normalized_mean_entropy(r.entropy, T, p.causal);
      const int told = positions_told_apart(pe, T, p.causal, cfg.t5_max_distance, r.pe_input);
      ExtrapolationCell c{pe, T, std::move(r.weights), std::move(r.entropy), MatF(), mean, head_mean,
                          mean_max_entropy(T, p.causal), normalized, told};
      if (pe == PeScheme::kLearned) c.pe_input = std::move(r.pe_input);
      cells.push_back(std::move(c));
    }
  }
  return cells;
}

int positions_told_apart(PeScheme pe, int T, bool causal, int t5_max_distance, const MatF& absolute_rows) {
  switch (pe) {
    case PeScheme::kNone: return causal ? T : 1;
    case PeScheme::kRope:
    case PeScheme::kAlibi: return T;
    case PeScheme::kT5: return std::min(T, t5_max_distance);
    case PeScheme::kSinusoidal:
    case PeScheme::kLearned: break;
  }
  if (absolute_rows.rows() < T) fail_arg("positions_told_apart", "absolute_rows", "the (T, C) positional input", absolute_rows.rows());
  // Distinct rows: sort row indices lexicographically by their values, count the changes.
  std::vector<int> order(static_cast<std::size_t>(T));
  std::iota(order.begin(), order.end(), 0);
  const auto row_less = [&](int a, int b) {
    for (Eigen::Index c = 0; c < absolute_rows.cols(); ++c) {
      if (absolute_rows(a, c) != absolute_rows(b, c)) return absolute_rows(a, c) < absolute_rows(b, c);
    }
    return false;
  };
  std::sort(order.begin(), order.end(), row_less);
  int distinct = T > 0 ? 1 : 0;
  for (int i = 1; i < T; ++i) distinct += row_less(order[i - 1], order[i]) ? 1 : 0;
  return distinct;
}

ExtrapolationRecommendation recommend_extrapolation(const std::vector<PeScheme>& schemes, const std::vector<int>& Ts,
                                                    const MatD& normalized, const Eigen::MatrixXi& told_apart) {
  const char* f = "recommend_extrapolation";
  const auto S = static_cast<Eigen::Index>(schemes.size()), N = static_cast<Eigen::Index>(Ts.size());
  if (S == 0 || N == 0) fail_arg(f, "schemes", "at least one scheme and one length", S);
  if (normalized.rows() != S || normalized.cols() != N || told_apart.rows() != S || told_apart.cols() != N)
    fail_arg(f, "normalized", "of shape (schemes, Ts) = (" + std::to_string(S) + ", " + std::to_string(N) + ")", normalized.rows());
  if (!normalized.allFinite()) fail_arg(f, "normalized", "finite numbers", "a non-finite entry");
  ExtrapolationRecommendation r;
  std::vector<Eigen::Index> ranked;
  for (Eigen::Index s = 0; s < S; ++s) {
    r.stability.push_back(normalized.row(s).maxCoeff() - normalized.row(s).minCoeff());
    bool all = true;
    for (Eigen::Index t = 0; t < N; ++t) all = all && told_apart(s, t) == Ts[static_cast<std::size_t>(t)];
    r.candidate.push_back(all);
    if (all) ranked.push_back(s);
  }
  std::sort(ranked.begin(), ranked.end(), [&](Eigen::Index a, Eigen::Index b) {
    if (r.stability[a] != r.stability[b]) return r.stability[a] < r.stability[b];
    return std::string(pe_scheme_name(schemes[a])) < pe_scheme_name(schemes[b]);
  });
  for (Eigen::Index s : ranked) r.ranking.push_back(schemes[s]);
  if (ranked.empty()) {
    r.recommendation = "none_suitable";
  } else if (ranked.size() == 1) {
    r.recommendation = std::string(pe_scheme_name(r.ranking[0])) + "_only";
  } else {
    r.recommendation = std::string(pe_scheme_name(r.ranking[0])) + "_with_" + pe_scheme_name(r.ranking[1]) + "_fallback";
  }
  return r;
}

}  // namespace pelab
