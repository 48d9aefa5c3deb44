// tests/fuzz/fuzz_core.cpp — a seeded random driver over the core's public entry points, built with
// AddressSanitizer and UndefinedBehaviorSanitizer by scripts/fuzz-native.sh (not part of CTest: it runs for a
// chosen time). Invariant for every call: it either throws pelab::ArgumentError (with a non-empty param) or
// returns finite numbers; the sanitizers abort on any memory error or undefined behaviour.
// Usage: fuzz_core [seconds = 20] [seed = 1]. A failure prints the seed and the call number to replay it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "attention/attention.h"
#include "attention/measures.h"
#include "check.h"
#include "labs/biases.h"
#include "labs/context_extension.h"
#include "labs/extrapolation.h"
#include "labs/rope_lab.h"
#include "labs/sinusoidal_lab.h"
#include "positional/alibi.h"
#include "positional/learned.h"
#include "positional/rope.h"
#include "positional/rope_scaling.h"
#include "positional/sinusoidal.h"
#include "positional/t5.h"

namespace {

std::mt19937_64 rng;

// Mostly small valid sizes, sometimes edge and hostile values.
int pick_int(int lo, int hi) {
  switch (rng() % 10) {
    case 0: { const int bad[] = {0, -1, 1, 2, 3, -2147483647 - 1, 2147483647, 65537, 1 << 20}; return bad[rng() % 9]; }
    default: return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1));
  }
}
double pick_double(double lo, double hi) {
  switch (rng() % 12) {
    case 0: { const double bad[] = {0.0, -1.0, NAN, INFINITY, -INFINITY, 1e300, -1e300, 1e-300, 1.0}; return bad[rng() % 9]; }
    default: return lo + (hi - lo) * std::uniform_real_distribution<double>(0, 1)(rng);
  }
}

template <typename M>
bool finite(const M& m) { return m.size() == 0 || m.allFinite(); }

[[noreturn]] void fail(const char* what, std::uint64_t seed, long call) {
  std::fprintf(stderr, "fuzz_core: %s (seed %llu, call %ld)\n", what, static_cast<unsigned long long>(seed), call);
  std::abort();
}

using Case = std::function<bool()>;  // returns whether the outputs are finite

std::vector<Case> cases() {
  using namespace pelab;
  return {
      [] { return finite(sinusoidal_pe(pick_int(1, 64), pick_int(1, 32), pick_double(1, 1e5))); },
      [] { return finite(rope_frequencies(pick_int(1, 64), pick_double(1, 1e5))); },
      [] { return finite(alibi_slopes(pick_int(1, 64))); },
      [] { return t5_buckets(pick_int(1, 64), rng() % 2, pick_int(2, 64), pick_int(1, 300)).size() >= 0; },
      [] {
        const int t_max = pick_int(1, 32), d = pick_int(1, 16);
        const MatF table = learned_table(t_max, d, pick_double(0, 3), rng());
        return finite(learned_pe(table, pick_int(1, 64), static_cast<Beyond>(rng() % 3)));
      },
      [] {
        RopeScaling s{static_cast<RopeScalingType>(rng() % 6), pick_double(1, 64), pick_int(1, 512),
                      pick_double(0, 64), pick_double(0, 4), pick_double(0, 4), pick_double(0, 8)};
        const ScaledRope r = scale_rope(s, pick_int(2, 64), pick_double(1, 1e5), pick_int(1, 4096));
        return finite(r.inv_freq) && std::isfinite(r.attention_factor);
      },
      [] {
        AttentionConfig c;
        c.T = pick_int(1, 48);
        c.d_model = pick_int(1, 32);
        c.n_heads = pick_int(1, 8);
        c.seed = rng();
        c.pe = static_cast<PeScheme>(rng() % 6);
        c.causal = rng() % 2;
        c.learned_t_max = pick_int(1, 64);
        c.beyond = static_cast<Beyond>(rng() % 3);
        c.t5_num_buckets = pick_int(2, 64);
        c.t5_max_distance = pick_int(1, 256);
        const AttentionResult r = attention_forward(c);
        return finite(r.output) && finite(r.weights) && finite(r.entropy);
      },
      [] {
        SinusoidalLabParams p{pick_int(1, 64), pick_int(1, 32), pick_double(1, 1e5), pick_int(0, 70), {pick_int(0, 40)}};
        const SinusoidalLabResult r = run_sinusoidal_lab(p);
        return finite(r.pe) && std::isfinite(r.offset_error);
      },
      [] {
        RopeLabParams p;
        p.d_head = pick_int(1, 32);
        p.T = pick_int(1, 64);
        p.base = pick_double(1, 1e5);
        p.pairs = {{pick_int(0, 70), pick_int(0, 70)}};
        p.norm_positions = {pick_int(0, 1000)};
        p.demo_m = pick_int(0, 70);
        return std::isfinite(run_rope_lab(p).max_diff);
      },
      [] {
        ExtrapolationParams p;
        p.d_model = pick_int(1, 32);
        p.n_heads = pick_int(1, 4);
        p.head = pick_int(0, 4);
        p.learned_t_max = pick_int(1, 64);
        p.causal = rng() % 2;
        p.schemes = {static_cast<PeScheme>(rng() % 6)};
        for (const ExtrapolationCell& c : run_extrapolation_lengths(p, {pick_int(1, 64), pick_int(1, 64)}))
          if (!finite(c.entropy) || !std::isfinite(c.normalized_entropy)) return false;
        return true;
      },
      [] {
        BiasesParams p;
        p.t_max = pick_int(1, 32);
        p.d = pick_int(1, 16);
        p.T = pick_int(1, 48);
        p.num_buckets = pick_int(2, 32);
        p.max_distance = pick_int(1, 128);
        p.max_relative = pick_int(1, 64);
        p.n_heads = pick_int(1, 8);
        p.head = pick_int(0, 8);
        p.bias_T = pick_int(1, 16);
        p.far_T = pick_int(1, 64);
        p.d_model = pick_int(1, 32);
        const BiasesResult r = run_biases_lab(p);
        return finite(r.far_entropy) && finite(r.far_mean_distance) && std::isfinite(r.far_max_entropy);
      },
      [] {
        // train_length, factor, d_head, base, n_heads, head (aggregate order of ContextExtensionParams)
        const ContextExtensionParams p{pick_int(1, 32), pick_double(1, 4), pick_int(1, 16), pick_double(1, 1e5), pick_int(1, 4), pick_int(0, 4)};
        const ContextExtensionResult r = run_context_extension_lab(p);
        for (const ContextExtensionMethod& m : r.methods)
          if (!finite(m.inv_freq) || !std::isfinite(m.normalized_entropy)) return false;
        return true;
      },
  };
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 20.0;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  rng.seed(seed);
  const std::vector<Case> all = cases();
  const auto start = std::chrono::steady_clock::now();
  long calls = 0, errors = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    ++calls;
    try {
      if (!all[rng() % all.size()]()) fail("a call returned a non-finite number", seed, calls);
    } catch (const pelab::ArgumentError& e) {
      if (e.param().empty()) fail("an ArgumentError without a parameter name", seed, calls);
      ++errors;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      fail("an exception that is not an ArgumentError", seed, calls);
    }
  }
  std::printf("fuzz_core: %ld calls, %ld argument errors, no sanitizer report (seed %llu, %.0f s)\n", calls, errors,
              static_cast<unsigned long long>(seed), seconds);
  return 0;
}
