// tests/core/test_model.cpp — the mini-GPT: every layer's backward against central finite differences in
// float64 (the layers are templates, so the float64 instantiation is the same code as training's float32),
// the whole model likewise for all six schemes (NoPE, sinusoidal, RoPE, learned, ALiBi, T5), the evaluation
// measures on hand-made
// logits, a short training run, FLOPs and parameter counts from their formulas.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/corpus.h"
#include "model/evaluate.h"
#include "model/gpt.h"
#include "model/layers.h"
#include "model/train.h"
#include "rng.h"

using doctest::Approx;
namespace gpt = pelab::gpt;
using pelab::PeScheme;
namespace data = pelab::data;

namespace {

std::vector<double> randn(std::size_t n, std::uint64_t seed, double sigma = 1.0) {
  pelab::Pcg32 rng(seed, pelab::Stream::kLabData);
  std::vector<double> v(n);
  for (double& x : v) x = sigma * rng.next_normal();
  return v;
}

// Central differences of loss() with respect to every entry of x, compared with `analytic`.
// Returns max_i |analytic_i - fd_i| / max(|analytic_i|, |fd_i|, 1e-3). In float64 the truncation error is
// ~eps² and the rounding error ~1e-16·|loss|/eps, so a correct backward gives ~1e-8 … 1e-7 (measured: layers
// below 1e-8, the whole model ~6e-8 with eps = 1e-5), while a wrong term gives 1e-2 … 1.
double fd_error(std::vector<double>& x, const std::vector<double>& analytic, const std::function<double()>& loss,
                double eps = 1e-6) {
  REQUIRE(x.size() == analytic.size());
  double worst = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double keep = x[i];
    x[i] = keep + eps;
    const double up = loss();
    x[i] = keep - eps;
    const double down = loss();
    x[i] = keep;
    const double fd = (up - down) / (2 * eps);
    const double scale = std::max({std::abs(analytic[i]), std::abs(fd), 1e-3});
    worst = std::max(worst, std::abs(analytic[i] - fd) / scale);
  }
  return worst;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

constexpr double kTol = 1e-6;  // see fd_error: a wrong term gives errors of order 1e-2 … 1

}  // namespace

// Each layer check uses the scalar loss L = sum(out ∘ R) for a fixed random R, so dout = R.

TEST_CASE("embedding plus PE backward matches finite differences") {
  const int N = 6, C = 4, V = 5, maxT = 4;
  const std::vector<int> tokens{0, 3, 3, 1, 4, 3}, pos{0, 1, 2, 0, 1, 2};
  std::vector<double> wte = randn(V * C, 1), pe = randn(maxT * C, 2), R = randn(N * C, 3), out(N * C);
  auto loss = [&] {
    gpt::encoder_forward(out.data(), tokens.data(), pos.data(), wte.data(), pe.data(), N, C);
    return dot(out, R);
  };
  std::vector<double> dwte(V * C, 0.0), dpe(maxT * C, 0.0);
  gpt::encoder_backward(dwte.data(), dpe.data(), R.data(), tokens.data(), pos.data(), N, C);
  CHECK(fd_error(wte, dwte, loss) < kTol);
  CHECK(fd_error(pe, dpe, loss) < kTol);
}

TEST_CASE("scaled embeddings (x sqrt(d_model)): forward by hand, backward matches finite differences") {
  const int N = 6, C = 4, V = 5, maxT = 4;
  const double s = 2.0;  // sqrt(C), the factor gpt.h's EmbedScale::kSqrtD gives at C = 4
  const std::vector<int> tokens{0, 3, 3, 1, 4, 3}, pos{0, 1, 2, 0, 1, 2};
  std::vector<double> wte = randn(V * C, 1), pe = randn(maxT * C, 2), R = randn(N * C, 3), out(N * C);
  // Row 1 is token 3 at position 1: out = s · wte[3] + pe[1], entry by entry.
  gpt::encoder_forward(out.data(), tokens.data(), pos.data(), wte.data(), pe.data(), N, C, s);
  for (int i = 0; i < C; ++i) CHECK(out[1 * C + i] == Approx(s * wte[3 * C + i] + pe[1 * C + i]).epsilon(1e-15));
  const double* tables[] = {pe.data(), nullptr};  // an additive table (sinusoidal / learned), then none (RoPE)
  for (const double* table : tables) {
    CAPTURE(table != nullptr);
    auto loss = [&] {
      gpt::encoder_forward(out.data(), tokens.data(), pos.data(), wte.data(), table, N, C, s);
      return dot(out, R);
    };
    std::vector<double> dwte(V * C, 0.0), dpe(maxT * C, 0.0);
    gpt::encoder_backward(dwte.data(), table ? dpe.data() : nullptr, R.data(), tokens.data(), pos.data(), N, C, s);
    CHECK(fd_error(wte, dwte, loss) < kTol);
    if (table) CHECK(fd_error(pe, dpe, loss) < kTol);
  }
}

