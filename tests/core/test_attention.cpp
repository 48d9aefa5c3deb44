// tests/core/test_attention.cpp — the multi-head attention layer: against a naive float64 re-implementation
// written here from the definition (the "result of" check), and its defining properties (rows sum to 1,
// entropy in [0, ln n], permutation equivariance without PE, causal mask, prefix property of the inputs).
// Also writes the seeded-run fixture that tests/node/attention.test.mjs compares the wasm build against.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "attention/attention.h"
#include "attention/softmax.h"
#include "positional/alibi.h"
#include "positional/learned.h"
#include "positional/sinusoidal.h"
#include "positional/t5.h"

using namespace pelab;

namespace {

// Naive float64 attention from the textbook definition, sharing nothing with the kernel but the
// positional primitives (tested on their own in test_rope/test_alibi/test_t5/test_learned).
struct Naive {
  MatD out, weights;  // (T, C), (NH·T, T)
};
Naive naive_attention(const AttentionConfig& c, const MatF& xf) {
  const int T = c.T, C = c.d_model, NH = c.n_heads, hs = C / NH;
  AttentionWeights w = attention_weights(C, c.seed);
  MatD x = xf.cast<double>();
  if (c.pe == PeScheme::kSinusoidal) x += sinusoidal_pe(T, C, c.base);
  if (c.pe == PeScheme::kLearned) x += learned_pe(learned_table(c.learned_t_max, C, c.learned_sigma, c.seed), T, c.beyond).cast<double>();
  MatD q = x * w.wq.cast<double>(), k = x * w.wk.cast<double>(), v = x * w.wv.cast<double>();
  VecD theta = rope_frequencies(hs, c.base), slopes = alibi_slopes(NH);
  MatF t5 = t5_bias_table(NH, c.t5_num_buckets, c.t5_sigma, c.seed);
  Naive r{MatD::Zero(T, C), MatD::Zero(NH * T, T)};
  MatD concat = MatD::Zero(T, C);
  for (int h = 0; h < NH; ++h) {
    MatD qh = q.middleCols(h * hs, hs), kh = k.middleCols(h * hs, hs);
    if (c.pe == PeScheme::kRope) {  // rotate pair (2p, 2p+1) of row t by t·theta_p
      for (MatD* m : {&qh, &kh})
        for (int t = 0; t < T; ++t)
          for (int p = 0; p < hs / 2; ++p) {
            double a = t * theta[p], x0 = (*m)(t, 2 * p), x1 = (*m)(t, 2 * p + 1);
            (*m)(t, 2 * p) = x0 * std::cos(a) - x1 * std::sin(a);
            (*m)(t, 2 * p + 1) = x0 * std::sin(a) + x1 * std::cos(a);
          }
    }
    for (int i = 0; i < T; ++i) {
      const int n = c.causal ? i + 1 : T;
      VecD s(n);
      for (int j = 0; j < n; ++j) {
        s[j] = qh.row(i).dot(kh.row(j)) / std::sqrt(double(hs));
        if (c.pe == PeScheme::kAlibi) s[j] -= slopes[h] * std::abs(i - j);
        if (c.pe == PeScheme::kT5) s[j] += t5(h, t5_bucket(j - i, !c.causal, c.t5_num_buckets, c.t5_max_distance));
      }
      VecD p = (s.array() - s.maxCoeff()).exp();
      p /= p.sum();
      for (int j = 0; j < n; ++j) r.weights(h * T + i, j) = p[j];
      for (int j = 0; j < n; ++j) concat.row(i).segment(h * hs, hs) += p[j] * v.row(j).segment(h * hs, hs);
    }
  }
  r.out = concat * w.wo.cast<double>();
  return r;
}

const PeScheme kAll[] = {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kLearned,
                         PeScheme::kRope, PeScheme::kAlibi, PeScheme::kT5};

}  // namespace

TEST_CASE("fast_exp agrees with std::exp to 2e-7 relative on the softmax domain") {
  double worst = 0;
  for (float x = -87.0f; x <= 0.0f; x += 0.00731f) worst = std::max(worst, std::abs(fast_exp(x) / std::exp(double(x)) - 1.0));
  CHECK(worst < 2e-7);
  CHECK(fast_exp(0.0f) == 1.0f);
}

TEST_CASE("attention matches a naive float64 implementation for every scheme, causal or not") {
  for (bool causal : {false, true}) {
    for (PeScheme pe : kAll) {
      AttentionConfig c;
      c.T = 80;  // past learned_t_max = 64, so clamp is exercised
      c.d_model = 32;
      c.n_heads = 2;
      c.seed = 3;
      c.pe = pe;
      c.causal = causal;
      CAPTURE(pe_scheme_name(pe));
      CAPTURE(causal);
      MatF x = attention_input(c.T, c.d_model, c.seed);
      AttentionResult r = attention_forward(c, &x);
      Naive n = naive_attention(c, x);
      // float32 kernel vs float64 reference on O(1) values: a few 1e-6 of rounding over 32-term sums.
      CHECK((r.output.cast<double>() - n.out).cwiseAbs().maxCoeff() < 2e-5);
      CHECK((r.weights.cast<double>() - n.weights).cwiseAbs().maxCoeff() < 2e-6);
    }
  }
}

