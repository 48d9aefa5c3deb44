// core/model/gemm.h — the mini-GPT's matrix products as one register-blocked kernel:
//   out (M, N) (+)= A (M, K) · B (K, N)          gemm
//   out (M, N) (+)= A (M, K) · Bᵀ, B is (N, K)   gemm_bt (X Wᵀ, PyTorch's Linear layout)
// out and B are row-major (leading dimensions ldo, ldb); A is read through two strides, element (i, k) at
// a[i·a_row + k·a_col], so a transposed A costs nothing (dW += doutᵀ X).
// Why not Eigen: Eigen 3.4 has no WebAssembly SIMD kernels and its GEMM runs ~2× slower in wasm than this
// kernel on the model's shapes. The kernel keeps an MR × NR block of out in registers and adds one row of B
// per k, scaled by MR numbers of A ("axpy form"); the NR-wide inner loop is what clang vectorises with
// -msimd128 (and gcc with SSE2). Rows of B a multiple of 1 KiB apart (C = 256) would map the K rows a block
// reads onto a few L1 sets and be re-read from L2 every row band, so such a B is first copied with a padded
// row stride (gemm_bt always transposes into a padded copy).
// Each output is summed over k in order 0 … K-1 whatever the blocking, so the result is the same on every
// platform that rounds float products and sums the same (no fused multiply-add: neither wasm SIMD 128 nor
// the baseline x86-64 the native build targets has one).
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif


namespace pelab::gpt {

// One MR × n block of out, n <= NR columns, portable: double (gradient checks), float's leftover rows and
// right edges. Each output is summed over k in order.
template <bool kAccumulate, int MR, int NR, typename S>
inline void gemm_block(S* out, int ldo, const S* a, long a_row, long a_col, const S* b, long ldb, int K, int n) {
  S acc[MR][NR] = {};
  for (int k = 0; k < K; ++k) {
    const S* bk = b + k * ldb;
    S ak[MR];
    for (int r = 0; r < MR; ++r) ak[r] = a[r * a_row + k * a_col];
    for (int r = 0; r < MR; ++r)
      for (int l = 0; l < n; ++l) acc[r][l] += ak[r] * bk[l];
  }
  for (int r = 0; r < MR; ++r) {
    S* o = out + static_cast<long>(r) * ldo;
    for (int l = 0; l < n; ++l) o[l] = kAccumulate ? o[l] + acc[r][l] : acc[r][l];
  }
}

// The float body with the SIMD written out: 4 rows × 8 columns of out in eight 4-lane registers, the same
// operations in the same order as the portable block above (products summed over k in order). Written out
// because both compilers left the portable block at or below Eigen's speed (wasm ~17, native ~9 GFLOP/s,
// against ~35 written out). wasm: SIMD 128 intrinsics (with GCC/clang vector extensions clang built each
// broadcast lane by lane, back at ~18 GFLOP/s); native: vector extensions (SSE on x86-64).
#if defined(__wasm_simd128__)
template <bool kAccumulate>
inline void gemm_block_f32x4(float* out, int ldo, const float* a, long a_row, long a_col, const float* b, long ldb,
                             int K) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const float* a0 = a;
  const float* a1 = a + a_row;
  const float* a2 = a + 2 * a_row;
  const float* a3 = a + 3 * a_row;
  for (int k = 0; k < K; ++k) {
    const float* bk = b + k * ldb;
    const v128_t b0 = wasm_v128_load(bk), b1 = wasm_v128_load(bk + 4);
    const long ka = k * a_col;
    v128_t x = wasm_f32x4_splat(a0[ka]);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x, b1));
    x = wasm_f32x4_splat(a1[ka]);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x, b1));
    x = wasm_f32x4_splat(a2[ka]);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x, b1));
    x = wasm_f32x4_splat(a3[ka]);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x, b1));
  }
  const v128_t rows[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
  for (int r = 0; r < 4; ++r) {
    float* o = out + static_cast<long>(r) * ldo;
    for (int h = 0; h < 2; ++h)
      wasm_v128_store(o + 4 * h, kAccumulate ? wasm_f32x4_add(wasm_v128_load(o + 4 * h), rows[r][h]) : rows[r][h]);
  }
}
#else
typedef float f32x4 __attribute__((vector_size(16), aligned(4)));  // aligned(4): loads need no alignment