TEST_CASE("layernorm backward matches finite differences") {
  const int N = 3, C = 8;
  std::vector<double> x = randn(N * C, 4), w = randn(C, 5), b = randn(C, 6), R = randn(N * C, 7);
  std::vector<double> out(N * C), mean(N), rstd(N);
  auto loss = [&] {
    gpt::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, C);
    return dot(out, R);
  };
  loss();
  std::vector<double> dx(N * C, 0.0), dw(C, 0.0), db(C, 0.0);
  gpt::layernorm_backward(dx.data(), dw.data(), db.data(), R.data(), x.data(), w.data(), mean.data(), rstd.data(), N, C);
  CHECK(fd_error(x, dx, loss) < kTol);
  CHECK(fd_error(w, dw, loss) < kTol);
  CHECK(fd_error(b, db, loss) < kTol);
}

TEST_CASE("matmul plus bias backward matches finite differences") {
  const int N = 4, C = 5, OC = 3;
  std::vector<double> x = randn(N * C, 8), w = randn(OC * C, 9), b = randn(OC, 10), R = randn(N * OC, 11);
  std::vector<double> out(N * OC);
  auto loss = [&] {
    gpt::matmul_forward(out.data(), x.data(), w.data(), b.data(), N, C, OC);
    return dot(out, R);
  };
  std::vector<double> dx(N * C, 0.0), dw(OC * C, 0.0), db(OC, 0.0);
  gpt::matmul_backward(dx.data(), dw.data(), db.data(), R.data(), x.data(), w.data(), N, C, OC);
  CHECK(fd_error(x, dx, loss) < kTol);
  CHECK(fd_error(w, dw, loss) < kTol);
  CHECK(fd_error(b, db, loss) < kTol);
}

TEST_CASE("causal attention backward matches finite differences, with and without RoPE") {
  // Two packed sequences of lengths 5 and 3: attention must not cross them.
  const int C = 8, NH = 2, hs = C / NH, B = 2;
  const std::vector<int> seq_start{0, 5, 8};
  const std::vector<int> att_off{0, NH * 25, NH * 25 + NH * 9};
  const int N = 8;
  std::vector<pelab::RopeTables<double>> tables(6);
  for (int T = 1; T <= 5; ++T)
    tables[T] = pelab::rope_tables<double>(pelab::VecD::LinSpaced(T, 0.0, T - 1.0), pelab::rope_frequencies(hs, 10000.0));
  // A distance bias (NH, bias_ld = 6 >= T_max): a random one stands for ALiBi's and T5's, whose gradient
  // (the T5 case) is checked too.
  const int bias_ld = 6;
  for (int variant = 0; variant < 3; ++variant) {  // plain, RoPE, distance bias
    const bool use_rope = variant == 1, use_bias = variant == 2;
    CAPTURE(variant);
    const pelab::RopeTables<double>* rope = use_rope ? tables.data() : nullptr;
    std::vector<double> qkv = randn(N * 3 * C, 12), R = randn(N * C, 13), bias = randn(NH * bias_ld, 17);
    std::vector<double> out(N * C), qkvr(N * 3 * C), att(att_off.back());
    auto loss = [&] {
      gpt::attention_forward(out.data(), qkvr.data(), att.data(), qkv.data(), seq_start.data(), att_off.data(), B, C,
                             NH, rope, use_bias ? bias.data() : nullptr, bias_ld);
      return dot(out, R);
    };
    loss();
    std::vector<double> dqkv(N * 3 * C, 0.0), dbias(NH * bias_ld, 0.0), scratch(25 + 2 * 5 * hs);
    gpt::attention_backward(dqkv.data(), use_bias ? dbias.data() : nullptr, scratch.data(), R.data(), qkvr.data(),
                            att.data(), seq_start.data(), att_off.data(), B, C, NH, rope, bias_ld);
    CHECK(fd_error(qkv, dqkv, loss, 1e-5) < kTol);
    if (use_bias) {
      CHECK(fd_error(bias, dbias, loss) < kTol);
      // Distance 5 occurs in no sequence (T <= 5): its bias cannot matter.
      for (int h = 0; h < NH; ++h) CHECK(dbias[h * bias_ld + 5] == 0.0);
    }
    // Definition of causal packing: every attention row sums to 1 and puts 0 on future keys.
    for (int b = 0; b < B; ++b) {
      const int T = seq_start[b + 1] - seq_start[b];
      for (int h = 0; h < NH; ++h)
        for (int i = 0; i < T; ++i) {
          double s = 0;
          for (int j = 0; j < T; ++j) {
            const double a = att[att_off[b] + h * T * T + i * T + j];
            if (j > i) CHECK(a == 0.0);
            s += a;
          }
          CHECK(s == Approx(1.0).epsilon(1e-12));
        }
    }
  }
}

