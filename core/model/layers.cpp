// core/model/layers.cpp — see layers.h. Each backward starts with its derivation from the forward line.
#include "layers.h"

#include <algorithm>
#include <cmath>

#include "gemm.h"

namespace pelab::gpt {

namespace {
template <typename S>
using MapM = Eigen::Map<Mat<S>>;
template <typename S>
using CMapM = Eigen::Map<const Mat<S>>;
template <typename S>
using CBlock = Eigen::Block<const CMapM<S>>;  // a head's (T, hs) columns of a read-only (T, 3C) map
}  // namespace

// ---- embedding + additive PE ----------------------------------------------------------------------------
template <typename S>
void encoder_forward(S* out, const int* tokens, const int* pos, const S* wte, const S* pe, int N, int C, S scale) {
  for (int n = 0; n < N; ++n) {
    S* o = out + static_cast<long long>(n) * C;
    const S* e = wte + static_cast<long long>(tokens[n]) * C;
    if (pe) {
      const S* p = pe + static_cast<long long>(pos[n]) * C;
      for (int i = 0; i < C; ++i) o[i] = scale * e[i] + p[i];
    } else {
      for (int i = 0; i < C; ++i) o[i] = scale * e[i];
    }
  }
}

// out[n] = scale · wte[tok[n]] + pe[pos[n]] is a scaled row lookup: d out[n] / d wte[tok[n]] = scale · I, so
// the row's gradient is scale times the sum of dout over the rows that used that token; pe's is the plain sum
// over the rows at that position.
template <typename S>
void encoder_backward(S* dwte, S* dpe, const S* dout, const int* tokens, const int* pos, int N, int C, S scale) {
  for (int n = 0; n < N; ++n) {
    const S* d = dout + static_cast<long long>(n) * C;
    S* e = dwte + static_cast<long long>(tokens[n]) * C;
    for (int i = 0; i < C; ++i) e[i] += scale * d[i];
    if (dpe) {
      S* p = dpe + static_cast<long long>(pos[n]) * C;
      for (int i = 0; i < C; ++i) p[i] += d[i];
    }
  }
}

// ---- LayerNorm ----------------------------------------------------------------------------------------
template <typename S>
void layernorm_forward(S* out, S* mean, S* rstd, const S* inp, const S* weight, const S* bias, int N, int C) {
  const S eps = S(1e-5);
  for (int n = 0; n < N; ++n) {
    const S* x = inp + static_cast<long long>(n) * C;
    S m = 0;
    for (int i = 0; i < C; ++i) m += x[i];
    m /= C;
    S v = 0;
    for (int i = 0; i < C; ++i) v += (x[i] - m) * (x[i] - m);
    v /= C;
    const S r = S(1) / std::sqrt(v + eps);
    S* o = out + static_cast<long long>(n) * C;
    for (int i = 0; i < C; ++i) o[i] = (x[i] - m) * r * weight[i] + bias[i];
    mean[n] = m;
    rstd[n] = r;
  }
}

// y_i = w_i xhat_i + b_i, xhat_i = (x_i - mu) r, r = (var + eps)^(-1/2), mu and var over the row's C values.
// dw_i += dy_i xhat_i, db_i += dy_i, g_i = dy_i w_i. Using d mu/dx_j = 1/C and d r/dx_j = -r³ (x_j - mu)/C:
//   dx_j = r (g_j - mean_i(g_i) - xhat_j mean_i(g_i xhat_i)).
template <typename S>
void layernorm_backward(S* dinp, S* dweight, S* dbias, const S* dout, const S* inp, const S* weight,
                        const S* mean, const S* rstd, int N, int C) {
  for (int n = 0; n < N; ++n) {
    const S* x = inp + static_cast<long long>(n) * C;
    const S* dy = dout + static_cast<long long>(n) * C;
    S* dx = dinp + static_cast<long long>(n) * C;
    const S m = mean[n], r = rstd[n];
    S g_mean = 0, gx_mean = 0;
    for (int i = 0; i < C; ++i) {
      const S xhat = (x[i] - m) * r;
      const S g = dy[i] * weight[i];
      g_mean += g;
      gx_mean += g * xhat;
    }
    g_mean /= C;
    gx_mean /= C;
    for (int i = 0; i < C; ++i) {
      const S xhat = (x[i] - m) * r;
      const S g = dy[i] * weight[i];
      dweight[i] += dy[i] * xhat;
      dbias[i] += dy[i];
      dx[i] += r * (g - g_mean - xhat * gx_mean);
    }
  }
}

// ---- matmul + bias -------------------------------------------------------------------------------------
// Through gemm.h's kernel (Eigen's GEMM has no wasm SIMD path).
template <typename S>
void matmul_forward(S* out, const S* inp, const S* w, const S* bias, int N, int C, int OC) {
  gemm_bt<false>(out, OC, inp, C, 1, w, C, N, C, OC);  // (N, C) · Wᵀ, W (OC, C)
  if (bias)
    for (int n = 0; n < N; ++n)
      for (int o = 0; o < OC; ++o) out[static_cast<long long>(n) * OC + o] += bias[o];
}

// out = X Wᵀ + 1 bᵀ:  dX += dout W,  dW += doutᵀ X,  db += column sums of dout (1ᵀ dout).
template <typename S>
void matmul_backward(S* dinp, S* dw, S* dbias, const S* dout, const S* inp, const S* w, int N, int C, int OC) {
  gemm<true>(dinp, C, dout, OC, 1, w, C, N, OC, C);   // (N, OC) · W (OC, C)
  gemm<true>(dw, C, dout, 1, OC, inp, C, OC, N, C);   // doutᵀ (OC, N) · X (N, C)
  if (dbias)
    for (int n = 0; n < N; ++n)
      for (int o = 0; o < OC; ++o) dbias[o] += dout[static_cast<long long>(n) * OC + o];
}

// ---- causal multi-head attention ----------------------------------------------------------------------
template <typename S>
void attention_forward(S* out, S* qkvr, S* att, const S* qkv, const int* seq_start, const int* att_off, int B,
                       int C, int NH, const RopeTables<S>* rope_by_T, const S* dist_bias, int bias_ld) {
  const int hs = C / NH;
  const S scale = S(1) / std::sqrt(static_cast<S>(hs));
  const int N = seq_start[B];
  MapM<S>(qkvr, N, 3 * C) = CMapM<S>(qkv, N, 3 * C);
  for (int b = 0; b < B; ++b) {
    const int r0 = seq_start[b], T = seq_start[b + 1] - r0;
    MapM<S> x(qkvr + static_cast<long long>(r0) * 3 * C, T, 3 * C);  // this sequence's rows
    MapM<S> o(out + static_cast<long long>(r0) * C, T, C);
    for (int h = 0; h < NH; ++h) {
      if (rope_by_T) {  // q_t <- R(t) q_t, k_t <- R(t) k_t, per head (interleaved pairs)
        apply_rope_inplace<S>(x.block(0, h * hs, T, hs), rope_by_T[T]);
        apply_rope_inplace<S>(x.block(0, C + h * hs, T, hs), rope_by_T[T]);
      }
      MapM<S> a(att + att_off[b] + static_cast<long long>(h) * T * T, T, T);
      a.noalias() = x.block(0, h * hs, T, hs) * x.block(0, C + h * hs, T, hs).transpose();
      const S* bh = dist_bias ? dist_bias + static_cast<long long>(h) * bias_ld : nullptr;
      for (int i = 0; i < T; ++i) {  // causal softmax of row i over j <= i
        S* row = &a(i, 0);
        for (int j = 0; j <= i; ++j) row[j] = bh ? row[j] * scale + bh[i - j] : row[j] * scale;  // score s_ij
        S mx = row[0];
        for (int j = 0; j <= i; ++j) mx = std::max(mx, row[j]);
        S z = 0;
        for (int j = 0; j <= i; ++j) {
          row[j] = std::exp(row[j] - mx);
          z += row[j];
        }
        const S inv = S(1) / z;
        for (int j = 0; j <= i; ++j) row[j] *= inv;
        for (int j = i + 1; j < T; ++j) row[j] = 0;
      }
      o.block(0, h * hs, T, hs).noalias() = a * x.block(0, 2 * C + h * hs, T, hs);
    }
  }
}

// Per head, s_ij = c q_i·k_j + b_h(i-j) (c = 1/sqrt(hs); b = 0 without a distance bias),
// P = causal softmax_j(s), o_i = sum_j P_ij v_j:
//   dP_ij = do_i·v_j              -> dP = dO Vᵀ
//   dv_j += sum_i P_ij do_i       -> dV += Pᵀ dO
//   ds_ij = P_ij (dP_ij - sum_k P_ik dP_ik)   (softmax Jacobian; zero where P is masked to 0)
//   dq_i = c sum_j ds_ij k_j      -> dQ = c dS K,   dK = c dSᵀ Q
//   db_h(d) += sum_{i - j = d} ds_ij   (ds s_ij / d b_h(d) = 1 for each pair at distance d)
// With RoPE, q' = R q (R orthogonal), so dq = Rᵀ dq' = R(-angle) dq': apply_rope_inplace(..., inverse=true).
// dS below holds c·ds (the factor dQ and dK need), so the bias takes dS / c.
template <typename S>
void attention_backward(S* dqkv, S* ddist_bias, S* scratch, const S* dout, const S* qkvr, const S* att,
                        const int* seq_start, const int* att_off, int B, int C, int NH,
                        const RopeTables<S>* rope_by_T, int bias_ld) {
  const int hs = C / NH;
  const S scale = S(1) / std::sqrt(static_cast<S>(hs));
  const S inv_scale = std::sqrt(static_cast<S>(hs));
  for (int b = 0; b < B; ++b) {
    const int r0 = seq_start[b], T = seq_start[b + 1] - r0;
    const CMapM<S> x(qkvr + static_cast<long long>(r0) * 3 * C, T, 3 * C);
    MapM<S> dx(dqkv + static_cast<long long>(r0) * 3 * C, T, 3 * C);
    const CMapM<S> dO(dout + static_cast<long long>(r0) * C, T, C);
    MapM<S> dS(scratch, T, T);
    MapM<S> dq(scratch + static_cast<long long>(T) * T, T, hs);
    MapM<S> dk(scratch + static_cast<long long>(T) * T + static_cast<long long>(T) * hs, T, hs);
    for (int h = 0; h < NH; ++h) {
      CMapM<S> P(att + att_off[b] + static_cast<long long>(h) * T * T, T, T);
      const CBlock<S> q = x.block(0, h * hs, T, hs);
      const CBlock<S> k = x.block(0, C + h * hs, T, hs);
      const CBlock<S> v = x.block(0, 2 * C + h * hs, T, hs);
      const CBlock<S> dOh = dO.block(0, h * hs, T, hs);
      dx.block(0, 2 * C + h * hs, T, hs).noalias() += P.transpose() * dOh;
      dS.noalias() = dOh * v.transpose();  // dP for now
      for (int i = 0; i < T; ++i) {
        S dot = 0;
        for (int j = 0; j <= i; ++j) dot += P(i, j) * dS(i, j);
        for (int j = 0; j < T; ++j) dS(i, j) = j <= i ? scale * P(i, j) * (dS(i, j) - dot) : S(0);
      }
      if (ddist_bias) {
        S* dbh = ddist_bias + static_cast<long long>(h) * bias_ld;
        for (int i = 0; i < T; ++i)
          for (int j = 0; j <= i; ++j) dbh[i - j] += dS(i, j) * inv_scale;
      }
      dq.noalias() = dS * k;
      dk.noalias() = dS.transpose() * q;
      if (rope_by_T) {
        apply_rope_inplace<S>(dq, rope_by_T[T], RopeConvention::kInterleaved, true);
        apply_rope_inplace<S>(dk, rope_by_T[T], RopeConvention::kInterleaved, true);
      }
      dx.block(0, h * hs, T, hs) += dq;
      dx.block(0, C + h * hs, T, hs) += dk;
    }
  }
}

// ---- T5 relative bias ----------------------------------------------------------------------------------
template <typename S>
void t5_bias_forward(S* dist_bias, const S* table, const int* bucket_of_distance, int NH, int n_buckets,
                     int max_len) {
  for (int h = 0; h < NH; ++h)
    for (int d = 0; d < max_len; ++d)
      dist_bias[static_cast<long long>(h) * max_len + d] = table[static_cast<long long>(h) * n_buckets + bucket_of_distance[d]];
}

// dist_bias[h, d] = table[h, bucket(d)] is a lookup: d dist_bias[h, d] / d table[h, k] = [bucket(d) = k], so
// a bucket's gradient is the sum of the distance gradients of the distances it holds. (The table is shared by
// every layer: ddist_bias already sums the layers' score gradients.)
template <typename S>
void t5_bias_backward(S* dtable, const S* ddist_bias, const int* bucket_of_distance, int NH, int n_buckets,
                      int max_len) {
  for (int h = 0; h < NH; ++h)
    for (int d = 0; d < max_len; ++d)
      dtable[static_cast<long long>(h) * n_buckets + bucket_of_distance[d]] += ddist_bias[static_cast<long long>(h) * max_len + d];
}

// ---- GELU ----------------------------------------------------------------------------------------------
namespace {
constexpr double kSqrt2OverPi = 0.7978845608028654;  // sqrt(2/pi)
constexpr double kGeluCubic = 0.044715;

// tanh for the GELU. float: tanh u = 1 - 2 / (1 + e^{2u}), one expf instead of glibc's tanhf (which goes
// through expm1f and was a third of the training time); absolute error ~1e-7, and the GELU only uses
// 1 + tanh and 1 - tanh², where an absolute error is what matters. e^{2u} overflowing to inf gives 1.
// double (gradient checks): std::tanh.
inline float gelu_tanh(float u) { return 1.0f - 2.0f / (1.0f + std::exp(2.0f * u)); }
inline double gelu_tanh(double u) { return std::tanh(u); }
}  // namespace

template <typename S>
void gelu_forward(S* out, S* th, const S* inp, int n) {
  const S a = static_cast<S>(kSqrt2OverPi), c = static_cast<S>(kGeluCubic);
  for (int i = 0; i < n; ++i) {
    const S x = inp[i];
    th[i] = gelu_tanh(a * (x + c * x * x * x));
    out[i] = S(0.5) * x * (S(1) + th[i]);
  }
}

// y = x/2 (1 + tanh u), u = a (x + c x³):  dy/dx = (1 + tanh u)/2 + x/2 (1 - tanh² u) a (1 + 3 c x²).
// th: gelu_forward's tanh u of the same inp. Restrict parameters, no call: clang vectorises the loop.
template <typename S>
void gelu_backward(S* __restrict dinp, const S* __restrict inp, const S* __restrict th, const S* __restrict dout, int n) {
  const S a = static_cast<S>(kSqrt2OverPi), c = static_cast<S>(kGeluCubic);
  for (int i = 0; i < n; ++i) {
    const S x = inp[i], t = th[i];
    const S grad = S(0.5) * (S(1) + t) + S(0.5) * x * (S(1) - t * t) * a * (S(1) + S(3) * c * x * x);
    dinp[i] += grad * dout[i];
  }
}

// ---- residual ------------------------------------------------------------------------------------------
template <typename S>
void residual_forward(S* out, const S* a, const S* b, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] + b[i];
}

