// tests/core/test_lab_extrapolation.cpp — Lab 03's runner: attention rows are distributions, entropies lie
// between 0 and the log of the keys a row sees, the learned input past t_max follows clamp or wrap, a
// shorter T is a prefix of a longer one (randomness contract), and bad parameters carry their public names.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <cmath>
#include <vector>

#include "labs/extrapolation.h"

using pelab::MatF;
using pelab::PeScheme;

namespace {
const std::vector<PeScheme> kAll = {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kLearned,
                                    PeScheme::kRope, PeScheme::kAlibi, PeScheme::kT5};

pelab::ExtrapolationParams small(bool causal) {
  pelab::ExtrapolationParams p;
  p.schemes = kAll;
  p.d_model = 16, p.n_heads = 2, p.head = 1, p.learned_t_max = 8, p.causal = causal;
  return p;
}

const pelab::ExtrapolationCell& cell(const std::vector<pelab::ExtrapolationCell>& cells, PeScheme pe, int T) {
  for (const pelab::ExtrapolationCell& c : cells)
    if (c.pe == pe && c.T == T) return c;
  FAIL("no cell");
  return cells.front();
}
}  // namespace

TEST_CASE("cells come length-major, one per scheme and length") {
  const std::vector<pelab::ExtrapolationCell> cells = pelab::run_extrapolation_lengths(small(false), {6, 12});
  REQUIRE(cells.size() == 12);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    CHECK(cells[i].T == (i < 6 ? 6 : 12));
    CHECK(cells[i].pe == kAll[i % 6]);
    CHECK(cells[i].attention.rows() == cells[i].T);
    CHECK(cells[i].entropy.rows() == 2);
    CHECK(cells[i].entropy.cols() == cells[i].T);
  }
}

TEST_CASE("definition of attention and entropy: rows are distributions, 0 <= H <= ln(keys seen)") {
  for (bool causal : {false, true}) {
    CAPTURE(causal);
    for (const pelab::ExtrapolationCell& c : pelab::run_extrapolation_lengths(small(causal), {6, 12})) {
      CAPTURE(pelab::pe_scheme_name(c.pe));
      CAPTURE(c.T);
      // The bound of the mean: ln T, or (1/T)·Σ_{i=1..T} ln i = ln(T!)/T when row i sees i+1 keys.
      CHECK(c.max_entropy == doctest::Approx(causal ? std::lgamma(c.T + 1.0) / c.T : std::log(c.T)).epsilon(1e-12));
      CHECK(c.mean_entropy == doctest::Approx(c.entropy.cast<double>().mean()).epsilon(1e-12));
      CHECK(c.mean_entropy_head == doctest::Approx(c.entropy.row(1).cast<double>().mean()).epsilon(1e-12));
      CHECK(c.normalized_entropy == doctest::Approx(c.mean_entropy / c.max_entropy).epsilon(1e-12));
      CHECK(c.normalized_entropy <= 1.0 + 1e-6);
      for (int i = 0; i < c.T; ++i) {
        CHECK(c.attention.row(i).sum() == doctest::Approx(1.0).epsilon(1e-5));
        if (causal) CHECK(c.attention.row(i).tail(c.T - 1 - i).cwiseAbs().sum() == 0.0f);  // no future keys
        const double keys = causal ? i + 1.0 : c.T;  // a causal row i sees keys 0 … i
        double h = 0;                                  // -sum a ln a of the returned head, here
        for (int j = 0; j < c.T; ++j)
          if (c.attention(i, j) > 0) h -= c.attention(i, j) * std::log(static_cast<double>(c.attention(i, j)));
        CHECK(std::abs(c.entropy(1, i) - h) <= 1e-4);
        for (int head = 0; head < 2; ++head) {
          CHECK(c.entropy(head, i) >= -1e-6);
          CHECK(c.entropy(head, i) <= std::log(keys) + 1e-5);
        }
      }
    }
  }
}

TEST_CASE("the learned input past learnedTMax reads row tMax-1 with clamp and row t mod tMax with wrap") {
  for (pelab::Beyond beyond : {pelab::Beyond::kClamp, pelab::Beyond::kWrap}) {
    pelab::ExtrapolationParams p = small(false);
    p.beyond = beyond;
    const std::vector<pelab::ExtrapolationCell> cells = pelab::run_extrapolation_lengths(p, {20});
    // learned_t_max = 8 rows, sigma 1, the lab's seed: the table the layer adds (attention.h).
    const MatF table = pelab::learned_table(8, 16, 1.0, p.seed);
    const MatF& in = cell(cells, PeScheme::kLearned, 20).pe_input;
    REQUIRE(in.rows() == 20);
    for (int t = 0; t < 20; ++t) {
      const int row = t < 8 ? t : beyond == pelab::Beyond::kClamp ? 7 : t % 8;  // by hand, per learned.h
      CHECK(in.row(t) == table.row(row));
    }
    CHECK(cell(cells, PeScheme::kRope, 20).pe_input.size() == 0);  // only the learned cell carries its input
  }
}

TEST_CASE("randomness contract: a shorter T is the prefix of a longer one") {
  // Non-causal: a one-length call gives the cell of a several-length call bit for bit (same weights, same X
  // rows, same table rows). Causal: row i sees keys 0 … i only, so T = 6 is the top-left block of T = 12.
  const std::vector<pelab::ExtrapolationCell> both = pelab::run_extrapolation_lengths(small(false), {6, 12});
  const std::vector<pelab::ExtrapolationCell> alone = pelab::run_extrapolation_lengths(small(false), {6});
  const std::vector<pelab::ExtrapolationCell> causal = pelab::run_extrapolation_lengths(small(true), {6, 12});
  for (PeScheme pe : kAll) {
    CAPTURE(pelab::pe_scheme_name(pe));
    CHECK(cell(alone, pe, 6).attention == cell(both, pe, 6).attention);
    CHECK(cell(alone, pe, 6).entropy == cell(both, pe, 6).entropy);
    const MatF block = cell(causal, pe, 12).attention.topLeftCorner(6, 6);
    CHECK((block - cell(causal, pe, 6).attention).cwiseAbs().maxCoeff() <= 1e-6f);
  }
}

TEST_CASE("bad extrapolation parameters are reported under their public names") {
  struct P {
    pelab::ExtrapolationParams p;
    std::vector<int> Ts;
  };
  check_bad_params<P>({small(false), {6, 12}}, [](const P& x) { pelab::run_extrapolation_lengths(x.p, x.Ts); },
                      {
                          {"head", "2", [](P& x) { x.p.head = 2; }},
                          {"TSweep", "0", [](P& x) { x.Ts.clear(); }},
                          {"TSweep", "0", [](P& x) { x.Ts = {6, 0}; }},
                          {"TSweep", "5000", [](P& x) { x.Ts = {5000}; }},  // 2·5000² > 2^25
                          {"dModel", "0", [](P& x) { x.p.d_model = 0; }},
                          {"nHeads", "3", [](P& x) { x.p.n_heads = 3; }},  // does not divide 16
                          {"learnedTMax", "0", [](P& x) { x.p.learned_t_max = 0; }},
                      });
}
