// core/tensor.h — the row-major Eigen aliases every file of the core uses, and the one dimension legend.
// Legend (whole core): T positions, C channels (= d_model), NH heads, hs head size (= d_head = C/NH),
// V vocabulary size, P = hs/2 rotation pairs. Matrices are row-major (T, C): row t is position t.
// Nothing here allocates or computes; it only names types.
#pragma once

#include <Eigen/Core>

namespace pelab {

template <typename Scalar>
using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename Scalar>
using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

using MatF = Mat<float>;    // (rows, cols) float32, row-major
using MatD = Mat<double>;   // (rows, cols) float64, row-major
using MatI = Mat<int>;      // (rows, cols) int32, row-major
using VecF = Vec<float>;
using VecD = Vec<double>;

}  // namespace pelab
