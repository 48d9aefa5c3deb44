// tests/core/test_alibi.cpp — ALiBi: slopes from the paper and the reference implementation ("result of"),
// and the properties that define the bias ("definition of"): linear in distance, symmetric or causal,
// unchanged by a longer sequence, equal in softmax to the reference's key-index bias.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "caps.h"
#include "positional/alibi.h"

using doctest::Approx;
using pelab::MatF;
using pelab::VecD;

TEST_CASE("eight heads get the slopes 1/2, 1/4, up to 1/256 exactly") {
  // Paper §3: "For our models with 8 heads, the slopes that we used are the geometric sequence
  // 1/2^1, 1/2^2, ..., 1/2^8." Powers of two are exact doubles.
  const VecD m = pelab::alibi_slopes(8);
  REQUIRE(m.size() == 8);
  for (int h = 0; h < 8; ++h) CHECK(m[h] == std::ldexp(1.0, -(h + 1)));
}

TEST_CASE("six heads get the reference implementation's slopes 1/4, 1/16, 1/64, 1/256, 1/2, 1/8") {
  // get_slopes(6): closest power of two 4 -> 2^(-8/4 * k), k = 1..4 = 1/4, 1/16, 1/64, 1/256;
  // then get_slopes(8) = 1/2, 1/4, ..., 1/256 at indices 0, 2, 4, ... = 1/2, 1/8, 1/32, ..., first 6-4 = 2.
  const VecD m = pelab::alibi_slopes(6);
  const double expected[] = {1.0 / 4, 1.0 / 16, 1.0 / 64, 1.0 / 256, 1.0 / 2, 1.0 / 8};
  REQUIRE(m.size() == 6);
  for (int h = 0; h < 6; ++h) CHECK(m[h] == expected[h]);
}

TEST_CASE("twelve heads get the eight-head slopes then every other sixteen-head slope") {
  // get_slopes(12): closest 8 -> 2^-1 … 2^-8. get_slopes(16) = 2^(-8k/16) = 2^(-k/2), k = 1..16;
  // indices 0, 2, 4, 6 are k = 1, 3, 5, 7 -> 2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5 (the first 12-8 = 4).
  // 2^-0.5 = sqrt(1/2); the others are it scaled by exact powers of two.
  const VecD m = pelab::alibi_slopes(12);
  REQUIRE(m.size() == 12);
  for (int h = 0; h < 8; ++h) CHECK(m[h] == std::ldexp(1.0, -(h + 1)));
  const double r = std::sqrt(0.5);
  CHECK(m[8] == Approx(r).epsilon(1e-15));
  CHECK(m[9] == Approx(r / 2).epsilon(1e-15));
  CHECK(m[10] == Approx(r / 4).epsilon(1e-15));
  CHECK(m[11] == Approx(r / 8).epsilon(1e-15));
}

TEST_CASE("sixteen heads start at 1/2^0.5 with ratio 1/2^0.5, as the paper describes") {
  // Paper §3: for 16 heads, "the geometric sequence that starts at 1/2^0.5 and has the ratio of 1/2^0.5".
  const VecD m = pelab::alibi_slopes(16);
  for (int h = 0; h < 16; ++h) CHECK(m[h] == Approx(std::pow(std::sqrt(0.5), h + 1)).epsilon(1e-14));
}

TEST_CASE("power-of-two head counts get a geometric sequence whose ratio is its first slope") {
  // Reference get_slopes_power_of_2: start = ratio = 2^(-8/n), slopes start * ratio^h.
  for (int n = 1; n <= 256; n *= 2) {
    CAPTURE(n);
    const VecD m = pelab::alibi_slopes(n);
    CHECK(m[0] == Approx(std::pow(2.0, -8.0 / n)).epsilon(1e-15));
    for (int h = 0; h + 1 < n; ++h) CHECK(m[h + 1] / m[h] == Approx(m[0]).epsilon(1e-13));
    CHECK(m[n - 1] == Approx(1.0 / 256).epsilon(1e-13));  // start^n = 2^-8 for every power of two
  }
}

