// tests/core/test_measures.cpp — core/attention/measures.h: the entropy bound and the mean attended distance,
// against hand computations (definition: a uniform row over k keys has entropy ln k).
#include <doctest/doctest.h>

#include <cmath>

#include "attention/measures.h"
#include "check.h"

using pelab::MatF;

TEST_CASE("the largest row entropy is ln T, or ln(i+1) for causal row i") {
  CHECK(pelab::max_row_entropy(8, 0, false) == doctest::Approx(std::log(8.0)));
  CHECK(pelab::max_row_entropy(8, 0, true) == doctest::Approx(0.0));
  CHECK(pelab::max_row_entropy(8, 3, true) == doctest::Approx(std::log(4.0)));
}

TEST_CASE("the mean largest entropy of a causal map is ln(T!)/T: (ln 1 + ln 2 + ln 3)/3 = ln 6 / 3 at T = 3") {
  CHECK(pelab::mean_max_entropy(3, true) == doctest::Approx(std::log(6.0) / 3).epsilon(1e-12));
  CHECK(pelab::mean_max_entropy(3, false) == doctest::Approx(std::log(3.0)));
  CHECK(pelab::mean_max_entropy(1, true) == 0.0);
}

TEST_CASE("uniform rows have normalised entropy 1") {
  // Causal T = 4: row i uniform over i+1 keys has entropy ln(i+1), which is exactly the bound row by row.
  MatF entropy(1, 4);
  for (int i = 0; i < 4; ++i) entropy(0, i) = static_cast<float>(std::log(i + 1.0));
  CHECK(pelab::normalized_mean_entropy(entropy, 4, true) == doctest::Approx(1.0).epsilon(1e-6));
  MatF half = entropy * 0.5f;
  CHECK(pelab::normalized_mean_entropy(half, 4, true) == doctest::Approx(0.5).epsilon(1e-6));
}

TEST_CASE("the mean attended distance weighs |i - j| by the attention") {
  // Row 0 attends to itself: 0. Row 1 half to key 0, half to key 2: 0.5·1 + 0.5·1 = 1.
  // Row 2 all on key 0: 2.
  MatF a(3, 3);
  a << 1, 0, 0,
       0.5f, 0, 0.5f,
       1, 0, 0;
  const pelab::VecD d = pelab::mean_attended_distance(a);
  CHECK(d[0] == doctest::Approx(0.0));
  CHECK(d[1] == doctest::Approx(1.0));
  CHECK(d[2] == doctest::Approx(2.0));
  CHECK_THROWS_AS(pelab::mean_attended_distance(MatF(2, 3)), pelab::ArgumentError);
}

TEST_CASE("an argument error carries its parameter, the allowed range and the value as data") {
  try {
    pelab::mean_max_entropy(0, true);
    FAIL("no exception");
  } catch (const pelab::ArgumentError& e) {
    CHECK(e.where() == "mean_max_entropy");
    CHECK(e.param() == "T");
    CHECK(e.allowed() == "an integer in [1, 1073741824]");
    CHECK(e.got() == "0");
    CHECK(std::string(e.what()) == "mean_max_entropy: T must be an integer in [1, 1073741824], got 0");
  }
}
