// tests/core/test_sinusoidal.cpp — sinusoidal PE: hand-computed entries ("result of") and the
// defining properties ("definition of"): unit-norm (sin, cos) pairs, offset-only dot products.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "positional/sinusoidal.h"

using doctest::Approx;

TEST_CASE("sinusoidal PE matches hand-computed entries") {
  pelab::MatD pe = pelab::sinusoidal_pe(4, 4, 10000.0);
  // t = 0: sin 0 = 0, cos 0 = 1 in every pair.
  CHECK(pe(0, 0) == 0.0);
  CHECK(pe(0, 1) == 1.0);
  CHECK(pe(0, 2) == 0.0);
  CHECK(pe(0, 3) == 1.0);
  // t = 1, i = 0: angle 1 rad -> sin 1 = 0.8414709848078965, cos 1 = 0.5403023058681398 (tables).
  CHECK(pe(1, 0) == Approx(0.8414709848078965).epsilon(1e-15));
  CHECK(pe(1, 1) == Approx(0.5403023058681398).epsilon(1e-15));
  // t = 3, i = 1, d = 4: angle 3 / 10000^(2/4) = 3/100 = 0.03 -> sin 0.03 = 0.029995500202495664.
  CHECK(pe(3, 2) == Approx(0.029995500202495664).epsilon(1e-14));
  CHECK(pe(3, 3) == Approx(0.9995500337489875).epsilon(1e-14));
}

TEST_CASE("each (sin, cos) pair of sinusoidal PE has unit norm") {
  pelab::MatD pe = pelab::sinusoidal_pe(100, 32, 10000.0);
  for (int t = 0; t < 100; ++t)
    for (int i = 0; i < 16; ++i)
      CHECK(pe(t, 2 * i) * pe(t, 2 * i) + pe(t, 2 * i + 1) * pe(t, 2 * i + 1) == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("the dot product PE(t+k)·PE(t) depends only on the offset k") {
  // sin a sin b + cos a cos b = cos(a - b), so PE(t+k)·PE(t) = sum_i cos(k omega_i) for every t.
  pelab::MatD pe = pelab::sinusoidal_pe(128, 16, 10000.0);
  pelab::VecD omega = pelab::sinusoidal_frequencies(16, 10000.0);
  for (int k : {0, 1, 5, 17, 60}) {
    double expected = 0;
    for (int i = 0; i < 8; ++i) expected += std::cos(k * omega[i]);
    for (int t = 0; t + k < 128; t += 7) CHECK(pe.row(t + k).dot(pe.row(t)) == Approx(expected).epsilon(1e-12));
  }
}

TEST_CASE("sinusoidal PE rejects bad arguments with the parameter's name") {
  struct Bad { int T, d; double base; const char* needle; };
  const Bad cases[] = {
      {0, 4, 10000.0, "T must be"},          {-3, 4, 10000.0, "T must be"},
      {4, 3, 10000.0, "d must be an even"},  {4, 0, 10000.0, "d must be"},
      {4, 4, 1.0, "base must be"},           {4, 4, NAN, "base must be"},
      {4, 4, INFINITY, "base must be"},      {1 << 16, 8192, 10000.0, "T*d must be"},
  };
  for (const Bad& b : cases) {
    CAPTURE(b.needle);
    try {
      pelab::sinusoidal_pe(b.T, b.d, b.base);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find(b.needle) != std::string::npos);
    }
  }
}
