// tests/core/test_learned.cpp — learned absolute position table: the seeded draw ("result of"), and the
// lookup rules that define it ("definition of"): row t for t < t_max; clamp, wrap or error beyond.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "caps.h"
#include "positional/learned.h"
#include "rng.h"

using pelab::Beyond;
using pelab::MatF;

TEST_CASE("a learned table is reproducible for a seed and different for another seed") {
  const MatF a = pelab::learned_table(64, 16, 1.0, 42);
  const MatF b = pelab::learned_table(64, 16, 1.0, 42);
  const MatF c = pelab::learned_table(64, 16, 1.0, 43);
  REQUIRE(a.rows() == 64);
  REQUIRE(a.cols() == 16);
  CHECK(a == b);  // same seed: bit-identical (same generator, same order)
  // Another seed: independent N(0, 1) floats, so equal entries would be a coincidence of probability ~0.
  CHECK((a.array() == c.array()).count() == 0);
}

TEST_CASE("the learned table is fill_normal on the kLearnedPE sub-stream, row-major") {
  // Definition from learned.h: Pcg32(seed, Stream::kLearnedPE) then fill_normal with sigma.
  MatF expected(8, 5);
  pelab::Pcg32 rng(7, pelab::Stream::kLearnedPE);
  pelab::fill_normal(rng, expected, 0.5);
  CHECK(pelab::learned_table(8, 5, 0.5, 7) == expected);
  // Row-major drawing makes a shorter table a prefix of a longer one with the same seed and d.
  CHECK(pelab::learned_table(3, 5, 0.5, 7) == expected.topRows(3));
}

TEST_CASE("learned table entries have mean 0 and variance sigma squared") {
  // 256 x 64 = 16384 draws of N(0, 4). Standard errors: mean sigma/sqrt(N) = 2/128 = 0.0156;
  // sample variance sigma^2 sqrt(2/N) = 4 * 0.01105 = 0.0442. Bounds are 4 standard errors.
  const MatF t = pelab::learned_table(256, 64, 2.0, 2024);
  const double n = static_cast<double>(t.size());
  const double mean = t.cast<double>().sum() / n;
  const double var = (t.cast<double>().array() - mean).square().sum() / (n - 1);
  CHECK(std::abs(mean) < 4 * 0.0156);
  CHECK(std::abs(var - 4.0) < 4 * 0.0442);
}

TEST_CASE("learned_pe reads table row t for every position inside the table") {
  const MatF table = pelab::learned_table(64, 8, 1.0, 1);
  for (Beyond beyond : {Beyond::kClamp, Beyond::kWrap, Beyond::kError}) {
    CHECK(pelab::learned_pe(table, 64, beyond) == table);  // T = t_max: the whole table, in order
    CHECK(pelab::learned_pe(table, 10, beyond) == table.topRows(10));
  }
}

TEST_CASE("clamp gives every position at or past t_max the row of position t_max-1") {
  const MatF table = pelab::learned_table(64, 8, 1.0, 5);
  const MatF pe = pelab::learned_pe(table, 100, Beyond::kClamp);
  REQUIRE(pe.rows() == 100);
  CHECK(pe.topRows(64) == table);
  for (int t = 64; t < 100; ++t) CHECK(pe.row(t) == table.row(63));  // exact: the same floats copied
}

TEST_CASE("wrap gives position t the row of position t mod t_max") {
  const MatF table = pelab::learned_table(64, 8, 1.0, 5);
  const MatF pe = pelab::learned_pe(table, 200, Beyond::kWrap);
  for (int t = 0; t < 200; ++t) CHECK(pe.row(t) == table.row(t % 64));
  // So the encoding is periodic with period t_max: positions 3, 67, 131, 195 are indistinguishable.
  CHECK(pe.row(3) == pe.row(67));
  CHECK(pe.row(3) == pe.row(195));
}

TEST_CASE("learned_row matches hand-worked lookups") {
  CHECK(pelab::learned_row(5, 64, Beyond::kError) == 5);   // inside the table: the position itself
  CHECK(pelab::learned_row(63, 64, Beyond::kError) == 63);  // the last row
  CHECK(pelab::learned_row(64, 64, Beyond::kClamp) == 63);  // t_max - 1
  CHECK(pelab::learned_row(130, 64, Beyond::kWrap) == 2);   // 130 - 2*64 = 2
  // 10^12 = 2^12 * 5^12 is a multiple of 64, so wrap reads row 0; clamp reads row 63.
  CHECK(pelab::learned_row(1000000000000LL, 64, Beyond::kWrap) == 0);
  CHECK(pelab::learned_row(1000000000000LL, 64, Beyond::kClamp) == 63);
  CHECK(pelab::learned_row(0, 1, Beyond::kWrap) == 0);  // a one-row table: everything is row 0
  CHECK(pelab::learned_row(9, 1, Beyond::kWrap) == 0);
}

