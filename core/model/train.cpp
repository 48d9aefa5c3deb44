// core/model/train.cpp — see train.h.
#include "train.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "../check.h"
#include "../rng.h"

namespace pelab::gpt {

TrainResult train_gpt(GPT<float>& m, const data::Split& split, const TrainConfig& cfg, const ProgressFn& progress) {
  const char* where = "train_gpt";
  const int n = static_cast<int>(split.sequences.size());
  check_int_range(where, "steps", cfg.steps, 1, 100000);
  check_int_range(where, "batch", cfg.batch, 1, std::max(1, n));
  check_int_range(where, "number of sentences", n, 1, 10000000);
  check_finite_above(where, "lr", cfg.lr, 0.0, 1.0);
  check_finite_above(where, "gradClip", cfg.grad_clip, 0.0, 1e6);
  check_int_range(where, "warmup", cfg.warmup, -1, cfg.steps);
  std::size_t longest = 0;
  for (const data::Sequence& s : split.sequences) longest = std::max(longest, s.tokens.size());
  if (static_cast<long long>(longest) * cfg.batch > m.acts.max_rows || cfg.batch > m.acts.max_seqs)
    fail_arg(where, "batch", "small enough that batch x longest sequence fits the model's maxRows = " +
                                 std::to_string(m.acts.max_rows), cfg.batch);

  const int warmup = cfg.warmup >= 0 ? std::max(cfg.warmup, 1) : std::max(1, cfg.steps / 10);
  AdamW opt(m.params);
  Pcg32 rng(cfg.seed, Stream::kBatches);
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  int cursor = n;  // forces a shuffle before the first batch
  Batch batch;
  batch.tokens.reserve(static_cast<std::size_t>(longest) * cfg.batch);
  batch.targets.reserve(batch.tokens.capacity());
  batch.pos.reserve(batch.tokens.capacity());
  batch.seq_start.reserve(static_cast<std::size_t>(cfg.batch) + 1);

  TrainResult r;
  r.loss.reserve(cfg.steps);
  const auto t0 = std::chrono::steady_clock::now();
  for (int step = 0; step < cfg.steps; ++step) {
    batch.clear();
    for (int i = 0; i < cfg.batch; ++i) {
      if (cursor == n) {  // new epoch: Fisher–Yates with integer draws only
        for (int j = n - 1; j > 0; --j) std::swap(order[j], order[rng.next_below(static_cast<std::uint32_t>(j + 1))]);
        cursor = 0;
      }
      batch.add(split.sequences[order[cursor++]].tokens);
    }
    const float loss = gpt_forward(m, batch);
    gpt_zero_grad(m);
    gpt_backward(m, batch);
    clip_grad_norm(m.grads, cfg.grad_clip);
    adamw_step(opt, m.params, m.grads, lr_schedule(step, cfg.steps, cfg.lr, warmup, cfg.min_lr_frac), cfg.adamw);
    r.loss.push_back(loss);
    r.rows += batch.rows();
    r.steps_done = step + 1;
    if (progress && !progress(step + 1, cfg.steps, loss)) {
      r.cancelled = true;
      break;
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace pelab::gpt
