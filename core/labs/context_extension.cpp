// core/labs/context_extension.cpp — see context_extension.h.
#include "context_extension.h"

#include <cmath>

#include "../attention/attention.h"
#include "../attention/measures.h"
#include "../check.h"
#include "lab_caps.h"
#include "../positional/rope.h"

namespace pelab {

namespace {
constexpr double kTwoPi = 6.283185307179586476925286766559;
}  // namespace

ContextExtensionResult run_context_extension_lab(const ContextExtensionParams& p) {
  const char* f = "context_extension";
  check_lab_param("context-extension", "trainLength", p.train_length);
  check_lab_param("context-extension", "factor", p.factor, false);
  check_lab_param("context-extension", "dHead", p.d_head);
  check_lab_param("context-extension", "base", p.base, false);
  check_lab_param("context-extension", "nHeads", p.n_heads);
  check_lab_param("context-extension", "head", p.head);
  check_lab_param("context-extension", "seed", static_cast<double>(p.seed));
  check_int_range(f, "head", p.head, 0, p.n_heads - 1);
  if (p.methods.empty()) fail_arg(f, "methods", "at least one method", 0);
  ContextExtensionResult r;
  r.L = static_cast<int>(std::lround(p.factor * p.train_length));
  r.theta = rope_frequencies(p.d_head, p.base);
  const int P = p.d_head / 2;
  r.wavelength = (kTwoPi / r.theta.array()).matrix();
  r.trained_max_angle = r.theta * (p.train_length - 1.0);

  AttentionConfig cfg;
  cfg.d_model = p.d_head * p.n_heads;
  cfg.n_heads = p.n_heads;
  cfg.seed = p.seed;
  cfg.causal = p.causal;
  cfg.pe = PeScheme::kRope;
  cfg.base = p.base;
  cfg.compute_output = false;
  cfg.T = p.train_length;
  r.baseline_normalized_entropy = normalized_mean_entropy(attention_forward(cfg).entropy, cfg.T, p.causal);

  cfg.T = r.L;
  check_attention_config(cfg);  // L within the memory cap
  const AttentionWeights w = attention_weights(cfg.d_model, p.seed);
  const MatF x = attention_input(r.L, cfg.d_model, p.seed);
  for (RopeScalingType type : p.methods) {
    RopeScaling s;
    s.type = type;
    s.factor = p.factor;
    s.original_max_position = p.train_length;
    ScaledRope sr = scale_rope(s, p.d_head, p.base, r.L);
    ContextExtensionMethod m;
    m.type = type;
    m.inv_freq = sr.inv_freq;
    m.scale = (r.theta.array() / sr.inv_freq.array()).matrix();
    m.max_angle = sr.inv_freq * (r.L - 1.0);
    for (int k = 0; k < P; ++k) {
      // A pair whose angle wrapped past 2π during training has seen every phase. Otherwise training covered
      // angles up to (L0-1)·theta_k, and fractional positions in between are interpolation; an angle at or
      // past L0·theta_k (the first position training never reached) is new to the model. Position
      // Interpolation's largest angle, (L-1)/s·theta_k = (L0 - 1/s)·theta_k, therefore stays inside.
      const bool wrapped = r.trained_max_angle[k] >= kTwoPi;
      const bool outside = !wrapped && m.max_angle[k] >= r.theta[k] * p.train_length * (1.0 - 1e-12);
      m.leaves_trained_range.push_back(outside);
      m.pairs_outside += outside ? 1 : 0;
    }
    m.attention_factor = sr.attention_factor;
    m.effective_base = sr.effective_base;
    cfg.rope_inv_freq = sr.inv_freq;
    cfg.attn_scale = sr.attention_factor * sr.attention_factor;  // the factor multiplies both q and k
    AttentionResult a = attention_forward(cfg, w, x);
    m.attention = a.weights.middleRows(static_cast<Eigen::Index>(p.head) * r.L, r.L);
    m.entropy = std::move(a.entropy);
    m.normalized_entropy = normalized_mean_entropy(m.entropy, r.L, p.causal);
    r.methods.push_back(std::move(m));
  }
  return r;
}

}  // namespace pelab