TEST_CASE("every head count gets distinct slopes in (0, 1), the power-of-two set first") {
  // Property of get_slopes: the c = 2^floor(log2 n) slopes are 2^(-8k/c); the extra ones are odd
  // multiples of 4/c in the exponent, so they fall between those and repeat none of them.
  for (int n = 1; n <= static_cast<int>(pelab::limits::kMaxHeads); ++n) {
    CAPTURE(n);
    const VecD m = pelab::alibi_slopes(n);
    REQUIRE(m.size() == n);
    int c = 1;
    while (2 * c <= n) c *= 2;
    CHECK(m.head(c) == pelab::alibi_slopes(c));
    CHECK((m.array() > 0.0).all());
    CHECK((m.array() < 1.0).all());
    int repeats = 0;
    for (int h = 0; h < n; ++h)
      for (int g = 0; g < h; ++g) repeats += (m[g] == m[h]);
    CHECK(repeats == 0);
  }
}

TEST_CASE("the course's simple slope formula agrees with the reference only for powers of two") {
  // Simple: 2^(-8h/H), h = 1..H; reference for H = 2^k: 2^(-8(h+1)/H), h = 0..H-1 — the same numbers.
  for (int n : {1, 2, 4, 8, 16}) {
    CAPTURE(n);
    CHECK(pelab::alibi_slopes_simple(n) == pelab::alibi_slopes(n));
  }
  // H = 6: simple starts at 2^(-8/6) = 2^(-4/3) = 0.3969…, the reference at 1/4 (see above).
  const VecD simple6 = pelab::alibi_slopes_simple(6);
  CHECK(simple6[0] == Approx(0.39685026299204984).epsilon(1e-14));  // 2^(-4/3) = 1 / cbrt(16)
  CHECK(simple6[5] == Approx(1.0 / 256).epsilon(1e-15));            // 2^(-8·6/6) = 2^-8
  CHECK(simple6 != pelab::alibi_slopes(6));
  // H = 12: simple is 2^(-2h/3); the reference's ninth slope is 2^-0.5, which 2^(-2h/3) never equals.
  CHECK(pelab::alibi_slopes_simple(12) != pelab::alibi_slopes(12));
}

TEST_CASE("the ALiBi bias for T = 4 matches hand-computed values") {
  // Slope 1/2; entry (i, j) = -|i - j| / 2 bidirectional; causal keeps j <= i and puts 0 above.
  const MatF bi = pelab::alibi_bias(4, 0.5, false);
  MatF expected_bi(4, 4);
  expected_bi << 0.0f, -0.5f, -1.0f, -1.5f,
                 -0.5f, 0.0f, -0.5f, -1.0f,
                 -1.0f, -0.5f, 0.0f, -0.5f,
                 -1.5f, -1.0f, -0.5f, 0.0f;
  CHECK(bi == expected_bi);
  const MatF causal = pelab::alibi_bias(4, 0.5, true);
  MatF expected_causal(4, 4);
  expected_causal << 0.0f, 0.0f, 0.0f, 0.0f,
                     -0.5f, 0.0f, 0.0f, 0.0f,
                     -1.0f, -0.5f, 0.0f, 0.0f,
                     -1.5f, -1.0f, -0.5f, 0.0f;
  CHECK(causal == expected_causal);
  // Zero entries are +0, not -0 (a JSON dump or a heat map would otherwise show "-0").
  for (int i = 0; i < 4; ++i) CHECK_FALSE(std::signbit(causal(0, i)));
}

