"""bench/torch_reader.py — reads the head-to-head's weights.safetensors with its own few lines of parsing
(struct + json + torch.frombuffer, no safetensors library) and runs the mini-GPT (core/model/gpt.h) forward in
PyTorch for every scheme: none, learned, sinusoidal, rope (bench/train_torch.py's tables), alibi (reference
slopes, -m_h (i - j) on the causal scores) and t5 (shared (NH, buckets) table, causal buckets as Hugging Face's
T5Attention computes them, float32 log). Prints the logits (T, V) of one token sequence as JSON.
Usage: python3 bench/torch_reader.py weights.safetensors --run rope.seed0 --tokens 0,12,7
Legend: T tokens, C d_model, NH heads, hs = C/NH, V vocabulary. Leaves out: training, batching, evaluation.
"""
import argparse
import json
import math
import struct

import torch
import torch.nn.functional as F

from train_torch import alibi_slopes, apply_rope, rope_tables, sinusoidal_table, t5_bucket


def read_safetensors(path):
    """{name: float32 tensor}, metadata — from the format: u64 LE header size, JSON header, raw LE bytes."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, t in header.items():
        assert t["dtype"] == "F32", name
        b, e = t["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[8 + n + b : 8 + n + e]), dtype=torch.float32).reshape(t["shape"])
    return tensors, meta


def logits(w, cfg, tokens):
    V, C, L, NH, kind = cfg["vocabSize"], cfg["dModel"], cfg["nLayers"], cfg["nHeads"], cfg["peKind"]
    T, hs = len(tokens), C // NH
    x = w["wte"][torch.tensor(tokens)]  # (T, C)
    if cfg.get("embedScale", "none") == "sqrt-d":  # x sqrt(d_model) before the PE, input side only (Vaswani et al.)
        x = x * torch.tensor(math.sqrt(C), dtype=torch.float32)
    if kind == "sinusoidal":
        x = x + sinusoidal_table(T, C, 10000.0)
    if kind == "learned":
        x = x + w["wpe"][:T]
    d = torch.arange(T)[:, None] - torch.arange(T)[None, :]  # (T, T) distance i - j
    bias = torch.zeros(NH, T, T)
    if kind == "alibi":
        bias = (-torch.tensor(alibi_slopes(NH), dtype=torch.float64)[:, None, None] * d.clamp(min=0)).float()
    if kind == "t5":
        nb = w["t5_bias"].shape[1]
        buckets = torch.tensor([[t5_bucket(max(int(v), 0), nb, cfg.get("t5MaxDistance", 128)) for v in row] for row in d])
        bias = w["t5_bias"][:, buckets]  # (NH, T, T)
    mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
    rope = rope_tables(T, hs, 10000.0) if kind == "rope" else None
    for l in range(L):
        p = lambda k: w[f"h{l}.{k}"]
        q, k, v = F.linear(F.layer_norm(x, (C,), p("ln1.w"), p("ln1.b"), 1e-5), p("qkv.w"), p("qkv.b")).view(T, 3, NH, hs).permute(1, 2, 0, 3)
        if rope is not None:
            q, k = apply_rope(q[None], *rope)[0], apply_rope(k[None], *rope)[0]
        att = ((q @ k.transpose(-2, -1)) / math.sqrt(hs) + bias).masked_fill(mask, float("-inf")).softmax(-1)
        x = x + F.linear((att @ v).transpose(0, 1).reshape(T, C), p("attproj.w"), p("attproj.b"))
        h = F.gelu(F.linear(F.layer_norm(x, (C,), p("ln2.w"), p("ln2.b"), 1e-5), p("fc.w"), p("fc.b")), approximate="tanh")
        x = x + F.linear(h, p("fcproj.w"), p("fcproj.b"))
    head = w["wte"] if cfg["tieEmbeddings"] else w["lm_head"]
    return F.linear(F.layer_norm(x, (C,), w["lnf.w"], w["lnf.b"], 1e-5), head)  # (T, V)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--run", required=True, help="a run's prefix without the final dot, e.g. rope.seed0")
    ap.add_argument("--tokens", required=True, help="comma-separated token ids, BOS (0) first")
    a = ap.parse_args()
    tensors, meta = read_safetensors(a.file)
    run = next(r for r in json.loads(meta["runs"]) if r["prefix"] == a.run + ".")
    w = {k[len(run["prefix"]) :]: t for k, t in tensors.items() if k.startswith(run["prefix"])}
    with torch.no_grad():
        z = logits(w, run["config"], [int(t) for t in a.tokens.split(",")])
    print(json.dumps({"run": a.run, "logits": z.tolist()}))


if __name__ == "__main__":
    main()
