// core/labs/head_to_head.h — Lab: sinusoidal PE vs RoPE, head to head (course experiment 04).
// Trains the mini-GPT (model/gpt.h) once per (variant, seed) on the verb-conjugation corpus
// (data/corpus.h, 240 single sentences of <= 5 tokens) and evaluates it on train, held-out val (<= 5) and
// out-of-distribution lengths 10, 15, 20: next-token loss beside the exact entropy floor, conjugation loss
// and accuracy (model/evaluate.h), attention maps on one length-20 sequence, parameter count, FLOPs.
// Everything else is shared between the variants: corpus, init seed, batch order, budget.
// Leaves out: the charts (web/), threads (one run after another; the page runs this in a worker).
#pragma once

#include <string>
#include <vector>

#include "../data/corpus.h"
#include "../model/evaluate.h"
#include "../model/gpt.h"
#include "../model/train.h"

namespace pelab {

// The default budget (steps, batch, lr), chosen by experiment (g++ -O2, corpus seed 0): the train
// conjugation loss (model/evaluate.h) of sinusoidal / rope after full runs on the grid batch ∈ {8, 16, 32}
// × lr ∈ {3e-3, 1e-2, 2e-2, 3e-2} × steps ∈ {100, 150, 200, 250, 300, 350, 400, 500, 600, 700, 800, 1000,
// 1200, 1600}. First step count at which both are <= 0.1 on model seed 0 (budget = steps × batch):
//   batch 8:   3e-3 1600 (12800) | 1e-2 1000 (8000) | 2e-2 700 (5600) | 3e-2 600 (4800): 0.047 / 0.011
//   batch 16:  3e-3 1000 (16000) | 1e-2  500 (8000) | 2e-2 600 (9600) | 3e-2 600 (9600)
//   batch 32:  3e-3  500 (16000) | 1e-2  350 (11200) | 2e-2 250 (8000) | 3e-2 250 (8000)
// RoPE is below 0.1 after 100-250 steps everywhere: the sinusoidal variant sets the budget. Its loss leaves
// a plateau near ln 3 erratically, driven by a few confidently wrong slots (batch 8, lr 2e-2: 600 steps
// 0.525, 700 0.055, 800 0.222), and a change of float summation order alone moves it (0.0887 vs 0.0913 at
// 32 × 250 × 2e-2 from chunking the matmuls). So the literal minimum on seed 0 (8 × 600 at 3e-2) is luck:
// on seeds 1 and 2 the sinusoidal variant ends at 0.390 and 0.440. The default is the smallest budget on
// the grid that passes on seed 0 AND on seeds 1 and 2 (the default experiment's seeds), trying candidates
// in order of budget: 8×600@3e-2 (0.047/0.390/0.440), 8×700@2e-2 (0.055/0.146/0.012), 8×700@3e-2
// (0.020/0.388/0.022), 32×250@3e-2 (0.044/0.561/0.051), 32×250@2e-2 (0.091/0.031/0.169), then
//   batch 16, lr 1e-2, 500 steps: sinusoidal 0.048 / 0.065 / 0.042, rope 0.006 / 0.007 / 0.006 (seeds 0/1/2)
// (neighbours: 450 steps 0.176 / 0.059 / 0.081, 550 steps 0.033 / 0.156 / 0.045, 600 steps 0.015 / 0.034 /
// 0.019 — still erratic, so the seed-0 number is reproducible only on the same float arithmetic).
// The grid was run with Eigen's matrix products. Since model/gemm.h (the same summation order natively and
// in wasm) the default gives sinusoidal 0.072 / 0.029 / 0.076, rope 0.007 / 0.007 / 0.007 on seeds 0/1/2,
// identical in the native and the wasm build.
constexpr int kDefaultSteps = 500;
constexpr int kDefaultBatch = 16;
constexpr double kDefaultLr = 1e-2;

struct HeadToHeadParams {
  long long seed = 0;        // first model seed (init + batch order); run k uses seed + k. [0, 2^53 - 1]
  int seeds = 3;             // number of seeds, [1, 10]
  int steps = kDefaultSteps;  // [1, 5000]
  int batch = kDefaultBatch;  // sentences per step, [1, 240] (the training split's size)
  double lr = kDefaultLr;    // peak AdamW learning rate, (0, 0.1]; warmup steps/10, cosine to lr/10
  int d_model = 64;          // [8, 256], even, divisible by n_heads
  int n_layers = 2;          // [1, 8]
  int n_heads = 4;           // [1, 16]; with rope d_model / n_heads must be even
  int max_len = 32;          // [21, 512]: at least the longest evaluated sequence (20 tokens + BOS)
  int vocab_size = 0;        // 0 = the corpus vocabulary (58); else [58, 4096], e.g. the course's 512
  bool tie_embeddings = true;
  std::vector<std::string> variants{"sinusoidal", "rope"};  // 1 to 3 distinct of sinusoidal, rope, learned
  long long corpus_seed = 0;  // the corpus is the same for every run. [0, 2^53 - 1]
};

struct RunResult {
  std::string variant;                      // "sinusoidal" | "rope" | "learned"
  long long seed = 0;
  gpt::Config config;
  bool cancelled = false;                   // stopped by the callback: no metrics, no attention maps
  int steps_done = 0;
  std::vector<float> loss_curve;            // (steps_done) training loss of every step
  std::vector<gpt::SplitMetrics> metrics;   // train, val, ood10, ood15, ood20
  gpt::AttentionMaps attention;             // the first OOD length-20 sequence, every layer and head
  std::string attention_text;               // its text
  long long param_count = 0;
  std::vector<int> flops_T;                 // sequence lengths (BOS included): 6, 11, 16, 21
  std::vector<gpt::FlopsBreakdown> flops;   // forward FLOPs of one sequence of each flops_T
  double train_seconds = 0.0;
  double tokens_per_second = 0.0;           // packed rows (BOS included) per second of training
  std::vector<float> weights;               // trained parameters, gpt::param_layout(config) order
};

struct HeadToHeadResult {
  std::vector<RunResult> runs;              // seed-major: (seed, v0), (seed, v1), …, (seed+1, v0), …
  bool cancelled = false;
  double seconds = 0.0;
};

// The model config a run uses (vocab_size 0 -> the corpus vocabulary).
gpt::Config head_to_head_config(const HeadToHeadParams& p, gpt::PeKind kind, int corpus_vocab);

// Throws std::invalid_argument "<where>: <param> must be <allowed>, got <value>" for any field out of
// the ranges documented on HeadToHeadParams.
void check_head_to_head_params(const char* where, const HeadToHeadParams& p);

// Trains and evaluates one (variant, seed) pair on corpus. progress gets (step, steps, loss) of this run.
RunResult run_head_to_head_one(const HeadToHeadParams& p, const std::string& variant, long long seed,
                               const data::Corpus& corpus, const gpt::ProgressFn& progress = {});

// Builds the corpus from corpus_seed and runs every seed × variant. progress gets the step counted over
// all runs: (run_index · steps + step, runs · steps, loss); returning false cancels everything after the
// current step (the cancelled run is included, marked cancelled; later runs are not started).
HeadToHeadResult run_head_to_head(const HeadToHeadParams& p, const gpt::ProgressFn& progress = {});

// Re-evaluates saved weights without retraining (same measures and attention sequence as a run).
struct WeightsEvaluation {
  std::vector<gpt::SplitMetrics> metrics;
  gpt::AttentionMaps attention;
  std::string attention_text;
};
WeightsEvaluation evaluate_weights(const gpt::Config& config, const std::vector<float>& weights,
                                   const data::Corpus& corpus);

}  // namespace pelab