TEST_CASE("the bidirectional ALiBi bias is symmetric and depends only on the distance") {
  // Definition (paper eq. for the bidirectional variant): entry (i, j) = -m |i - j|, rounded to float32.
  const double slope = pelab::alibi_slopes(8)[2];  // 1/8
  const MatF b = pelab::alibi_bias(33, slope, false);
  CHECK(b == b.transpose());
  for (int i = 0; i < 33; ++i)
    for (int j = 0; j < 33; ++j) CHECK(b(i, j) == static_cast<float>(-slope * std::abs(i - j)));
}

TEST_CASE("the causal ALiBi bias is the bidirectional one on and below the diagonal, zero above") {
  const MatF bi = pelab::alibi_bias(20, 0.3, false);
  const MatF causal = pelab::alibi_bias(20, 0.3, true);
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j) CHECK(causal(i, j) == (j <= i ? bi(i, j) : 0.0f));
}

TEST_CASE("a longer sequence leaves the ALiBi bias of the shorter one unchanged") {
  // The bias is a function of (i - j) only, so the T = 8 matrix is the top-left block of the T = 64 one:
  // positions past the training length get the same linear rule (the paper's extrapolation argument).
  for (bool causal : {false, true}) {
    const MatF small = pelab::alibi_bias(8, 0.25, causal);
    const MatF big = pelab::alibi_bias(64, 0.25, causal);
    CHECK(big.topLeftCorner(8, 8) == small);
  }
}

TEST_CASE("the causal ALiBi bias gives the same softmax as the reference's key-index bias") {
  // The reference implementation adds m * j (key index) to every row; -m(i - j) = m j - m i differs by the
  // row constant -m i, which softmax ignores. Compare softmax over the visible keys j <= i.
  const double m = 0.5;
  const MatF b = pelab::alibi_bias(10, m, true);
  for (int i = 0; i < 10; ++i) {
    double z_ours = 0, z_ref = 0;
    for (int j = 0; j <= i; ++j) {
      z_ours += std::exp(static_cast<double>(b(i, j)));  // entries are multiples of 1/2: exact in float
      z_ref += std::exp(m * j);
    }
    for (int j = 0; j <= i; ++j)
      CHECK(std::exp(static_cast<double>(b(i, j))) / z_ours == Approx(std::exp(m * j) / z_ref).epsilon(1e-12));
  }
}

TEST_CASE("ALiBi functions reject bad arguments with the parameter's name") {
  const int max_heads = static_cast<int>(pelab::limits::kMaxHeads);
  const int max_t = static_cast<int>(pelab::limits::kMaxT);
  struct Bad {
    std::function<void()> call;
    const char* needle;
  };
  const Bad cases[] = {
      {[] { pelab::alibi_slopes(0); }, "alibi_slopes: nHeads must be"},
      {[=] { pelab::alibi_slopes(max_heads + 1); }, "alibi_slopes: nHeads must be"},
      {[] { pelab::alibi_slopes_simple(-2); }, "alibi_slopes_simple: nHeads must be"},
      {[=] { pelab::alibi_slopes_simple(max_heads + 1); }, "alibi_slopes_simple: nHeads must be"},
      {[] { pelab::alibi_bias(0, 0.5, false); }, "alibi_bias: T must be"},
      {[=] { pelab::alibi_bias(max_t + 1, 0.5, false); }, "alibi_bias: T must be"},
      // 5793^2 = 33558849 > 2^25 = 33554432 attention entries.
      {[] { pelab::alibi_bias(5793, 0.5, true); }, "alibi_bias: T*T must be"},
      {[] { pelab::alibi_bias(4, -0.5, false); }, "alibi_bias: slope must be"},
      {[] { pelab::alibi_bias(4, NAN, false); }, "alibi_bias: slope must be"},
      {[] { pelab::alibi_bias(4, INFINITY, false); }, "alibi_bias: slope must be"},
      {[] { pelab::alibi_bias(4, 2e6, false); }, "alibi_bias: slope must be"},
  };
  for (const Bad& b : cases) check_throws_containing(b.call, b.needle);
}
