// core/version.h — versions of what was compiled in, for manifests. The runtime (Node or the browser)
// is added by the JS layer, which is the only part that knows it.
#pragma once

#include <string>

#include <Eigen/Core>

#if defined(__EMSCRIPTEN__) && __has_include(<emscripten/version.h>)
#include <emscripten/version.h>
#endif

namespace pelab {

inline std::string pe_lab_version() { return PE_LAB_VERSION; }

inline std::string eigen_version() {
  return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION);
}

// "native" for the native build; the Emscripten version that compiled the wasm otherwise.
inline std::string emscripten_version() {
#if defined(__EMSCRIPTEN__)
  return std::to_string(__EMSCRIPTEN_major__) + "." + std::to_string(__EMSCRIPTEN_minor__) + "." +
         std::to_string(__EMSCRIPTEN_tiny__);
#else
  return "native";
#endif
}

}  // namespace pelab
