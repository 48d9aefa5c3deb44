// core/labs/sinusoidal_lab.cpp — see sinusoidal_lab.h.
#include "sinusoidal_lab.h"

#include <algorithm>
#include <cmath>

#include "../check.h"
#include "lab_caps.h"
#include "../positional/sinusoidal.h"

namespace pelab {

MatD sinusoidal_offset_matrix(int d, double k, double base) {
  VecD omega = sinusoidal_frequencies(d, base);  // validates d and base
  MatD m = MatD::Zero(d, d);
  for (int i = 0; i < d / 2; ++i) {
    const double c = std::cos(k * omega[i]), s = std::sin(k * omega[i]);
    m(2 * i, 2 * i) = c;       // sin((t+k)ω) =  cos(kω) sin(tω) + sin(kω) cos(tω)
    m(2 * i, 2 * i + 1) = s;
    m(2 * i + 1, 2 * i) = -s;  // cos((t+k)ω) = -sin(kω) sin(tω) + cos(kω) cos(tω)
    m(2 * i + 1, 2 * i + 1) = c;
  }
  return m;
}

static double offset_error(const MatD& pe, int k, double base) {
  const int T = static_cast<int>(pe.rows()), d = static_cast<int>(pe.cols());
  if (k >= T) return 0.0;
  MatD m = sinusoidal_offset_matrix(d, k, base);
  // Rows are positions, so PE(t+k)^T = M_k PE(t)^T  <=>  PE[k:] = PE[:T-k] M_k^T.
  MatD predicted = pe.topRows(T - k) * m.transpose();
  return (pe.bottomRows(T - k) - predicted).cwiseAbs().maxCoeff();
}

SinusoidalLabResult run_sinusoidal_lab(const SinusoidalLabParams& p) {
  const char* f = "sinusoidal";
  check_lab_param(f, "T", p.T);  // the (T, T) similarity map must stay small
  check_lab_param(f, "d", p.d);
  check_lab_param(f, "base", p.base, false);
  check_lab_param(f, "offset", p.offset);
  check_int_range(f, "offset", p.offset, 1, p.T - 1);
  if (p.dims.empty() || p.dims.size() > 8) fail_arg(f, "dims", "1 to 8 dimensions", p.dims.size());
  for (int k : p.dims) {
    check_lab_param(f, "dims", k);
    check_int_range(f, "dims", k, 0, p.d - 1);
  }
  SinusoidalLabResult r;
  r.pe = sinusoidal_pe(p.T, p.d, p.base);  // d even
  r.similarity.noalias() = r.pe * r.pe.transpose();
  r.m_offset = sinusoidal_offset_matrix(p.d, p.offset, p.base);
  r.offset_error = offset_error(r.pe, p.offset, p.base);
  for (int k = 1; k < p.T; k *= 2) r.offsets.push_back(k);
  if (std::find(r.offsets.begin(), r.offsets.end(), p.offset) == r.offsets.end()) {
    r.offsets.push_back(p.offset);
    std::sort(r.offsets.begin(), r.offsets.end());
  }
  for (int k : r.offsets) r.offset_errors.push_back(offset_error(r.pe, k, p.base));
  r.curves.resize(static_cast<Eigen::Index>(p.dims.size()), p.T);
  for (std::size_t j = 0; j < p.dims.size(); ++j) r.curves.row(static_cast<Eigen::Index>(j)) = r.pe.col(p.dims[j]).transpose();
  return r;
}

}  // namespace pelab
