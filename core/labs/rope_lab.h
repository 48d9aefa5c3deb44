// core/labs/rope_lab.h — Lab 02: RoPE's relative-position property and norm preservation, measured.
// q, k ~ N(0, I) of size hs from Stream::kLabData of `seed` (q first, then k; v for the V check after them).
// For each (m, n): lhs = <R_m q, R_n k>, rhs = <q, R_{n-m} k> (n < m rotates by a negative angle), in
// float64 and in float32 (angles in float32). Plus: the m-shift demo curve, norms, the two conventions,
// float32 vs float64 rotation error against position, and why V is not rotated.
// Numbers only: text deliverables are written by wasm/labs/rope.js.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "../positional/rope.h"
#include "../tensor.h"

namespace pelab {

struct RopeLabParams {
  int d_head = 16;
  int T = 32;
  double base = 10000.0;
  std::uint64_t seed = 0;
  RopeConvention convention = RopeConvention::kInterleaved;
  std::vector<std::pair<int, int>> pairs = {{0, 1}, {3, 7}, {5, 5}, {10, 12}, {20, 8}};
  std::vector<int> norm_positions = {0, 1, 5, 100};
  int demo_m = 0;                      // the demo curve: m fixed, n = 0 … T-1
  double max_precision_position = 1e7; // precision sweep up to here (log-spaced)
};

struct RopePairCheck {
  int m, n;
  double lhs, rhs, diff;          // float64
  double lhs32, rhs32, diff32;    // float32 (angles and products in float32, dot products summed in float64)
};

struct RopeLabResult {
  VecD q, k;                               // (hs)
  VecD theta;                              // (P)
  std::vector<RopePairCheck> pairs;
  double max_diff = 0, max_diff32 = 0;     // over pairs
  std::vector<int> demo_n;                 // n = 0 … T-1
  VecD demo_lhs, demo_rhs;                 // (T) <R_m q, R_n k>, <q, R_{n-m} k> (float64)
  std::vector<int> norm_positions;
  VecD norms;                              // ||R_p q|| per position (float64)
  VecD norms32;                            // the same in float32
  double q_norm = 0, norm_max_diff = 0, norm_max_diff32 = 0;
  // Conventions: the other convention's property error, how far the two outputs differ on q at the last
  // demo position, and how far they differ after permuting the dimensions (0 up to rounding).
  double other_convention_max_diff = 0;
  double conventions_output_diff = 0;
  double conventions_permuted_diff = 0;
  // Precision: max |R_p q (float32) - R_p q (float64)| at log-spaced positions.
  VecD precision_positions, precision_error32;
  // V: rotating V leaves the scores unchanged and changes the output (T tokens, one head).
  double v_scores_diff = 0, v_output_diff = 0;
};

RopeLabResult run_rope_lab(const RopeLabParams& p);

}  // namespace pelab
