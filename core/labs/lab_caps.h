// core/labs/lab_caps.h — every lab parameter's range, in one table: the core's lab checks read it, the wasm
// binding labCaps() hands it to JS, and tests/node/caps.test.mjs checks that wasm/schema.js (the page's
// controls, the CLI's help, validation) states the same ranges. Names are the schema's keys.
// Leaves out: cross-parameter rules (offset < T, head < nHeads, …), which each lab checks itself, and the
// engine's own caps (core/caps.h), which bound every call whatever the lab.
#pragma once

#include <cmath>
#include <cstring>
#include <string>

#include "../check.h"

namespace pelab {

struct LabCap {
  const char* lab;
  const char* param;     // the schema key; list parameters: the range of each item
  double min, max;
  bool exclusive_min;    // min < value (a base must exceed 1, a learning rate 0)
};

inline constexpr double kMaxLabSeed = 4294967295.0;  // seeds the page and the CLI take: 32 bits

inline constexpr LabCap kLabCaps[] = {
    {"permutation", "dModel", 2, 256, false},
    {"permutation", "nHeads", 1, 16, false},
    {"permutation", "seed", 0, kMaxLabSeed, false},
    {"sinusoidal", "T", 2, 2048, false},
    {"sinusoidal", "d", 2, 1024, false},
    {"sinusoidal", "base", 1, 1e9, true},
    {"sinusoidal", "offset", 1, 2047, false},
    {"sinusoidal", "dims", 0, 1023, false},
    {"rope", "dHead", 2, 512, false},
    {"rope", "T", 2, 4096, false},
    {"rope", "base", 1, 1e9, true},
    {"rope", "seed", 0, kMaxLabSeed, false},
    {"rope", "pairs", 0, 4095, false},
    {"rope", "normPositions", 0, 1e9, false},
    {"rope", "demoM", 0, 4095, false},
    {"extrapolation", "TSweep", 2, 2048, false},
    {"extrapolation", "learnedTMax", 1, 2048, false},
    {"extrapolation", "head", 0, 63, false},
    {"extrapolation", "dModel", 2, 512, false},
    {"extrapolation", "nHeads", 1, 64, false},
    {"extrapolation", "seed", 0, kMaxLabSeed, false},
    {"biases", "tMax", 1, 4096, false},
    {"biases", "d", 1, 1024, false},
    {"biases", "T", 1, 4096, false},
    {"biases", "numBuckets", 4, 256, false},
    {"biases", "maxDistance", 2, 8192, false},
    {"biases", "maxRelative", 1, 4096, false},
    {"biases", "nHeads", 1, 64, false},
    {"biases", "head", 0, 63, false},
    {"biases", "biasT", 2, 256, false},
    {"biases", "farT", 2, 2048, false},
    {"biases", "dModel", 2, 512, false},
    {"biases", "seed", 0, kMaxLabSeed, false},
    {"context-extension", "trainLength", 2, 4096, false},
    {"context-extension", "factor", 1, 64, false},
    {"context-extension", "dHead", 4, 512, false},
    {"context-extension", "base", 1, 1e9, true},
    {"context-extension", "nHeads", 1, 16, false},
    {"context-extension", "head", 0, 15, false},
    {"context-extension", "seed", 0, kMaxLabSeed, false},
    {"head-to-head", "seeds", 1, 10, false},
    {"head-to-head", "seed", 0, kMaxLabSeed, false},
    {"head-to-head", "steps", 1, 5000, false},
    {"head-to-head", "batch", 1, 240, false},
    {"head-to-head", "lr", 0, 0.1, true},
    {"head-to-head", "embedInitStd", 0, 1, true},  // gpt.h kMaxEmbedInitStd: 0.02 (GPT-2) … 1 (nn.Embedding)
    {"head-to-head", "dModel", 8, 256, false},
    {"head-to-head", "nLayers", 1, 8, false},
    {"head-to-head", "nHeads", 1, 16, false},
    {"head-to-head", "maxLen", 41, 512, false},
    {"head-to-head", "vocabSize", 0, 4096, false},
    {"head-to-head", "corpusSeed", 0, kMaxLabSeed, false},
    {"head-to-head", "inferenceFactor", 0, 64, false},  // 0 = the length ratio per split; (0, 1) refused by the lab
};

// The range of (lab, param); a name missing from the table is a programming error (asserted by the tests).
inline const LabCap& lab_cap(const char* lab, const char* param) {
  for (const LabCap& c : kLabCaps)
    if (std::strcmp(c.lab, lab) == 0 && std::strcmp(c.param, param) == 0) return c;
  throw std::logic_error(std::string("lab_cap: no range for ") + lab + "." + param);
}

// Checks value against the table; throws ArgumentError(lab, param, "<range>", value). Integer parameters
// also must be integers (the caller passes them as such); `integer` only words the message.
inline void check_lab_param(const char* lab, const char* param, double value, bool integer = true) {
  const LabCap& c = lab_cap(lab, param);
  const bool low_ok = c.exclusive_min ? value > c.min : value >= c.min;
  if (!std::isfinite(value) || !low_ok || value > c.max) {
    // 15 significant digits: 0.1 reads 0.1, 4294967295 stays exact
    fail_arg(lab, param, std::string(integer ? "an integer in [" : c.exclusive_min ? "a number in (" : "a number in [") +
                             number_text(c.min, 15) + ", " + number_text(c.max, 15) + "]",
             value);
  }
}

}  // namespace pelab
