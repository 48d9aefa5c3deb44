"""bench/extrapolation_numpy.py — the course's Lab 03 sweep written the way the course's NumPy lab would
be: one untrained multi-head attention layer (d_model 32, 2 heads), sinusoidal / learned (T_max 64, clamp)
/ RoPE, T in {64, 96, 128, 192, 256}, head-0 attention and row entropies. Used only as a timing baseline by
bench/extrapolation.mjs (the numbers differ: different random generator). Prints the median seconds per
sweep as JSON: {"float64": s, "float32": s}. With --serve it instead answers each stdin line "float64" or
"float32" with the seconds of one sweep, so the benchmark can interleave NumPy and wasm runs and both
see the same machine load.
"""
import sys
import json
import time

import numpy as np

D, H, TS, TMAX = 32, 2, [64, 96, 128, 192, 256], 64


def sinusoidal(T, d):
    pos = np.arange(T)[:, None]
    i = np.arange(d // 2)[None, :]
    ang = pos / np.power(10000.0, 2 * i / d)
    pe = np.empty((T, d))
    pe[:, 0::2] = np.sin(ang)
    pe[:, 1::2] = np.cos(ang)
    return pe


def rope(x, T, hs):
    theta = 10000.0 ** (-np.arange(0, hs, 2) / hs)
    ang = np.arange(T)[:, None] * theta[None, :]
    cos, sin = np.cos(ang), np.sin(ang)
    even, odd = x[:, 0::2], x[:, 1::2]
    out = np.empty_like(x)
    out[:, 0::2] = even * cos - odd * sin
    out[:, 1::2] = even * sin + odd * cos
    return out


def sweep(dtype):
    rng = np.random.default_rng(0)
    W = [rng.standard_normal((D, D)).astype(dtype) / np.sqrt(D) for _ in range(4)]
    learned = rng.standard_normal((TMAX, D)).astype(dtype)
    X_all = rng.standard_normal((max(TS), D)).astype(dtype)
    out = {}
    for scheme in ("sinusoidal", "learned", "rope"):
        for T in TS:
            X = X_all[:T]
            if scheme == "sinusoidal":
                X = X + sinusoidal(T, D).astype(dtype)
            elif scheme == "learned":
                X = X + learned[np.minimum(np.arange(T), TMAX - 1)]
            Q, K, V = X @ W[0], X @ W[1], X @ W[2]
            hs = D // H
            heads, ents = [], []
            for h in range(H):
                q, k, v = Q[:, h * hs:(h + 1) * hs], K[:, h * hs:(h + 1) * hs], V[:, h * hs:(h + 1) * hs]
                if scheme == "rope":
                    q, k = rope(q, T, hs), rope(k, T, hs)
                s = q @ k.T / np.sqrt(hs)
                s = s - s.max(axis=1, keepdims=True)
                a = np.exp(s)
                a = a / a.sum(axis=1, keepdims=True)
                ents.append(-(a * np.log(a + 1e-30)).sum(axis=1))
                heads.append(a @ v)
            y = np.concatenate(heads, axis=1) @ W[3]
            out[(scheme, T)] = (ents[0], float(np.mean(ents)), y)
    return out


def median_time(dtype, reps=15):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        sweep(dtype)
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]


def serve():
    sweep(np.float64)  # warm-up
    print(json.dumps({"numpy": np.__version__}), flush=True)
    for line in sys.stdin:
        dtype = np.float32 if line.strip() == "float32" else np.float64
        t0 = time.perf_counter()
        sweep(dtype)
        print(time.perf_counter() - t0, flush=True)


if __name__ == "__main__" and "--serve" in sys.argv:
    serve()
elif __name__ == "__main__":
    sweep(np.float64)  # warm-up
    print(json.dumps({"float64": median_time(np.float64), "float32": median_time(np.float32), "numpy": np.__version__}))