TEST_CASE("the T5 bias gather's backward matches finite differences; buckets from the T5 formula") {
  // Causal buckets of 8 buckets, max distance 16: max_exact = 4, so d = 0 … 3 exact; d >= 4:
  // 4 + int(ln(d/4) / ln(16/4) · 4): d = 4 → 4, 5 → 4 + int(0.644) = 4, 8 → 4 + int(2) = 6, 15 → 4 + int(3.81) = 7.
  const int NH = 2, nb = 8, maxd = 16, max_len = 16;
  std::vector<int> bucket(max_len);
  for (int d = 0; d < max_len; ++d) bucket[d] = gpt::t5_bucket_of_distance(d, nb, maxd);
  CHECK(bucket[0] == 0);
  CHECK(bucket[3] == 3);
  CHECK(bucket[4] == 4);
  CHECK(bucket[5] == 4);
  CHECK(bucket[8] == 6);
  CHECK(bucket[15] == 7);
  // The default (32 buckets, 128): exact below 16; d = 40 → 16 + int(ln 2.5 / ln 8 · 16) = 16 + int(7.05) = 23.
  CHECK(gpt::t5_bucket_of_distance(15, 32, 128) == 15);
  CHECK(gpt::t5_bucket_of_distance(40, 32, 128) == 23);
  std::vector<double> table = randn(NH * nb, 18), R = randn(NH * max_len, 19), out(NH * max_len);
  auto loss = [&] {
    gpt::t5_bias_forward(out.data(), table.data(), bucket.data(), NH, nb, max_len);
    return dot(out, R);
  };
  std::vector<double> dtable(NH * nb, 0.0);
  gpt::t5_bias_backward(dtable.data(), R.data(), bucket.data(), NH, nb, max_len);
  CHECK(fd_error(table, dtable, loss) < kTol);
  // Bucket 4 holds distances 4 and 5 (6 → 4 + int(ln 1.5 / ln 4 · 4) = 4 + int(1.17) = 5): its gradient, by the
  // chain rule of a lookup, is the sum of theirs.
  CHECK(dtable[1 * nb + 4] == Approx(R[1 * max_len + 4] + R[1 * max_len + 5]).epsilon(1e-15));
}

TEST_CASE("RoPE attention scores depend only on the offset between query and key") {
  // Definition of RoPE: <R_m q, R_n k> = <q, R_{n-m} k>. With the same q and the same k at every row,
  // the rotated score q'_i · k'_j must depend on i - j only.
  const int C = 4, NH = 1, T = 5;
  std::vector<pelab::RopeTables<double>> tables(T + 1);
  for (int t = 1; t <= T; ++t)
    tables[t] = pelab::rope_tables<double>(pelab::VecD::LinSpaced(t, 0.0, t - 1.0), pelab::rope_frequencies(C, 10000.0));
  std::vector<double> qkv(T * 3 * C, 0.0);
  const std::vector<double> q{0.3, -1.2, 0.8, 0.5}, k{1.1, 0.4, -0.7, 0.9};
  for (int t = 0; t < T; ++t)
    for (int c = 0; c < C; ++c) {
      qkv[t * 3 * C + c] = q[c];
      qkv[t * 3 * C + C + c] = k[c];
    }
  std::vector<double> out(T * C), qkvr(T * 3 * C), att(T * T);
  const std::vector<int> seq_start{0, T}, att_off{0, T * T};
  gpt::attention_forward(out.data(), qkvr.data(), att.data(), qkv.data(), seq_start.data(), att_off.data(), 1, C, NH,
                         tables.data());
  auto score = [&](int i, int j) {
    double s = 0;
    for (int c = 0; c < C; ++c) s += qkvr[i * 3 * C + c] * qkvr[j * 3 * C + C + c];
    return s;
  };
  for (int d = 0; d < T; ++d)
    for (int i = d; i < T; ++i) CHECK(score(i, i - d) == Approx(score(d, 0)).epsilon(1e-12));
}

