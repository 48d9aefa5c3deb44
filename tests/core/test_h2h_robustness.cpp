// tests/core/test_h2h_robustness.cpp — the headline's robustness (core/labs/h2h_robustness.h): what each grid
// setting changes (read off the grid's documentation), and the verdict per setting on hand-built metric tables
// whose means, ranges and verdicts are worked out by hand in the comments; bad tables throw naming the field.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "check_throws.h"
#include "labs/h2h_robustness.h"

using doctest::Approx;
namespace gpt = pelab::gpt;
using pelab::RobustnessRun;
using pelab::RobustnessVerdict;

namespace {
// Three seeds (0, 1, 2) of one variant in one setting: ood20 accuracies acc, train conjugation losses loss.
void add(std::vector<RobustnessRun>& t, const std::string& setting, const std::string& variant, std::vector<double> acc,
         std::vector<double> loss = {0.05, 0.05, 0.05}) {
  for (std::size_t s = 0; s < acc.size(); ++s) t.push_back({setting, variant, static_cast<long long>(s), loss[s], acc[s]});
}

std::string verdict(const pelab::SettingResult& s) { return pelab::robustness_verdict_name(s.verdict); }
}  // namespace

TEST_CASE("the grid's settings change exactly what h2h_robustness.h documents") {
  const std::vector<std::string> want{"baseline", "sqrt-d", "std-1", "sqrt-d-std-1", "half-budget", "double-budget"};
  CHECK(pelab::robustness_setting_ids() == want);
  pelab::HeadToHeadParams base;  // steps 400, none, 0.02
  const auto at = [&](const char* id) { return pelab::robustness_setting_params(base, id); };
  CHECK(at("baseline").embed_scale == gpt::EmbedScale::kNone);
  CHECK(at("baseline").embed_init_std == 0.02);
  CHECK(at("baseline").steps == 400);
  CHECK(at("sqrt-d").embed_scale == gpt::EmbedScale::kSqrtD);
  CHECK(at("sqrt-d").embed_init_std == 0.02);
  CHECK(at("std-1").embed_scale == gpt::EmbedScale::kNone);
  CHECK(at("std-1").embed_init_std == 1.0);
  CHECK(at("sqrt-d-std-1").embed_scale == gpt::EmbedScale::kSqrtD);
  CHECK(at("sqrt-d-std-1").embed_init_std == 1.0);
  CHECK(at("half-budget").steps == 200);
  CHECK(at("half-budget").embed_init_std == 0.02);
  CHECK(at("double-budget").steps == 800);
  for (const std::string& id : want) {  // batch, lr, seeds and the model are the base's everywhere
    CAPTURE(id);
    CHECK(at(id.c_str()).batch == base.batch);
    CHECK(at(id.c_str()).lr == base.lr);
    CHECK(at(id.c_str()).seeds == base.seeds);
    CHECK(at(id.c_str()).d_model == base.d_model);
  }
  base.steps = 5;     // half of an odd budget rounds up: ceil(5 / 2) = 3
  CHECK(at("half-budget").steps == 3);
  base.steps = 3000;  // double stays within the steps cap of 5000
  CHECK(at("double-budget").steps == 5000);
  base.steps = 1;
  CHECK(at("half-budget").steps == 1);
  // A base of the caller's own choice is the baseline: the grid moves from there.
  base.embed_scale = gpt::EmbedScale::kSqrtD;
  CHECK(at("baseline").embed_scale == gpt::EmbedScale::kSqrtD);
}

TEST_CASE("unknown settings and bad bases are refused, naming the parameter") {
  pelab::HeadToHeadParams base;
  check_bad_params<pelab::HeadToHeadParams>(base, [](const pelab::HeadToHeadParams& p) { pelab::robustness_setting_params(p, "std-1"); },
      {{"embedInitStd", "0", [](pelab::HeadToHeadParams& p) { p.embed_init_std = 0; }},
       {"steps", "0", [](pelab::HeadToHeadParams& p) { p.steps = 0; }}});
  try {
    pelab::robustness_setting_params(base, "triple-budget");
    FAIL("no exception");
  } catch (const pelab::ArgumentError& e) {
    CHECK(e.param() == "setting");
    CHECK(e.got() == "'triple-budget'");
    CHECK(e.allowed().find("'double-budget'") != std::string::npos);
  }
}

