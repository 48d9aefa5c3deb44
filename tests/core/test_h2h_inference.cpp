// tests/core/test_h2h_inference.cpp — RoPE extended at inference (core/labs/h2h_inference.h): factor 1 is the
// plain evaluation (property), Position Interpolation is the model run at positions / s (hand-built tables),
// each method's changed pairs against frequencies computed by hand, the course-claim verdict on hand-built
// tables, and bad parameters rejected under their public names.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "check_throws.h"
#include "labs/h2h_inference.h"
#include "labs/head_to_head.h"
#include "model/evaluate.h"

using doctest::Approx;
namespace gpt = pelab::gpt;
namespace data = pelab::data;
using pelab::RopeScalingType;

namespace {
constexpr int kL0 = 6;  // the head-to-head's training length, BOS included

// A small untrained RoPE model (random weights: the rotation still changes every logit) over the corpus.
gpt::Config tiny_rope() {
  gpt::Config c;
  c.d_model = 32;
  c.n_heads = 2;  // hs = 16: 8 rotation pairs, as in the default model
  c.n_layers = 1;
  c.max_len = 41;
  c.pe_kind = pelab::PeScheme::kRope;
  return c;
}

bool same_metrics(const gpt::SplitMetrics& a, const gpt::SplitMetrics& b) {
  return a.loss == b.loss && a.conj_loss == b.conj_loss && a.conj_acc == b.conj_acc;
}

// One seed of `name` (the seed argument only labels the table; rows of one name are its seeds).
pelab::ClaimRow row(const std::string& name, int /*seed*/, double acc, bool converged = true,
                    const std::string& split = "ood40") {
  return pelab::ClaimRow{name, split, acc, converged};
}
const std::vector<pelab::InferenceSplit> kSplits{{"ood20", 21, 3.5}, {"ood40", 41, 41.0 / 6}};
}  // namespace

TEST_CASE("every method at factor 1, and type none, evaluates exactly like the plain model") {
  const data::Corpus corpus = pelab::head_to_head_corpus(0);
  gpt::GPT<float> m(tiny_rope(), 4 * 41, 4 * 41);
  m.params.init(3);
  std::vector<gpt::SplitMetrics> plain;
  for (const data::Split* s : corpus.splits()) plain.push_back(gpt::evaluate_split(m, *s));
  // Property: s = 1 is "no extension" (rope_scaling.h), so the scaled forward must give the same bits.
  for (RopeScalingType type : pelab::inference_methods()) {
    gpt::set_rope_scaling(m, pelab::inference_scaling(type, 1.0, kL0));
    std::size_t i = 0;
    for (const data::Split* s : corpus.splits()) CHECK(same_metrics(gpt::evaluate_split(m, *s), plain[i++]));
  }
  // A real scaling changes the OOD numbers, and type none puts the plain tables back bit for bit.
  gpt::set_rope_scaling(m, pelab::inference_scaling(RopeScalingType::kLinear, 4.0, kL0));
  CHECK_FALSE(same_metrics(gpt::evaluate_split(m, corpus.ood.back()), plain.back()));
  gpt::set_rope_scaling(m, pelab::RopeScaling{});
  CHECK(same_metrics(gpt::evaluate_split(m, corpus.ood.back()), plain.back()));

  // The study's rows at a fixed factor 1 are the plain metrics of the same splits (val and OOD, not train).
  const std::vector<pelab::InferenceRow> rows = pelab::evaluate_inference(m, corpus, kL0, 1.0);
  REQUIRE(rows.size() == pelab::inference_methods().size() * (corpus.splits().size() - 1));
  for (const pelab::InferenceRow& r : rows) {
    CAPTURE(r.method);
    CAPTURE(r.split);
    std::size_t i = 0;
    while (plain[i].split != r.split) ++i;
    CHECK(r.factor == 1.0);
    CHECK(r.conj_acc == plain[i].conj_acc);
    CHECK(r.conj_loss == plain[i].conj_loss);
    CHECK(r.loss == plain[i].loss);
  }
  // ... and the model is left with its plain tables.
  CHECK(same_metrics(gpt::evaluate_split(m, corpus.ood.back()), plain.back()));
}

