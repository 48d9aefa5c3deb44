// core/attention/softmax.h — the fused row kernel of attention: softmax of one row of logits, in place,
// returning the row's entropy in nats. One pass for the max, one for exp/sum/entropy, one to normalise.
// H = -sum p_j ln p_j with p_j = e^{d_j}/Z, d_j = s_j - max: H = ln Z - (sum_j e^{d_j} d_j) / Z.
// exp is a branch-free polynomial (fast_exp) that clang/gcc auto-vectorise (wasm SIMD included); its
// relative error is below 2e-7 on the domain d <= 0 used here (tests/core/test_attention.cpp checks it).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

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
  // n = ti - bits(magic); biased exponent. Shifted as unsigned: a NaN logit (rejected at every public entry,
  // but kernels must not hit undefined behaviour either) gives a garbage exponent, not a signed-shift UB.
  const std::uint32_t bits = (static_cast<std::uint32_t>(ti) - 0x4B400000u + 127u) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

#if defined(__wasm_simd128__)
// fast_exp on four lanes with wasm SIMD: the same operations as fast_exp, in the same order.
inline v128_t fast_exp4(v128_t x) {
  const v128_t magic = wasm_f32x4_splat(12582912.0f);
  x = wasm_f32x4_pmax(x, wasm_f32x4_splat(-87.0f));
  const v128_t t = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), magic);
  const v128_t n = wasm_f32x4_sub(t, magic);
  const v128_t r = wasm_f32x4_add(wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f))),
                                  wasm_f32x4_mul(n, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), wasm_f32x4_splat(1.0f));
  const v128_t bits = wasm_i32x4_shl(
      wasm_i32x4_add(wasm_i32x4_sub(t, wasm_i32x4_splat(0x4B400000)), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, bits);
}

inline float lane_max(v128_t v) {
  float a = wasm_f32x4_extract_lane(v, 0), b = wasm_f32x4_extract_lane(v, 1);
  float c = wasm_f32x4_extract_lane(v, 2), d = wasm_f32x4_extract_lane(v, 3);
  a = a > b ? a : b;
  c = c > d ? c : d;
  return a > c ? a : c;
}

inline float lane_sum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) +
         (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// In place: s[0..n) logits -> probabilities; returns the entropy in nats. n >= 1. wasm SIMD version of
// the portable kernel below (same passes; four lanes of partial sums). kWrite = false leaves s untouched
// and returns the entropy only (a head whose weights nobody reads).
template <bool kWrite = true>
inline float softmax_entropy_row(float* s, int n) {
  const int body = n & ~3;
  float m = s[0];
  if (body) {
    v128_t vm = wasm_v128_load(s);
    for (int j = 4; j < body; j += 4) vm = wasm_f32x4_pmax(vm, wasm_v128_load(s + j));
    m = lane_max(vm);
  }
  for (int j = body; j < n; ++j) m = s[j] > m ? s[j] : m;
  const v128_t vmax = wasm_f32x4_splat(m);
  v128_t vz = wasm_f32x4_splat(0.0f), ved = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < body; j += 4) {
    const v128_t d = wasm_f32x4_sub(wasm_v128_load(s + j), vmax);
    const v128_t e = fast_exp4(d);
    if (kWrite) wasm_v128_store(s + j, e);
    vz = wasm_f32x4_add(vz, e);
    ved = wasm_f32x4_add(ved, wasm_f32x4_mul(e, d));
  }
  float z = lane_sum(vz), ed = lane_sum(ved);
  for (int j = body; j < n; ++j) {
    const float d = s[j] - m;
    const float e = fast_exp(d);
    if (kWrite) s[j] = e;
    z += e;
    ed += e * d;
  }
  const float inv = 1.0f / z;
  if (kWrite) {
    const v128_t vinv = wasm_f32x4_splat(inv);
    for (int j = 0; j < body; j += 4) wasm_v128_store(s + j, wasm_f32x4_mul(wasm_v128_load(s + j), vinv));
    for (int j = body; j < n; ++j) s[j] *= inv;
  }
  const float h = std::log(z) - ed * inv;
  return h > 0.0f ? h : 0.0f;
}
#else
// In place: s[0..n) logits -> probabilities. Returns the entropy in nats. n >= 1.
// Reductions run in kLanes independent partial sums so the compiler can keep them in one SIMD register
// (a single running sum cannot be vectorised without reassociating float addition). kWrite = false
// leaves s untouched and returns the entropy only.
template <bool kWrite = true>
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
      if (kWrite) s[j + l] = e;
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
    if (kWrite) s[j] = e;
    zs += e;
    eds += e * d;
  }
  const float inv = 1.0f / zs;
  if (kWrite)
    for (int j = 0; j < n; ++j) s[j] *= inv;
  const float h = std::log(zs) - eds * inv;
  return h > 0.0f ? h : 0.0f;  // rounding can give -1e-8 for a one-hot row
}

#endif  // __wasm_simd128__

}  // namespace pelab
