// core/attention/attention.cpp — see attention.h.
#include "attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../caps.h"
#include "../check.h"
#include "../rng.h"
#include "../positional/alibi.h"
#include "../positional/sinusoidal.h"
#include "../positional/t5.h"
#include "softmax.h"

namespace pelab {

PeScheme parse_pe_scheme(const std::string& name) {
  if (name == "none") return PeScheme::kNone;
  if (name == "sinusoidal") return PeScheme::kSinusoidal;
  if (name == "learned") return PeScheme::kLearned;
  if (name == "rope") return PeScheme::kRope;
  if (name == "alibi") return PeScheme::kAlibi;
  if (name == "t5") return PeScheme::kT5;
  fail_arg("attention", "pe", "one of 'none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5'", "'" + name + "'");
}

const char* pe_scheme_name(PeScheme pe) {
  switch (pe) {
    case PeScheme::kNone: return "none";
    case PeScheme::kSinusoidal: return "sinusoidal";
    case PeScheme::kLearned: return "learned";
    case PeScheme::kRope: return "rope";
    case PeScheme::kAlibi: return "alibi";
    case PeScheme::kT5: return "t5";
  }
  return "none";
}

AttentionWeights attention_weights(int d_model, std::uint64_t seed) {
  check_int_range("attention", "dModel", d_model, 1, 4096);
  const double sigma = 1.0 / std::sqrt(static_cast<double>(d_model));  // N(0, 1/C)
  AttentionWeights w{MatF(d_model, d_model), MatF(d_model, d_model), MatF(d_model, d_model), MatF(d_model, d_model)};
  Pcg32 rq(seed, Stream::kWeightQ), rk(seed, Stream::kWeightK), rv(seed, Stream::kWeightV), ro(seed, Stream::kWeightO);
  fill_normal(rq, w.wq, sigma);
  fill_normal(rk, w.wk, sigma);
  fill_normal(rv, w.wv, sigma);
  fill_normal(ro, w.wo, sigma);
  return w;
}

MatF attention_input(int T, int d_model, std::uint64_t seed) {
  check_int_range("attention", "T", T, 1, limits::kMaxT);
  check_int_range("attention", "dModel", d_model, 1, 4096);
  MatF x(T, d_model);
  Pcg32 rng(seed, Stream::kInput);
  fill_normal(rng, x, 1.0);
  return x;
}

void check_attention_config(const AttentionConfig& cfg) {
  const char* f = "attention";
  check_int_range(f, "T", cfg.T, 1, limits::kMaxT);
  check_int_range(f, "dModel", cfg.d_model, 1, 4096);
  check_int_range(f, "nHeads", cfg.n_heads, 1, limits::kMaxHeads);
  if (cfg.d_model % cfg.n_heads != 0)
    fail_arg(f, "nHeads", "a divisor of dModel = " + std::to_string(cfg.d_model), cfg.n_heads);
  const long long elems = static_cast<long long>(cfg.n_heads) * cfg.T * cfg.T;
  if (elems > limits::kMaxAttentionElements)
    fail_arg(f, "T", "such that nHeads·T² <= " + std::to_string(limits::kMaxAttentionElements) +
                         " (memory cap; nHeads = " + std::to_string(cfg.n_heads) + ")", cfg.T);
  check_finite_above(f, "base", cfg.base, 1.0, limits::kMaxBase);
  if (!std::isfinite(cfg.attn_scale) || cfg.attn_scale <= 0) fail_arg(f, "attnScale", "a finite number > 0", cfg.attn_scale);
  check_int_range(f, "weightsHead", cfg.weights_head, -1, cfg.n_heads - 1);
  if (cfg.weights_head >= 0 && cfg.compute_output)
    fail_arg(f, "weightsHead", "-1 when compute_output is set (the output needs every head)", cfg.weights_head);
  if (cfg.pe_prefix && (cfg.pe_prefix->rows() < cfg.T || cfg.pe_prefix->cols() != cfg.d_model))
    fail_arg(f, "pePrefix", "of shape (>= T, dModel) = (>= " + std::to_string(cfg.T) + ", " +
                                 std::to_string(cfg.d_model) + ")",
             std::to_string(cfg.pe_prefix->rows()) + "x" + std::to_string(cfg.pe_prefix->cols()));
  const int hs = cfg.d_model / cfg.n_heads;
  switch (cfg.pe) {
    case PeScheme::kSinusoidal:
      if (cfg.d_model % 2 != 0) fail_arg(f, "dModel", "even for sinusoidal PE (sin/cos pairs)", cfg.d_model);
      break;
    case PeScheme::kLearned:
      check_int_range(f, "learnedTMax", cfg.learned_t_max, 1, limits::kMaxT);
      check_finite_above(f, "learnedSigma", cfg.learned_sigma, 0.0, 1e6);
      if (cfg.beyond == Beyond::kError && cfg.T > cfg.learned_t_max)
        fail_arg(f, "T", "at most learnedTMax = " + std::to_string(cfg.learned_t_max) + " when beyond = 'error'", cfg.T);
      break;
    case PeScheme::kRope:
      if (hs % 2 != 0)
        fail_arg(f, "dHead", "even for RoPE (dModel / nHeads = " + std::to_string(cfg.d_model) + "/" +
                                  std::to_string(cfg.n_heads) + ")", hs);
      if (cfg.rope_positions.size() != 0 && cfg.rope_positions.size() != cfg.T)
        fail_arg(f, "ropePositions", "of length T = " + std::to_string(cfg.T), cfg.rope_positions.size());
      if (cfg.rope_inv_freq.size() != 0 && cfg.rope_inv_freq.size() != hs / 2)
        fail_arg(f, "ropeInvFreq", "of length dHead/2 = " + std::to_string(hs / 2), cfg.rope_inv_freq.size());
      break;
    case PeScheme::kT5:
      t5_bucket(0, !cfg.causal, cfg.t5_num_buckets, cfg.t5_max_distance);  // validates both
      check_finite_above(f, "t5Sigma", cfg.t5_sigma, 0.0, 1e6);
      break;
    case PeScheme::kNone:
    case PeScheme::kAlibi:
      break;
  }
}

// row[j] = sum_d qi[d] · kt(d, j) for j < n (the visible keys). Eigen 3.4 has no wasm SIMD GEMM kernel and
// its scalar path is slow for these thin (T × hs)·(hs × T) products, so: 16 keys at a time held in
// registers while the hs terms accumulate (an inner loop compilers vectorise to 4 SIMD lanes × 4), then
// a plain tail.
static void score_row(float* row, const float* qi, const MatF& kt, int n) {
  constexpr int kBlock = 16;
  const int hs = static_cast<int>(kt.rows());
  const int body = n - n % kBlock;
  for (int j0 = 0; j0 < body; j0 += kBlock) {
    float acc[kBlock] = {};
    for (int d = 0; d < hs; ++d) {
      const float a = qi[d];
      const float* kd = &kt(d, j0);
      for (int l = 0; l < kBlock; ++l) acc[l] += a * kd[l];
    }
    for (int l = 0; l < kBlock; ++l) row[j0 + l] = acc[l];
  }
  for (int j = body; j < n; ++j) {
    float acc = 0.0f;
    for (int d = 0; d < hs; ++d) acc += qi[d] * kt(d, j);
    row[j] = acc;
  }
}

AttentionResult attention_forward(const AttentionConfig& cfg, const MatF* x, bool keep_scores) {
  check_attention_config(cfg);
  AttentionWeights w = attention_weights(cfg.d_model, cfg.seed);
  if (x) return attention_forward(cfg, w, *x, keep_scores);
  return attention_forward(cfg, w, attention_input(cfg.T, cfg.d_model, cfg.seed), keep_scores);
}

AttentionResult attention_forward(const AttentionConfig& cfg, const AttentionWeights& w, const MatF& x, bool keep_scores) {
  check_attention_config(cfg);
  const int T = cfg.T, C = cfg.d_model, NH = cfg.n_heads, hs = C / NH;
  if (x.rows() != T || x.cols() != C)
    fail_arg("attention", "x", "of shape (T, dModel) = (" + std::to_string(T) + ", " + std::to_string(C) + ")",
             std::to_string(x.rows()) + "x" + std::to_string(x.cols()));
  if (!x.allFinite()) fail_arg("attention", "x", "finite numbers", "a non-finite entry");
  for (const MatF* m : {&w.wq, &w.wk, &w.wv, &w.wo})
    if (m->rows() != C || m->cols() != C) fail_arg("attention", "weights", "of shape (dModel, dModel)", m->rows());

  AttentionResult res;
  // ---- positional input: X' = X + PE (sinusoidal, learned) ----------------------------------------------
  res.pe_input = MatF::Zero(T, C);
  const bool added_pe = cfg.pe == PeScheme::kSinusoidal || cfg.pe == PeScheme::kLearned;
  if (added_pe && cfg.pe_prefix) {
    res.pe_input = cfg.pe_prefix->topRows(T);
  } else if (cfg.pe == PeScheme::kSinusoidal) {
    res.pe_input = sinusoidal_pe_f32(T, C, cfg.base);
  } else if (cfg.pe == PeScheme::kLearned) {
    MatF table = learned_table(cfg.learned_t_max, C, cfg.learned_sigma, cfg.seed);
    res.pe_input = learned_pe(table, T, cfg.beyond);
  }
  MatF xin = x + res.pe_input;  // (T, C)

  // ---- projections: Q, K, V (T, C), heads in column blocks of hs ------------------------------------------
  MatF q(T, C), k(T, C), v;
  q.noalias() = xin * w.wq;
  k.noalias() = xin * w.wk;
  if (cfg.compute_output) v.noalias() = xin * w.wv;

  if (cfg.pe == PeScheme::kRope) {
    VecD positions = cfg.rope_positions.size() ? cfg.rope_positions : VecD(VecD::LinSpaced(T, 0.0, T - 1.0));
    VecD inv_freq = cfg.rope_inv_freq.size() ? cfg.rope_inv_freq : rope_frequencies(hs, cfg.base);
    RopeTables<float> tab = rope_tables<float>(positions, inv_freq);
    for (int h = 0; h < NH; ++h) {
      apply_rope_inplace<float>(q.middleCols(h * hs, hs), tab, cfg.rope_convention);
      apply_rope_inplace<float>(k.middleCols(h * hs, hs), tab, cfg.rope_convention);
    }
  }

  // ---- per-head score biases (ALiBi slopes; T5 bias per relative position j - i) ---------------------------
  VecD slopes;
  if (cfg.pe == PeScheme::kAlibi) slopes = alibi_slopes(NH);
  MatF t5_rel;  // (NH, 2T-1): bias of relative position r = j - i at column r + T - 1
  if (cfg.pe == PeScheme::kT5) {
    MatF table = t5_bias_table(NH, cfg.t5_num_buckets, cfg.t5_sigma, cfg.seed);
    t5_rel.resize(NH, 2 * T - 1);
    for (int r = -(T - 1); r <= T - 1; ++r) {
      const int b = t5_bucket(r, !cfg.causal, cfg.t5_num_buckets, cfg.t5_max_distance);
      for (int h = 0; h < NH; ++h) t5_rel(h, r + T - 1) = table(h, b);
    }
  }

  const bool one_head = cfg.weights_head >= 0;
  res.weights.resize(static_cast<Eigen::Index>(one_head ? 1 : NH) * T, T);
  std::vector<float> scratch(one_head ? T : 0);  // the row of a head whose weights are not kept
  res.entropy.resize(NH, T);
  if (keep_scores) res.scores.resize(static_cast<Eigen::Index>(NH) * T, T);
  MatF concat(cfg.compute_output ? T : 0, C);
  // Fold 1/sqrt(hs) (and YaRN's temperature) into Q once, so the score GEMM writes straight into A.
  q *= static_cast<float>(cfg.attn_scale / std::sqrt(static_cast<double>(hs)));
  MatF kt(hs, T);  // K_h^T, so each score row is a sum of hs contiguous axpys
  for (int h = 0; h < NH; ++h) {
    const bool kept = !one_head || h == cfg.weights_head;
    auto A = res.weights.middleRows(static_cast<Eigen::Index>(one_head ? 0 : h) * T, T);  // (T, T)
    kt = k.middleCols(h * hs, hs).transpose();
    for (int i = 0; i < T; ++i) {
      float* row = kept ? &A(i, 0) : scratch.data();
      const int n = cfg.causal ? i + 1 : T;  // keys j < n are visible
      score_row(row, &q(i, h * hs), kt, n);
      if (cfg.pe == PeScheme::kAlibi) {
        const float m = static_cast<float>(slopes[h]);
        for (int j = 0; j < n; ++j) row[j] -= m * static_cast<float>(i > j ? i - j : j - i);
      } else if (cfg.pe == PeScheme::kT5) {
        const float* bias = &t5_rel(h, T - 1 - i);  // bias[j] = bias of r = j - i
        for (int j = 0; j < n; ++j) row[j] += bias[j];
      }
      if (keep_scores) {
        float* srow = &res.scores(static_cast<Eigen::Index>(h) * T + i, 0);
        std::copy(row, row + n, srow);
        std::fill(srow + n, srow + T, -std::numeric_limits<float>::infinity());
      }
      if (!kept) {
        res.entropy(h, i) = softmax_entropy_row<false>(row, n);
        continue;
      }
      res.entropy(h, i) = softmax_entropy_row(row, n);
      for (int j = n; j < T; ++j) row[j] = 0.0f;
    }
    if (cfg.compute_output) concat.middleCols(h * hs, hs).noalias() = A * v.middleCols(h * hs, hs);
  }
  if (cfg.compute_output) res.output.noalias() = concat * w.wo;
  return res;
}

}  // namespace pelab
