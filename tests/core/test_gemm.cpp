// tests/core/test_gemm.cpp — model/gemm.h's kernel against the textbook triple loop in float64: every
// shape class the model uses (full 4 × 8 blocks, leftover rows, right-edge columns, K = 1), A read
// transposed through its strides, Bᵀ (gemm_bt), a B whose rows are 1 KiB apart (the padded-copy path),
// overwrite vs accumulate, and float (the SIMD block) vs double (the portable block).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "model/gemm.h"
#include "rng.h"

using namespace pelab;

namespace {

template <typename S>
std::vector<S> normals(int n, std::uint64_t seed) {
  Pcg32 rng(seed, Stream::kInput);
  std::vector<S> v(n);
  for (S& x : v) x = static_cast<S>(rng.next_normal());
  return v;
}

// out (M, N) = A (M, K) B (K, N) from the definition, A(i, k) = a[i·a_row + k·a_col], B(k, j) = b[k·ldb + j].
template <typename S>
std::vector<double> naive(const std::vector<S>& a, long a_row, long a_col, const S* b, long b_row, long b_col, int M,
                          int K, int N) {
  std::vector<double> out(static_cast<std::size_t>(M) * N, 0.0);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j)
      for (int k = 0; k < K; ++k) out[i * N + j] += double(a[i * a_row + k * a_col]) * double(b[k * b_row + j * b_col]);
  return out;
}

template <typename S>
void check_shapes(double tol) {
  const int shapes[][3] = {{80, 64, 256}, {80, 256, 64}, {7, 5, 58}, {4, 1, 8}, {1, 3, 3}, {13, 64, 19}, {0, 4, 4}};
  for (const auto& sh : shapes) {
    const int M = sh[0], K = sh[1], N = sh[2];
    CAPTURE(M);
    CAPTURE(K);
    CAPTURE(N);
    const std::vector<S> a = normals<S>(M * K, 1), b = normals<S>(K * N, 2), bt = normals<S>(N * K, 3);
    const std::vector<S> start = normals<S>(M * N, 4);
    // out = A·B, A row-major.
    std::vector<S> out(static_cast<std::size_t>(M) * N, S(7));
    gpt::gemm<false>(out.data(), N, a.data(), K, 1, b.data(), N, M, K, N);
    std::vector<double> ref = naive(a, K, 1, b.data(), N, 1, M, K, N);
    for (std::size_t e = 0; e < out.size(); ++e) CHECK(std::abs(out[e] - ref[e]) <= tol * (1 + std::abs(ref[e])));
    // out += Aᵀ·B with A stored (K, M): element (i, k) at a[k·M + i].
    out = start;
    gpt::gemm<true>(out.data(), N, a.data(), 1, M, b.data(), N, M, K, N);
    ref = naive(a, 1, M, b.data(), N, 1, M, K, N);
    for (std::size_t e = 0; e < out.size(); ++e)
      CHECK(std::abs(out[e] - (ref[e] + start[e])) <= tol * (1 + std::abs(ref[e]) + std::abs(start[e])));
    // out = A·Bᵀ with B stored (N, K).
    gpt::gemm_bt<false>(out.data(), N, a.data(), K, 1, bt.data(), K, M, K, N);
    ref = naive(a, K, 1, bt.data(), 1, K, M, K, N);
    for (std::size_t e = 0; e < out.size(); ++e) CHECK(std::abs(out[e] - ref[e]) <= tol * (1 + std::abs(ref[e])));
  }
}

}  // namespace

TEST_CASE("gemm matches the triple loop on every block shape, transposed or not, float and double") {
  check_shapes<float>(1e-5);   // float32 sums of <= 256 O(1) products: a few ulps of the largest partial sum
  check_shapes<double>(1e-12);
}

TEST_CASE("gemm reads a B whose rows are 1 KiB apart through its padded copy, with the same result") {
  // B (K = 64, N = 8) stored inside a (64, 256) float matrix: ldb = 256 floats = 1 KiB.
  const int M = 9, K = 64, N = 8, ldb = 256;
  const std::vector<float> a = normals<float>(M * K, 5), big = normals<float>(K * ldb, 6);
  std::vector<float> out(M * N), ref_out(M * N);
  gpt::gemm<false>(out.data(), N, a.data(), K, 1, big.data() + 3, ldb, M, K, N);
  const std::vector<double> ref = naive(a, K, 1, big.data() + 3, ldb, 1, M, K, N);
  for (int e = 0; e < M * N; ++e) CHECK(std::abs(out[e] - ref[e]) <= 1e-5 * (1 + std::abs(ref[e])));
}

TEST_CASE("each output is summed over k in order, so the float result is exactly the sequential sum") {
  // The kernel's documented summation order: acc = ((a0 b0 + a1 b1) + a2 b2) + … in float, per output.
  const int M = 5, K = 37, N = 11;
  const std::vector<float> a = normals<float>(M * K, 7), b = normals<float>(K * N, 8);
  std::vector<float> out(M * N);
  gpt::gemm<false>(out.data(), N, a.data(), K, 1, b.data(), N, M, K, N);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (int k = 0; k < K; ++k) acc += a[i * K + k] * b[k * N + j];
      CHECK(out[i * N + j] == acc);
    }
}