// out = a + b: both inputs receive dout unchanged.
template <typename S>
void residual_backward(S* da, S* db, const S* dout, int n) {
  for (int i = 0; i < n; ++i) {
    da[i] += dout[i];
    db[i] += dout[i];
  }
}

// ---- softmax + cross-entropy ---------------------------------------------------------------------------
template <typename S>
void crossentropy_forward(S* losses, S* probs, const S* logits, const int* targets, int N, int V) {
  for (int n = 0; n < N; ++n) {
    const S* l = logits + static_cast<long long>(n) * V;
    S* p = probs + static_cast<long long>(n) * V;
    S mx = l[0];
    for (int i = 1; i < V; ++i) mx = std::max(mx, l[i]);
    S z = 0;
    for (int i = 0; i < V; ++i) {
      p[i] = std::exp(l[i] - mx);
      z += p[i];
    }
    const S inv = S(1) / z;
    for (int i = 0; i < V; ++i) p[i] *= inv;
    // -ln p_t = ln z + mx - l_t, computed from the logits so it stays finite when p_t underflows.
    losses[n] = targets[n] >= 0 ? std::log(z) + mx - l[targets[n]] : S(0);
  }
}

// loss_n = -ln softmax(l)_t = -l_t + ln sum_i e^{l_i}:  d loss_n / d l_i = p_i - [i = t].
template <typename S>
void crossentropy_backward(S* dlogits, const S* probs, const int* targets, S dloss, int N, int V) {
  for (int n = 0; n < N; ++n) {
    if (targets[n] < 0) continue;
    const S* p = probs + static_cast<long long>(n) * V;
    S* d = dlogits + static_cast<long long>(n) * V;
    for (int i = 0; i < V; ++i) d[i] += dloss * p[i];
    d[targets[n]] -= dloss;
  }
}

