// core/positional/sinusoidal.cpp — see sinusoidal.h.
#include "sinusoidal.h"

#include <cmath>

#include "../check.h"
#include "../caps.h"

namespace pelab {

static void check_sinusoidal_args(const char* where, int T, int d, double base) {
  check_int_range(where, "T", T, 1, limits::kMaxT);
  check_int_range(where, "d", d, 2, limits::kMaxDim);
  if (d % 2 != 0) fail_arg(where, "d", "an even integer (sin/cos pairs)", d);
  if (static_cast<long long>(T) * d > limits::kMaxMatrixElements)
    fail_arg(where, "T*d", "at most " + std::to_string(limits::kMaxMatrixElements), static_cast<long long>(T) * d);
  check_finite_above(where, "base", base, 1.0, limits::kMaxBase);
}

VecD sinusoidal_frequencies(int d, double base) {
  check_sinusoidal_args("sinusoidal_frequencies", 1, d, base);
  VecD omega(d / 2);
  for (int i = 0; i < d / 2; ++i) omega[i] = std::pow(base, -2.0 * i / d);
  return omega;
}

MatD sinusoidal_pe(int T, int d, double base) {
  check_sinusoidal_args("sinusoidal_pe", T, d, base);
  VecD omega = sinusoidal_frequencies(d, base);
  MatD pe(T, d);
  for (int t = 0; t < T; ++t) {
    for (int i = 0; i < d / 2; ++i) {
      double angle = t * omega[i];
      pe(t, 2 * i) = std::sin(angle);
      pe(t, 2 * i + 1) = std::cos(angle);
    }
  }
  return pe;
}

MatF sinusoidal_pe_f32(int T, int d, double base) { return sinusoidal_pe(T, d, base).cast<float>(); }

}  // namespace pelab
