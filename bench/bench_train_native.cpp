// bench/bench_train_native.cpp — native training throughput and the head-to-head's default outcome:
// trains each variant once with the default budget (labs/head_to_head.h) on corpus seed 0 and prints
// tokens/s (packed rows, BOS included), the training time, and the metrics table.
// Usage: bench_train_native [seed] [variants...]   (default: seed 0, sinusoidal rope)
//        bench_train_native --run <variant> <seed> <steps>   one run on the corpus's training split (default
//        model and batch, corpus seed 0), its training throughput as one JSON line (bench/train.mjs's native column)
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "labs/head_to_head.h"

namespace {

int run_one(const char* variant, long long seed, int steps) {
  pelab::HeadToHeadParams p;
  p.seeds = 1;
  p.steps = steps;
  const pelab::RunResult r = pelab::run_head_to_head_one(p, variant, seed, pelab::head_to_head_corpus(0));
  std::printf("{\"variant\":\"%s\",\"tokensPerSecond\":%.3f,\"trainSeconds\":%.6f,\"paramCount\":%lld}\n",
              r.variant.c_str(), r.tokens_per_second, r.train_seconds, r.param_count);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--run") return run_one(argv[2], std::atoll(argv[3]), std::atoi(argv[4]));
  pelab::HeadToHeadParams p;
  p.seeds = 1;
  const long long seed = argc > 1 ? std::atoll(argv[1]) : 0;
  std::vector<std::string> variants;
  for (int i = 2; i < argc; ++i) variants.emplace_back(argv[i]);
  if (variants.empty()) variants = {"sinusoidal", "rope"};
  const pelab::data::Corpus corpus = pelab::data::make_corpus(0);
  std::printf("default budget: %d steps x batch %d, lr %g; corpus seed 0, model seed %lld\n", p.steps, p.batch, p.lr,
              seed);
  double total = 0.0;
  for (const std::string& v : variants) {
    const pelab::RunResult r = pelab::run_head_to_head_one(p, v, seed, corpus);
    total += r.train_seconds;
    std::printf("\n%s: %lld parameters, %.3f s training, %.0f tokens/s, forward FLOPs at T=21: %lld (rope part %lld)\n",
                r.variant.c_str(), r.param_count, r.train_seconds, r.tokens_per_second, r.flops.back().total,
                r.flops.back().rope);
    std::printf("  %-6s %8s %8s %8s %8s %9s %8s\n", "split", "loss", "floor", "loss_in", "floor_in", "conj_loss",
                "conj_acc");
    for (const pelab::gpt::SplitMetrics& m : r.metrics)
      std::printf("  %-6s %8.3f %8.3f %8.3f %8.3f %9.3f %8.3f\n", m.split.c_str(), m.loss, m.entropy_floor,
                  m.loss_within, m.entropy_floor_within, m.conj_loss, m.conj_acc);
  }
  std::printf("\ntotal training time: %.3f s\n", total);
  return 0;
}
