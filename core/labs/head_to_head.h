// core/labs/head_to_head.h — Lab: sinusoidal PE vs RoPE, head to head (course experiment 04).
// Trains the mini-GPT (model/gpt.h) once per (variant, seed) on the verb-conjugation corpus
// (data/corpus.h, 240 single sentences of <= 5 tokens) and evaluates it on train, held-out val (<= 5) and
// out-of-distribution lengths 10, 15, 20 and 40 (8x the training length; its own corpus sub-stream): next-
// token loss beside the exact entropy floor (and train's memorisation floor, data/corpus.h), conjugation loss and
// accuracy (model/evaluate.h), attention maps on one length-20 and one length-40 sequence, parameter count, FLOPs,
// whether the run converged (train conjugation loss <= 0.1) and which learned rows / T5 buckets no training
// sequence reaches. A RoPE run is also evaluated with each context-extension scaling, without retraining
// (h2h_inference.h).
// Everything else is shared between the variants: corpus, init seed, batch order, budget.
// Leaves out: the charts (web/), threads (one run after another; the page runs this in a worker).
#pragma once

#include <string>
#include <vector>

#include "../data/corpus.h"
#include "../model/evaluate.h"
#include "../model/gpt.h"
#include "../model/train.h"
#include "h2h_inference.h"