TEST_CASE("GELU backward matches finite differences") {
  const int n = 11;
  std::vector<double> x = randn(n, 14, 2.0), R = randn(n, 15), out(n), th(n);
  auto loss = [&] {
    gpt::gelu_forward(out.data(), th.data(), x.data(), n);
    return dot(out, R);
  };
  loss();  // th of the unperturbed x, which the backward reads
  std::vector<double> dx(n, 0.0);
  gpt::gelu_backward(dx.data(), x.data(), th.data(), R.data(), n);
  CHECK(fd_error(x, dx, loss) < kTol);
  // Result of the tanh form at x = 1: 0.5 (1 + tanh(sqrt(2/pi) · 1.044715)) = 0.8411919906082768
  // (evaluated with Python's math module; the exact erf GELU gives 0.8413447460685429).
  double one = 1.0, y = 0, th1 = 0;
  gpt::gelu_forward(&y, &th1, &one, 1);
  CHECK(y == Approx(0.8411919906082768).epsilon(1e-15));
}

TEST_CASE("softmax cross-entropy backward matches finite differences and skips masked rows") {
  const int N = 4, V = 6;
  const std::vector<int> targets{2, -1, 5, 0};
  std::vector<double> logits = randn(N * V, 16, 3.0), probs(N * V), losses(N);
  auto loss = [&] {
    gpt::crossentropy_forward(losses.data(), probs.data(), logits.data(), targets.data(), N, V);
    return (losses[0] + losses[1] + losses[2] + losses[3]) / 3.0;  // mean over the 3 rows with a target
  };
  loss();
  CHECK(losses[1] == 0.0);
  std::vector<double> dlogits(N * V, 0.0);
  gpt::crossentropy_backward(dlogits.data(), probs.data(), targets.data(), 1.0 / 3.0, N, V);
  CHECK(fd_error(logits, dlogits, loss) < kTol);
  for (int i = 0; i < V; ++i) CHECK(dlogits[1 * V + i] == 0.0);
}

namespace {
gpt::Batch tiny_batch() {
  gpt::Batch b;
  b.add({0, 3, 4, 2, 6});
  b.add({0, 5, 1});
  b.add({0, 2, 2, 3, 5, 6, 1});
  return b;
}
gpt::Config tiny_config(PeScheme kind, bool tie) {
  gpt::Config c;
  c.vocab_size = 7;
  c.d_model = 8;
  c.n_layers = 2;
  c.n_heads = 2;
  c.max_len = 8;
  c.pe_kind = kind;
  c.tie_embeddings = tie;
  return c;
}

// The whole model's analytic gradient against central differences of its loss on tiny_batch().
double whole_model_fd_error(const gpt::Config& c) {
  gpt::GPT<double> m(c, 32, 8);
  m.params.init(3);
  // Larger than the 0.02 init so that attention is far from uniform and every path is exercised.
  // (The T5 table starts at 0; this also moves it off 0 so every bucket's bias matters.)
  pelab::Pcg32 rng(5, pelab::Stream::kLabData);
  for (double& w : m.params.data) w += 0.3 * rng.next_normal();
  const gpt::Batch batch = tiny_batch();
  gpt::gpt_forward(m, batch);
  gpt::gpt_zero_grad(m);
  gpt::gpt_backward(m, batch);
  const std::vector<double> analytic = m.grads.data;
  const double err = fd_error(m.params.data, analytic, [&] { return gpt::gpt_forward(m, batch); }, 1e-5);
  MESSAGE("max relative error ", err);
  return err;
}
}  // namespace

TEST_CASE("the whole model's gradient matches finite differences for every PE kind") {
  for (PeScheme kind : {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kRope, PeScheme::kLearned,
                        PeScheme::kAlibi, PeScheme::kT5}) {
    for (bool tie : {true, false}) {
      const std::string kind_name = pe_scheme_name(kind);
      CAPTURE(kind_name);
      CAPTURE(tie);
      CHECK(whole_model_fd_error(tiny_config(kind, tie)) < kTol);
    }
  }
}