#define PELAB_GPT_LAYERS(S)                                                                                      \
  template void encoder_forward<S>(S*, const int*, const int*, const S*, const S*, int, int, S);               \
  template void encoder_backward<S>(S*, S*, const S*, const int*, const int*, int, int, S);                    \
  template void layernorm_forward<S>(S*, S*, S*, const S*, const S*, const S*, int, int);                       \
  template void layernorm_backward<S>(S*, S*, S*, const S*, const S*, const S*, const S*, const S*, int, int);  \
  template void matmul_forward<S>(S*, const S*, const S*, const S*, int, int, int);                             \
  template void matmul_backward<S>(S*, S*, S*, const S*, const S*, const S*, int, int, int);                    \
  template void attention_forward<S>(S*, S*, S*, const S*, const int*, const int*, int, int, int,               \
                                     const RopeTables<S>*, const S*, int);                                       \
  template void attention_backward<S>(S*, S*, S*, const S*, const S*, const S*, const int*, const int*, int,    \
                                      int, int, const RopeTables<S>*, int);                                      \
  template void t5_bias_forward<S>(S*, const S*, const int*, int, int, int);                                    \
  template void t5_bias_backward<S>(S*, const S*, const int*, int, int, int);                                   \
  template void gelu_forward<S>(S*, S*, const S*, int);                                                         \
  template void gelu_backward<S>(S*, const S*, const S*, const S*, int);                                        \
  template void residual_forward<S>(S*, const S*, const S*, int);                                               \
  template void residual_backward<S>(S*, S*, const S*, int);                                                    \
  template void crossentropy_forward<S>(S*, S*, const S*, const int*, int, int);                                \
  template void crossentropy_backward<S>(S*, const S*, const int*, S, int, int);

PELAB_GPT_LAYERS(float)
PELAB_GPT_LAYERS(double)
#undef PELAB_GPT_LAYERS

}  // namespace pelab::gpt