namespace pelab {

// The default budget (steps, batch, lr), chosen by experiment on the grid batch ∈ {8, 16, 32} × lr ∈ {3e-3,
// 1e-2, 2e-2, 3e-2} × steps ∈ {100, 150, 200, 250, 300, 350, 400, 500, 600, 700, 800, 1000, 1200, 1600}
// (corpus seed 0; budget = steps × batch sentences): the train conjugation loss (model/evaluate.h) after
// full runs. RoPE is below 0.1 after 100-250 steps everywhere: the sinusoidal variant sets the budget. Its
// loss leaves a plateau near ln 3 erratically, driven by a few confidently wrong slots, and a change of
// float summation order alone moves it; so the literal minimum on seed 0 is luck (e.g. 8 × 600 at 2e-2:
// 0.045 on seed 0, 0.549 on seed 1). The default is the smallest budget on the grid that passes on seed 0
// AND on seeds 1 and 2 (the default experiment's seeds). Re-run with model/gemm.h's products (the same
// numbers natively and in wasm), candidates in order of budget, sinusoidal on seeds 0/1/2:
//   every budget <= 5600 fails seed 0 except 8×600@2e-2 (0.045/0.549), 8×700@3e-2 (0.034/0.539) and
//   8×700@2e-2 (0.029/0.516); at 6400: 8×800@1e-2 (0.045/0.616) fails, 8×800@2e-2 (0.025/0.038/0.031)
//   and 16×400@1e-2 (0.076/0.071/0.058, rope 0.008/0.008/0.006) pass.
// Of the two passing at 6400 the default keeps batch 16 (the batch the PyTorch reference uses)
// and its lr: 400 steps × 16 at 1e-2. (The first grid, run with Eigen's products, had chosen 500 × 16 at
// 1e-2, with 8×600@3e-2 passing seed 0 only: the erratic curve moves with the arithmetic.)
constexpr int kDefaultSteps = 400;
constexpr int kDefaultBatch = 16;
constexpr double kDefaultLr = 1e-2;
// A run "converged" when its train conjugation loss is at most this (the criterion that chose the budget);
// comparisons (verdicts) are drawn among converged variants only.
constexpr double kConvergedConjLoss = 0.1;
// The evaluated lengths beyond the course's: drawn from Stream::kCorpusLong (data/corpus.h).
constexpr int kLongOodLength = 40;
// The attention maps are taken on the first sequence of each of these OOD lengths.
constexpr int kAttentionLength = 20;
constexpr int kAttentionLongLength = kLongOodLength;

struct HeadToHeadParams {
  long long seed = 0;        // first model seed (init + batch order); run k uses seed + k. [0, 2^53 - 1]
  int seeds = 3;             // number of seeds, [1, 10]
  int steps = kDefaultSteps;  // [1, 5000]
  int batch = kDefaultBatch;  // sentences per step, [1, 240] (the training split's size)
  double lr = kDefaultLr;    // peak AdamW learning rate, (0, 0.1]; warmup steps/10, cosine to lr/10
  int d_model = 64;          // [8, 256], even, divisible by n_heads
  int n_layers = 2;          // [1, 8]
  int n_heads = 4;           // [1, 16]; with rope d_model / n_heads must be even
  int max_len = 41;          // [41, 512]: at least the longest evaluated sequence (40 tokens + BOS)
  int vocab_size = 0;        // 0 = the corpus vocabulary (58); else [58, 4096], e.g. the course's 512
  bool tie_embeddings = true;
  gpt::EmbedScale embed_scale = gpt::EmbedScale::kNone;  // embedScale: 'none' | 'sqrt-d' (gpt.h)
  double embed_init_std = 0.02;  // embedInitStd: wte's init std, (0, 1] (gpt.h kMaxEmbedInitStd)
  std::vector<std::string> variants{"sinusoidal", "rope"};  // 1 to 6 distinct scheme names (positional/scheme.h)
  long long corpus_seed = 0;  // the corpus is the same for every run. [0, 2^53 - 1]
  double inference_factor = 0;  // RoPE at inference (h2h_inference.h): 0 = T / L0 per split, else a fixed s in [1, 64]
};

// Parameters no training sequence reaches, from the training data alone: a gradient never touches them, so
// they keep their initialisation (T5: exactly 0; learned rows: N(0, 0.02²) shrunk by AdamW's weight decay).
// A sequence's last row reaches no loss, so with training sequences of <= 6 rows (BOS + 5 tokens) positions
// 0 … 4 and distances 0 … 4 are trained: wpe rows 5 … max_len-1 and T5 buckets 5 … 31 are not.
struct Untouched {
  int learned_first = -1, learned_last = -1;  // learned variant: wpe rows [first, last]; -1 = none
  std::vector<int> t5_buckets;                // t5 variant: buckets of no trained distance
  int train_length = 0;                       // the longest training sequence, BOS included (6)
};
Untouched untouched_parameters(const gpt::Config& c, const data::Split& train);

// The head-to-head corpus: make_corpus(corpus_seed) plus the long OOD length kLongOodLength.
data::Corpus head_to_head_corpus(long long corpus_seed);

struct RunResult {
  std::string variant;                      // a scheme name
  long long seed = 0;
  gpt::Config config;
  bool cancelled = false;                   // stopped by the callback: no metrics, no attention maps
  int steps_done = 0;
  std::vector<float> loss_curve;            // (steps_done) training loss of every step
  std::vector<gpt::SplitMetrics> metrics;   // train, val, ood10, ood15, ood20, ood40
  bool converged = false;                   // metrics' train conj_loss <= kConvergedConjLoss
  Untouched untouched;
  gpt::AttentionMaps attention;             // the first OOD length-20 sequence, every layer and head
  std::string attention_text;               // its text
  gpt::AttentionMaps attention40;           // the same on the first OOD length-40 sequence
  std::string attention40_text;
  long long param_count = 0;
  std::vector<int> flops_T;                 // sequence lengths (BOS included): 6, 11, 16, 21, 41
  std::vector<gpt::FlopsBreakdown> flops;   // forward FLOPs of one sequence of each flops_T
  double train_seconds = 0.0;
  double tokens_per_second = 0.0;           // packed rows (BOS included) per second of training
  std::vector<float> weights;               // trained parameters, gpt::param_layout(config) order
  std::vector<InferenceRow> inference;      // rope only: every scaling on val and the OOD splits (h2h_inference.h)
};

struct HeadToHeadResult {
  std::vector<RunResult> runs;              // seed-major: (seed, v0), (seed, v1), …, (seed+1, v0), …
  bool cancelled = false;
  double seconds = 0.0;
};

// The model config a run uses (vocab_size 0 -> the corpus vocabulary).
gpt::Config head_to_head_config(const HeadToHeadParams& p, PeScheme kind, int corpus_vocab);

// Throws std::invalid_argument "<where>: <param> must be <allowed>, got <value>" for any field out of
// the ranges documented on HeadToHeadParams.
void check_head_to_head_params(const char* where, const HeadToHeadParams& p);

// Trains and evaluates one (variant, seed) pair on corpus. progress gets (step, steps, loss) of this run.
// with_inference = false leaves out RoPE's inference-time rows (~20 % of a RoPE run), for callers that never
// read them (the robustness grid, h2h_robustness.h).
RunResult run_head_to_head_one(const HeadToHeadParams& p, const std::string& variant, long long seed,
                               const data::Corpus& corpus, const gpt::ProgressFn& progress = {},
                               bool with_inference = true);

// Builds the corpus from corpus_seed and runs every seed × variant. progress gets the step counted over
// all runs: (run_index · steps + step, runs · steps, loss); returning false cancels everything after the
// current step (the cancelled run is included, marked cancelled; later runs are not started).
HeadToHeadResult run_head_to_head(const HeadToHeadParams& p, const gpt::ProgressFn& progress = {});

// Re-evaluates saved weights without retraining (same measures and attention sequence as a run).
struct WeightsEvaluation {
  std::vector<gpt::SplitMetrics> metrics;
  gpt::AttentionMaps attention, attention40;
  std::string attention_text, attention40_text;
};
WeightsEvaluation evaluate_weights(const gpt::Config& config, const std::vector<float>& weights,
                                   const data::Corpus& corpus);

// The logits (T, V) of saved weights on one token sequence (T in [1, max_len], ids in [0, V)): the numbers a
// re-implementation (bench/torch_reader.py) must reproduce.
MatF weights_logits(const gpt::Config& config, const std::vector<float>& weights, const std::vector<int>& tokens);

}  // namespace pelab
