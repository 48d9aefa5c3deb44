// core/labs/h2h_inference.h — the head-to-head's RoPE extended at inference (issue 16 §2): the trained RoPE
// model, without retraining, evaluated with each context-extension scaling of positional/rope_scaling.h
// (Position Interpolation, NTK-aware, dynamic NTK, YaRN with its attention factor, Llama 3) on val and every
// OOD split; which rotation pairs each method changes and where two methods coincide; and a verdict on the
// course's claim "sequences >= 4x train length — neither PE will save you, you need ALiBi or YaRN".
//   L0 = the longest training sequence, BOS included (6: BOS + 5 tokens; Untouched::train_length). A split's
//   T = its longest sequence, BOS included (val 6, ood10 11, …, ood40 41): RoPE rotates positions 0 … T-1, so
//   both lengths count the same rows. Factor per split s = max(1, T / L0) (PI then maps position T-1 to
//   (T-1)·L0/T < L0, inside the trained range), or a fixed s >= 1 for every split.
// Leaves out: fine-tuning after the scaling (the methods' papers fine-tune; this is inference only), the
// training (labs/head_to_head.h), texts and files (wasm/labs/head-to-head.js).
#pragma once

#include <string>
#include <vector>

#include "../data/corpus.h"
#include "../model/gpt.h"
#include "../positional/rope_scaling.h"

namespace pelab {

// A pair is "changed" when |theta'_k - theta_k| / theta_k exceeds this; two methods "coincide" at a split
// when every pair's |theta^a_k - theta^b_k| / theta_k is at most kCoincideTolerance and their attention
// factors differ by at most it. (Float64 frequencies: 1e-6 is far above rounding, far below any real change.)
constexpr double kPairChangeTolerance = 1e-6;
constexpr double kCoincideTolerance = 1e-6;
// The course's claim is about "sequences >= 4x train length": the verdict is drawn on the longest split with
// T / L0 >= this (ood40: 41/6 = 6.8; ood20 is 21/6 = 3.5 in rows — 4x only in content tokens, 20/5 — so the
// longest split is >= 4x under either count).
constexpr double kClaimLengthRatio = 4.0;

// The methods evaluated, in this order: linear, ntk, dynamic-ntk, yarn, llama3.
const std::vector<RopeScalingType>& inference_methods();

struct InferenceSplit {
  std::string split;  // "val", "ood10", …
  int T = 0;          // its longest sequence, BOS included
  double factor = 1;  // the scale factor s used on it
};
// 0 (T / L0 per split) or a finite number in [1, 64] (lab_caps.h's range, (0, 1) excluded); else throws
// ArgumentError(where, "inferenceFactor", …).
void check_inference_factor(const char* where, double inference_factor);
// s for a split of longest sequence T: inference_factor if it is not 0, else max(1, T / train_length).
double inference_factor_for(int T, int train_length, double inference_factor);
// Val and every OOD split of the corpus (not train), in Corpus::splits() order, with T and s.
std::vector<InferenceSplit> inference_splits(const data::Corpus& corpus, int train_length, double inference_factor);
// The RopeScaling of `type` at factor s for a model trained at L0 = train_length (the methods' other
// parameters at their papers' defaults, rope_scaling.h).
RopeScaling inference_scaling(RopeScalingType type, double factor, int train_length);

// One (method, split) evaluation of one trained model: the head-to-head's measures (model/evaluate.h).
struct InferenceRow {
  std::string method, split;
  double factor = 1;
  double conj_acc = 0, conj_loss = 0, loss = 0;  // loss: next-token loss
};
// Every method on every inference split (methods inner), then the plain tables back. m must be a RoPE model.
// Throws for a bad inference_factor or train_length.
std::vector<InferenceRow> evaluate_inference(gpt::GPT<float>& m, const data::Corpus& corpus, int train_length,
                                             double inference_factor);

// ---- which pairs each method changes, and where two methods coincide ------------------------------------
struct PairChange {
  std::string method, split;
  double factor = 1;
  double attention_factor = 1;     // multiplies cos and sin (YaRN: 0.1 ln s + 1)
  std::vector<double> rel_change;  // (P) |theta'_k - theta_k| / theta_k against plain RoPE
  int changed = 0;                 // pairs with rel_change > kPairChangeTolerance
  std::vector<double> ramp;        // (P) YaRN's weight of the original frequency per pair; empty otherwise
};
struct Coincidence {
  std::string split, a, b;         // two methods, a before b in inference_methods() order
  double max_rel_diff = 0;         // max_k |theta^a_k - theta^b_k| / theta_k
  int pairs_agreeing = 0;          // pairs with that difference <= kCoincideTolerance
  bool same = false;               // every pair agrees and the attention factors too
};
struct PairStudy {
  std::vector<PairChange> changes;   // split-major, methods inner
  std::vector<Coincidence> coincide; // per split, every method pair
};
// For head size hs and base, frequencies at each split's T and factor (dynamic NTK at length T).
PairStudy inference_pairs(int hs, double base, int train_length, const std::vector<InferenceSplit>& splits);

// ---- the course's claim ---------------------------------------------------------------------------------
// One seed's conjugation accuracy: a trained variant ("rope", "sinusoidal", "alibi", …) or RoPE with a
// scaling ("rope+yarn", "rope+linear", …) on one split; converged = the trained variant's flag on that seed
// (for "rope+…", RoPE's). The rows of one name and split are its seeds.
struct ClaimRow {
  std::string name, split;
  double conj_acc = 0;
  bool converged = false;
};
struct ClaimEntry {
  std::string name, role;  // role: "plain" (rope, sinusoidal), "remedy" (rope+yarn, alibi), "scaling" (other rope+…)
  int seeds = 0;
  double mean = 0, min = 0, max = 0;
};
struct ClaimComparison {
  std::string a, b;
  bool a_beats_b = false, b_beats_a = false;  // X beats Y: X's lowest seed above Y's highest seed
};
// id: "holds"         a remedy beats every plain PE present;
//     "contradicted"  a plain PE beats every remedy present;
//     "inconclusive"  neither (seed ranges overlap);
//     "missing-long-split"  no split with T / L0 >= kClaimLengthRatio;
//     "missing-rope" / "rope-not-converged"  no RoPE rows, or RoPE not converged on every seed;
//     "missing-remedy"  neither rope+yarn nor a converged alibi.
// Sinusoidal and alibi take part only when converged on every seed (else listed in `excluded`).
struct ClaimVerdict {
  std::string id, split;
  std::string decided_by;                    // holds: the remedy above every plain PE; contradicted: the plain PE
                                             // above every remedy (the first in entries order); empty otherwise
  int T = 0;
  double ratio = 0;                          // T / L0
  std::vector<ClaimEntry> entries;           // plain, then remedies, then the other scalings
  std::vector<ClaimComparison> comparisons;  // remedy vs plain; each scaling vs rope and vs alibi
  std::vector<std::string> excluded;         // trained variants left out for not converging
};
ClaimVerdict course_claim_verdict(const std::vector<ClaimRow>& rows, const std::vector<InferenceSplit>& splits,
                                  int train_length);

// Everything the study reports beside the per-run rows, for a model of head size hs and base trained at L0.
struct InferenceStudy {
  std::vector<InferenceSplit> splits;
  PairStudy pairs;
  ClaimVerdict verdict;
};
InferenceStudy inference_study(const data::Corpus& corpus, int hs, double base, int train_length,
                               double inference_factor, const std::vector<ClaimRow>& rows);

}  // namespace pelab
