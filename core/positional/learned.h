// core/positional/learned.h — learned absolute position table (BERT / GPT-2 style), untrained.
// Legend: t_max table rows (positions the table knows), d channels, T positions asked for.
// The table is a (t_max, d) matrix of N(0, sigma^2) draws; position t reads row t. Positions
// t >= t_max have no row: `Beyond` says what happens then (clamp by default in the labs).
// Leaves out: training the table, and adding it to token embeddings (attention/ does that).
#pragma once

#include <cstdint>
#include <string>

#include "../tensor.h"

namespace pelab {

// What a position t >= t_max reads: kClamp -> row t_max-1 (the course's Lab 03 choice),
// kWrap -> row t % t_max, kError -> throw std::invalid_argument.
enum class Beyond { kClamp, kWrap, kError };

// "clamp" | "wrap" | "error"; anything else throws std::invalid_argument naming `beyond`.
Beyond parse_beyond(const std::string& name);

// Table (t_max, d), entries N(0, sigma^2) drawn row-major from Pcg32(seed, Stream::kLearnedPE),
// so a table is a prefix of any longer table with the same seed and d.
// sigma: the labs use 1.0, the same scale as the N(0, I) inputs and the sinusoidal entries (|PE| <= 1).
// GPT-2's initialisation 0.02 would make the positional part invisible next to N(0, 1) inputs in an
// untrained layer; it is a documented parameter, not a hidden constant.
// Throws for t_max outside [1, kMaxT], d outside [1, kMaxDim], t_max*d above kMaxMatrixElements, or
// sigma not a finite number in (0, 1e6].
MatF learned_table(int t_max, int d, double sigma, std::uint64_t seed);

// The table row position (>= 0) reads: position itself when position < t_max, else per `beyond`.
// kError throws "learned_pe: T must be at most t_max = 64 when beyond = 'error', got position 64" —
// worded for learned_pe, whose per-row step this is (a sequence longer than the table).
int learned_row(long long position, int t_max, Beyond beyond);

// Positions 0 … T-1 looked up in table (t_max, d); out is (T, d), row t = table row learned_row(t).
// Throws for an empty or oversized table, T outside [1, kMaxT], T*d above kMaxMatrixElements, or
// T > t_max with beyond = kError.
MatF learned_pe(const Eigen::Ref<const MatF>& table, int T, Beyond beyond);

// Trainable parameters of the table: t_max * d (the course's "T_max · d extra").
long long learned_parameter_count(int t_max, int d);

}  // namespace pelab
