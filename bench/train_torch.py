"""bench/train_torch.py — the head-to-head mini-GPT (core/model/gpt.h) and its training loop (core/model/train.h,
optim.h) re-implemented in PyTorch, one thread, as the timing baseline of bench/train.mjs. Same model (pre-LN,
causal attention, GELU-tanh MLP 4C with biases, tied embeddings; every scheme of gpt.h: none, sinusoidal added,
learned table added, RoPE interleaved pairs, ALiBi reference slopes and T5 shared bucket table on the scores;
LayerNorm eps 1e-5, init N(0, 0.02²) / biases 0 / gains 1 / T5 table 0), same loss (mean next-token cross-entropy over every
position that has a next token), same AdamW (betas 0.9/0.95, eps 1e-8, weight decay 0.01 on 2-D weights but the T5 table),
clip 1.0, warmup steps/10 + cosine to lr/10, same batches (epochs of shuffled single sentences, `batch` per step).
Legend: B sentences per step, T the step's longest sentence (BOS included), C d_model, NH heads, hs = C/NH, V vocab.
Differs on purpose: sentences are right-padded to (B, T) (PyTorch's usual dense batch) where the C++ packs them
into ragged rows; padding sits after each sentence, so causal attention keeps real rows exact and the loss
ignores padded rows. Tokens counted as in train.cpp: real rows, BOS included (padding not counted). Batches are
built before the timed loop. Leaves out: evaluation, dropout, torch.compile/jit (PyTorch 1.13, eager).
With --serve: prints {"torch": …} then answers each stdin JSON request with one timed run as a JSON line.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def set_one_thread():
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)  # allowed only before any inter-op parallel work
    except RuntimeError:
        pass


def sinusoidal_table(T, C, base):
    # PE(t, 2i) = sin(t / base^(2i/C)), PE(t, 2i+1) = cos(…), in float64 then float32 (core/positional/sinusoidal.h)
    pos = torch.arange(T, dtype=torch.float64)[:, None]
    omega = base ** (-torch.arange(0, C, 2, dtype=torch.float64) / C)
    pe = torch.empty(T, C, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(pos * omega)
    pe[:, 1::2] = torch.cos(pos * omega)
    return pe.float()  # (T, C)


def rope_tables(T, hs, base):
    # theta_k = base^(-2k/hs) in float64; angle = float(t) · float(theta_k) in float32 (rope.h, float32 path)
    theta = (base ** (-torch.arange(0, hs, 2, dtype=torch.float64) / hs)).float()
    ang = torch.arange(T, dtype=torch.float32)[:, None] * theta[None, :]
    return torch.cos(ang), torch.sin(ang)  # (T, P) each


def alibi_slopes(NH):
    # core/positional/alibi.h: the reference get_slopes, in float64
    def power_of_2(n):
        start = 2.0 ** (-(2.0 ** -(math.log2(n) - 3)))
        return [start ** (i + 1) for i in range(n)]
    if math.log2(NH).is_integer():
        return power_of_2(NH)
    c = 2 ** math.floor(math.log2(NH))
    return power_of_2(c) + power_of_2(2 * c)[0::2][: NH - c]


def t5_bucket(d, n, max_distance):
    # causal bucket of distance d >= 0 (core/positional/t5.h, Hugging Face's float32 log)
    max_exact = n // 2
    if d < max_exact:
        return d
    big = torch.log(torch.tensor(d, dtype=torch.float32) / max_exact) / math.log(max_distance / max_exact) * (n - max_exact)
    return min(n - 1, max_exact + int(big.to(torch.long)))


def distance_buckets(T, n, max_distance):
    # (T, T) bucket of the causal distance i - j (0 above the diagonal, which the mask hides)
    return torch.tensor([[t5_bucket(max(i - j, 0), n, max_distance) for j in range(T)] for i in range(T)])


def apply_rope(x, cos, sin):
    # x (B, NH, T, hs), interleaved pairs (2k, 2k+1) rotated by [[cos, -sin], [sin, cos]]; cos, sin (T, P)
    B, NH, T, hs = x.shape
    pairs = x.reshape(B, NH, T, hs // 2, 2)
    x0, x1 = pairs[..., 0], pairs[..., 1]
    c, s = cos[:T], sin[:T]
    return torch.stack((x0 * c - x1 * s, x0 * s + x1 * c), dim=-1).reshape(B, NH, T, hs)


class Block(nn.Module):
    def __init__(self, C, NH):
        super().__init__()
        self.NH = NH
        self.ln1 = nn.LayerNorm(C)          # eps 1e-5 as layers.cpp
        self.qkv = nn.Linear(C, 3 * C)      # (3C, C) + (3C): columns [q | k | v], head h at h·hs within each
        self.attproj = nn.Linear(C, C)      # W_o
        self.ln2 = nn.LayerNorm(C)
        self.fc = nn.Linear(C, 4 * C)
        self.fcproj = nn.Linear(4 * C, C)

    def forward(self, x, mask, rope, bias):
        B, T, C = x.shape  # (B, T, C)
        hs = C // self.NH
        q, k, v = self.qkv(self.ln1(x)).view(B, T, 3, self.NH, hs).permute(2, 0, 3, 1, 4)  # (B, NH, T, hs) each
        if rope is not None:
            q, k = apply_rope(q, *rope), apply_rope(k, *rope)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))  # (B, NH, T, T), full product then mask
        if bias is not None:
            att = att + bias  # (NH, T, T) ALiBi / T5 bias of the distance i - j
        att = att.masked_fill(mask[:T, :T], float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(B, T, C)  # (B, T, C) heads side by side
        x = x + self.attproj(y)
        return x + self.fcproj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, V, C, L, NH, max_len, pe_kind, base=10000.0):
        super().__init__()
        self.pe_kind = pe_kind
        self.wte = nn.Embedding(V, C)       # (V, C), also the output head (tied)
        self.h = nn.ModuleList(Block(C, NH) for _ in range(L))
        self.lnf = nn.LayerNorm(C)
        self.register_buffer("mask", torch.triu(torch.ones(max_len, max_len, dtype=torch.bool), diagonal=1))
        self.register_buffer("pe", sinusoidal_table(max_len, C, base) if pe_kind == "sinusoidal" else None)
        cos, sin = rope_tables(max_len, C // NH, base) if pe_kind == "rope" else (None, None)
        self.register_buffer("rope_cos", cos)
        self.register_buffer("rope_sin", sin)
        self.wpe = nn.Parameter(torch.empty(max_len, C)) if pe_kind == "learned" else None  # (max_len, C)
        self.t5_bias = nn.Parameter(torch.zeros(NH, 32)) if pe_kind == "t5" else None  # (NH, buckets), shared by layers
        self.register_buffer("t5_buckets", distance_buckets(max_len, 32, 128) if pe_kind == "t5" else None)
        d = (torch.arange(max_len)[:, None] - torch.arange(max_len)[None, :]).clamp(min=0)  # (max_len, max_len) i - j
        alibi = -torch.tensor(alibi_slopes(NH), dtype=torch.float64)[:, None, None] * d if pe_kind == "alibi" else None
        self.register_buffer("alibi", alibi.float() if alibi is not None else None)  # (NH, max_len, max_len)
        for name, p in self.named_parameters():  # GPT-2 init, no residual rescaling (gpt.h Params::init)
            if name == "t5_bias":
                continue  # zeros (gpt.h)
            if p.dim() == 2:
                nn.init.normal_(p, 0.0, 0.02)
            elif name.endswith("weight"):
                nn.init.ones_(p)  # LayerNorm gains
            else:
                nn.init.zeros_(p)

    def forward(self, tokens):
        T = tokens.shape[1]  # tokens (B, T)
        x = self.wte(tokens)  # (B, T, C)
        if self.pe is not None:
            x = x + self.pe[:T]
        if self.wpe is not None:
            x = x + self.wpe[:T]
        rope = (self.rope_cos, self.rope_sin) if self.rope_cos is not None else None
        bias = self.alibi[:, :T, :T] if self.alibi is not None else None
        if self.t5_bias is not None:
            bias = self.t5_bias[:, self.t5_buckets[:T, :T]]  # (NH, T, T), one table for every layer
        for block in self.h:
            x = block(x, self.mask, rope, bias)
        return F.linear(self.lnf(x), self.wte.weight)  # (B, T, V) logits, no bias


def lr_schedule(step, total, lr, warmup, min_frac):
    # core/model/optim.cpp lr_schedule
    if step < warmup:
        return lr * (step + 1) / warmup
    span = total - warmup
    if span <= 1:
        return lr
    progress = (step - warmup) / (span - 1)
    return lr * (min_frac + (1.0 - min_frac) * 0.5 * (1.0 + math.cos(math.pi * progress)))


def make_batches(sequences, steps, batch, gen):
    """Epochs of shuffled sentences, `batch` per step, right-padded: [(tokens (B, T), targets (B, T))], rows."""
    out, rows, order, cursor = [], 0, [], len(sequences)
    for _ in range(steps):
        chosen = []
        for _ in range(batch):
            if cursor == len(sequences):
                order, cursor = torch.randperm(len(sequences), generator=gen).tolist(), 0
            chosen.append(sequences[order[cursor]])
            cursor += 1
        T = max(len(s) for s in chosen)
        tokens = torch.zeros(batch, T, dtype=torch.long)
        targets = torch.full((batch, T), -1, dtype=torch.long)  # -1: no next token (last row, padding)
        for b, s in enumerate(chosen):
            tokens[b, : len(s)] = torch.tensor(s)
            targets[b, : len(s) - 1] = torch.tensor(s[1:])
            rows += len(s)
        out.append((tokens, targets))
    return out, rows


def train_run(req):
    """One run of req: {variant, steps, batch, lr, seed, vocabSize, dModel, nLayers, nHeads, maxLen, sequences}."""
    torch.manual_seed(req["seed"])
    V, C = req["vocabSize"], req["dModel"]
    model = GPT(V, C, req["nLayers"], req["nHeads"], req["maxLen"], req["variant"])
    decayed = lambda name, p: p.dim() == 2 and name != "t5_bias"  # wte, wpe and every matmul weight (optim.h)
    decay = [p for n, p in model.named_parameters() if decayed(n, p)]
    other = [p for n, p in model.named_parameters() if not decayed(n, p)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": other, "weight_decay": 0.0}],
                            lr=req["lr"], betas=(0.9, 0.95), eps=1e-8, foreach=True)
    params = list(model.parameters())
    steps = req["steps"]
    warmup = max(1, steps // 10)
    batches, rows = make_batches(req["sequences"], steps, req["batch"], torch.Generator().manual_seed(req["seed"]))
    losses = []
    t0 = time.perf_counter()
    for step, (tokens, targets) in enumerate(batches):
        lr = lr_schedule(step, steps, req["lr"], warmup, 0.1)
        for group in opt.param_groups:
            group["lr"] = lr
        logits = model(tokens)
        loss = F.cross_entropy(logits.view(-1, V), targets.view(-1), ignore_index=-1)  # mean over real targets
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        losses.append(loss.item())  # the C++ loop records every step's loss too
    seconds = time.perf_counter() - t0
    return {"trainSeconds": seconds, "tokensPerSecond": rows / seconds, "rows": rows,
            "paramCount": sum(p.numel() for p in params), "lossCurve": losses}


def blas_in_use():
    # Debian's torch calls whatever libblas.so.3 the loader finds (BLAS_INFO=generic): by default the netlib
    # reference BLAS, unless OpenBLAS is installed (or LD_LIBRARY_PATH points at one). Linux only.
    torch.ones(8, 8) @ torch.ones(8, 8)  # loads the BLAS
    try:
        with open("/proc/self/maps") as maps:
            libs = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    except OSError:
        return "unknown"
    text = " ".join(sorted(libs)).lower()
    if "openblas" in text:
        return "OpenBLAS"
    if "mkl" in text:
        return "MKL"
    if "/blas/libblas" in text:
        return "netlib reference BLAS"
    return ", ".join(sorted(libs)) or "unknown"


def versions():
    return {"torch": torch.__version__, "python": sys.version.split()[0], "threads": torch.get_num_threads(),
            "interopThreads": torch.get_num_interop_threads(), "blas": blas_in_use()}


def serve():
    set_one_thread()
    print(json.dumps(versions()), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(train_run(json.loads(line))), flush=True)


def standalone():
    # Without bench/train.mjs: 240 random sentences of 3 … 6 tokens (BOS 0 first), vocabulary 58, 150 steps.
    set_one_thread()
    gen = torch.Generator().manual_seed(0)
    lengths = torch.randint(3, 7, (240,), generator=gen).tolist()
    sequences = [[0] + torch.randint(1, 58, (n - 1,), generator=gen).tolist() for n in lengths]
    out = versions()
    for variant in ("sinusoidal", "rope"):
        req = {"variant": variant, "steps": 150, "batch": 16, "lr": 1e-2, "seed": 0, "vocabSize": 58, "dModel": 64,
               "nLayers": 2, "nHeads": 4, "maxLen": 32, "sequences": sequences}
        train_run(req)  # warm-up
        r = train_run(req)
        out[variant] = {k: r[k] for k in ("tokensPerSecond", "trainSeconds", "rows", "paramCount")}
    print(json.dumps(out))


if __name__ == "__main__" and "--serve" in sys.argv:
    serve()
elif __name__ == "__main__":
    standalone()
