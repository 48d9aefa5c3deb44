// core/model/optim.cpp — see optim.h.
#include "optim.h"

#include <cmath>

namespace pelab::gpt {

AdamW::AdamW(const Params<float>& p) : m(p.data.size(), 0.0f), v(p.data.size(), 0.0f), decay(p.data.size(), 0) {
  for (const TensorSpec& t : p.layout)
    if (t.matrix)
      for (long long i = 0; i < static_cast<long long>(t.rows) * t.cols; ++i) decay[t.offset + i] = 1;
}

float clip_grad_norm(Grads<float>& g, float max_norm) {
  double ss = 0.0;
  for (float x : g.data) ss += static_cast<double>(x) * x;
  const float norm = static_cast<float>(std::sqrt(ss));
  if (norm > max_norm) {
    const float s = max_norm / norm;
    for (float& x : g.data) x *= s;
  }
  return norm;
}

void adamw_step(AdamW& opt, Params<float>& p, const Grads<float>& g, float lr, const AdamWConfig& cfg) {
  ++opt.t;
  const float bc1 = 1.0f - std::pow(cfg.beta1, static_cast<float>(opt.t));
  const float bc2 = 1.0f - std::pow(cfg.beta2, static_cast<float>(opt.t));
  const std::size_t n = p.data.size();
  for (std::size_t i = 0; i < n; ++i) {
    const float gi = g.data[i];
    float& m = opt.m[i];
    float& v = opt.v[i];
    m = cfg.beta1 * m + (1.0f - cfg.beta1) * gi;
    v = cfg.beta2 * v + (1.0f - cfg.beta2) * gi * gi;
    const float mhat = m / bc1, vhat = v / bc2;
    float update = mhat / (std::sqrt(vhat) + cfg.eps);
    if (opt.decay[i]) update += cfg.weight_decay * p.data[i];
    p.data[i] -= lr * update;
  }
}

float lr_schedule(int step, int total, float lr, int warmup, float min_frac) {
  if (step < warmup) return lr * static_cast<float>(step + 1) / static_cast<float>(warmup);
  const int span = total - warmup;
  if (span <= 1) return lr;
  const double progress = static_cast<double>(step - warmup) / (span - 1);  // 0 … 1
  const double cosine = 0.5 * (1.0 + std::cos(3.14159265358979323846 * progress));
  return static_cast<float>(lr * (min_frac + (1.0 - min_frac) * cosine));
}

}  // namespace pelab::gpt
