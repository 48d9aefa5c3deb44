// core/attention/softmax.h — the fused row kernel of attention: softmax of one row of logits, in place,
// returning the row's entropy in nats. One pass for the max, one for exp/sum/entropy, one to normalise.
// H = -sum p_j ln p_j with p_j = e^{d_j}/Z, d_j = s_j - max: H = ln Z - (sum_j e^{d_j} d_j) / Z.
// exp is a branch-free polynomial (fast_exp) that clang/gcc auto-vectorise (wasm SIMD included); its
// relative error is below 2e-7 on the domain d <= 0 used here (tests/core/test_attention.cpp checks it).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace pelab {

// e^x for x <= 0, float32. Cody–Waite range reduction x = n ln2 + r, |r| <= ln2/2, a degree-6 polynomial
// for e^r (Cephes expf coefficients) and 2^n assembled in the exponent bits. Rounding x·log2(e) to the
// nearest integer uses the 1.5·2^23 "magic number" add, which needs no rounding instruction (plain SSE2 /
// wasm SIMD), so loops over fast_exp vectorise without -ffast-math. Inputs below -87 are clamped (e^-87 ~ 1.6e-38).
inline float fast_exp(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float magic = 12582912.0f;  // 1.5·2^23: adding it rounds to an integer held in the low mantissa bits
  const float t = x * 1.44269504088896341f + magic;
  std::int32_t ti;
  std::memcpy(&ti, &t, sizeof ti);
  const float n = t - magic;
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;  // ln2 = 0.693359375 - 2.12194440e-4
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const std::int32_t bits = ((ti - 0x4B400000) + 127) << 23;  // n = ti - bits(magic); biased exponent
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// In place: s[0..n) logits -> probabilities. Returns the entropy in nats. n >= 1.
// Reductions run in kLanes independent partial sums so the compiler can keep them in one SIMD register
// (a single running sum cannot be vectorised without reassociating float addition).
inline float softmax_entropy_row(float* s, int n) {
  constexpr int kLanes = 8;
  const int body = n - n % kLanes;
  float mx[kLanes];
  for (int l = 0; l < kLanes; ++l) mx[l] = s[0];
  for (int j = 0; j < body; j += kLanes)
    for (int l = 0; l < kLanes; ++l) mx[l] = s[j + l] > mx[l] ? s[j + l] : mx[l];
  float m = mx[0];
  for (int l = 1; l < kLanes; ++l) m = mx[l] > m ? mx[l] : m;
  for (int j = body; j < n; ++j) m = s[j] > m ? s[j] : m;

  float z[kLanes] = {}, ed[kLanes] = {};
  for (int j = 0; j < body; j += kLanes) {
    for (int l = 0; l < kLanes; ++l) {
      const float d = s[j + l] - m;
      const float e = fast_exp(d);
      s[j + l] = e;
      z[l] += e;
      ed[l] += e * d;
    }
  }
  float zs = 0.0f, eds = 0.0f;
  for (int l = 0; l < kLanes; ++l) {
    zs += z[l];
    eds += ed[l];
  }
  for (int j = body; j < n; ++j) {
    const float d = s[j] - m;
    const float e = fast_exp(d);
    s[j] = e;
    zs += e;
    eds += e * d;
  }
  const float inv = 1.0f / zs;
  for (int j = 0; j < n; ++j) s[j] *= inv;
  const float h = std::log(zs) - eds * inv;
  return h > 0.0f ? h : 0.0f;  // rounding can give -1e-8 for a one-hot row
}

}  // namespace pelab
