// core/rng.h — the deterministic random generator every experiment draws from.
// PCG32 (O'Neill 2014, "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms",
// pcg32 = XSH-RR 64/32 with the reference multiplier). Integer arithmetic only, so the u32 and uniform
// streams are bit-identical natively and in WebAssembly. Normals use Box–Muller on two uniforms: libm's
// log/cos/sin differ in the last bit between glibc and Emscripten, so normals agree to ~1e-15, not bitwise.
//
// Randomness contract: one `seed` per run; each component draws from its own sub-stream (PCG's stream
// selector), named below, so weights do not depend on how many inputs were drawn before them.
#pragma once

#include <cstdint>

#include "tensor.h"

namespace pelab {

// Sub-stream identifiers. Fixed forever: changing one changes every published number.
enum class Stream : std::uint64_t {
  kInput = 1,         // attention input rows X[t] ~ N(0, I), drawn row-major (prefix property in T)
  kWeightQ = 2,       // W_Q ~ N(0, 1/C)
  kWeightK = 3,       // W_K ~ N(0, 1/C)
  kWeightV = 4,       // W_V ~ N(0, 1/C)
  kWeightO = 5,       // W_O ~ N(0, 1/C)
  kLearnedPE = 6,     // learned position table ~ N(0, sigma^2)
  kT5Bias = 7,        // T5 per-head bucket biases ~ N(0, sigma^2)
  kWordVectors = 8,   // Lab 00 word vectors; the word's hash is mixed into the seed, see labs/permutation
  kLabData = 9,       // per-lab data (e.g. RoPE lab q, k)
  kModelInit = 10,    // mini-GPT parameters
  kCorpus = 11,       // corpus generator
  kBatches = 12,      // training batch order
  kCorpusLong = 13,   // corpus: the long OOD lengths (CorpusConfig::long_ood_lengths, e.g. ood40)
};

class Pcg32 {
 public:
  // seed: any 64-bit value; stream: selects one of 2^63 independent sequences.
  Pcg32(std::uint64_t seed, std::uint64_t stream);
  Pcg32(std::uint64_t seed, Stream stream) : Pcg32(seed, static_cast<std::uint64_t>(stream)) {}

  std::uint32_t next_u32();
  // Uniform in [0, 1) with 53 random bits: (a >> 5) * 2^26 + (b >> 6), divided by 2^53.
  double next_uniform();
  // Uniform integer in [0, bound) without modulo bias (Lemire-free rejection, bound >= 1).
  std::uint32_t next_below(std::uint32_t bound);
  // Standard normal N(0, 1) by Box–Muller; the second value of each pair is kept for the next call.
  double next_normal();

 private:
  std::uint64_t state_ = 0;
  std::uint64_t inc_ = 0;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// Fills m row-major with N(0, sigma^2) draws from rng.
void fill_normal(Pcg32& rng, Eigen::Ref<MatF> m, double sigma = 1.0);
void fill_normal(Pcg32& rng, Eigen::Ref<MatD> m, double sigma = 1.0);

// 64-bit FNV-1a of a byte string, used to key per-word streams (Lab 00).
std::uint64_t fnv1a64(const char* data, std::size_t n);

}  // namespace pelab
