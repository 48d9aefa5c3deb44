// core/labs/biases.cpp — see biases.h.
#include "biases.h"

#include "../attention/attention.h"
#include "../attention/measures.h"
#include "../caps.h"
#include "../check.h"
#include "lab_caps.h"
#include "../positional/alibi.h"
#include "../positional/t5.h"

namespace pelab {

namespace {

// Per bucket, the shown relative positions that map to it; a bucket reaching the window's edge with more
// than one position is the catch-all of that side, so its range runs on past the window.
std::vector<BucketRange> bucket_ranges(const std::vector<int>& relative, const std::vector<int>& buckets,
                                       int num_buckets, int max_relative) {
  std::vector<BucketRange> out(num_buckets);
  for (std::size_t i = 0; i < relative.size(); ++i) {
    BucketRange& e = out[buckets[i]];
    const int r = relative[i];
    if (e.count == 0 || r < e.min) e.min = r;
    if (e.count == 0 || r > e.max) e.max = r;
    ++e.count;
  }
  for (BucketRange& e : out) {
    e.open_low = e.count > 1 && e.min == -max_relative;
    e.open_high = e.count > 1 && e.max == max_relative;
  }
  return out;
}

VecD mean_per_row(const MatF& m) { return m.cast<double>().rowwise().mean(); }

}  // namespace

BiasesResult run_biases_lab(const BiasesParams& p) {
  const char* f = "biases";
  check_lab_param(f, "tMax", p.t_max);
  check_lab_param(f, "d", p.d);
  check_lab_param(f, "T", p.T);
  check_lab_param(f, "numBuckets", p.num_buckets);
  check_lab_param(f, "maxDistance", p.max_distance);
  check_lab_param(f, "maxRelative", p.max_relative);
  check_lab_param(f, "nHeads", p.n_heads);
  check_lab_param(f, "head", p.head);
  check_int_range(f, "head", p.head, 0, p.n_heads - 1);
  check_lab_param(f, "biasT", p.bias_T);
  check_lab_param(f, "farT", p.far_T);
  check_lab_param(f, "dModel", p.d_model);
  check_lab_param(f, "seed", static_cast<double>(p.seed));
  if (p.d_model % p.n_heads != 0) fail_arg(f, "nHeads", "a divisor of dModel = " + std::to_string(p.d_model), p.n_heads);
  // The far layer keeps nHeads·farT² weights: name farT, not the attention layer's T.
  if (static_cast<long long>(p.n_heads) * p.far_T * p.far_T > limits::kMaxAttentionElements)
    fail_arg(f, "farT", "such that nHeads·farT² <= " + std::to_string(limits::kMaxAttentionElements) +
                            " (memory cap; nHeads = " + std::to_string(p.n_heads) + ")", p.far_T);
  BiasesResult r;
  r.learned_table = learned_table(p.t_max, p.d, p.learned_sigma, p.seed);
  for (int t = 0; t < p.T; ++t) {
    r.rows_clamp.push_back(learned_row(t, p.t_max, Beyond::kClamp));
    r.rows_wrap.push_back(learned_row(t, p.t_max, Beyond::kWrap));
  }
  r.learned_params = learned_parameter_count(p.t_max, p.d);

  for (int rel = -p.max_relative; rel <= p.max_relative; ++rel) {
    r.relative.push_back(rel);
    r.bucket_bidirectional.push_back(t5_bucket(rel, true, p.num_buckets, p.max_distance));
    r.bucket_causal.push_back(t5_bucket(rel, false, p.num_buckets, p.max_distance));
  }
  r.ranges_bidirectional = bucket_ranges(r.relative, r.bucket_bidirectional, p.num_buckets, p.max_relative);
  r.ranges_causal = bucket_ranges(r.relative, r.bucket_causal, p.num_buckets, p.max_relative);
  r.max_exact_bidirectional = p.num_buckets / 4;  // half the buckets per direction, half of those exact
  r.max_exact_causal = p.num_buckets / 2;
  r.t5_table = t5_bias_table(p.n_heads, p.num_buckets, 1.0, p.seed);
  r.t5_bias_bidirectional = t5_bias(t5_buckets(p.bias_T, true, p.num_buckets, p.max_distance), r.t5_table, p.head);
  r.t5_bias_causal = t5_bias(t5_buckets(p.bias_T, false, p.num_buckets, p.max_distance), r.t5_table, p.head);
  r.t5_params = t5_parameter_count(p.n_heads, p.num_buckets);

  r.alibi_slopes = alibi_slopes(p.n_heads);
  r.alibi_slopes_simple = alibi_slopes_simple(p.n_heads);
  r.alibi_bias_bidirectional = alibi_bias(p.bias_T, r.alibi_slopes[p.head], false);
  r.alibi_bias_causal = alibi_bias(p.bias_T, r.alibi_slopes[p.head], true);

  AttentionConfig cfg;
  cfg.T = p.far_T;
  cfg.d_model = p.d_model;
  cfg.n_heads = p.n_heads;
  cfg.seed = p.seed;
  cfg.causal = true;
  cfg.compute_output = false;
  for (PeScheme pe : {PeScheme::kAlibi, PeScheme::kNone}) {
    cfg.pe = pe;
    AttentionResult a = attention_forward(cfg);  // validates far_T, d_model, n_heads, memory cap
    MatF head = a.weights.middleRows(static_cast<Eigen::Index>(p.head) * p.far_T, p.far_T);
    if (pe == PeScheme::kAlibi) {
      r.far_attention = std::move(head);
      r.far_entropy = std::move(a.entropy);
    } else {
      r.far_attention_nope = std::move(head);
      r.far_entropy_nope = std::move(a.entropy);
    }
  }
  r.far_mean_entropy = mean_per_row(r.far_entropy);
  r.far_mean_entropy_nope = mean_per_row(r.far_entropy_nope);
  r.far_max_entropy = mean_max_entropy(p.far_T, true);
  r.far_mean_distance = mean_attended_distance(r.far_attention);
  r.far_mean_distance_nope = mean_attended_distance(r.far_attention_nope);
  return r;
}

}  // namespace pelab
