// core/model/gpt.h — the mini-GPT of the head-to-head experiment (course Phase 17 blueprint), in the
// llm.c split: Config (sizes), Params (one flat buffer, named Eigen::Map views), Grads (same layout),
// Activations (one flat buffer per model, sized once for the largest batch), forward / backward.
//   x = s · wte[tokens] (+ PE[pos] for sinusoidal / learned); s = 1, or sqrt(C) with embed_scale kSqrtD
//   per block:  x += W_o attn(RoPE?(W_qkv LN1(x)), + b(i-j) for ALiBi / T5) ;  x += W_proj GELU(W_fc LN2(x))
//               (pre-LayerNorm; b a per-head bias of the causal distance i - j, added to the scores)
//   logits = LN_f(x) · lm_headᵀ   (lm_head = wte when tie_embeddings, no bias)
// Legend: N packed rows, B sequences, T a sequence's length (BOS included), C = d_model, NH heads,
// hs = C/NH, V vocabulary, L layers.
// Leaves out: dropout, KV cache, sampling, mixed precision, threads. The optimiser lives in optim.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../positional/rope.h"
#include "../positional/rope_scaling.h"
#include "../positional/scheme.h"
#include "../tensor.h"

namespace pelab::gpt {

// The model implements every scheme of positional/scheme.h:
//   kNone        NoPE: causal attention only (the mask is the only source of order; no parameters)
//   kSinusoidal  fixed table added to the token embeddings (no parameters)
//   kRope        Q and K rotated per head inside attention, interleaved pairs (no parameters)
//   kLearned     learned absolute table (max_len, C) added to the embeddings, init N(0, 0.02²)
//   kAlibi       score of query i, key j <= i gets -m_h (i - j), m_h the reference slopes (positional/alibi.h;
//                no parameters)
//   kT5          score gets t5_bias[h, bucket(i - j)]: a learned (NH, t5_num_buckets) table shared by every
//                layer (as in T5), causal buckets of positional/t5.h; init ZEROS (every distance starts
//                unbiased, like NoPE) and no weight decay, so a bucket no training distance reaches stays 0.
// "none" | "sinusoidal" | "rope" | "learned" | "alibi" | "t5"; anything else throws "<where>: <param> must be
// one of …, got '…'".
PeScheme parse_model_scheme(const std::string& name, const char* where = "parse_model_scheme", const char* param = "peKind");

// The causal T5 bucket of distance d = i - j >= 0 (positional/t5.h's t5_bucket of relative position -d).
int t5_bucket_of_distance(int d, int num_buckets, int max_distance);

// Token embeddings on the input side: as they are (GPT-2), or × sqrt(d_model) before the PE is added (Vaswani
// et al. 2017, §3.4). The tied output head (lm_head = wte) is never scaled. "none" | "sqrt-d"; anything else
// throws "<where>: <param> must be one of 'none', 'sqrt-d', got '…'".
enum class EmbedScale { kNone, kSqrtD };
EmbedScale parse_embed_scale(const std::string& name, const char* where = "parse_embed_scale", const char* param = "embedScale");
const char* embed_scale_name(EmbedScale s);
// The largest embedding init std a config takes: 1 is the framework default (PyTorch's nn.Embedding draws
// N(0, 1)); GPT-2's 0.02 is the default here.
constexpr double kMaxEmbedInitStd = 1.0;

struct Config {
  int vocab_size = 58;   // V: the corpus vocabulary by default; 512 is the course's option (extra ids unused)
  int d_model = 64;      // C
  int n_layers = 2;      // L
  int n_heads = 4;       // NH, hs = C / NH
  int max_len = 32;      // longest sequence (BOS included) the PE tables and activations cover
  PeScheme pe_kind = PeScheme::kSinusoidal;
  // Default true (GPT-2): the output projection is wteᵀ, which saves V·C parameters (32768 at V = 512)
  // and gives the never-a-target <sep> an embedding shaped by the output side.
  bool tie_embeddings = true;
  double pe_base = 10000.0;  // sinusoidal and RoPE base
  int t5_num_buckets = 32;     // T5 (its defaults): buckets [2, 1024]; exact below num_buckets / 2
  int t5_max_distance = 128;   // T5: distances >= this share the last bucket; [num_buckets / 2 + 1, 2^20]
  EmbedScale embed_scale = EmbedScale::kNone;  // input-side factor on wte rows (see EmbedScale)
  double embed_init_std = 0.02;  // std of wte's N(0, std²) init, (0, kMaxEmbedInitStd]; other matrices keep 0.02
};
// The factor embed_scale puts on the token embeddings: 1, or sqrt(d_model).
double embed_scale_factor(const Config& c);

// Throws std::invalid_argument "<where>: <param> must be …, got …" for: vocab_size outside [2, 65536],
// d_model outside [2, 1024] or odd, n_layers outside [1, 16], n_heads outside [1, 64], d_model not
// divisible by n_heads, an odd head size with RoPE, max_len outside [1, 4096], base not in (1, 1e12],
// T5 buckets / max distance outside the ranges above (checked for every scheme), embed_init_std outside
// (0, kMaxEmbedInitStd].
void check_config(const char* where, const Config& c);

// One named tensor of the flat parameter buffer, in buffer (and initialisation) order.
struct TensorSpec {
  std::string name;   // "wte", "wpe", "t5_bias", "h0.ln1.w", "h0.qkv.w", …, "lnf.b", "lm_head"
  int rows = 0;
  int cols = 0;       // 1 for vectors
  long long offset = 0;
  bool matrix = false;  // 2-D weight: N(0, 0.02²) init and weight decay; vectors: biases 0, LN gains 1
  bool ln_gain = false;
};
std::vector<TensorSpec> param_layout(const Config& c);

// The real number of parameters: V·C (wte) + [max_len·C (learned wpe)] + [NH·t5_num_buckets (t5_bias)]
// + L·(12C² + 13C) + 2C (LN_f) + [V·C (lm_head, untied only)]. For C = 64, L = 2: 99 968 + 128 + V·64 (tied) — 103 808 at V = 58,
// 132 864 at V = 512.
long long param_count(const Config& c);

template <typename S>
struct BlockParams {
  Eigen::Map<Vec<S>> ln1_w, ln1_b;   // (C)
  Eigen::Map<Mat<S>> qkv_w;          // (3C, C)
  Eigen::Map<Vec<S>> qkv_b;          // (3C)
  Eigen::Map<Mat<S>> attproj_w;      // (C, C)   W_o
  Eigen::Map<Vec<S>> attproj_b;      // (C)
  Eigen::Map<Vec<S>> ln2_w, ln2_b;   // (C)
  Eigen::Map<Mat<S>> fc_w;           // (4C, C)
  Eigen::Map<Vec<S>> fc_b;           // (4C)
  Eigen::Map<Mat<S>> fcproj_w;       // (C, 4C)
  Eigen::Map<Vec<S>> fcproj_b;       // (C)
};

// All parameters in one buffer `data`, allocated once; the maps view it. Not copyable or movable (the
// maps point into `data`); copy `data` to save the weights.
template <typename S>
struct Params {
  explicit Params(const Config& c);
  Params(const Params&) = delete;
  Params& operator=(const Params&) = delete;

