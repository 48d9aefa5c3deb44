// core/positional/alibi.cpp — see alibi.h.
#include "alibi.h"

#include <cmath>
#include <cstdlib>

#include "../caps.h"
#include "../check.h"

namespace pelab {

// m_h = start^(h+1) with start = 2^(-8/n), written as one power 2^(-8(h+1)/n): the same value as the
// reference's start * ratio**h, without its rounding of the repeated product.
static VecD slopes_power_of_two(int n) {
  VecD m(n);
  for (int h = 0; h < n; ++h) m[h] = std::pow(2.0, -8.0 * (h + 1) / n);
  return m;
}

VecD alibi_slopes(int n_heads) {
  check_int_range("alibi_slopes", "nHeads", n_heads, 1, limits::kMaxHeads);
  int closest = 1;  // largest power of two <= n_heads
  while (closest * 2 <= n_heads) closest *= 2;
  if (closest == n_heads) return slopes_power_of_two(n_heads);
  // Reference: get_slopes_power_of_2(closest) + get_slopes(2*closest)[0::2][:n-closest].
  VecD wider = slopes_power_of_two(2 * closest);
  VecD m(n_heads);
  m.head(closest) = slopes_power_of_two(closest);
  for (int e = 0; e < n_heads - closest; ++e) m[closest + e] = wider[2 * e];
  return m;
}

VecD alibi_slopes_simple(int n_heads) {
  check_int_range("alibi_slopes_simple", "nHeads", n_heads, 1, limits::kMaxHeads);
  VecD m(n_heads);
  for (int h = 1; h <= n_heads; ++h) m[h - 1] = std::pow(2.0, -8.0 * h / n_heads);
  return m;
}

MatF alibi_bias(int T, double slope, bool causal) {
  check_int_range("alibi_bias", "T", T, 1, limits::kMaxT);
  if (static_cast<long long>(T) * T > limits::kMaxAttentionElements)
    fail_arg("alibi_bias", "T*T", "at most " + std::to_string(limits::kMaxAttentionElements),
             static_cast<long long>(T) * T);
  if (!std::isfinite(slope) || slope < 0.0 || slope > 1e6)
    fail_arg("alibi_bias", "slope", "a finite number in [0, 1e6]", slope);
  MatF bias(T, T);
  for (int i = 0; i < T; ++i) {
    for (int j = 0; j < T; ++j) {
      const int distance = causal ? (j <= i ? i - j : 0) : std::abs(i - j);
      bias(i, j) = static_cast<float>(0.0 - slope * distance);  // 0 - x, not -x: +0, never -0, at distance 0
    }
  }
  return bias;
}

}  // namespace pelab
