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

// e^x for x <= 0 (inputs below -87.3 give 0-ish subnormal-free results), float32.
// Cody–Waite range reduction x = n ln2 + r, |r| <= ln2/2, then a degree-6 Taylor/minimax polynomial
// for e^r and 2^n assembled in the exponent bits.
inline float fast_exp(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float n = std::nearbyint(x * 1.44269504088896341f);
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;  // ln2 = 0.693359375 - 2.12194440e-4
  // e^r ≈ 1 + r + r²/2 + … (Cephes expf coefficients)
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// In place: s[0..n) logits -> probabilities. Returns the entropy in nats. n >= 1.
inline float softmax_entropy_row(float* s, int n) {
  float m = s[0];
  for (int j = 1; j < n; ++j) m = s[j] > m ? s[j] : m;
  float z = 0.0f, ed = 0.0f;
  for (int j = 0; j < n; ++j) {
    const float d = s[j] - m;
    const float e = fast_exp(d);
    s[j] = e;
    z += e;
    ed += e * d;
  }
  const float inv = 1.0f / z;
  for (int j = 0; j < n; ++j) s[j] *= inv;
  const float h = std::log(z) - ed * inv;
  return h > 0.0f ? h : 0.0f;  // rounding can give -1e-8 for a one-hot row
}

}  // namespace pelab