template <bool kAccumulate>
inline void gemm_block_f32x4(float* out, int ldo, const float* a, long a_row, long a_col, const float* b, long ldb,
                             int K) {
  f32x4 c00 = {0, 0, 0, 0}, c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const float* a0 = a;
  const float* a1 = a + a_row;
  const float* a2 = a + 2 * a_row;
  const float* a3 = a + 3 * a_row;
  for (int k = 0; k < K; ++k) {
    const f32x4* bk = reinterpret_cast<const f32x4*>(b + k * ldb);
    const f32x4 b0 = bk[0], b1 = bk[1];
    const long ka = k * a_col;
    const float x0 = a0[ka], x1 = a1[ka], x2 = a2[ka], x3 = a3[ka];  // scalar · vector broadcasts
    c00 += x0 * b0;
    c01 += x0 * b1;
    c10 += x1 * b0;
    c11 += x1 * b1;
    c20 += x2 * b0;
    c21 += x2 * b1;
    c30 += x3 * b0;
    c31 += x3 * b1;
  }
  const f32x4 rows[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
  for (int r = 0; r < 4; ++r) {
    f32x4* o = reinterpret_cast<f32x4*>(out + static_cast<long>(r) * ldo);
    for (int h = 0; h < 2; ++h) o[h] = kAccumulate ? o[h] + rows[r][h] : rows[r][h];
  }
}
#endif

template <bool kAccumulate, int MR, int NR, typename S>
inline void gemm_band(S* out, int ldo, const S* a, long a_row, long a_col, const S* b, long ldb, int K, int N) {
  int j = 0;
  if constexpr (std::is_same_v<S, float> && MR == 4 && NR == 8) {
    for (; j + NR <= N; j += NR) gemm_block_f32x4<kAccumulate>(out + j, ldo, a, a_row, a_col, b + j, ldb, K);
  }
  for (; j < N; j += NR) gemm_block<kAccumulate, MR, NR>(out + j, ldo, a, a_row, a_col, b + j, ldb, K, N - j < NR ? N - j : NR);
}

// A copy buffer kept between calls (a training step allocates nothing once it is large enough).
template <typename S>
S* gemm_scratch(std::size_t n) {
  thread_local std::vector<S> buffer;
  if (buffer.size() < n) buffer.resize(n);
  return buffer.data();
}

// A row stride for a copy of rows of n numbers that is not a multiple of 1 KiB.
template <typename S>
long padded_stride(int n) {
  const long ld = n;
  return (ld * static_cast<long>(sizeof(S))) % 1024 == 0 ? ld + 16 / static_cast<long>(sizeof(S)) : ld;
}

// out (M, N) = A·B (kAccumulate = false) or out += A·B (true); B (K, N) row-major with stride ldb.
template <bool kAccumulate, typename S>
void gemm(S* out, int ldo, const S* a, long a_row, long a_col, const S* b, long ldb, int M, int K, int N) {
  constexpr int MR = 4, NR = 32 / static_cast<int>(sizeof(S));  // 8 floats or 4 doubles: two SIMD registers
  if ((ldb * static_cast<long>(sizeof(S))) % 1024 == 0 && K > 1) {
    const long ld = padded_stride<S>(N);
    S* copy = gemm_scratch<S>(static_cast<std::size_t>(K) * ld);
    for (int k = 0; k < K; ++k) std::copy(b + k * ldb, b + k * ldb + N, copy + k * ld);
    b = copy;
    ldb = ld;
  }
  int i = 0;
  for (; i + MR <= M; i += MR)
    gemm_band<kAccumulate, MR, NR>(out + static_cast<long>(i) * ldo, ldo, a + i * a_row, a_row, a_col, b, ldb, K, N);
  for (; i < M; ++i)  // leftover rows, one at a time
    gemm_band<kAccumulate, 1, NR>(out + static_cast<long>(i) * ldo, ldo, a + i * a_row, a_row, a_col, b, ldb, K, N);
}

// out (M, N) (+)= A · Bᵀ with B (N, K) row-major (stride ldb): Bᵀ is copied once into a padded (K, N) buffer.
template <bool kAccumulate, typename S>
void gemm_bt(S* out, int ldo, const S* a, long a_row, long a_col, const S* b, long ldb, int M, int K, int N) {
  const long ld = padded_stride<S>(N);
  S* bt = gemm_scratch<S>(static_cast<std::size_t>(K) * ld);
  for (int j = 0; j < N; ++j)
    for (int k = 0; k < K; ++k) bt[k * ld + j] = b[j * ldb + k];
  gemm<kAccumulate>(out, ldo, a, a_row, a_col, bt, ld, M, K, N);
}

}  // namespace pelab::gpt
