// wasm/caps.js — the core's size and value caps, mirrored for the checks at the JS boundary (wasm/index.js),
// so an out-of-range argument is refused before Embind converts it (an `int` wraps modulo 2^32).
// The first block mirrors core/caps.h name for name (kMaxFooBar ↔ MAX_FOO_BAR); keep the two in step.
// The second block mirrors limits the core states where it checks them (file named on each line).
// Leaves out: the labs' own ranges, which live in wasm/schema.js.

// ---- core/caps.h --------------------------------------------------------------------------------------
export const MAX_T = 1 << 16;                      // positions per call
export const MAX_DIM = 8192;                       // d_model / d_head
export const MAX_MATRIX_ELEMENTS = 1 << 25;        // T·d for one (T, d) matrix
export const MAX_ATTENTION_ELEMENTS = 1 << 25;     // NH·T² attention weights kept at once
export const MAX_HEADS = 256;
export const MAX_BASE = 1e12;                      // RoPE / sinusoidal base, must be > 1

// ---- limits checked in place by the core ------------------------------------------------------------------
export const MAX_ATTENTION_D_MODEL = 4096;         // core/attention/attention.cpp, check_attention_config
export const MAX_T5_BUCKETS = 1024;                // core/positional/t5.cpp, kMaxBuckets
export const MAX_T5_DISTANCE = 1 << 20;            // core/positional/t5.cpp, kMaxDistance
export const MAX_SIGMA = 1e6;                      // learned_table / t5_bias_table / attention: sigma in (0, 1e6]
export const MAX_ROPE_LENGTH = 1 << 24;            // core/positional/rope_scaling.cpp: original_max_position, current_length
export const MAX_ROPE_FACTOR = 1e6;                // core/positional/rope_scaling.cpp, check_rope_scaling
export const MAX_SEED = Number.MAX_SAFE_INTEGER;   // seeds reach the core as doubles holding integers < 2^53

// ---- bounds of float inputs, chosen here so every result stays finite ---------------------------------------
// Float inputs to float32 kernels (attention's x, applyRope's x): |v| <= 1e15. Derivation: attention computes
// q = x·Wq with Wq ~ N(0, 1/C) drawn by Box–Muller from 53-bit uniforms, so |w| <= sqrt(2·53·ln 2)/sqrt(C)
// ≈ 8.6/sqrt(C) and |q_h| <= C·B·8.6/sqrt(C) = 8.6·sqrt(C)·B. A score q·k·attnScale/sqrt(hs) is at most
// sqrt(hs)·74·C·B²·attnScale <= 64·74·4096·5.7·B² ≈ 1.1e8·B² (hs <= C <= 4096; attnScale <= 5.7, YaRN's
// (0.1·ln 1e6 + 1)²); softmax subtracts the row max, a difference of at most 2.2e8·B². For that to stay
// below float32's max 3.4e38: B <= 1.2e15. The PE added to x (|pe| <= 8.6·1e6) does not change the order.
export const MAX_ABS_INPUT = 1e15;
// RoPE positions: in float32 the position and the angle p·θ are computed in float32, whose integers are
// exact up to 2^24 (beyond, neighbouring positions share an angle and the rotation is meaningless); in
// float64 up to 2^53. Both keep cos/sin finite and the rotated vector the size of x.
export const MAX_POSITION = Object.freeze({ float32: 2 ** 24, float64: 2 ** 53 });