  Config config;
  std::vector<TensorSpec> layout;
  std::vector<S> data;               // (param_count)
  Eigen::Map<Mat<S>> wte;            // (V, C)
  Eigen::Map<Mat<S>> wpe;            // (max_len, C) learned PE; (0, C) otherwise
  Eigen::Map<Mat<S>> t5_bias;        // (NH, t5_num_buckets) T5; (0, t5_num_buckets) otherwise
  std::vector<BlockParams<S>> h;     // (L)
  Eigen::Map<Vec<S>> lnf_w, lnf_b;   // (C)
  Eigen::Map<Mat<S>> lm_head;        // (V, C): the same memory as wte when tied

  // Weights N(0, 0.02²) (GPT-2; no residual rescaling; wte: N(0, embed_init_std²)), drawn tensor by tensor in layout order, row-major,
  // from Pcg32(seed, Stream::kModelInit); biases 0; LayerNorm gains 1. Float and double models drawn from
  // the same seed hold the same weights up to float rounding.
  void init(std::uint64_t seed);
};
template <typename S>
using Grads = Params<S>;  // same layout: grads.data[i] is d loss / d params.data[i]

// Forward buffers (and, in a second instance, their gradients), one flat allocation for at most
// max_rows packed rows and max_seqs sequences.
template <typename S>
struct Activations {
  Activations(const Config& c, int max_rows, int max_seqs);
  Activations(const Activations&) = delete;
  Activations& operator=(const Activations&) = delete;

