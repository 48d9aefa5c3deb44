// core/labs/rope_lab.cpp — see rope_lab.h.
#include "rope_lab.h"

#include <algorithm>
#include <cmath>

#include "../caps.h"
#include "../check.h"
#include "lab_caps.h"
#include "../rng.h"

namespace pelab {

namespace {

// One vector v (hs) rotated to position p, in precision S, returned in float64.
template <typename S>
VecD rotate(const VecD& v, double p, const VecD& theta, RopeConvention conv) {
  Mat<S> x = v.transpose().cast<S>();
  VecD pos(1);
  pos[0] = p;
  apply_rope_inplace<S>(x, rope_tables<S>(pos, theta), conv);
  return x.row(0).transpose().template cast<double>();
}

template <typename S>
double pair_dot(const VecD& a, double pa, const VecD& b, double pb, const VecD& theta, RopeConvention conv) {
  return rotate<S>(a, pa, theta, conv).dot(rotate<S>(b, pb, theta, conv));
}

double property_max_diff(const RopeLabParams& p, const VecD& q, const VecD& k, const VecD& theta, RopeConvention conv) {
  double worst = 0;
  for (auto [m, n] : p.pairs)
    worst = std::max(worst, std::abs(pair_dot<double>(q, m, k, n, theta, conv) - pair_dot<double>(q, 0, k, n - m, theta, conv)));
  return worst;
}

}  // namespace

RopeLabResult run_rope_lab(const RopeLabParams& p) {
  const char* f = "rope";
  check_lab_param(f, "T", p.T);
  check_lab_param(f, "dHead", p.d_head);
  check_lab_param(f, "base", p.base, false);
  check_lab_param(f, "seed", static_cast<double>(p.seed));
  VecD theta = rope_frequencies(p.d_head, p.base);  // dHead even
  if (p.pairs.empty() || p.pairs.size() > 32) fail_arg(f, "pairs", "1 to 32 (m, n) pairs", p.pairs.size());
  for (auto [m, n] : p.pairs) {
    check_lab_param(f, "pairs", m);
    check_lab_param(f, "pairs", n);
    if (m >= p.T || n >= p.T) fail_arg(f, "pairs", "pairs m:n with m, n < T = " + std::to_string(p.T), std::to_string(m) + ":" + std::to_string(n));
  }
  if (p.norm_positions.empty() || p.norm_positions.size() > 16) fail_arg(f, "normPositions", "1 to 16 positions", p.norm_positions.size());
  for (int pos : p.norm_positions) check_lab_param(f, "normPositions", pos);
  check_lab_param(f, "demoM", p.demo_m);
  check_int_range(f, "demoM", p.demo_m, 0, p.T - 1);
  if (!(p.max_precision_position >= 10.0 && p.max_precision_position <= 1e9))
    fail_arg(f, "maxPrecisionPosition", "a number in [10, 1e9]", p.max_precision_position);

  const int hs = p.d_head;
  RopeLabResult r;
  Pcg32 rng(p.seed, Stream::kLabData);
  r.q.resize(hs);
  r.k.resize(hs);
  for (int i = 0; i < hs; ++i) r.q[i] = rng.next_normal();
  for (int i = 0; i < hs; ++i) r.k[i] = rng.next_normal();
  r.theta = theta;
  const RopeConvention conv = p.convention;

  for (auto [m, n] : p.pairs) {
    RopePairCheck c{m, n, 0, 0, 0, 0, 0, 0};
    c.lhs = pair_dot<double>(r.q, m, r.k, n, theta, conv);
    c.rhs = pair_dot<double>(r.q, 0, r.k, n - m, theta, conv);  // R_0 = I; n - m < 0 rotates backwards
    c.diff = std::abs(c.lhs - c.rhs);
    c.lhs32 = pair_dot<float>(r.q, m, r.k, n, theta, conv);
    c.rhs32 = pair_dot<float>(r.q, 0, r.k, n - m, theta, conv);
    c.diff32 = std::abs(c.lhs32 - c.rhs32);
    r.max_diff = std::max(r.max_diff, c.diff);
    r.max_diff32 = std::max(r.max_diff32, c.diff32);
    r.pairs.push_back(c);
  }

  r.demo_lhs.resize(p.T);
  r.demo_rhs.resize(p.T);
  for (int n = 0; n < p.T; ++n) {
    r.demo_n.push_back(n);
    r.demo_lhs[n] = pair_dot<double>(r.q, p.demo_m, r.k, n, theta, conv);
    r.demo_rhs[n] = pair_dot<double>(r.q, 0, r.k, n - p.demo_m, theta, conv);
  }

  r.q_norm = r.q.norm();
  r.norm_positions = p.norm_positions;
  r.norms.resize(p.norm_positions.size());
  r.norms32.resize(p.norm_positions.size());
  for (std::size_t i = 0; i < p.norm_positions.size(); ++i) {
    r.norms[i] = rotate<double>(r.q, p.norm_positions[i], theta, conv).norm();
    r.norms32[i] = rotate<float>(r.q, p.norm_positions[i], theta, conv).norm();
    r.norm_max_diff = std::max(r.norm_max_diff, std::abs(r.norms[i] - r.q_norm));
    r.norm_max_diff32 = std::max(r.norm_max_diff32, std::abs(r.norms32[i] - r.q_norm));
  }

  const RopeConvention other = conv == RopeConvention::kInterleaved ? RopeConvention::kHalfSplit : RopeConvention::kInterleaved;
  r.other_convention_max_diff = property_max_diff(p, r.q, r.k, theta, other);
  const double pos = p.T - 1;
  VecD inter = rotate<double>(r.q, pos, theta, RopeConvention::kInterleaved);
  VecD half = rotate<double>(r.q, pos, theta, RopeConvention::kHalfSplit);
  r.conventions_output_diff = (inter - half).cwiseAbs().maxCoeff();
  // Half-split slot j holds interleaved index perm[j]: half(q[perm]) == inter(q)[perm].
  Eigen::VectorXi perm = rope_permutation(hs);
  VecD q_perm(hs), inter_perm(hs);
  for (int j = 0; j < hs; ++j) {
    q_perm[j] = r.q[perm[j]];
    inter_perm[j] = inter[perm[j]];
  }
  r.conventions_permuted_diff = (rotate<double>(q_perm, pos, theta, RopeConvention::kHalfSplit) - inter_perm).cwiseAbs().maxCoeff();

  const int per_decade = 4;
  const int count = static_cast<int>(std::floor(std::log10(p.max_precision_position) * per_decade)) + 1;
  r.precision_positions.resize(count);
  r.precision_error32.resize(count);
  for (int i = 0; i < count; ++i) {
    const double ppos = std::round(std::pow(10.0, static_cast<double>(i) / per_decade) * 1e3) / 1e3;
    r.precision_positions[i] = ppos;
    r.precision_error32[i] = (rotate<float>(r.q, ppos, theta, conv) - rotate<double>(r.q, ppos, theta, conv)).cwiseAbs().maxCoeff();
  }

  // V check: T tokens with q, k, v rows ~ N(0, I); scores (R Q)(R K)^T / sqrt(hs); output A V vs A (R V).
  MatD Q(p.T, hs), K(p.T, hs), V(p.T, hs);
  fill_normal(rng, Q);
  fill_normal(rng, K);
  fill_normal(rng, V);
  RopeTables<double> tab = precompute_rope(p.T, hs, p.base);
  MatD RQ = Q, RK = K, RV = V;
  apply_rope_inplace<double>(RQ, tab, conv);
  apply_rope_inplace<double>(RK, tab, conv);
  apply_rope_inplace<double>(RV, tab, conv);
  MatD scores = RQ * RK.transpose() / std::sqrt(static_cast<double>(hs));
  MatD A = (scores.colwise() - scores.rowwise().maxCoeff()).array().exp();
  A = A.array().colwise() / A.rowwise().sum().array();
  // The scores never involve V, so rotating V cannot change them: 0 by construction, shown as a check.
  MatD scores_with_rotated_v = RQ * RK.transpose() / std::sqrt(static_cast<double>(hs));
  r.v_scores_diff = (scores - scores_with_rotated_v).cwiseAbs().maxCoeff();
  r.v_output_diff = (A * V - A * RV).cwiseAbs().maxCoeff();
  return r;
}

}  // namespace pelab
