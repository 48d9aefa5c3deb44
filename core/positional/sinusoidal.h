// core/positional/sinusoidal.h — fixed sinusoidal positional encoding (Vaswani et al. 2017, §3.5).
// PE(t, 2i) = sin(t / base^(2i/d)),  PE(t, 2i+1) = cos(t / base^(2i/d)),  t = 0 … T-1, i = 0 … d/2-1.
// Computed in float64 (the float32 version is a cast), so native and wasm agree to float rounding.
// Leaves out: adding it to embeddings (attention/ does that) and any learned scaling.
#pragma once

#include "../tensor.h"

namespace pelab {

// Returns PE of shape (T, d). Throws std::invalid_argument for T outside [1, kMaxT], odd or
// out-of-range d, T·d above kMaxMatrixElements, or base not a finite number > 1.
MatD sinusoidal_pe(int T, int d, double base = 10000.0);

// Same values rounded to float32, shape (T, d).
MatF sinusoidal_pe_f32(int T, int d, double base = 10000.0);

// The frequency of pair i: omega_i = base^(-2i/d); out is (d/2).
VecD sinusoidal_frequencies(int d, double base = 10000.0);

}  // namespace pelab
