// core/labs/extrapolation.cpp — see extrapolation.h.
#include "extrapolation.h"

#include "../check.h"

namespace pelab {

std::vector<ExtrapolationCell> run_extrapolation_length(const ExtrapolationParams& p, int T) {
  check_int_range("extrapolation", "head", p.head, 0, p.n_heads - 1);
  AttentionConfig cfg;
  cfg.T = T;
  cfg.d_model = p.d_model;
  cfg.n_heads = p.n_heads;
  cfg.seed = p.seed;
  cfg.causal = p.causal;
  cfg.learned_t_max = p.learned_t_max;
  cfg.beyond = p.beyond;
  cfg.compute_output = false;
  check_attention_config(cfg);  // T, d_model, n_heads, memory cap
  const AttentionWeights w = attention_weights(p.d_model, p.seed);
  const MatF x = attention_input(T, p.d_model, p.seed);
  std::vector<ExtrapolationCell> cells;
  for (PeScheme pe : p.schemes) {
    cfg.pe = pe;
    AttentionResult r = attention_forward(cfg, w, x);
    ExtrapolationCell c{pe, T, r.weights.middleRows(static_cast<Eigen::Index>(p.head) * T, T), std::move(r.entropy), MatF()};
    if (pe == PeScheme::kLearned || pe == PeScheme::kSinusoidal) c.pe_input = std::move(r.pe_input);
    cells.push_back(std::move(c));
  }
  return cells;
}

}  // namespace pelab