TEST_CASE("the whole model's gradient matches finite differences with scaled embeddings and init std 1") {
  for (PeScheme kind : {PeScheme::kSinusoidal, PeScheme::kRope, PeScheme::kLearned}) {
    for (bool tie : {true, false}) {
      const std::string kind_name = pe_scheme_name(kind);
      CAPTURE(kind_name);
      CAPTURE(tie);
      gpt::Config c = tiny_config(kind, tie);
      c.embed_scale = gpt::EmbedScale::kSqrtD;  // x sqrt(8): the wte rows' gradient gets the factor too
      c.embed_init_std = 1.0;
      CHECK(whole_model_fd_error(c) < kTol);
    }
  }
}

TEST_CASE("embed_init_std sets wte's init only; the embedding scale is sqrt(d_model)") {
  gpt::Config c;
  c.d_model = 64;
  c.vocab_size = 512;  // 32768 draws: the sample std is within ~0.4% of sigma (relative sd 1/sqrt(2n))
  c.embed_init_std = 1.0;
  gpt::Params<double> p(c);
  p.init(7);
  const auto sample_std = [](const auto& m) { return std::sqrt(m.array().square().mean() - m.mean() * m.mean()); };
  CHECK(sample_std(p.wte) == Approx(1.0).epsilon(0.02));
  CHECK(sample_std(p.h[0].qkv_w) == Approx(0.02).epsilon(0.02));  // other matrices keep GPT-2's 0.02
  CHECK(gpt::embed_scale_factor(c) == 1.0);
  c.embed_scale = gpt::EmbedScale::kSqrtD;
  CHECK(gpt::embed_scale_factor(c) == 8.0);
  CHECK(gpt::parse_embed_scale("sqrt-d") == gpt::EmbedScale::kSqrtD);
  CHECK(std::string(gpt::embed_scale_name(gpt::EmbedScale::kNone)) == "none");
}

TEST_CASE("the float32 model computes the float64 model's loss to float precision") {
  for (PeScheme kind : {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kRope, PeScheme::kAlibi, PeScheme::kT5}) {
    gpt::GPT<double> md(tiny_config(kind, true), 32, 8);
    gpt::GPT<float> mf(tiny_config(kind, true), 32, 8);
    md.params.init(11);
    mf.params.init(11);  // same draws, rounded to float
    const gpt::Batch batch = tiny_batch();
    const double ld = gpt::gpt_forward(md, batch);
    const float lf = gpt::gpt_forward(mf, batch);
    // At init every logit is ~0, so the loss is ~ln 7 = 1.9459 (uniform over V = 7).
    CHECK(ld == Approx(std::log(7.0)).epsilon(1e-2));
    CHECK(lf == Approx(ld).epsilon(1e-5));
  }
}

TEST_CASE("conjugation loss and accuracy on hand-made logits") {
  // Candidates {2, 5, 7}, logits z2 = 1, z5 = 2, z7 = 0 (others large, to show they are ignored).
  std::vector<float> z(9, 50.0f);
  z[2] = 1.0f;
  z[5] = 2.0f;
  z[7] = 0.0f;
  data::VerbSlot slot{1, 5, {2, 5, 7}, data::SlotKind::kLexical};
  gpt::SlotScore s = gpt::score_slot(z.data(), 9, slot);
  // -ln(e² / (e¹ + e² + e⁰)) = ln(e + e² + 1) - 2 = 0.40760596444438 (hand: e + e² + 1 = 11.1073…)
  CHECK(s.loss == Approx(std::log(std::exp(1.0) + std::exp(2.0) + 1.0) - 2.0).epsilon(1e-12));
  CHECK(s.loss == Approx(0.40760596444438).epsilon(1e-10));
  CHECK(s.correct);
  slot.gold = 7;  // the smallest logit: -ln(1 / 11.107…) = 2.40760596444438, wrong
  s = gpt::score_slot(z.data(), 9, slot);
  CHECK(s.loss == Approx(2.40760596444438).epsilon(1e-10));
  CHECK_FALSE(s.correct);
  z[7] = 2.0f;  // tie with candidate 5: ln(e + 2e²) - 2 = 0.8592801109297, and a tie is not a win
  s = gpt::score_slot(z.data(), 9, slot);
  CHECK(s.loss == Approx(std::log(std::exp(1.0) + 2 * std::exp(2.0)) - 2.0).epsilon(1e-12));
  CHECK_FALSE(s.correct);
}

