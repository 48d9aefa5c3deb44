// core/labs/h2h_robustness.cpp — see h2h_robustness.h.
#include "h2h_robustness.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "../check.h"
#include "lab_caps.h"

namespace pelab {

namespace {
constexpr const char* kWhere = "head-to-head robustness";
const char* const kVariants[] = {"sinusoidal", "rope"};

// mean, min, max and the convergence counts of one variant's runs (non-empty).
SeedSpread spread_of(const std::vector<const RobustnessRun*>& runs) {
  SeedSpread s;
  s.seeds = static_cast<int>(runs.size());
  s.min = s.max = runs.front()->ood20_conj_acc;
  double sum = 0.0;
  for (const RobustnessRun* r : runs) {
    sum += r->ood20_conj_acc;
    s.min = std::min(s.min, r->ood20_conj_acc);
    s.max = std::max(s.max, r->ood20_conj_acc);
    s.train_conj_loss_max = std::max(s.train_conj_loss_max, r->train_conj_loss);
    if (r->train_conj_loss <= kConvergedConjLoss) ++s.converged_seeds;
  }
  s.mean = sum / s.seeds;
  s.converged = s.converged_seeds == s.seeds;
  return s;
}

void check_run(const RobustnessRun& r, std::size_t i, const std::set<std::string>& settings) {
  const std::string at = "runs[" + std::to_string(i) + "]";
  if (!settings.count(r.setting)) fail_arg(kWhere, (at + ".setting").c_str(), "one of the settings given", "'" + r.setting + "'");
  if (r.variant != kVariants[0] && r.variant != kVariants[1])
    fail_arg(kWhere, (at + ".variant").c_str(), "'sinusoidal' or 'rope'", "'" + r.variant + "'");
  if (!std::isfinite(r.train_conj_loss) || r.train_conj_loss < 0)
    fail_arg(kWhere, (at + ".trainConjLoss").c_str(), "a finite number >= 0", r.train_conj_loss);
  if (!(r.ood20_conj_acc >= 0 && r.ood20_conj_acc <= 1))
    fail_arg(kWhere, (at + ".ood20ConjAcc").c_str(), "a number in [0, 1]", r.ood20_conj_acc);
}
}  // namespace

const std::vector<std::string>& robustness_setting_ids() {
  static const std::vector<std::string> ids{"baseline", "sqrt-d", "std-1", "sqrt-d-std-1", "half-budget", "double-budget"};
  return ids;
}

HeadToHeadParams robustness_setting_params(const HeadToHeadParams& base, const std::string& id) {
  const auto& ids = robustness_setting_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    std::string allowed = "one of";
    for (std::size_t i = 0; i < ids.size(); ++i) allowed += (i ? ", '" : " '") + ids[i] + "'";
    fail_arg(kWhere, "setting", allowed, "'" + id + "'");
  }
  check_head_to_head_params(kWhere, base);
  HeadToHeadParams p = base;
  const int max_steps = static_cast<int>(lab_cap("head-to-head", "steps").max);
  if (id == "sqrt-d" || id == "sqrt-d-std-1") p.embed_scale = gpt::EmbedScale::kSqrtD;
  if (id == "std-1" || id == "sqrt-d-std-1") p.embed_init_std = 1.0;
  if (id == "half-budget") p.steps = (base.steps + 1) / 2;
  if (id == "double-budget") p.steps = std::min(2 * base.steps, max_steps);
  return p;
}

const char* robustness_verdict_name(RobustnessVerdict v) {
  switch (v) {
    case RobustnessVerdict::kHolds: return "holds";
    case RobustnessVerdict::kDoesNotHold: return "does_not_hold";
    case RobustnessVerdict::kNotConverged: return "not_converged";
  }
  return "not_converged";
}

RobustnessResult aggregate_robustness(const std::vector<std::string>& settings, const std::vector<RobustnessRun>& runs) {
  if (settings.empty()) fail_arg(kWhere, "settings", "a non-empty list", "[]");
  const std::set<std::string> known(settings.begin(), settings.end());
  if (known.size() != settings.size()) fail_arg(kWhere, "settings", "distinct ids", settings.size());
  // (setting, variant) -> its runs; every (setting, variant, seed) at most once
  std::map<std::pair<std::string, std::string>, std::vector<const RobustnessRun*>> by;
  std::set<std::tuple<std::string, std::string, long long>> seen;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RobustnessRun& r = runs[i];
    check_run(r, i, known);
    if (!seen.insert({r.setting, r.variant, r.seed}).second)
      fail_arg(kWhere, ("runs[" + std::to_string(i) + "]").c_str(), "one run per (setting, variant, seed)",
               r.setting + "/" + r.variant + "/" + std::to_string(r.seed) + " twice");
    by[{r.setting, r.variant}].push_back(&r);
  }
  RobustnessResult out;
  for (const std::string& id : settings) {
    const auto& sin = by[{id, kVariants[0]}];
    const auto& rope = by[{id, kVariants[1]}];
    if (sin.empty() || rope.empty()) fail_arg(kWhere, "runs", "runs of sinusoidal and rope in every setting", "none in '" + id + "'");
    std::set<long long> sin_seeds, rope_seeds;
    for (const RobustnessRun* r : sin) sin_seeds.insert(r->seed);
    for (const RobustnessRun* r : rope) rope_seeds.insert(r->seed);
    if (sin_seeds != rope_seeds) fail_arg(kWhere, "runs", "the same seeds for both variants of a setting", "different seeds in '" + id + "'");
    SettingResult s;
    s.setting = id;
    s.sinusoidal = spread_of(sin);
    s.rope = spread_of(rope);
    s.gap = s.rope.mean - s.sinusoidal.mean;
    s.margin = s.rope.min - s.sinusoidal.max;
    if (!s.sinusoidal.converged || !s.rope.converged) {
      s.verdict = RobustnessVerdict::kNotConverged;
      ++out.not_converged;
    } else if (s.margin > 0) {
      s.verdict = RobustnessVerdict::kHolds;
      ++out.holds;
    } else {
      s.verdict = RobustnessVerdict::kDoesNotHold;
      ++out.does_not_hold;
    }
    out.settings.push_back(s);
  }
  return out;
}

}  // namespace pelab