TEST_CASE("Position Interpolation at factor s is the model evaluated at positions / s") {
  const data::Corpus corpus = pelab::head_to_head_corpus(0);
  const data::Split& ood20 = corpus.ood[2];
  REQUIRE(ood20.length == 20);
  gpt::GPT<float> m(tiny_rope(), 4 * 41, 4 * 41);
  m.params.init(5);
  const double s = 21.0 / kL0;
  gpt::set_rope_scaling(m, pelab::inference_scaling(RopeScalingType::kLinear, s, kL0));
  const std::vector<pelab::MatF> pi = gpt::split_logits(m, ood20);
  // By hand: every table rotates position p by (p / s)·theta_k with the plain theta_k = 10000^(-2k/16).
  const pelab::VecD theta = pelab::rope_frequencies(16, 10000.0);
  for (int T = 1; T <= m.config.max_len; ++T)
    m.rope[T] = pelab::rope_tables<float>(pelab::VecD::LinSpaced(T, 0.0, T - 1.0) / s, theta);
  const std::vector<pelab::MatF> by_hand = gpt::split_logits(m, ood20);
  REQUIRE(pi.size() == by_hand.size());
  // float32 angles (p/s)·theta against p·(theta/s): equal up to float rounding of the angle.
  double worst = 0.0;
  for (std::size_t i = 0; i < pi.size(); ++i) worst = std::max(worst, static_cast<double>((pi[i] - by_hand[i]).cwiseAbs().maxCoeff()));
  CHECK(worst < 1e-4);
}

TEST_CASE("which pairs each method changes at L0 = 6, against frequencies computed by hand") {
  // hs = 16, base 10000: theta_k = 10000^(-k/8), wavelengths 2π/theta_k >= 2π > L0 = 6 for every pair.
  const double s = 41.0 / kL0;
  const pelab::PairStudy st = pelab::inference_pairs(16, 10000.0, kL0, {{"ood40", 41, s}});
  REQUIRE(st.changes.size() == 5);
  const auto& pi = st.changes[0], &ntk = st.changes[1], &dyn = st.changes[2], &yarn = st.changes[3], &llama = st.changes[4];
  CHECK(pi.method == "linear");
  CHECK(yarn.method == "yarn");
  for (int k = 0; k < 8; ++k) {
    CAPTURE(k);
    CHECK(pi.rel_change[k] == Approx(1.0 - 1.0 / s));                   // theta_k / s
    // NTK: base' = base·s^(16/14), so theta'_k = theta_k · s^(-(16/14)(2k/16)) = theta_k · s^(-k/7).
    CHECK(ntk.rel_change[k] == Approx(1.0 - std::pow(s, -k / 7.0)));
    // Dynamic NTK at L = 41: base·(s·41/6 − (s − 1))^(16/14) → theta_k · r^(-k/7), r = s² − s + 1 here.
    CHECK(dyn.rel_change[k] == Approx(1.0 - std::pow(s * s - s + 1.0, -k / 7.0)));
    // Llama 3: every wavelength exceeds L0 / low_freq_factor = 6 → every pair divided by s, like PI.
    CHECK(llama.rel_change[k] == Approx(1.0 - 1.0 / s));
  }
  CHECK(pi.changed == 8);
  CHECK(ntk.changed == 7);  // pair 0: theta_0 = base'^0 = 1 whatever the base
  CHECK(dyn.changed == 7);
  CHECK(llama.changed == 8);
  // YaRN's ramp by hand: correction dims 16·ln(6/(32·2π))/(2 ln 10000) = −3.05 → floor → 0 and
  // 16·ln(6/2π)/(2 ln 10000) = −0.04 → ceil → 0; equal, so high = 0.001: pair 0 keeps its frequency (ramp 1),
  // pairs 1…7 are interpolated (ramp 0), and q, k are scaled by 0.1 ln s + 1.
  REQUIRE(yarn.ramp.size() == 8);
  CHECK(yarn.ramp[0] == 1.0);
  CHECK(yarn.rel_change[0] == 0.0);
  for (int k = 1; k < 8; ++k) {
    CHECK(yarn.ramp[k] == 0.0);
    CHECK(yarn.rel_change[k] == Approx(1.0 - 1.0 / s));
  }
  CHECK(yarn.changed == 7);
  CHECK(yarn.attention_factor == Approx(0.1 * std::log(s) + 1.0));
  CHECK(pi.ramp.empty());

  // Coincidences, per method pair in order (linear, ntk), (linear, dynamic-ntk), (linear, yarn), (linear, llama3), …
  REQUIRE(st.coincide.size() == 10);
  const pelab::Coincidence& pi_llama = st.coincide[3];
  CHECK(pi_llama.a == "linear");
  CHECK(pi_llama.b == "llama3");
  CHECK(pi_llama.same);
  CHECK(pi_llama.pairs_agreeing == 8);
  CHECK(pi_llama.max_rel_diff == 0.0);
  const pelab::Coincidence& pi_yarn = st.coincide[2];
  CHECK(pi_yarn.b == "yarn");
  CHECK_FALSE(pi_yarn.same);
  CHECK(pi_yarn.pairs_agreeing == 7);                         // all but pair 0
  CHECK(pi_yarn.max_rel_diff == Approx(1.0 - 1.0 / s));       // pair 0: theta_0 vs theta_0 / s
  // At factor 1 (val in the ratio rule) nothing changes and every method coincides.
  const pelab::PairStudy one = pelab::inference_pairs(16, 10000.0, kL0, {{"val", 6, 1.0}});
  for (const auto& c : one.changes) CHECK(c.changed == 0);
  for (const auto& c : one.coincide) CHECK(c.same);
}

