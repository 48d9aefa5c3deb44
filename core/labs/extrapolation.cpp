// core/labs/extrapolation.cpp — see extrapolation.h.
#include "extrapolation.h"

#include "../attention/measures.h"
#include "../check.h"
#include "lab_caps.h"
#include "../positional/learned.h"
#include "../positional/sinusoidal.h"

namespace pelab {

std::vector<ExtrapolationCell> run_extrapolation_length(const ExtrapolationParams& p, int T) {
  return run_extrapolation_lengths(p, {T});
}

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
      ExtrapolationCell c{pe, T, std::move(r.weights), std::move(r.entropy), MatF(), mean, head_mean,
                          mean_max_entropy(T, p.causal), normalized};
      if (pe == PeScheme::kLearned) c.pe_input = std::move(r.pe_input);
      cells.push_back(std::move(c));
    }
  }
  return cells;
}

}  // namespace pelab