  struct Layer {
    S* ln1;        // (N, C)
    S* ln1_mean;   // (N)
    S* ln1_rstd;   // (N)
    S* qkv;        // (N, 3C)
    S* qkvr;       // (N, 3C) q, k rotated (RoPE) or copied
    S* att;        // (NH · sum_b T_b²) softmax weights, see attention_forward
    S* atty;       // (N, C) attention output before W_o
    S* attproj;    // (N, C)
    S* res2;       // (N, C) x + attn
    S* ln2;        // (N, C)
    S* ln2_mean;   // (N)
    S* ln2_rstd;   // (N)
    S* fch;        // (N, 4C)
    S* fch_gelu;   // (N, 4C)
    S* fch_tanh;   // (N, 4C) the GELU's tanh, kept for its backward
    S* fcproj;     // (N, C)
    S* res3;       // (N, C) block output
  };
  int max_rows, max_seqs;
  long long max_att;            // NH · max_rows · max_len >= NH · sum_b T_b²
  std::vector<S> data;
  S* encoded;                   // (N, C)
  std::vector<Layer> layers;    // (L)
  S* lnf;                       // (N, C)
  S* lnf_mean;                  // (N)
  S* lnf_rstd;                  // (N)
  S* logits;                    // (N, V)
  S* probs;                     // (N, V)
  S* losses;                    // (N)
  S* scratch;                   // (max_len² + 2·max_len·hs) attention backward workspace

  // Sets the first `rows` rows of every per-row buffer, the first `att_used` numbers of each layer's att and
  // all of scratch to 0 (the rest of data is left as it is): what a batch of `rows` rows can have written.
  void zero_prefix(int rows, long long att_used);

 private:
  struct Span {
    S* p;
    long long per_row;  // numbers per row; 0: a layer's att (att_used numbers)
  };
  std::vector<Span> spans_;  // every buffer but scratch, in data's order
};

// Sequences packed back to back. add() appends one sequence; targets are the next token inside the
// sequence and -1 on its last row (no loss there: nothing follows).
struct Batch {
  std::vector<int> tokens;     // (N)
  std::vector<int> targets;    // (N), -1 = no loss
  std::vector<int> pos;        // (N) position inside the row's sequence, BOS = 0
  std::vector<int> seq_start;  // (B + 1), seq_start[0] = 0, seq_start[B] = N
  Batch() : seq_start{0} {}
  void clear();
  void add(const std::vector<int>& sequence);
  int rows() const { return static_cast<int>(tokens.size()); }
  int seqs() const { return static_cast<int>(seq_start.size()) - 1; }
  int targets_count() const;
};

template <typename S>
struct GPT {
  // Allocates everything the model will ever use: parameters, gradients, optimizer-free activations
  // for up to max_rows rows / max_seqs sequences, the PE tables. Throws for a bad config.
  GPT(const Config& c, int max_rows, int max_seqs);
  GPT(const GPT&) = delete;
  GPT& operator=(const GPT&) = delete;

