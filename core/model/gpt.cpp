// core/model/gpt.cpp — see gpt.h. The forward and backward read like the block diagram in gpt.h, one
// layer call per line; the math of each layer is in layers.cpp.
#include "gpt.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "../caps.h"
#include "../check.h"
#include "../positional/alibi.h"
#include "../positional/sinusoidal.h"
#include "../positional/t5.h"
#include "../rng.h"
#include "layers.h"

namespace pelab::gpt {

PeScheme parse_model_scheme(const std::string& name, const char* where, const char* param) {
  return parse_pe_scheme(name, where, param);
}

EmbedScale parse_embed_scale(const std::string& name, const char* where, const char* param) {
  if (name == "none") return EmbedScale::kNone;
  if (name == "sqrt-d") return EmbedScale::kSqrtD;
  fail_arg(where, param, "one of 'none', 'sqrt-d'", "'" + name + "'");
}

const char* embed_scale_name(EmbedScale s) { return s == EmbedScale::kSqrtD ? "sqrt-d" : "none"; }

double embed_scale_factor(const Config& c) {
  return c.embed_scale == EmbedScale::kSqrtD ? std::sqrt(static_cast<double>(c.d_model)) : 1.0;
}

void check_config(const char* where, const Config& c) {
  check_int_range(where, "vocabSize", c.vocab_size, 2, 65536);
  check_int_range(where, "dModel", c.d_model, 2, 1024);
  if (c.d_model % 2 != 0) fail_arg(where, "dModel", "an even integer (sin/cos and RoPE pairs)", c.d_model);
  check_int_range(where, "nLayers", c.n_layers, 1, 16);
  check_int_range(where, "nHeads", c.n_heads, 1, 64);
  if (c.d_model % c.n_heads != 0)
    fail_arg(where, "dModel", "divisible by nHeads = " + std::to_string(c.n_heads), c.d_model);
  if (c.pe_kind == PeScheme::kRope && (c.d_model / c.n_heads) % 2 != 0)
    fail_arg(where, "dModel / nHeads", "even with rope (RoPE rotates pairs of the head size)", c.d_model / c.n_heads);
  check_int_range(where, "maxLen", c.max_len, 1, 4096);
  check_finite_above(where, "peBase", c.pe_base, 1.0, limits::kMaxBase);
  check_int_range(where, "t5NumBuckets", c.t5_num_buckets, 2, 1024);
  check_int_range(where, "t5MaxDistance", c.t5_max_distance, c.t5_num_buckets / 2 + 1, 1 << 20);
  check_finite_above(where, "embedInitStd", c.embed_init_std, 0.0, kMaxEmbedInitStd);
}

std::vector<TensorSpec> param_layout(const Config& c) {
  std::vector<TensorSpec> out;
  long long off = 0;
  auto add = [&](const std::string& name, int rows, int cols, bool matrix, bool gain = false) {
    out.push_back(TensorSpec{name, rows, cols, off, matrix, gain});
    off += static_cast<long long>(rows) * cols;
  };
  const int C = c.d_model, V = c.vocab_size;
  add("wte", V, C, true);
  if (c.pe_kind == PeScheme::kLearned) add("wpe", c.max_len, C, true);
  if (c.pe_kind == PeScheme::kT5) add("t5_bias", c.n_heads, c.t5_num_buckets, false);  // zeros, no decay
  for (int l = 0; l < c.n_layers; ++l) {
    const std::string p = "h" + std::to_string(l) + ".";
    add(p + "ln1.w", C, 1, false, true);
    add(p + "ln1.b", C, 1, false);
    add(p + "qkv.w", 3 * C, C, true);
    add(p + "qkv.b", 3 * C, 1, false);
    add(p + "attproj.w", C, C, true);
    add(p + "attproj.b", C, 1, false);
    add(p + "ln2.w", C, 1, false, true);
    add(p + "ln2.b", C, 1, false);
    add(p + "fc.w", 4 * C, C, true);
    add(p + "fc.b", 4 * C, 1, false);
    add(p + "fcproj.w", C, 4 * C, true);
    add(p + "fcproj.b", C, 1, false);
  }
  add("lnf.w", C, 1, false, true);
  add("lnf.b", C, 1, false);
  if (!c.tie_embeddings) add("lm_head", V, C, true);
  return out;
}

long long param_count(const Config& c) {
  std::vector<TensorSpec> layout = param_layout(c);
  return layout.back().offset + static_cast<long long>(layout.back().rows) * layout.back().cols;
}

// ---- Params ----------------------------------------------------------------------------------------------
namespace {
const TensorSpec* find_spec(const std::vector<TensorSpec>& layout, const std::string& name) {
  for (const TensorSpec& t : layout)
    if (t.name == name) return &t;
  return nullptr;
}
template <typename S>
Eigen::Map<Mat<S>> map_mat(std::vector<S>& data, const std::vector<TensorSpec>& layout, const std::string& name,
                           int empty_cols = 0) {
  const TensorSpec* t = find_spec(layout, name);
  if (!t) return Eigen::Map<Mat<S>>(data.data(), 0, empty_cols);
  return Eigen::Map<Mat<S>>(data.data() + t->offset, t->rows, t->cols);
}
template <typename S>
Eigen::Map<Vec<S>> map_vec(std::vector<S>& data, const std::vector<TensorSpec>& layout, const std::string& name) {
  const TensorSpec* t = find_spec(layout, name);
  return Eigen::Map<Vec<S>>(data.data() + t->offset, t->rows);
}
}  // namespace

template <typename S>
Params<S>::Params(const Config& c)
    : config(c),
      layout(param_layout(c)),
      data(static_cast<std::size_t>(param_count(c)), S(0)),
      wte(map_mat(data, layout, "wte")),
      wpe(map_mat(data, layout, "wpe", c.d_model)),
      t5_bias(map_mat(data, layout, "t5_bias", c.t5_num_buckets)),
      lnf_w(map_vec(data, layout, "lnf.w")),
      lnf_b(map_vec(data, layout, "lnf.b")),
      lm_head(map_mat(data, layout, c.tie_embeddings ? "wte" : "lm_head")) {
  for (int l = 0; l < c.n_layers; ++l) {
    const std::string p = "h" + std::to_string(l) + ".";
    h.push_back(BlockParams<S>{map_vec(data, layout, p + "ln1.w"), map_vec(data, layout, p + "ln1.b"),
                               map_mat(data, layout, p + "qkv.w"), map_vec(data, layout, p + "qkv.b"),
                               map_mat(data, layout, p + "attproj.w"), map_vec(data, layout, p + "attproj.b"),
                               map_vec(data, layout, p + "ln2.w"), map_vec(data, layout, p + "ln2.b"),
                               map_mat(data, layout, p + "fc.w"), map_vec(data, layout, p + "fc.b"),
                               map_mat(data, layout, p + "fcproj.w"), map_vec(data, layout, p + "fcproj.b")});
  }
}

template <typename S>
void Params<S>::init(std::uint64_t seed) {
  Pcg32 rng(seed, Stream::kModelInit);
  for (const TensorSpec& t : layout) {
    Eigen::Map<Mat<S>> m(data.data() + t.offset, t.rows, t.cols);
    if (t.matrix) fill_normal(rng, m, t.name == "wte" ? config.embed_init_std : 0.02);
    else m.setConstant(t.ln_gain ? S(1) : S(0));
  }
}

// ---- Activations -----------------------------------------------------------------------------------------
template <typename S>
Activations<S>::Activations(const Config& c, int rows, int seqs) : max_rows(rows), max_seqs(seqs) {
  const long long N = rows, C = c.d_model, V = c.vocab_size, hs = c.d_model / c.n_heads;
  max_att = static_cast<long long>(c.n_heads) * N * c.max_len;
  const long long scratch_size = static_cast<long long>(c.max_len) * c.max_len + 2LL * c.max_len * hs;
  // encoded | L × (25 (N, C) buffers + 4 (N) stats + att) | lnf | 2 (N) stats | logits, probs | losses | scratch
  const long long total =
      N * C + c.n_layers * (25 * N * C + 4 * N + max_att) + N * C + 2 * N + 2 * N * V + N + scratch_size;
  data.assign(static_cast<std::size_t>(total), S(0));
  S* p = data.data();
  auto take = [&](long long per_row) {  // a buffer of per_row numbers per row (0: a layer's att)
    S* r = p;
    p += per_row ? N * per_row : max_att;
    spans_.push_back({r, per_row});
    return r;
  };
  encoded = take(C);
  for (int l = 0; l < c.n_layers; ++l) {
    Layer L;
    L.ln1 = take(C);
    L.ln1_mean = take(1);
    L.ln1_rstd = take(1);
    L.qkv = take(3 * C);
    L.qkvr = take(3 * C);
    L.att = take(0);
    L.atty = take(C);
    L.attproj = take(C);
    L.res2 = take(C);
    L.ln2 = take(C);
    L.ln2_mean = take(1);
    L.ln2_rstd = take(1);
    L.fch = take(4 * C);
    L.fch_gelu = take(4 * C);
    L.fch_tanh = take(4 * C);
    L.fcproj = take(C);
    L.res3 = take(C);
    layers.push_back(L);
  }
  lnf = take(C);
  lnf_mean = take(1);
  lnf_rstd = take(1);
  logits = take(V);
  probs = take(V);
  losses = take(1);
  scratch = p;
  p += scratch_size;
  assert(p == data.data() + data.size());
}

template <typename S>
void Activations<S>::zero_prefix(int rows, long long att_used) {
  for (const Span& b : spans_) std::fill(b.p, b.p + (b.per_row ? rows * b.per_row : att_used), S(0));
  std::fill(scratch, data.data() + data.size(), S(0));
}

// ---- Batch -----------------------------------------------------------------------------------------------
void Batch::clear() {
  tokens.clear();
  targets.clear();
  pos.clear();
  seq_start.assign(1, 0);
}

void Batch::add(const std::vector<int>& sequence) {
  const int T = static_cast<int>(sequence.size());
  for (int i = 0; i < T; ++i) {
    tokens.push_back(sequence[i]);
    pos.push_back(i);
    targets.push_back(i + 1 < T ? sequence[i + 1] : -1);
  }
  seq_start.push_back(rows());
}

int Batch::targets_count() const {
  return static_cast<int>(std::count_if(targets.begin(), targets.end(), [](int t) { return t >= 0; }));
}

// ---- GPT -------------------------------------------------------------------------------------------------
namespace {
const Config& checked(const Config& c, int max_rows, int max_seqs) {
  check_config("GPT", c);
  check_int_range("GPT", "maxRows", max_rows, 1, limits::kMaxT);
  check_int_range("GPT", "maxSeqs", max_seqs, 1, max_rows);
  if (static_cast<long long>(max_rows) * std::max(4 * c.d_model, c.vocab_size) > limits::kMaxMatrixElements)
    fail_arg("GPT", "maxRows", "small enough for the activation caps", max_rows);
  return c;
}
}  // namespace

template <typename S>
GPT<S>::GPT(const Config& c, int max_rows, int max_seqs)
    : config(checked(c, max_rows, max_seqs)),
      params(c),
      grads(c),
      acts(c, max_rows, max_seqs),
      dacts(c, max_rows, max_seqs),
      att_off(static_cast<std::size_t>(max_seqs) + 1, 0),
      seq_start(static_cast<std::size_t>(max_seqs) + 1, 0) {
  if (c.pe_kind == PeScheme::kSinusoidal) pe = sinusoidal_pe(c.max_len, c.d_model, c.pe_base).template cast<S>();
  if (c.pe_kind == PeScheme::kRope) set_rope_scaling(*this, RopeScaling{});  // plain: type none, factor 1
  if (c.pe_kind == PeScheme::kAlibi || c.pe_kind == PeScheme::kT5) {
    dist_bias.assign(static_cast<std::size_t>(c.n_heads) * c.max_len, S(0));
    ddist_bias.assign(dist_bias.size(), S(0));
  }
  if (c.pe_kind == PeScheme::kAlibi) {  // -m_h · d, rounded once from float64
    const VecD m = alibi_slopes(c.n_heads);
    for (int h = 0; h < c.n_heads; ++h)
      for (int d = 0; d < c.max_len; ++d) dist_bias[static_cast<std::size_t>(h) * c.max_len + d] = static_cast<S>(-m(h) * d);
  }
  if (c.pe_kind == PeScheme::kT5)
    for (int d = 0; d < c.max_len; ++d) t5_bucket.push_back(t5_bucket_of_distance(d, c.t5_num_buckets, c.t5_max_distance));
}

template <typename S>
void set_rope_scaling(GPT<S>& m, const RopeScaling& scaling) {
  const Config& c = m.config;
  if (c.pe_kind != PeScheme::kRope) fail_arg("set_rope_scaling", "peKind", "'rope'", std::string("'") + pe_scheme_name(c.pe_kind) + "'");
  const int hs = c.d_model / c.n_heads;
  m.rope.resize(static_cast<std::size_t>(c.max_len) + 1);
  for (int T = 1; T <= c.max_len; ++T) {
    const ScaledRope s = scale_rope(scaling, hs, c.pe_base, T);  // plain: rope_frequencies(hs, base), factor 1
    RopeTables<S>& tab = m.rope[T];
    tab = rope_tables<S>(VecD::LinSpaced(T, 0.0, T - 1.0), s.inv_freq);
    if (s.attention_factor != 1.0) {
      tab.cos *= static_cast<S>(s.attention_factor);
      tab.sin *= static_cast<S>(s.attention_factor);
    }
  }
}

int t5_bucket_of_distance(int d, int num_buckets, int max_distance) {
  return t5_bucket(-static_cast<long long>(d), false, num_buckets, max_distance);  // relative position j - i = -d
}

namespace {
void check_batch(const Config& c, int max_rows, int max_seqs, const Batch& b) {
  const char* where = "gpt_forward";
  check_int_range(where, "batch rows", b.rows(), 1, max_rows);
  check_int_range(where, "batch sequences", b.seqs(), 1, max_seqs);
  if (b.targets.size() != b.tokens.size() || b.pos.size() != b.tokens.size() || b.seq_start.front() != 0 ||
      b.seq_start.back() != b.rows())
    fail_arg(where, "batch", "consistent (tokens, targets, pos, seq_start)", b.rows());
  for (int s = 0; s < b.seqs(); ++s)
    check_int_range(where, "sequence length", b.seq_start[s + 1] - b.seq_start[s], 1, c.max_len);
  for (int n = 0; n < b.rows(); ++n) {
    check_int_range(where, "token", b.tokens[n], 0, c.vocab_size - 1);
    check_int_range(where, "target", b.targets[n], -1, c.vocab_size - 1);
  }
}
}  // namespace

template <typename S>
S gpt_forward(GPT<S>& m, const Batch& batch) {
  const Config& c = m.config;
  check_batch(c, m.acts.max_rows, m.acts.max_seqs, batch);
  const int N = batch.rows(), B = batch.seqs(), C = c.d_model, V = c.vocab_size, NH = c.n_heads;
  m.n_rows = N;
  m.n_seqs = B;
  std::copy(batch.seq_start.begin(), batch.seq_start.end(), m.seq_start.begin());
  for (int b = 0; b < B; ++b) {
    const int T = batch.seq_start[b + 1] - batch.seq_start[b];
    m.att_off[b + 1] = m.att_off[b] + NH * T * T;
  }
  const Params<S>& p = m.params;
  Activations<S>& a = m.acts;
  const int* seq = batch.seq_start.data();
  const RopeTables<S>* rope = m.rope.empty() ? nullptr : m.rope.data();
  const S* pe = c.pe_kind == PeScheme::kSinusoidal ? m.pe.data() : (c.pe_kind == PeScheme::kLearned ? p.wpe.data() : nullptr);

  const S scale = static_cast<S>(embed_scale_factor(c));
  encoder_forward(a.encoded, batch.tokens.data(), batch.pos.data(), p.wte.data(), pe, N, C, scale);
  if (c.pe_kind == PeScheme::kT5)
    t5_bias_forward(m.dist_bias.data(), p.t5_bias.data(), m.t5_bucket.data(), NH, c.t5_num_buckets, c.max_len);
  const S* dist_bias = m.dist_bias.empty() ? nullptr : m.dist_bias.data();
  const S* x = a.encoded;  // (N, C) the residual stream entering each block
  for (int l = 0; l < c.n_layers; ++l) {
    const BlockParams<S>& w = p.h[l];
    typename Activations<S>::Layer& L = a.layers[l];
    layernorm_forward(L.ln1, L.ln1_mean, L.ln1_rstd, x, w.ln1_w.data(), w.ln1_b.data(), N, C);
    matmul_forward(L.qkv, L.ln1, w.qkv_w.data(), w.qkv_b.data(), N, C, 3 * C);
    attention_forward(L.atty, L.qkvr, L.att, L.qkv, seq, m.att_off.data(), B, C, NH, rope, dist_bias, c.max_len);
    matmul_forward(L.attproj, L.atty, w.attproj_w.data(), w.attproj_b.data(), N, C, C);
    residual_forward(L.res2, x, L.attproj, N * C);
    layernorm_forward(L.ln2, L.ln2_mean, L.ln2_rstd, L.res2, w.ln2_w.data(), w.ln2_b.data(), N, C);
    matmul_forward(L.fch, L.ln2, w.fc_w.data(), w.fc_b.data(), N, C, 4 * C);
    gelu_forward(L.fch_gelu, L.fch_tanh, L.fch, N * 4 * C);
    matmul_forward(L.fcproj, L.fch_gelu, w.fcproj_w.data(), w.fcproj_b.data(), N, 4 * C, C);
    residual_forward(L.res3, L.res2, L.fcproj, N * C);
    x = L.res3;
  }
  layernorm_forward(a.lnf, a.lnf_mean, a.lnf_rstd, x, p.lnf_w.data(), p.lnf_b.data(), N, C);
  matmul_forward<S>(a.logits, a.lnf, p.lm_head.data(), nullptr, N, C, V);
  crossentropy_forward(a.losses, a.probs, a.logits, batch.targets.data(), N, V);

  S sum = 0;
  const int count = batch.targets_count();
  for (int n = 0; n < N; ++n) sum += a.losses[n];
  m.loss = count ? sum / count : S(0);
  return m.loss;
}

template <typename S>
void gpt_zero_grad(GPT<S>& m) {
  std::fill(m.grads.data.begin(), m.grads.data.end(), S(0));
  m.dacts.zero_prefix(m.dacts_rows, m.dacts_att);
  m.dacts_rows = 0;
  m.dacts_att = 0;
  std::fill(m.ddist_bias.begin(), m.ddist_bias.end(), S(0));
}

template <typename S>
void gpt_backward(GPT<S>& m, const Batch& batch) {
  const Config& c = m.config;
  const int N = batch.rows(), B = batch.seqs(), C = c.d_model, V = c.vocab_size, NH = c.n_heads;
  const int count = batch.targets_count();
  if (count == 0) return;  // the mean over no targets is 0: nothing to differentiate
  m.dacts_rows = std::max(m.dacts_rows, N);
  m.dacts_att = std::max(m.dacts_att, static_cast<long long>(m.att_off[B]));
  const Params<S>& p = m.params;
  Grads<S>& g = m.grads;
  const Activations<S>& a = m.acts;
  Activations<S>& d = m.dacts;
  const int* seq = batch.seq_start.data();
  const RopeTables<S>* rope = m.rope.empty() ? nullptr : m.rope.data();
  const int last = c.n_layers - 1;
  S* ddist_bias = c.pe_kind == PeScheme::kT5 ? m.ddist_bias.data() : nullptr;  // ALiBi's bias is fixed

  crossentropy_backward(d.logits, a.probs, batch.targets.data(), S(1) / count, N, V);
  matmul_backward<S>(d.lnf, g.lm_head.data(), nullptr, d.logits, a.lnf, p.lm_head.data(), N, C, V);
  layernorm_backward(d.layers[last].res3, g.lnf_w.data(), g.lnf_b.data(), d.lnf, a.layers[last].res3,
                     p.lnf_w.data(), a.lnf_mean, a.lnf_rstd, N, C);
  for (int l = last; l >= 0; --l) {
    const BlockParams<S>& w = p.h[l];
    BlockParams<S>& gw = g.h[l];
    const typename Activations<S>::Layer& L = a.layers[l];
    typename Activations<S>::Layer& dL = d.layers[l];
    const S* x = l == 0 ? a.encoded : a.layers[l - 1].res3;
    S* dx = l == 0 ? d.encoded : d.layers[l - 1].res3;
    residual_backward(dL.res2, dL.fcproj, dL.res3, N * C);
    matmul_backward(dL.fch_gelu, gw.fcproj_w.data(), gw.fcproj_b.data(), dL.fcproj, L.fch_gelu, w.fcproj_w.data(),
                    N, 4 * C, C);
    gelu_backward(dL.fch, L.fch, L.fch_tanh, dL.fch_gelu, N * 4 * C);
    matmul_backward(dL.ln2, gw.fc_w.data(), gw.fc_b.data(), dL.fch, L.ln2, w.fc_w.data(), N, C, 4 * C);
    layernorm_backward(dL.res2, gw.ln2_w.data(), gw.ln2_b.data(), dL.ln2, L.res2, w.ln2_w.data(), L.ln2_mean,
                       L.ln2_rstd, N, C);
    residual_backward(dx, dL.attproj, dL.res2, N * C);
    matmul_backward(dL.atty, gw.attproj_w.data(), gw.attproj_b.data(), dL.attproj, L.atty, w.attproj_w.data(), N,
                    C, C);
    attention_backward(dL.qkv, ddist_bias, d.scratch, dL.atty, L.qkvr, L.att, seq, m.att_off.data(), B, C, NH, rope,
                       c.max_len);
    matmul_backward(dL.ln1, gw.qkv_w.data(), gw.qkv_b.data(), dL.qkv, L.ln1, w.qkv_w.data(), N, C, 3 * C);
    layernorm_backward(dx, gw.ln1_w.data(), gw.ln1_b.data(), dL.ln1, x, w.ln1_w.data(), L.ln1_mean, L.ln1_rstd, N,
                       C);
  }
  encoder_backward(g.wte.data(), c.pe_kind == PeScheme::kLearned ? g.wpe.data() : nullptr, d.encoded,
                   batch.tokens.data(), batch.pos.data(), N, C, static_cast<S>(embed_scale_factor(c)));
  if (ddist_bias) t5_bias_backward(g.t5_bias.data(), ddist_bias, m.t5_bucket.data(), NH, c.t5_num_buckets, c.max_len);
}

template <typename S>
Mat<S> gpt_attention(const GPT<S>& m, int b, int layer, int head) {
  check_int_range("gpt_attention", "sequence", b, 0, m.n_seqs - 1);
  check_int_range("gpt_attention", "layer", layer, 0, m.config.n_layers - 1);
  check_int_range("gpt_attention", "head", head, 0, m.config.n_heads - 1);
  const int T = m.seq_start[b + 1] - m.seq_start[b];
  const S* p = m.acts.layers[layer].att + m.att_off[b] + static_cast<long long>(head) * T * T;
  return Eigen::Map<const Mat<S>>(p, T, T);
}

std::vector<float> save_weights(const GPT<float>& m) { return m.params.data; }

void load_weights(GPT<float>& m, const std::vector<float>& weights) {
  if (weights.size() != m.params.data.size())
    fail_arg("load_weights", "weights", "of size param_count(config) = " + std::to_string(m.params.data.size()),
             weights.size());
  std::copy(weights.begin(), weights.end(), m.params.data.begin());
}

// ---- FLOPs -----------------------------------------------------------------------------------------------
FlopsBreakdown forward_flops(const Config& c, int T) {
  check_config("forward_flops", c);
  check_int_range("forward_flops", "T", T, 1, c.max_len);
  const long long t = T, C = c.d_model, V = c.vocab_size, NH = c.n_heads, L = c.n_layers;
  FlopsBreakdown f;
  const bool additive = c.pe_kind == PeScheme::kSinusoidal || c.pe_kind == PeScheme::kLearned;
  const bool score_bias = c.pe_kind == PeScheme::kAlibi || c.pe_kind == PeScheme::kT5;
  f.embedding = (additive ? t * C : 0) + (c.embed_scale == EmbedScale::kSqrtD ? t * C : 0);
  f.rope = c.pe_kind == PeScheme::kRope ? L * 6 * t * C : 0;
  f.layernorm = (2 * L + 1) * 7 * t * C;
  f.qkv = L * (2 * t * C * 3 * C + 3 * t * C);
  f.attention = L * (2 * t * t * C + NH * t * t + NH * 4 * t * t + 2 * t * t * C + (score_bias ? NH * t * (t + 1) / 2 : 0));
  f.attn_proj = L * (2 * t * C * C + t * C);
  f.mlp = L * (2 * t * C * 4 * C + 4 * t * C + 9 * 4 * t * C + 2 * t * 4 * C * C + t * C);
  f.residual = L * 2 * t * C;
  f.lm_head = 2 * t * C * V + 4 * t * V;
  f.total = f.embedding + f.rope + f.layernorm + f.qkv + f.attention + f.attn_proj + f.mlp + f.residual + f.lm_head;
  return f;
}

long long forward_flops_total(const Config& c, int T) { return forward_flops(c, T).total; }

#define PELAB_GPT_MODEL(S)                                \
  template struct Params<S>;                              \
  template struct Activations<S>;                         \
  template struct GPT<S>;                                 \
  template S gpt_forward<S>(GPT<S>&, const Batch&);       \
  template void gpt_zero_grad<S>(GPT<S>&);                \
  template void gpt_backward<S>(GPT<S>&, const Batch&);   \
  template Mat<S> gpt_attention<S>(const GPT<S>&, int, int, int); \
  template void set_rope_scaling<S>(GPT<S>&, const RopeScaling&);

PELAB_GPT_MODEL(float)
PELAB_GPT_MODEL(double)
#undef PELAB_GPT_MODEL

}  // namespace pelab::gpt
