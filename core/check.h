// core/check.h — argument validation for public entry points.
// Every public function of the core checks its inputs with these helpers and throws pelab::ArgumentError
// (a std::invalid_argument) whose message reads "<function>: <parameter> must be <allowed>, got <value>" and
// which carries the three parts as data, so the wasm boundary hands them to JS without parsing text.
// Parameters are named by their public (camelCase, schema) names — dHead, nHeads, learnedTMax — so an error
// reads the same in C++, in JS and on the command line.
// Kernels behind a checked entry point use asserts only.
#pragma once

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace pelab {

// A bad argument: what() is the sentence; where/param/allowed/got are its parts.
class ArgumentError : public std::invalid_argument {
 public:
  ArgumentError(std::string where, std::string param, std::string allowed, std::string got)
      : std::invalid_argument(where + ": " + param + " must be " + allowed + ", got " + got),
        where_(std::move(where)), param_(std::move(param)), allowed_(std::move(allowed)), got_(std::move(got)) {}
  const std::string& where() const { return where_; }
  const std::string& param() const { return param_; }
  const std::string& allowed() const { return allowed_; }
  const std::string& got() const { return got_; }

 private:
  std::string where_, param_, allowed_, got_;
};

// A number as text: printf's %g with `digits` significant digits (what an ostream of that precision writes:
// 0.10000000000000001, 1e+20, nan, -inf). printf, not <sstream>: a stream pulls libc++'s iostream and locale
// machinery into the .wasm (~39 KB gzip).
inline std::string number_text(double x, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

// The value a bad argument got, as text: strings as they are, integers exactly, floats with 17 digits.
inline std::string got_text(const std::string& got) { return got; }
inline std::string got_text(const char* got) { return got; }
template <typename V>
std::string got_text(const V& got) {
  static_assert(std::is_arithmetic_v<V>, "fail_arg: got must be a number or a string");
  if constexpr (std::is_same_v<V, bool>) return got ? "1" : "0";
  else if constexpr (std::is_integral_v<V>) return std::to_string(got);
  else return number_text(static_cast<double>(got), 17);
}

// Throws ArgumentError(where, param, allowed, got), the value written with 17 significant digits.
template <typename V>
[[noreturn]] void fail_arg(const char* where, const char* param, const std::string& allowed, const V& got) {
  throw ArgumentError(where, param, allowed, got_text(got));
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
    fail_arg(where, param, "a finite number in (" + number_text(lo, 6) + ", " + number_text(hi, 6) + "]", value);
  }
}

}  // namespace pelab