TEST_CASE("split metrics average next-token loss and conjugation measures by hand") {
  // One sequence (BOS=0, 3, 1, 2) over V = 4, two slots; logits zero except where set.
  data::Split split;
  split.name = "hand";
  split.length = 3;
  data::Sequence seq;
  seq.tokens = {0, 3, 1, 2};
  seq.slots = {data::VerbSlot{2, 1, {1, 2}, data::SlotKind::kLexical},
               data::VerbSlot{3, 2, {1, 2, 3}, data::SlotKind::kAuxiliary}};
  seq.boundary = {0, 0, 1};
  split.sequences.push_back(seq);
  split.entropy_floor = 0.5;
  pelab::MatF z = pelab::MatF::Zero(4, 4);
  z(1, 1) = std::log(3.0f);  // row 1 predicts token 1: p = 3 / (3 + 1 + 1 + 1) = 1/2
  z(2, 3) = std::log(2.0f);  // row 2 predicts token 2 (gold 2 vs 1, 3): restricted p = 1 / (1 + 1 + 2) = 1/4
  const gpt::SplitMetrics m = gpt::score_split(split, {z});
  // Next-token losses: row 0 -> token 3 under uniform: ln 4; row 1: ln 2; row 2: p(2) = 1/5 -> ln 5.
  CHECK(m.n_positions == 3);
  CHECK(m.loss == Approx((std::log(4.0) + std::log(2.0) + std::log(5.0)) / 3).epsilon(1e-6));
  CHECK(m.loss_within == Approx((std::log(4.0) + std::log(2.0)) / 2).epsilon(1e-6));  // row 2 is a boundary
  // Slot 1 (row 1, candidates {1, 2}): p = 3 / (3 + 1) -> ln(4/3), correct. Slot 2 (row 2): ln 4, wrong.
  CHECK(m.conj_loss == Approx((std::log(4.0 / 3.0) + std::log(4.0)) / 2).epsilon(1e-6));
  CHECK(m.conj_acc == Approx(0.5));
  CHECK(m.entropy_floor == 0.5);
}

TEST_CASE("training loss decreases on a fixed seed over a short run") {
  const data::Corpus corpus = data::make_corpus(0);
  gpt::Config c;
  c.vocab_size = corpus.vocab_size();
  c.pe_kind = PeScheme::kRope;
  gpt::GPT<float> m(c, 16 * 6, 16);
  m.params.init(0);
  gpt::TrainConfig tc;
  tc.steps = 40;
  tc.batch = 16;
  tc.lr = 3e-3f;
  int calls = 0;
  const gpt::TrainResult r = gpt::train_gpt(m, corpus.train, tc, [&](int step, int total, float) {
    ++calls;
    CHECK(step == calls);
    CHECK(total == 40);
    return true;
  });
  CHECK(calls == 40);
  CHECK_FALSE(r.cancelled);
  // Step 1 sees an untrained model: loss ~ ln 58 = 4.06 (uniform over the vocabulary).
  CHECK(r.loss.front() == Approx(std::log(58.0)).epsilon(0.02));
  double last = 0;
  for (int i = 35; i < 40; ++i) last += r.loss[i] / 5;
  MESSAGE("first step ", r.loss.front(), ", mean of the last five ", last);
  CHECK(last < r.loss.front() - 1.0);  // measured: 4.07 -> ~2.7
}

TEST_CASE("a progress callback returning false stops training cleanly") {
  const data::Corpus corpus = data::make_corpus(0);
  gpt::Config c;
  c.vocab_size = corpus.vocab_size();
  gpt::GPT<float> m(c, 8 * 6, 8);
  m.params.init(0);
  gpt::TrainConfig tc;
  tc.steps = 50;
  tc.batch = 8;
  const gpt::TrainResult r = gpt::train_gpt(m, corpus.train, tc, [](int step, int, float) { return step < 3; });
  CHECK(r.cancelled);
  CHECK(r.steps_done == 3);
  CHECK(r.loss.size() == 3);
}

