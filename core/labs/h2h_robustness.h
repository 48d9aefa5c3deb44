// core/labs/h2h_robustness.h — the headline's robustness (issue 16 §3). The head-to-head's headline is "RoPE
// beats sinusoidal at T = 20". The sinusoidal variant adds a unit-amplitude table (RMS 1/sqrt 2 = 0.71 per
// component) to token embeddings drawn with std 0.02, so at the input position outweighs token identity ~35 to
// 1 in RMS (50 to 1 amplitude against std), while RoPE leaves the embeddings
// alone: a careful reader asks whether the headline is an artefact of that choice, or of the budget. This file
// holds the grid of settings that reruns the comparison (sinusoidal vs RoPE, the same seeds in every setting)
// and the aggregation of the per-run numbers into one verdict per setting:
//   holds          both variants converged on every seed (train conjugation loss <= kConvergedConjLoss) and
//                  RoPE's LOWEST seed is above sinusoidal's HIGHEST on ood20 conjugation accuracy
//   does_not_hold  both converged, and the seed ranges touch or cross (or sinusoidal is ahead)
//   not_converged  a variant missed the convergence criterion on some seed: no verdict is drawn
// The runs themselves are head_to_head.h's (variant, seed) runs with each setting's parameters
// (robustness_setting_params), trained anywhere (the page spreads them over workers); the aggregation reads
// only their metric table.
// Leaves out: training (head_to_head.h), the files and the page's wording (wasm/, web/).
#pragma once

#include <string>
#include <vector>

#include "head_to_head.h"

namespace pelab {

// The default grid, in order, each setting relative to the caller's parameters `base` (ratios at initialisation;
// training then moves wte):
//   baseline       base as given (the course's experiment at the default parameters)
//   sqrt-d         token embeddings × sqrt(d_model) before the PE (Vaswani et al.): at C = 64, init std 0.02,
//                  token rows have RMS 0.16 against the table's 0.71: ~1 : 4.4 instead of ~1 : 35
//   std-1          wte init std 1 (PyTorch's nn.Embedding default): token RMS 1 against 0.71, ~1.4 : 1
//   sqrt-d-std-1   both: token RMS 8 against 0.71, token identity now dominates the input ~11 : 1
//   half-budget    steps / 2 (rounded up): is the gap a matter of under-training?
//   double-budget  steps × 2 (at most 5000): does more training close it?
// The first four span the token : position ratio from position-dominated to token-dominated at a fixed budget;
// the last two move the budget at the default embeddings. RoPE is in every setting as the reference (its
// embeddings change too: the scaling also changes the residual stream's size and wte's gradient).
const std::vector<std::string>& robustness_setting_ids();

// base with setting `id` applied. Throws ArgumentError (param "setting") for an id not in the grid, and the
// errors of check_head_to_head_params for a base out of range.
HeadToHeadParams robustness_setting_params(const HeadToHeadParams& base, const std::string& id);

// One trained run, as the aggregation reads it.
struct RobustnessRun {
  std::string setting;   // a grid id
  std::string variant;   // "sinusoidal" | "rope"
  long long seed = 0;
  double train_conj_loss = 0.0;  // the train split's conjugation loss (the convergence criterion)
  double ood20_conj_acc = 0.0;   // conjugation accuracy on the OOD length-20 split (the headline measure)
};

// A variant's ood20 conjugation accuracy over its seeds in one setting.
struct SeedSpread {
  double mean = 0.0, min = 0.0, max = 0.0;
  int seeds = 0;
  int converged_seeds = 0;          // seeds with train_conj_loss <= kConvergedConjLoss
  bool converged = false;           // on every seed
  double train_conj_loss_max = 0.0; // the worst seed's train conjugation loss
};

enum class RobustnessVerdict { kHolds, kDoesNotHold, kNotConverged };
// "holds" | "does_not_hold" | "not_converged": the identifier in files and data attributes.
const char* robustness_verdict_name(RobustnessVerdict v);

struct SettingResult {
  std::string setting;
  SeedSpread sinusoidal, rope;
  double gap = 0.0;     // rope.mean - sinusoidal.mean
  double margin = 0.0;  // rope.min - sinusoidal.max: > 0 exactly when the seed ranges are apart, RoPE above
  RobustnessVerdict verdict = RobustnessVerdict::kNotConverged;
};

struct RobustnessResult {
  std::vector<SettingResult> settings;  // in the order of `settings` given to aggregate_robustness
  int holds = 0, does_not_hold = 0, not_converged = 0;
};

// The verdict per setting from a metric table. Throws ArgumentError for: settings empty or repeated; a run of
// a setting not listed, of a variant other than sinusoidal / rope, or repeating a (setting, variant, seed);
// a setting without runs of both variants, or whose two variants were trained on different seeds; a train
// conjugation loss that is negative or not finite; an accuracy outside [0, 1].
RobustnessResult aggregate_robustness(const std::vector<std::string>& settings, const std::vector<RobustnessRun>& runs);

}  // namespace pelab