  Config config;
  Params<S> params;
  Grads<S> grads;
  Activations<S> acts;
  Activations<S> dacts;               // d loss / d activation, same layout
  Mat<S> pe;                          // (max_len, C) sinusoidal table; empty for rope / learned
  std::vector<RopeTables<S>> rope;    // rope[T]: positions 0 … T-1, (T, hs/2) each; empty unless RoPE
  std::vector<int> t5_bucket;         // (max_len) causal bucket of each distance; empty unless T5
  std::vector<S> dist_bias;           // (NH, max_len) score bias by distance: ALiBi's fixed -m_h d, T5's
                                      // gathered each forward; empty otherwise
  std::vector<S> ddist_bias;          // its gradient, summed over layers (T5), zeroed by gpt_zero_grad
  std::vector<int> att_off;           // (B + 1) offsets of each sequence's attention block
  std::vector<int> seq_start;         // (B + 1) of the last forward
  int n_rows = 0, n_seqs = 0;         // of the last forward
  int dacts_rows = 0;                 // rows (and att numbers) of dacts a backward may have written since the
  long long dacts_att = 0;            // last gpt_zero_grad: it zeroes only these (a full dacts is ~2× a batch's)
  S loss = 0;                         // mean loss of the last forward (0 if it had no targets)
};

// Forward over a packed batch (rows <= max_rows, seqs <= max_seqs, every sequence length <= max_len,
// tokens in [0, V)): fills acts, returns the mean cross-entropy over rows with a target. Throws
// std::invalid_argument for a batch that does not fit or holds bad ids.
template <typename S>
S gpt_forward(GPT<S>& m, const Batch& batch);
// Zeroes grads and dacts: the one place gradients are reset.
template <typename S>
void gpt_zero_grad(GPT<S>& m);
// Backward of the mean loss of the last gpt_forward (same batch); accumulates into grads.
template <typename S>
void gpt_backward(GPT<S>& m, const Batch& batch);

// The attention weights of the last forward: sequence b, layer l, head h, as a (T_b, T_b) matrix.
template <typename S>
Mat<S> gpt_attention(const GPT<S>& m, int b, int layer, int head);

// RoPE at inference (evaluation only): rebuilds m.rope so that table T rotates with
// scale_rope(scaling, hs, pe_base, T) — its frequencies, and cos/sin times its attention factor (so q·k scale by
// its square, as Hugging Face applies YaRN's). Each table gets its own length T (dynamic NTK reads it).
// Type none or factor 1 gives the plain tables, bit for bit the ones the constructor builds (it calls this).
// Throws for a model without RoPE or a bad scaling. Training reads the same tables: train with plain ones only.
template <typename S>
void set_rope_scaling(GPT<S>& m, const RopeScaling& scaling);

// Weights as a flat float vector in param_layout order (+ the Config is all a model needs), and back.
std::vector<float> save_weights(const GPT<float>& m);
void load_weights(GPT<float>& m, const std::vector<float>& weights);  // throws on a size mismatch

// ---- FLOPs ------------------------------------------------------------------------------------------
// One forward of a single sequence of T rows (BOS included), counted from the shapes as implemented:
// a (m×k)·(k×n) product is 2mkn, a bias or residual add 1 per element, exp / tanh / sqrt 1 each.
//   encoder/PE:  T·C adds for sinusoidal and learned (the table is precomputed), 0 for the others;
//                + T·C multiplies when embed_scale is sqrt-d
//   ALiBi / T5:  the bias add on the causal scores, NH·T(T+1)/2 per layer, counted in attention (the T5
//                gather is a copy, 0 flops)
//   per layer:   LN 2·7TC;  QKV 2·T·C·3C + 3TC;  scores NH·2T²hs = 2T²C (full T×T, the mask is applied
//                after the product) + T² scaling per head;  softmax 4T² per head;  P·V 2T²C;
//                W_o 2TC² + TC;  residuals 2TC;  MLP 2·2·T·C·4C + 5TC;  GELU 9·4TC
//   RoPE:        per layer, each of the 2C elements of q and k of each row is rotated: a pair
//                (x0, x1) -> (x0 cos - x1 sin, x0 sin + x1 cos) costs 4 mul + 2 add = 6 flops per pair,
//                i.e. 3 flops per rotated element, so 3·2C·T = 6TC per layer (cos/sin tables precomputed)
//   final:       LN_f 7TC; lm head 2TCV; softmax 4TV (needed for probabilities)
struct FlopsBreakdown {
  long long embedding = 0;   // PE add (+ the embedding scale)
  long long rope = 0;        // all layers
  long long layernorm = 0;   // all layers + final
  long long qkv = 0;
  long long attention = 0;   // scores + softmax + P·V
  long long attn_proj = 0;
  long long mlp = 0;         // both matmuls + GELU
  long long residual = 0;
  long long lm_head = 0;     // matmul + softmax
  long long total = 0;
};
FlopsBreakdown forward_flops(const Config& c, int T);
// Just the total.
long long forward_flops_total(const Config& c, int T);

}  // namespace pelab::gpt
