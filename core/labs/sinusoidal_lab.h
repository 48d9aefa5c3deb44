// core/labs/sinusoidal_lab.h — Lab 01: the sinusoidal PE matrix, its similarity structure, and the
// linear-offset property PE(t+k) = M_k · PE(t), with M_k block-diagonal: pair i is rotated by
//   [[cos kω_i,  sin kω_i], [-sin kω_i, cos kω_i]]   acting on (sin tω_i, cos tω_i),
// from sin(a+b) = sin a cos b + cos a sin b and cos(a+b) = cos a cos b - sin a sin b.
// All in float64, so the measured error is rounding only (see the bound in tests/node/labs.test.mjs).
#pragma once

#include <vector>

#include "../tensor.h"

namespace pelab {

struct SinusoidalLabParams {
  int T = 64;
  int d = 32;
  double base = 10000.0;
  int offset = 5;                       // the k shown with its M_k
  std::vector<int> dims = {0, 2, 8, 16}; // dimensions drawn as curves over position (each < d)
};

struct SinusoidalLabResult {
  MatD pe;                              // (T, d)
  MatD similarity;                      // (T, T): PE(t)·PE(s)
  MatD m_offset;                        // (d, d): M_k for k = offset
  double offset_error;                  // max_{t < T-k} |PE(t+k) - M_k PE(t)|_inf for k = offset
  std::vector<int> offsets;             // 1, 2, 4, … < T (and offset)
  std::vector<double> offset_errors;    // the same error for each of offsets
  MatD curves;                          // (dims, T): row j is column dims[j] of pe
};

// M_k (d, d) for offset k (any real k).
MatD sinusoidal_offset_matrix(int d, double k, double base);

SinusoidalLabResult run_sinusoidal_lab(const SinusoidalLabParams& p);

}  // namespace pelab
