// core/positional/rope.cpp — see rope.h.
#include "rope.h"

#include <cmath>

#include "../caps.h"
#include "../check.h"

namespace pelab {

RopeConvention parse_rope_convention(const std::string& name) {
  if (name == "interleaved") return RopeConvention::kInterleaved;
  if (name == "half-split") return RopeConvention::kHalfSplit;
  fail_arg("parse_rope_convention", "convention", "one of 'interleaved', 'half-split'", "'" + name + "'");
}

static void check_head_size(const char* where, int hs) {
  check_int_range(where, "dHead", hs, 2, limits::kMaxDim);
  if (hs % 2 != 0) fail_arg(where, "dHead", "an even integer (RoPE rotates pairs)", hs);
}

VecD rope_frequencies(int hs, double base) {
  check_head_size("rope_frequencies", hs);
  check_finite_above("rope_frequencies", "base", base, 1.0, limits::kMaxBase);
  VecD theta(hs / 2);
  for (int k = 0; k < hs / 2; ++k) theta[k] = std::pow(base, -2.0 * k / hs);
  return theta;
}

RopeTables<double> precompute_rope(int T, int hs, double base) {
  check_int_range("precompute_rope", "T", T, 1, limits::kMaxT);
  check_head_size("precompute_rope", hs);
  check_finite_above("precompute_rope", "base", base, 1.0, limits::kMaxBase);
  VecD theta = rope_frequencies(hs, base);
  VecD positions = VecD::LinSpaced(T, 0.0, T - 1.0);
  return rope_tables<double>(positions, theta);
}

template <typename S>
RopeTables<S> rope_tables(const Eigen::Ref<const VecD>& positions, const Eigen::Ref<const VecD>& inv_freq) {
  const Eigen::Index T = positions.size(), P = inv_freq.size();
  check_int_range("rope_tables", "T", T, 1, limits::kMaxT);
  check_int_range("rope_tables", "P", P, 1, limits::kMaxDim / 2);
  if (static_cast<long long>(T) * P > limits::kMaxMatrixElements)
    fail_arg("rope_tables", "T*dHead/2", "at most " + std::to_string(limits::kMaxMatrixElements), static_cast<long long>(T) * P);
  for (Eigen::Index t = 0; t < T; ++t)
    if (!std::isfinite(positions[t])) fail_arg("rope_tables", "positions", "finite numbers", positions[t]);
  for (Eigen::Index k = 0; k < P; ++k)
    if (!std::isfinite(inv_freq[k]) || inv_freq[k] < 0)
      fail_arg("rope_tables", "invFreq", "finite non-negative numbers", inv_freq[k]);
  RopeTables<S> tab{Mat<S>(T, P), Mat<S>(T, P)};
  for (Eigen::Index t = 0; t < T; ++t) {
    const S p = static_cast<S>(positions[t]);
    for (Eigen::Index k = 0; k < P; ++k) {
      const S angle = p * static_cast<S>(inv_freq[k]);  // in S: float32 angles for the float32 path
      tab.cos(t, k) = std::cos(angle);
      tab.sin(t, k) = std::sin(angle);
    }
  }
  return tab;
}

template <typename S>
void apply_rope_inplace(Eigen::Ref<Mat<S>> x, const RopeTables<S>& tab, RopeConvention convention, bool inverse) {
  const Eigen::Index T = x.rows(), hs = x.cols(), P = hs / 2;
  if (hs % 2 != 0) fail_arg("apply_rope", "dHead", "an even integer (RoPE rotates pairs)", hs);
  if (T == 0 || P == 0) fail_arg("apply_rope", "x", "non-empty", std::to_string(T) + "x" + std::to_string(hs));
  if (tab.cos.rows() != T || tab.cos.cols() != P || tab.sin.rows() != T || tab.sin.cols() != P)
    fail_arg("apply_rope", "tables", "of shape (T, dHead/2) = (" + std::to_string(T) + ", " + std::to_string(P) + ") for cos and sin",
             "cos " + std::to_string(tab.cos.rows()) + "x" + std::to_string(tab.cos.cols()) + ", sin " +
                 std::to_string(tab.sin.rows()) + "x" + std::to_string(tab.sin.cols()));
  // Pair k occupies columns (a, b): (2k, 2k+1) interleaved, (k, k+P) half-split.
  const Eigen::Index stride_a = convention == RopeConvention::kInterleaved ? 2 : 1;
  const Eigen::Index offset_b = convention == RopeConvention::kInterleaved ? 1 : P;
  const S sign = inverse ? S(-1) : S(1);
  for (Eigen::Index t = 0; t < T; ++t) {
    S* row = &x(t, 0);
    const S* c = &tab.cos(t, 0);
    const S* s = &tab.sin(t, 0);
    for (Eigen::Index k = 0; k < P; ++k) {
      const Eigen::Index a = k * stride_a, b = a + offset_b;
      const S x0 = row[a], x1 = row[b], sk = sign * s[k];
      row[a] = x0 * c[k] - x1 * sk;  // [cos -sin] [x0]
      row[b] = x0 * sk + x1 * c[k];  // [sin  cos] [x1]
    }
  }
}

template <typename S>
void apply_rope(Eigen::Ref<Mat<S>> q, Eigen::Ref<Mat<S>> k, const RopeTables<S>& tables, RopeConvention convention) {
  if (q.data() == k.data()) fail_arg("apply_rope", "k", "a different matrix from q (it would be rotated twice)", "the same matrix");
  if (q.rows() != k.rows() || q.cols() != k.cols())
    fail_arg("apply_rope", "k", "of the same shape as q", std::to_string(k.rows()) + "x" + std::to_string(k.cols()));
  apply_rope_inplace<S>(q, tables, convention);
  apply_rope_inplace<S>(k, tables, convention);
}

Eigen::VectorXi rope_permutation(int hs) {
  check_head_size("rope_permutation", hs);
  Eigen::VectorXi perm(hs);
  for (int k = 0; k < hs / 2; ++k) {
    perm[k] = 2 * k;
    perm[k + hs / 2] = 2 * k + 1;
  }
  return perm;
}

template RopeTables<float> rope_tables<float>(const Eigen::Ref<const VecD>&, const Eigen::Ref<const VecD>&);
template RopeTables<double> rope_tables<double>(const Eigen::Ref<const VecD>&, const Eigen::Ref<const VecD>&);
template void apply_rope_inplace<float>(Eigen::Ref<MatF>, const RopeTables<float>&, RopeConvention, bool);
template void apply_rope_inplace<double>(Eigen::Ref<MatD>, const RopeTables<double>&, RopeConvention, bool);
template void apply_rope<float>(Eigen::Ref<MatF>, Eigen::Ref<MatF>, const RopeTables<float>&, RopeConvention);
template void apply_rope<double>(Eigen::Ref<MatD>, Eigen::Ref<MatD>, const RopeTables<double>&, RopeConvention);

}  // namespace pelab