TEST_CASE("the factor rule: T / L0 per split, at least 1, or the fixed factor") {
  CHECK(pelab::inference_factor_for(6, kL0, 0) == 1.0);
  CHECK(pelab::inference_factor_for(3, kL0, 0) == 1.0);
  CHECK(pelab::inference_factor_for(41, kL0, 0) == 41.0 / 6.0);
  CHECK(pelab::inference_factor_for(41, kL0, 2.5) == 2.5);
  const data::Corpus corpus = pelab::head_to_head_corpus(0);
  const std::vector<pelab::InferenceSplit> sp = pelab::inference_splits(corpus, kL0, 0);
  REQUIRE(sp.size() == 5);
  const char* names[] = {"val", "ood10", "ood15", "ood20", "ood40"};
  const int Ts[] = {6, 11, 16, 21, 41};
  for (int i = 0; i < 5; ++i) {
    CHECK(sp[i].split == names[i]);
    CHECK(sp[i].T == Ts[i]);
    CHECK(sp[i].factor == Approx(std::max(1.0, Ts[i] / 6.0)));
  }
}

TEST_CASE("the course-claim verdict on hand-built tables") {
  using Rows = std::vector<pelab::ClaimRow>;
  // Holds: YaRN's lowest seed (0.70) is above both plain PEs' highest (0.55, 0.45).
  Rows holds{row("rope", 0, 0.50), row("rope", 1, 0.55), row("sinusoidal", 0, 0.40), row("sinusoidal", 1, 0.45),
             row("rope+yarn", 0, 0.70), row("rope+yarn", 1, 0.80), row("rope+linear", 0, 0.60), row("rope+linear", 1, 0.62),
             row("rope", 0, 0.99, true, "ood20")};  // another split: ignored
  pelab::ClaimVerdict v = pelab::course_claim_verdict(holds, kSplits, kL0);
  CHECK(v.id == "holds");
  CHECK(v.decided_by == "rope+yarn");
  CHECK(v.split == "ood40");  // the longest split with T / L0 >= 4 (ood20: 21/6 = 3.5 is not)
  CHECK(v.ratio == Approx(41.0 / 6));
  REQUIRE(v.entries.size() == 4);
  CHECK(v.entries[0].name == "rope");
  CHECK(v.entries[0].role == "plain");
  CHECK(v.entries[0].mean == Approx(0.525));
  CHECK(v.entries[0].min == 0.50);
  CHECK(v.entries[0].max == 0.55);
  CHECK(v.entries[2].name == "rope+yarn");
  CHECK(v.entries[2].role == "remedy");
  CHECK(v.entries[3].role == "scaling");
  // Comparisons: yarn vs rope, yarn vs sinusoidal, then PI vs rope (0.60 > 0.55: beats).
  REQUIRE(v.comparisons.size() == 3);
  CHECK(v.comparisons[2].a == "rope+linear");
  CHECK(v.comparisons[2].a_beats_b);

  // Contradicted: plain RoPE (0.80–0.85) above YaRN (≤ 0.40) and ALiBi (≤ 0.60).
  Rows contra{row("rope", 0, 0.80), row("rope", 1, 0.85), row("rope+yarn", 0, 0.30), row("rope+yarn", 1, 0.40),
              row("alibi", 0, 0.50), row("alibi", 1, 0.60)};
  v = pelab::course_claim_verdict(contra, kSplits, kL0);
  CHECK(v.id == "contradicted");
  CHECK(v.decided_by == "rope");
  // Inconclusive: the ranges overlap (YaRN 0.60–0.80 against RoPE 0.50–0.70), no side wins.
  Rows overlap{row("rope", 0, 0.50), row("rope", 1, 0.70), row("rope+yarn", 0, 0.60), row("rope+yarn", 1, 0.80)};
  v = pelab::course_claim_verdict(overlap, kSplits, kL0);
  CHECK(v.id == "inconclusive");
  CHECK(v.decided_by.empty());
  // A tie is not a win: one seed each, equal values.
  CHECK(pelab::course_claim_verdict({row("rope", 0, 0.5), row("rope+yarn", 0, 0.5)}, kSplits, kL0).id == "inconclusive");
  // An ALiBi that did not converge is left out: without it, plain RoPE beats the only remedy.
  Rows unconverged{row("rope", 0, 0.80), row("rope+yarn", 0, 0.30), row("alibi", 0, 0.95, false)};
  v = pelab::course_claim_verdict(unconverged, kSplits, kL0);
  CHECK(v.id == "contradicted");
  REQUIRE(v.excluded.size() == 1);
  CHECK(v.excluded[0] == "alibi");

  // Missing: no split at >= 4x, no RoPE, RoPE not converged on one seed, no remedy at all.
  CHECK(pelab::course_claim_verdict(holds, {{"ood20", 21, 3.5}}, kL0).id == "missing-long-split");
  CHECK(pelab::course_claim_verdict({row("sinusoidal", 0, 0.4), row("alibi", 0, 0.6)}, kSplits, kL0).id == "missing-rope");
  CHECK(pelab::course_claim_verdict({row("rope", 0, 0.8), row("rope", 1, 0.8, false), row("rope+yarn", 0, 0.9)}, kSplits, kL0).id ==
        "rope-not-converged");
  CHECK(pelab::course_claim_verdict({row("rope", 0, 0.8), row("sinusoidal", 0, 0.5)}, kSplits, kL0).id == "missing-remedy");
  check_throws_containing([] { pelab::course_claim_verdict({row("rope", 0, 1.5)}, kSplits, kL0); }, "conjAcc must be a number in [0, 1]");
}