TEST_CASE("attention rows sum to 1 and entropies equal -sum A ln A within 0 and ln n") {
  for (bool causal : {false, true}) {
    for (PeScheme pe : kAll) {
      AttentionConfig c;
      c.T = 50;
      c.n_heads = 4;
      c.pe = pe;
      c.causal = causal;
      AttentionResult r = attention_forward(c);
      for (int h = 0; h < c.n_heads; ++h) {
        for (int i = 0; i < c.T; ++i) {
          const int n = causal ? i + 1 : c.T;
          auto row = r.weights.row(h * c.T + i);
          CHECK(row.cast<double>().sum() == doctest::Approx(1.0).epsilon(1e-5));
          double H = 0;
          for (int j = 0; j < c.T; ++j) {
            if (j >= n) CHECK(row[j] == 0.0f);  // causal: no weight on the future
            if (row[j] > 0) H -= double(row[j]) * std::log(double(row[j]));
          }
          CHECK(r.entropy(h, i) == doctest::Approx(H).epsilon(1e-4));
          CHECK(r.entropy(h, i) >= 0.0f);
          CHECK(r.entropy(h, i) <= std::log(double(n)) + 1e-5);
        }
      }
    }
  }
}

TEST_CASE("without positions, permuting the input rows permutes the output rows") {
  AttentionConfig c;
  c.T = 12;
  c.d_model = 16;
  c.n_heads = 2;
  MatF x = attention_input(c.T, c.d_model, 5);
  const int perm[] = {11, 3, 7, 0, 1, 10, 2, 9, 4, 8, 6, 5};
  MatF px(c.T, c.d_model);
  for (int i = 0; i < c.T; ++i) px.row(i) = x.row(perm[i]);
  for (PeScheme pe : kAll) {
    c.pe = pe;
    AttentionResult a = attention_forward(c, &x), b = attention_forward(c, &px);
    double err = 0;
    for (int i = 0; i < c.T; ++i) err = std::max<double>(err, (a.output.row(perm[i]) - b.output.row(i)).cwiseAbs().maxCoeff());
    CAPTURE(pe_scheme_name(pe));
    if (pe == PeScheme::kNone) CHECK(err < 1e-5);   // equivariant up to float32 rounding
    else CHECK(err > 1e-3);                         // a position signal breaks it for this permutation
  }
}

TEST_CASE("weights do not depend on the scheme or T, and inputs for a shorter T are a prefix") {
  AttentionWeights a = attention_weights(32, 0), b = attention_weights(32, 0), c = attention_weights(32, 1);
  CHECK(a.wq == b.wq);
  CHECK(a.wo == b.wo);
  CHECK(a.wq != c.wq);
  CHECK(a.wq != a.wk);  // own sub-streams
  MatF x64 = attention_input(64, 32, 0), x256 = attention_input(256, 32, 0);
  CHECK(x256.topRows(64) == x64);
  // W ~ N(0, 1/C): the sample variance over 1024 entries is 1/32 within ~5 standard errors (sqrt(2/1024)/32).
  double var = a.wq.cast<double>().array().square().mean();
  CHECK(std::abs(var * 32 - 1.0) < 0.25);
}

TEST_CASE("learned PE with clamp gives every position past learned_t_max the positional input of row t_max-1") {
  AttentionConfig c;
  c.T = 100;
  c.pe = PeScheme::kLearned;
  AttentionResult r = attention_forward(c);
  for (int t = 64; t < 100; ++t) CHECK(r.pe_input.row(t) == r.pe_input.row(63));
  CHECK(r.pe_input.row(62) != r.pe_input.row(63));
  c.beyond = Beyond::kWrap;
  AttentionResult w = attention_forward(c);
  for (int t = 64; t < 100; ++t) CHECK(w.pe_input.row(t) == w.pe_input.row(t - 64));
}

