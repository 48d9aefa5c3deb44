// core/model/layers.h — the mini-GPT's layers as forward/backward pairs (llm.c style): outputs first, then
// inputs, then sizes; every backward ACCUMULATES (+=) into its gradient outputs, which the caller zeroes
// once per step (gpt_zero_grad). Templated on the scalar: float for training, double for gradient checks.
// Legend: N packed rows (all sequences of a batch back to back), B sequences, T a sequence's length,
// C channels (d_model), OC output channels, NH heads, hs = C/NH, V vocabulary.
// Sequence b occupies rows [seq_start[b], seq_start[b+1]); attention never crosses sequences, so a batch of
// different lengths needs no padding and no mask. Kernels assert nothing and check nothing: GPT checks.
#pragma once

#include "../positional/rope.h"
#include "../tensor.h"

namespace pelab::gpt {

// ---- embedding + additive PE ----------------------------------------------------------------------------
// out (N, C) = scale · wte[tokens[n]] + pe[pos[n]]; pe (max_len, C) is the sinusoidal or learned table, or
// null (RoPE: no additive PE). pos[n] is the row's position inside its own sequence (BOS = 0). scale is 1 or
// sqrt(C) (gpt.h EmbedScale); 1 · x is exact, so scale 1 gives the unscaled numbers bit for bit.
template <typename S>
void encoder_forward(S* out, const int* tokens, const int* pos, const S* wte, const S* pe, int N, int C,
                     S scale = S(1));
// dwte[tokens[n]] += scale · dout[n]; dpe[pos[n]] += dout[n] if dpe is not null (learned PE only).
template <typename S>
void encoder_backward(S* dwte, S* dpe, const S* dout, const int* tokens, const int* pos, int N, int C,
                      S scale = S(1));

// ---- LayerNorm (eps 1e-5) ----------------------------------------------------------------------------
// out (N, C) = (inp - mean) * rstd * weight + bias; mean, rstd (N) are kept for backward.
template <typename S>
void layernorm_forward(S* out, S* mean, S* rstd, const S* inp, const S* weight, const S* bias, int N, int C);
template <typename S>
void layernorm_backward(S* dinp, S* dweight, S* dbias, const S* dout, const S* inp, const S* weight,
                        const S* mean, const S* rstd, int N, int C);

// ---- matmul + bias -------------------------------------------------------------------------------------
// out (N, OC) = inp (N, C) · wᵀ + bias; w is (OC, C) (PyTorch's nn.Linear layout), bias (OC) or null.
template <typename S>
void matmul_forward(S* out, const S* inp, const S* w, const S* bias, int N, int C, int OC);
template <typename S>
void matmul_backward(S* dinp, S* dw, S* dbias, const S* dout, const S* inp, const S* w, int N, int C, int OC);

// ---- causal multi-head attention ----------------------------------------------------------------------
// qkv (N, 3C): row = [q | k | v], head h in columns h·hs … h·hs+hs-1 of each third.
// qkvr (N, 3C): qkv with q and k rotated by RoPE (a plain copy without RoPE); kept for backward.
// att: for sequence b, NH blocks of (T_b, T_b) starting at att_off[b], head h at att_off[b] + h·T_b²;
//      row i holds softmax_j(q_i·k_j / sqrt(hs)) for j <= i and zeros for j > i.
// out (N, C): head h writes columns h·hs … h·hs+hs-1.
// rope_by_T: null, or tables indexed by sequence length: rope_by_T[T] has T rows (positions 0 … T-1).
// dist_bias: null, or (NH, bias_ld) per-head biases by causal distance d = i - j (ALiBi, T5): row i's score
//      of key j <= i becomes q_i·k_j / sqrt(hs) + dist_bias[h·bias_ld + i - j]; bias_ld >= T_max.
template <typename S>
void attention_forward(S* out, S* qkvr, S* att, const S* qkv, const int* seq_start, const int* att_off, int B,
                       int C, int NH, const RopeTables<S>* rope_by_T, const S* dist_bias = nullptr,
                       int bias_ld = 0);
// scratch: at least T_max² + 2·T_max·hs values. ddist_bias: null, or (NH, bias_ld) accumulating d loss / d
// dist_bias (a learned bias: T5).
template <typename S>
void attention_backward(S* dqkv, S* ddist_bias, S* scratch, const S* dout, const S* qkvr, const S* att,
                        const int* seq_start, const int* att_off, int B, int C, int NH,
                        const RopeTables<S>* rope_by_T, int bias_ld = 0);

// ---- T5 relative bias, shared across layers ------------------------------------------------------------
// dist_bias (NH, max_len) = table (NH, n_buckets) gathered by bucket_of_distance (max_len): entry (h, d) =
// table[h, bucket_of_distance[d]], the causal bucket of distance d (positional/t5.h).
template <typename S>
void t5_bias_forward(S* dist_bias, const S* table, const int* bucket_of_distance, int NH, int n_buckets,
                     int max_len);
// dtable[h, bucket_of_distance[d]] += ddist_bias[h, d].
template <typename S>
void t5_bias_backward(S* dtable, const S* ddist_bias, const int* bucket_of_distance, int NH, int n_buckets,
                      int max_len);

// ---- GELU, tanh approximation (Hendrycks & Gimpel 2016; GPT-2's) -------------------------------------------
// out = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x³))), elementwise over n values; th keeps each tanh for the
// backward (it costs an exp: recomputing it there was a tenth of a training step), which reads it unchanged.
template <typename S>
void gelu_forward(S* out, S* th, const S* inp, int n);
template <typename S>
void gelu_backward(S* dinp, const S* inp, const S* th, const S* dout, int n);

// ---- residual ------------------------------------------------------------------------------------------
template <typename S>
void residual_forward(S* out, const S* a, const S* b, int n);
template <typename S>
void residual_backward(S* da, S* db, const S* dout, int n);

// ---- softmax + cross-entropy ---------------------------------------------------------------------------
// probs (N, V) = softmax(logits); losses (N) = -ln probs[n][targets[n]], 0 where targets[n] < 0 (no loss).
template <typename S>
void crossentropy_forward(S* losses, S* probs, const S* logits, const int* targets, int N, int V);
// dlogits += dloss · (probs - onehot(target)) on rows with a target; dloss = 1 / (number of targets) for
// the mean loss.
template <typename S>
void crossentropy_backward(S* dlogits, const S* probs, const int* targets, S dloss, int N, int V);

}  // namespace pelab::gpt