TEST_CASE("parameter count and FLOPs follow their formulas") {
  gpt::Config c;  // C = 64, L = 2, NH = 4, tied
  c.vocab_size = 58;
  // 58·64 + 2·(12·64² + 13·64) + 2·64 = 3712 + 99968 + 128 = 103808
  CHECK(gpt::param_count(c) == 103808);
  c.vocab_size = 512;
  CHECK(gpt::param_count(c) == 132864);  // 32768 + 99968 + 128
  c.tie_embeddings = false;
  CHECK(gpt::param_count(c) == 132864 + 32768);
  c.tie_embeddings = true;
  c.pe_kind = PeScheme::kLearned;
  CHECK(gpt::param_count(c) == 132864 + 32 * 64);
  CHECK(gpt::param_count(c) == static_cast<long long>(gpt::GPT<float>(c, 8, 2).params.data.size()));
  c.pe_kind = PeScheme::kT5;
  CHECK(gpt::param_count(c) == 132864 + 4 * 32);  // NH · buckets
  c.pe_kind = PeScheme::kAlibi;
  CHECK(gpt::param_count(c) == 132864);  // no parameters, like NoPE
  c.pe_kind = PeScheme::kNone;
  CHECK(gpt::param_count(c) == 132864);

  gpt::Config s, r;
  s.vocab_size = r.vocab_size = 58;
  r.pe_kind = PeScheme::kRope;
  const int T = 21;
  const gpt::FlopsBreakdown fs = gpt::forward_flops(s, T), fr = gpt::forward_flops(r, T);
  // RoPE: 3 flops per rotated element, 2C elements (q and k) per row per layer: 3·2·64·21·2 = 16128.
  CHECK(fr.rope == 16128);
  CHECK(fs.rope == 0);
  CHECK(fs.embedding == 21 * 64);  // the sinusoidal add
  CHECK(fr.total - fs.total == 16128 - 21 * 64);
  // Matmul-dominated: QKV per layer 2·21·64·192 = 516096 (+ bias 3·21·64 = 4032), two layers.
  CHECK(fs.qkv == 2 * (516096 + 4032));
  CHECK(fs.lm_head == 2 * 21 * 64 * 58 + 4 * 21 * 58);
  CHECK(fs.total == fs.embedding + fs.rope + fs.layernorm + fs.qkv + fs.attention + fs.attn_proj + fs.mlp +
                        fs.residual + fs.lm_head);
}

TEST_CASE("bad model configs throw errors naming the parameter") {
  struct Bad {
    std::function<void(gpt::Config&)> edit;
    const char* needle;
  };
  const Bad cases[] = {
      {[](gpt::Config& c) { c.d_model = 66; }, "GPT: dModel must be divisible by nHeads = 4, got 66"},
      {[](gpt::Config& c) { c.d_model = 36; c.pe_kind = PeScheme::kRope; }, "dModel / nHeads must be even"},
      {[](gpt::Config& c) { c.n_layers = 0; }, "nLayers must be"},
      {[](gpt::Config& c) { c.vocab_size = 1; }, "vocabSize must be"},
      {[](gpt::Config& c) { c.max_len = 0; }, "maxLen must be"},
      {[](gpt::Config& c) { c.embed_init_std = 0; }, "GPT: embedInitStd must be a finite number in (0, 1], got 0"},
      {[](gpt::Config& c) { c.embed_init_std = 1.5; }, "embedInitStd must be a finite number in (0, 1], got 1.5"},
      {[](gpt::Config& c) { c.embed_init_std = std::nan(""); }, "embedInitStd must be"},
  };
  for (const Bad& b : cases) {
    CAPTURE(b.needle);
    gpt::Config c;
    b.edit(c);
    try {
      gpt::GPT<float> m(c, 16, 4);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find(b.needle) != std::string::npos);
    }
  }
  CHECK_THROWS_WITH_AS(gpt::parse_model_scheme("nope"),
                       "parse_model_scheme: peKind must be one of 'none', 'sinusoidal', 'learned', 'rope', 'alibi', "
                       "'t5', got 'nope'",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(gpt::parse_embed_scale("sqrt"), "parse_embed_scale: embedScale must be one of 'none', 'sqrt-d', got 'sqrt'",
                       std::invalid_argument);
  // A batch longer than max_len is rejected at the forward's entry.
  gpt::Config c;
  c.max_len = 4;
  gpt::GPT<float> m(c, 16, 4);
  gpt::Batch b;
  b.add({0, 1, 2, 3, 4});
  CHECK_THROWS_WITH_AS(gpt::gpt_forward(m, b), "gpt_forward: sequence length must be an integer in [1, 4], got 5",
                       std::invalid_argument);
}
