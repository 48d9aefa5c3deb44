// core/check.h — argument validation for public entry points.
// Every public function of the core checks its inputs with these helpers and throws
// std::invalid_argument("<function>: <parameter> must be <allowed>, got <value>").
// Kernels behind a checked entry point use asserts only.
#pragma once

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

namespace pelab {

// Builds "<where>: <param> must be <allowed>, got <value>" and throws std::invalid_argument.
template <typename V>
[[noreturn]] void fail_arg(const char* where, const char* param, const std::string& allowed, const V& got) {
  std::ostringstream os;
  os.precision(17);
  os << where << ": " << param << " must be " << allowed << ", got " << got;
  throw std::invalid_argument(os.str());
}

// lo <= value <= hi, for integer parameters.
inline void check_int_range(const char* where, const char* param, long long value, long long lo, long long hi) {
  if (value < lo || value > hi) {
    fail_arg(where, param, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]", value);
  }
}

// A finite number with lo < value (strict) and value <= hi.
inline void check_finite_above(const char* where, const char* param, double value, double lo, double hi) {
  if (!std::isfinite(value) || !(value > lo) || !(value <= hi)) {
    std::ostringstream allowed;
    allowed << "a finite number in (" << lo << ", " << hi << "]";
    fail_arg(where, param, allowed.str(), value);
  }
}

}  // namespace pelab
