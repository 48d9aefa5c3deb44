// wasm/bindings.cpp — Embind registrations and conversions only; no math lives here.
// Arrays leave the wasm heap as copies (typed_memory_view(...).slice()), so JS never holds a view into
// memory that a later allocation could move. Every C++ exception becomes a JS Error with its message
// (guarded()), and the module stays usable afterwards. The idiomatic API is wasm/index.js.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "positional/sinusoidal.h"
#include "check.h"
#include "caps.h"
#include "rng.h"
#include "version.h"

using emscripten::val;

namespace {

// Runs f; a C++ exception is rethrown as a JS Error carrying e.what().
template <typename F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    val::global("Error").new_(std::string(e.what())).throw_();
  }
  __builtin_unreachable();
}

template <typename Scalar>
val copy_out(const Scalar* data, std::size_t n) {
  return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}

val sinusoidal(int T, int d, double base) {
  return guarded([&] {
    pelab::MatF pe = pelab::sinusoidal_pe_f32(T, d, base);
    return copy_out(pe.data(), static_cast<std::size_t>(pe.size()));
  });
}

// n draws of `kind` ("u32", "uniform" or "normal") from sub-stream `stream` of `seed`.
// seed and stream arrive as doubles holding integers in [0, 2^53) (validated in wasm/index.js).
val random_draws(double seed, double stream, int n, std::string kind) {
  return guarded([&] {
    pelab::check_int_range("random", "n", n, 0, pelab::limits::kMaxMatrixElements);
    pelab::Pcg32 rng(static_cast<std::uint64_t>(seed), static_cast<std::uint64_t>(stream));
    if (kind == "u32") {
      std::vector<std::uint32_t> out(n);
      for (auto& x : out) x = rng.next_u32();
      return copy_out(out.data(), out.size());
    }
    std::vector<double> out(n);
    if (kind == "uniform") {
      for (auto& x : out) x = rng.next_uniform();
    } else if (kind == "normal") {
      for (auto& x : out) x = rng.next_normal();
    } else {
      pelab::fail_arg("random", "kind", "one of 'uniform', 'normal', 'u32'", "'" + kind + "'");
    }
    return copy_out(out.data(), out.size());
  });
}

val versions() {
  val v = val::object();
  v.set("pe_lab", pelab::pe_lab_version());
  v.set("eigen", pelab::eigen_version());
  v.set("emscripten", pelab::emscripten_version());
  return v;
}

}  // namespace

EMSCRIPTEN_BINDINGS(pe_lab) {
  emscripten::function("sinusoidal", &sinusoidal);
  emscripten::function("random", &random_draws);
  emscripten::function("versions", &versions);
}
