// core/model/train.h — the training loop: shuffled epochs of packed single-sentence batches, mean
// next-token cross-entropy over every position that has a next token, AdamW, global-norm clipping at 1.0,
// linear warmup + cosine decay. A progress callback after every step can cancel the run.
// Batching: sentences of different lengths are packed back to back (see layers.h): no padding, no mask,
// every real position counts once. Batch order: Fisher–Yates shuffles of the split from
// Pcg32(seed, Stream::kBatches), one permutation per epoch, `batch` consecutive sentences per step.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "../data/corpus.h"
#include "gpt.h"
#include "optim.h"

namespace pelab::gpt {

// Called after every step with (step = 1 … total_steps, total_steps, that step's training loss);
// returning false stops training cleanly after that step (TrainResult::cancelled = true).
using ProgressFn = std::function<bool(int step, int total_steps, float loss)>;

struct TrainConfig {
  int steps = 500;            // the lab's default budget; labs/head_to_head.h says how it was chosen
  int batch = 16;             // sentences per step
  float lr = 1e-2f;           // peak learning rate
  AdamWConfig adamw;          // beta1 0.9, beta2 0.95, weight decay 0.01 on matrices
  float grad_clip = 1.0f;     // max global L2 norm of the gradient
  int warmup = -1;            // warmup steps; -1 = steps / 10, at least 1
  float min_lr_frac = 0.1f;   // cosine floor as a fraction of lr
  std::uint64_t seed = 0;     // batch order
};

struct TrainResult {
  std::vector<float> loss;    // (steps_done) training loss of each step, before its update
  int steps_done = 0;
  bool cancelled = false;
  double seconds = 0.0;       // wall time of the loop
  long long rows = 0;         // tokens processed (packed rows, BOS included) — throughput = rows / seconds
};

// Trains m in place on split (its sequences must fit the model: batch·longest <= max_rows). Throws
// std::invalid_argument "train_gpt: …" for steps outside [1, 100000], batch outside [1, number of
// sentences], lr outside (0, 1], grad_clip outside (0, 1e6], a batch that does not fit the model.
TrainResult train_gpt(GPT<float>& m, const data::Split& split, const TrainConfig& cfg,
                      const ProgressFn& progress = {});

}  // namespace pelab::gpt