TEST_CASE("bad inference parameters are rejected under their public names") {
  pelab::HeadToHeadParams good;
  good.inference_factor = 2.0;
  check_bad_params<pelab::HeadToHeadParams>(
      good, [](const pelab::HeadToHeadParams& p) { pelab::check_head_to_head_params("head-to-head", p); },
      {{"inferenceFactor", "0.5", [](pelab::HeadToHeadParams& p) { p.inference_factor = 0.5; }},
       {"inferenceFactor", "65", [](pelab::HeadToHeadParams& p) { p.inference_factor = 65; }},
       {"inferenceFactor", "-1", [](pelab::HeadToHeadParams& p) { p.inference_factor = -1; }},
       {"inferenceFactor", "nan", [](pelab::HeadToHeadParams& p) { p.inference_factor = NAN; }}});
  // The scaled forward needs a RoPE model.
  gpt::Config c = tiny_rope();
  c.pe_kind = pelab::PeScheme::kAlibi;
  gpt::GPT<float> alibi(c, 41, 1);
  check_throws_containing([&] { gpt::set_rope_scaling(alibi, pelab::RopeScaling{}); }, "peKind must be 'rope', got 'alibi'");
  const data::Corpus corpus = pelab::head_to_head_corpus(0);
  check_throws_containing([&] { pelab::evaluate_inference(alibi, corpus, kL0, 0); }, "peKind must be 'rope', got 'alibi'");
  gpt::GPT<float> rope(tiny_rope(), 41, 1);
  check_throws_containing([&] { pelab::evaluate_inference(rope, corpus, kL0, 0.5); }, "inferenceFactor must be 0 (the length ratio");
}