TEST_CASE("keeping one head's weights gives that head's matrix and every head's entropies unchanged") {
  // weights_head and pe_prefix are shortcuts for Lab 03's sweep; the reference is the plain full run.
  for (PeScheme pe : kAll) {
    for (bool causal : {false, true}) {
      AttentionConfig c;
      c.T = 70;
      c.n_heads = 4;
      c.pe = pe;
      c.causal = causal;
      c.compute_output = false;
      CAPTURE(pe_scheme_name(pe));
      AttentionResult full = attention_forward(c);
      c.weights_head = 2;
      const MatF sinusoidal = sinusoidal_pe_f32(100, c.d_model);  // longer than T
      const MatF learned = learned_pe(learned_table(64, c.d_model, 1.0, c.seed), 100, Beyond::kClamp);
      if (pe == PeScheme::kSinusoidal) c.pe_prefix = &sinusoidal;
      if (pe == PeScheme::kLearned) c.pe_prefix = &learned;
      AttentionResult one = attention_forward(c);
      REQUIRE(one.weights.rows() == c.T);
      CHECK(one.weights == full.weights.middleRows(2 * c.T, c.T));
      CHECK(one.entropy == full.entropy);
      CHECK(one.pe_input == full.pe_input);
    }
  }
}

TEST_CASE("attention rejects bad configurations with the parameter's name") {
  struct Bad { const char* needle; void (*edit)(AttentionConfig&); };
  const Bad cases[] = {
      {"T must be", [](AttentionConfig& c) { c.T = 0; }},
      {"nHeads must be a divisor of dModel", [](AttentionConfig& c) { c.n_heads = 3; }},
      {"nHeads must be", [](AttentionConfig& c) { c.n_heads = 0; }},
      {"dModel must be", [](AttentionConfig& c) { c.d_model = 0; }},
      {"dHead must be even for RoPE", [](AttentionConfig& c) { c.d_model = 6; c.n_heads = 2; c.pe = PeScheme::kRope; }},
      {"dModel must be even for sinusoidal", [](AttentionConfig& c) { c.d_model = 9; c.n_heads = 1; c.pe = PeScheme::kSinusoidal; }},
      {"base must be", [](AttentionConfig& c) { c.base = std::nan(""); }},
      {"T must be such that nHeads", [](AttentionConfig& c) { c.T = 5000; c.n_heads = 2; }},
      {"T must be at most learnedTMax", [](AttentionConfig& c) { c.T = 65; c.pe = PeScheme::kLearned; c.beyond = Beyond::kError; }},
      {"learnedTMax must be", [](AttentionConfig& c) { c.learned_t_max = 0; c.pe = PeScheme::kLearned; }},
      {"numBuckets", [](AttentionConfig& c) { c.t5_num_buckets = 1; c.pe = PeScheme::kT5; }},
      {"weightsHead must be", [](AttentionConfig& c) { c.weights_head = 2; c.compute_output = false; }},
      {"weightsHead must be -1 when compute_output", [](AttentionConfig& c) { c.weights_head = 0; }},
      {"pePrefix must be of shape", [](AttentionConfig& c) {
         static const MatF short_table = MatF::Zero(10, 32);
         c.pe = PeScheme::kSinusoidal;
         c.pe_prefix = &short_table;
       }},
  };
  for (const Bad& b : cases) {
    AttentionConfig c;
    b.edit(c);
    CAPTURE(b.needle);
    try {
      attention_forward(c);
      FAIL("no exception");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find(b.needle) != std::string::npos);
    }
  }
  CHECK_THROWS_WITH_AS(parse_pe_scheme("nope"), doctest::Contains("pe must be one of"), std::invalid_argument);
  AttentionConfig c;
  MatF wrong(3, 3);
  CHECK_THROWS_WITH_AS(attention_forward(c, &wrong), doctest::Contains("x must be of shape"), std::invalid_argument);
}

TEST_CASE("a seeded attention run is written as a fixture for the wasm comparison in Node") {
  // tests/node/attention.test.mjs demands the wasm build reproduce these outputs to float tolerance.
  std::filesystem::create_directories(PE_LAB_FIXTURE_DIR);
  std::ofstream out(std::string(PE_LAB_FIXTURE_DIR) + "/attention.json");
  REQUIRE(out.good());
  out << "{\"T\": 24, \"dModel\": 32, \"nHeads\": 2, \"seed\": 7, \"runs\": [";
  bool first = true;
  for (bool causal : {false, true}) {
    for (PeScheme pe : kAll) {
      AttentionConfig c;
      c.T = 24;
      c.seed = 7;
      c.pe = pe;
      c.causal = causal;
      AttentionResult r = attention_forward(c);
      out << (first ? "" : ",") << "\n {\"pe\": \"" << pe_scheme_name(pe) << "\", \"causal\": " << (causal ? "true" : "false");
      first = false;
      char buf[40];
      auto dump = [&](const char* name, const MatF& m) {
        out << ", \"" << name << "\": [";
        for (Eigen::Index i = 0; i < m.size(); ++i) {
          std::snprintf(buf, sizeof buf, "%.9g", m.data()[i]);
          out << (i ? "," : "") << buf;
        }
        out << "]";
      };
      dump("output", r.output);
      dump("weights", r.weights);
      dump("entropy", r.entropy);
      out << "}";
    }
  }
  out << "\n]}\n";
  CHECK(out.good());
}
