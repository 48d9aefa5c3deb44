// core/positional/rope.h — rotary position embedding (Su et al. 2021, arXiv:2104.09864).
// Legend: T positions, hs head size (d_head, even), P = hs/2 rotation pairs.
// theta_k = base^(-2k/hs), k = 0 … P-1; position p rotates pair k by the angle p·theta_k with
// [[cos, -sin], [sin, cos]] (counter-clockwise), so <R_m q, R_n k> = <q, R_{n-m} k>.
// Conventions: interleaved pairs (2k, 2k+1) by default (the course's, RoFormer's, Meta's original Llama);
// half-split pairs (k, k+P) as an option (GPT-NeoX / Hugging Face "rotate_half"). The two are NOT
// bit-equivalent: they agree only after permuting the dimensions of q and k (see rope_permutation).
// Precision: the float32 path computes angles and cos/sin in float32, as float32 frameworks do, so the
// error at large positions is real; the float64 path computes everything in double.
// Leaves out: context-extension scalings (positional/rope_scaling) — they only change positions/frequencies.
#pragma once

#include <string>

#include "../tensor.h"

namespace pelab {

enum class RopeConvention { kInterleaved, kHalfSplit };

// "interleaved" | "half-split"; anything else throws std::invalid_argument naming `convention`.
RopeConvention parse_rope_convention(const std::string& name);

// theta_k = base^(-2k/hs); out is (P).
VecD rope_frequencies(int hs, double base = 10000.0);

// cos and sin of every angle, each (T, P): angle(t, k) = positions[t] * inv_freq[k].
template <typename S>
struct RopeTables {
  Mat<S> cos;  // (T, P)
  Mat<S> sin;  // (T, P)
};

// Tables for positions 0 … T-1 (the course's precompute_rope), float64.
RopeTables<double> precompute_rope(int T, int hs, double base = 10000.0);

// Tables for arbitrary finite positions (negative, fractional, large) and any frequency vector
// (plain rope_frequencies, or one rescaled by a context-extension method). For S = float, the angle is
// float(position) * float(inv_freq) in float32 and cos/sin are taken in float32.
template <typename S>
RopeTables<S> rope_tables(const Eigen::Ref<const VecD>& positions, const Eigen::Ref<const VecD>& inv_freq);

// Rotates every row t of x (T, hs) by the angles of row t of the tables, in place. inverse = true
// rotates by the negative angles (R^T = R^-1; used by backward passes and by the n < m check).
template <typename S>
void apply_rope_inplace(Eigen::Ref<Mat<S>> x, const RopeTables<S>& tables,
                        RopeConvention convention = RopeConvention::kInterleaved, bool inverse = false);

// The course's signature: q and k (T, hs) rotated in place by the same tables.
template <typename S>
void apply_rope(Eigen::Ref<Mat<S>> q, Eigen::Ref<Mat<S>> k, const RopeTables<S>& tables,
                RopeConvention convention = RopeConvention::kInterleaved);

// perm[j] = the interleaved index that half-split index j holds: half-split(x[:, perm]) equals
// interleaved(x) with its columns permuted by perm. perm = (0, 2, 4, …, 1, 3, 5, …); out is (hs).
Eigen::VectorXi rope_permutation(int hs);

}  // namespace pelab
