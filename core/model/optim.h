// core/model/optim.h — AdamW (Loshchilov & Hutter 2019) over the flat parameter buffer, global-norm
// gradient clipping, and the warmup + cosine learning-rate schedule. Float32 only (training precision).
// Weight decay is decoupled and applies to the 2-D weight tensors only (TensorSpec::matrix: embeddings,
// learned PE and all matmul weights, as nanoGPT), never to biases or LayerNorm gains/biases.
#pragma once

#include <vector>

#include "gpt.h"

namespace pelab::gpt {

struct AdamWConfig {
  float beta1 = 0.9f;
  float beta2 = 0.95f;   // GPT-3 / nanoGPT choice: adapts faster than 0.999 on short runs
  float eps = 1e-8f;
  float weight_decay = 0.01f;
};

struct AdamW {
  explicit AdamW(const Params<float>& p);  // allocates m, v and the decay mask once
  std::vector<float> m;                    // (P) first moment
  std::vector<float> v;                    // (P) second moment
  std::vector<float> decay;                // (P) 1 where weight decay applies, else 0
  long long t = 0;                         // steps taken
};

// Scales g in place so its global L2 norm is at most max_norm; returns the norm before clipping.
float clip_grad_norm(Grads<float>& g, float max_norm);

// t += 1;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²;  mhat = m / (1-b1^t);  vhat = v / (1-b2^t);
// p -= lr (mhat / (sqrt(vhat) + eps) + wd·p [decayed tensors only]).
void adamw_step(AdamW& opt, Params<float>& p, const Grads<float>& g, float lr, const AdamWConfig& cfg);

// Linear warmup over `warmup` steps (lr·(step+1)/warmup), then cosine from lr down to min_frac·lr at the
// last step. step in [0, total).
float lr_schedule(int step, int total, float lr, int warmup, float min_frac);

}  // namespace pelab::gpt
