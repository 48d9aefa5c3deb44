// bench/bench_attention.cpp — native timing of the attention forward (d_model 32, 2 heads, every scheme),
// the baseline that bench/attention.mjs divides the wasm timings by. Prints JSON lines
// {"T": …, "pe": …, "ms": …} (median of repeats). Same flags as the wasm build (Release, no -march=native).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "attention/attention.h"

int main(int argc, char** argv) {
  using clock = std::chrono::steady_clock;
  std::vector<int> Ts = {64, 128, 256, 512, 1024, 2048, 4096};
  if (argc > 1) Ts = {std::atoi(argv[1])};
  const pelab::PeScheme schemes[] = {pelab::PeScheme::kNone, pelab::PeScheme::kSinusoidal, pelab::PeScheme::kRope,
                                     pelab::PeScheme::kAlibi};
  for (int T : Ts) {
    for (pelab::PeScheme pe : schemes) {
      pelab::AttentionConfig c;
      c.T = T;
      c.d_model = 32;
      c.n_heads = 2;
      c.pe = pe;
      const int reps = std::max(3, std::min(200, (1 << 22) / (T * T)));
      std::vector<double> ms;
      volatile float sink = 0;
      for (int r = 0; r < reps; ++r) {
        auto t0 = clock::now();
        pelab::AttentionResult res = pelab::attention_forward(c);
        sink = sink + res.entropy(0, 0);
        ms.push_back(std::chrono::duration<double, std::milli>(clock::now() - t0).count());
      }
      std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
      std::printf("{\"T\": %d, \"pe\": \"%s\", \"ms\": %.4f}\n", T, pelab::pe_scheme_name(pe), ms[ms.size() / 2]);
    }
  }
  return 0;
}
