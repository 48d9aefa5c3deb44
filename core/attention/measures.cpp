// core/attention/measures.cpp — see measures.h.
#include "measures.h"

#include <cmath>
#include <cstdlib>

#include "../check.h"

namespace pelab {

double max_row_entropy(int T, int i, bool causal) {
  check_int_range("max_row_entropy", "T", T, 1, 1 << 30);
  check_int_range("max_row_entropy", "i", i, 0, T - 1);
  return std::log(causal ? i + 1.0 : static_cast<double>(T));
}

double mean_max_entropy(int T, bool causal) {
  check_int_range("mean_max_entropy", "T", T, 1, 1 << 30);
  if (!causal) return std::log(static_cast<double>(T));
  return std::lgamma(T + 1.0) / T;  // ln(T!) / T
}

double normalized_mean_entropy(const MatF& entropy, int T, bool causal) {
  if (entropy.size() == 0) fail_arg("normalized_mean_entropy", "entropy", "non-empty", 0);
  const double bound = mean_max_entropy(T, causal);
  const double mean = entropy.cast<double>().mean();
  return bound > 0 ? mean / bound : 0.0;  // T = 1: one key, entropy 0 of 0
}

VecD mean_attended_distance(const MatF& a) {
  if (a.rows() != a.cols()) fail_arg("mean_attended_distance", "a", "a square (T, T) matrix", a.rows());
  VecD out(a.rows());
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    double s = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j) s += static_cast<double>(a(i, j)) * std::abs(static_cast<double>(i - j));
    out[i] = s;
  }
  return out;
}

}  // namespace pelab