TEST_CASE("beyond = error refuses a sequence longer than the table with the documented message") {
  const MatF table = pelab::learned_table(64, 8, 1.0, 5);
  const std::string message = "learned_pe: T must be at most tMax = 64 when beyond = 'error', got position 64";
  // T = 65 asks for positions 0 … 64; position 64 is the first without a row.
  CHECK_THROWS_WITH_AS(pelab::learned_pe(table, 65, Beyond::kError), message.c_str(), std::invalid_argument);
  CHECK_THROWS_WITH_AS(pelab::learned_row(64, 64, Beyond::kError), message.c_str(), std::invalid_argument);
  CHECK_NOTHROW(pelab::learned_pe(table, 64, Beyond::kError));
}

TEST_CASE("parse_beyond accepts the three documented names and nothing else") {
  CHECK(pelab::parse_beyond("clamp") == Beyond::kClamp);
  CHECK(pelab::parse_beyond("wrap") == Beyond::kWrap);
  CHECK(pelab::parse_beyond("error") == Beyond::kError);
  CHECK_THROWS_WITH_AS(pelab::parse_beyond("Clamp"),
                       "learned_pe: beyond must be one of 'clamp', 'wrap', 'error', got 'Clamp'",
                       std::invalid_argument);
  CHECK_THROWS_AS(pelab::parse_beyond(""), std::invalid_argument);
}

TEST_CASE("the learned table has t_max times d parameters") {
  CHECK(pelab::learned_parameter_count(64, 32) == 2048);  // 64 * 32
  // The course's example (theory 02): T_max = 4096, d = 1024 -> "4M extra parameters" = 4194304.
  CHECK(pelab::learned_parameter_count(4096, 1024) == 4194304LL);
  CHECK(pelab::learned_parameter_count(64, 32) == pelab::learned_table(64, 32, 1.0, 0).size());
}

TEST_CASE("learned PE functions reject bad arguments with the parameter's name") {
  const MatF table = pelab::learned_table(4, 3, 1.0, 0);
  const MatF empty(0, 3);
  const MatF wide = pelab::learned_table(1, 8192, 1.0, 0);
  const int max_t = static_cast<int>(pelab::limits::kMaxT);
  struct Bad {
    std::function<void()> call;
    const char* needle;
  };
  const Bad cases[] = {
      {[] { pelab::learned_table(0, 4, 1.0, 0); }, "learned_table: tMax must be"},
      {[=] { pelab::learned_table(max_t + 1, 4, 1.0, 0); }, "learned_table: tMax must be"},
      {[] { pelab::learned_table(4, 0, 1.0, 0); }, "learned_table: d must be"},
      {[] { pelab::learned_table(4, 8193, 1.0, 0); }, "learned_table: d must be"},
      {[=] { pelab::learned_table(max_t, 8192, 1.0, 0); }, "learned_table: tMax*d must be"},
      {[] { pelab::learned_table(4, 4, 0.0, 0); }, "learned_table: sigma must be"},
      {[] { pelab::learned_table(4, 4, -1.0, 0); }, "learned_table: sigma must be"},
      {[] { pelab::learned_table(4, 4, NAN, 0); }, "learned_table: sigma must be"},
      {[] { pelab::learned_table(4, 4, INFINITY, 0); }, "learned_table: sigma must be"},
      {[] { pelab::learned_table(4, 4, 2e6, 0); }, "learned_table: sigma must be"},
      {[&] { pelab::learned_pe(table, 0, Beyond::kClamp); }, "learned_pe: T must be"},
      {[&] { pelab::learned_pe(table, max_t + 1, Beyond::kClamp); }, "learned_pe: T must be"},
      {[&] { pelab::learned_pe(wide, max_t, Beyond::kClamp); }, "learned_pe: T*d must be"},
      {[&] { pelab::learned_pe(empty, 4, Beyond::kClamp); }, "learned_pe: tMax must be"},
      {[] { pelab::learned_row(-1, 4, Beyond::kClamp); }, "learned_row: position must be"},
      {[] { pelab::learned_row(0, 0, Beyond::kClamp); }, "learned_row: tMax must be"},
      {[] { pelab::learned_parameter_count(0, 4); }, "learned_parameter_count: tMax must be"},
      {[] { pelab::learned_parameter_count(4, 0); }, "learned_parameter_count: d must be"},
  };
  for (const Bad& b : cases) check_throws_containing(b.call, b.needle);
}