TEST_CASE("verdicts on a hand-built table: holds, overlapping, touching, reversed, not converged") {
  std::vector<RobustnessRun> t;
  // A: apart. sin 0.50/0.60/0.70 (mean 0.60, max 0.70), rope 0.80/0.85/0.90 (mean 0.85, min 0.80):
  //    gap 0.25, margin 0.80 - 0.70 = 0.10 > 0 -> holds.
  add(t, "A", "sinusoidal", {0.50, 0.60, 0.70});
  add(t, "A", "rope", {0.80, 0.85, 0.90});
  // B: overlapping. rope 0.65/0.90/0.95 (mean 0.8333…, min 0.65) vs sin max 0.70: margin -0.05 -> does_not_hold,
  //    although RoPE's mean is 0.2333… ahead.
  add(t, "B", "sinusoidal", {0.50, 0.60, 0.70});
  add(t, "B", "rope", {0.65, 0.90, 0.95});
  // C: touching. rope min 0.70 == sin max 0.70: margin 0, and "above" is strict -> does_not_hold.
  add(t, "C", "sinusoidal", {0.50, 0.60, 0.70});
  add(t, "C", "rope", {0.70, 0.80, 0.90});
  // D: reversed. sinusoidal ahead on every seed: gap -0.3, margin 0.4 - 0.9 = -0.5 -> does_not_hold.
  add(t, "D", "sinusoidal", {0.70, 0.80, 0.90});
  add(t, "D", "rope", {0.40, 0.50, 0.60});
  // E: apart as in A, but sinusoidal's seed 2 stopped at train conjugation loss 0.15 > 0.1 -> not_converged
  //    (2 of 3 seeds converged; worst loss 0.15). The 0.1 of seed 1 is exactly the criterion: converged (<=).
  add(t, "E", "sinusoidal", {0.50, 0.60, 0.70}, {0.02, 0.1, 0.15});
  add(t, "E", "rope", {0.80, 0.85, 0.90});
  // F: RoPE failed to converge on every seed while "winning": not_converged as well.
  add(t, "F", "sinusoidal", {0.10, 0.20, 0.30});
  add(t, "F", "rope", {0.80, 0.85, 0.90}, {0.5, 0.6, 0.7});

  const pelab::RobustnessResult r = pelab::aggregate_robustness({"A", "B", "C", "D", "E", "F"}, t);
  REQUIRE(r.settings.size() == 6);
  const auto& A = r.settings[0];
  CHECK(A.setting == "A");
  CHECK(A.sinusoidal.mean == Approx(0.60));
  CHECK(A.sinusoidal.min == 0.50);
  CHECK(A.sinusoidal.max == 0.70);
  CHECK(A.rope.mean == Approx(0.85));
  CHECK(A.gap == Approx(0.25));
  CHECK(A.margin == Approx(0.10));
  CHECK(A.sinusoidal.seeds == 3);
  CHECK(A.rope.converged_seeds == 3);
  CHECK(verdict(A) == "holds");
  CHECK(r.settings[1].gap == Approx(0.7 / 3));  // 2.5/3 - 0.6
  CHECK(r.settings[1].margin == Approx(-0.05));
  CHECK(verdict(r.settings[1]) == "does_not_hold");
  CHECK(r.settings[2].margin == 0.0);
  CHECK(verdict(r.settings[2]) == "does_not_hold");
  CHECK(r.settings[3].gap == Approx(-0.3));
  CHECK(r.settings[3].margin == Approx(-0.5));
  CHECK(verdict(r.settings[3]) == "does_not_hold");
  const auto& E = r.settings[4];
  CHECK(E.margin == Approx(0.10));
  CHECK(E.sinusoidal.converged_seeds == 2);
  CHECK_FALSE(E.sinusoidal.converged);
  CHECK(E.sinusoidal.train_conj_loss_max == 0.15);
  CHECK(E.rope.converged);
  CHECK(verdict(E) == "not_converged");
  CHECK(r.settings[5].rope.converged_seeds == 0);
  CHECK(verdict(r.settings[5]) == "not_converged");
  CHECK(r.holds == 1);
  CHECK(r.does_not_hold == 3);
  CHECK(r.not_converged == 2);
}

TEST_CASE("settings come out in the order given, whatever the order of the runs") {
  std::vector<RobustnessRun> t;
  add(t, "late", "rope", {0.9});
  add(t, "early", "rope", {0.3});
  add(t, "late", "sinusoidal", {0.1});
  add(t, "early", "sinusoidal", {0.5});
  const pelab::RobustnessResult r = pelab::aggregate_robustness({"early", "late"}, t);
  CHECK(r.settings[0].setting == "early");
  CHECK(verdict(r.settings[0]) == "does_not_hold");  // one seed each: 0.3 is not above 0.5
  CHECK(verdict(r.settings[1]) == "holds");          // 0.9 above 0.1
  CHECK(r.settings[1].margin == Approx(0.8));
}

TEST_CASE("bad metric tables are refused, naming the field") {
  const auto good = [] {
    std::vector<RobustnessRun> t;
    add(t, "A", "sinusoidal", {0.5, 0.6});
    add(t, "A", "rope", {0.8, 0.9});
    return t;
  };
  const auto param_of = [](const std::vector<std::string>& settings, const std::vector<RobustnessRun>& t) -> std::string {
    try {
      pelab::aggregate_robustness(settings, t);
    } catch (const pelab::ArgumentError& e) {
      return e.param();
    }
    return "no exception";
  };
  CHECK(param_of({"A"}, good()) == "no exception");
  CHECK(param_of({}, good()) == "settings");
  CHECK(param_of({"A", "A"}, good()) == "settings");
  CHECK(param_of({"A", "B"}, good()) == "runs");  // B has no runs
  auto t = good();
  t[0].setting = "Z";
  CHECK(param_of({"A"}, t) == "runs[0].setting");
  t = good();
  t[1].variant = "alibi";
  CHECK(param_of({"A"}, t) == "runs[1].variant");
  t = good();
  t[2].seed = 1;  // rope seed 0 becomes a second rope seed 1
  CHECK(param_of({"A"}, t) == "runs[3]");
  t = good();
  t[3].seed = 7;  // rope on seeds 0 and 7, sinusoidal on 0 and 1
  CHECK(param_of({"A"}, t) == "runs");
  t = good();
  t[0].train_conj_loss = std::nan("");
  CHECK(param_of({"A"}, t) == "runs[0].trainConjLoss");
  t = good();
  t[0].train_conj_loss = -0.1;
  CHECK(param_of({"A"}, t) == "runs[0].trainConjLoss");
  t = good();
  t[2].ood20_conj_acc = 1.5;
  CHECK(param_of({"A"}, t) == "runs[2].ood20ConjAcc");
  t = good();
  t[2].ood20_conj_acc = std::nan("");
  CHECK(param_of({"A"}, t) == "runs[2].ood20ConjAcc");
}
