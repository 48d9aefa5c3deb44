// core/caps.h — the documented size caps of the public API (README "Limits").
// They keep every call inside a browser tab's memory and make a typo (T = 1e9) an error, not a hang.
#pragma once

namespace pelab::limits {

constexpr long long kMaxT = 1 << 16;               // positions per call
constexpr long long kMaxDim = 8192;                // d_model / d_head
constexpr long long kMaxMatrixElements = 1 << 25;  // T·d for one (T, d) matrix (128 MiB as float32)
constexpr long long kMaxAttentionElements = 1 << 25;  // NH·T² attention weights kept at once
constexpr long long kMaxHeads = 256;
constexpr double kMaxBase = 1e12;                  // RoPE / sinusoidal base, must be > 1

}  // namespace pelab::limits
