// core/labs/head_to_head.cpp — see head_to_head.h.
#include "head_to_head.h"

#include <algorithm>
#include <chrono>

#include "../check.h"
#include "lab_caps.h"

namespace pelab {

namespace {
constexpr long long kMaxSeed = 9007199254740991LL;  // 2^53 - 1: exact in a JS number
constexpr int kMaxVocab = 4096;

// Rows the model must hold: a training batch, or a few evaluation sequences at once.
int capacity_rows(const HeadToHeadParams& p, const data::Corpus& corpus) {
  std::size_t train_longest = 0;
  for (const data::Sequence& s : corpus.train.sequences) train_longest = std::max(train_longest, s.tokens.size());
  return std::max(static_cast<int>(train_longest) * p.batch, 4 * corpus.max_sequence_length());
}

// The first sequence of the OOD split of this length (null if there is none).
const data::Sequence* attention_sequence(const data::Corpus& corpus, int length) {
  for (const data::Split& s : corpus.ood)
    if (!s.sequences.empty() && s.length == length) return &s.sequences.front();
  return nullptr;
}

// The attention maps (T = 20 and T = 40) of a trained model, when the corpus has those lengths.
template <class Out>
void keep_attention(gpt::GPT<float>& model, const data::Corpus& corpus, Out& out) {
  if (const data::Sequence* seq = attention_sequence(corpus, kAttentionLength)) {
    out.attention = gpt::attention_maps(model, seq->tokens);
    out.attention_text = seq->text;
  }
  if (const data::Sequence* seq = attention_sequence(corpus, kAttentionLongLength)) {
    out.attention40 = gpt::attention_maps(model, seq->tokens);
    out.attention40_text = seq->text;
  }
}

void check_against_corpus(const char* where, const HeadToHeadParams& p, const data::Corpus& corpus) {
  check_int_range(where, "batch", p.batch, 1, static_cast<long long>(corpus.train.sequences.size()));
  check_int_range(where, "maxLen", p.max_len, corpus.max_sequence_length(), 512);
  if (p.vocab_size != 0) check_int_range(where, "vocabSize", p.vocab_size, corpus.vocab_size(), kMaxVocab);
}
}  // namespace

data::Corpus head_to_head_corpus(long long corpus_seed) {
  data::CorpusConfig cfg;
  cfg.long_ood_lengths = {kLongOodLength};
  return data::make_corpus(static_cast<std::uint64_t>(corpus_seed), cfg);
}

Untouched untouched_parameters(const gpt::Config& c, const data::Split& train) {
  Untouched u;
  for (const data::Sequence& s : train.sequences) u.train_length = std::max(u.train_length, static_cast<int>(s.tokens.size()));
  // A sequence's last row predicts nothing (no target) and, being last, feeds no later query: it never
  // reaches the loss. So the rows that do are positions 0 … train_length-2, and the distances between them
  // 0 … train_length-2. wpe row p gets a gradient only from a row at position p, bucket k only from a
  // query-key pair at a distance in it.
  const int reach = u.train_length - 1;  // positions / distances 0 … reach-1
  if (c.pe_kind == PeScheme::kLearned && reach < c.max_len) {
    u.learned_first = reach;
    u.learned_last = c.max_len - 1;
  }
  if (c.pe_kind == PeScheme::kT5) {
    std::vector<bool> reached(static_cast<std::size_t>(c.t5_num_buckets), false);
    for (int d = 0; d < reach; ++d) reached[gpt::t5_bucket_of_distance(d, c.t5_num_buckets, c.t5_max_distance)] = true;
    for (int k = 0; k < c.t5_num_buckets; ++k)
      if (!reached[k]) u.t5_buckets.push_back(k);
  }
  return u;
}

gpt::Config head_to_head_config(const HeadToHeadParams& p, PeScheme kind, int corpus_vocab) {
  gpt::Config c;
  c.vocab_size = p.vocab_size == 0 ? corpus_vocab : p.vocab_size;
  c.d_model = p.d_model;
  c.n_layers = p.n_layers;
  c.n_heads = p.n_heads;
  c.max_len = p.max_len;
  c.pe_kind = kind;
  c.tie_embeddings = p.tie_embeddings;
  c.embed_scale = p.embed_scale;
  c.embed_init_std = p.embed_init_std;
  return c;
}

void check_head_to_head_params(const char* where, const HeadToHeadParams& p) {
  const char* lab = "head-to-head";
  const auto check = [&](const char* param, double v, bool integer = true) {
    try {
      check_lab_param(lab, param, v, integer);
    } catch (const ArgumentError& e) {
      throw ArgumentError(where, e.param(), e.allowed(), e.got());
    }
  };
  check("seed", static_cast<double>(p.seed));
  check("seeds", p.seeds);
  if (p.seed > kMaxSeed - p.seeds) fail_arg(where, "seed + seeds", "at most 2^53 - 1", p.seed);
  check("steps", p.steps);
  check("batch", p.batch);
  check("lr", p.lr, false);
  check("embedInitStd", p.embed_init_std, false);
  check("dModel", p.d_model);
  check("nLayers", p.n_layers);
  check("nHeads", p.n_heads);
  if (p.d_model % p.n_heads != 0)
    fail_arg(where, "dModel", "divisible by nHeads = " + std::to_string(p.n_heads), p.d_model);
  if (p.d_model % 2 != 0) fail_arg(where, "dModel", "an even integer (sin/cos pairs)", p.d_model);
  check("maxLen", p.max_len);
  check("vocabSize", p.vocab_size);
  if (p.vocab_size != 0) check_int_range(where, "vocabSize", p.vocab_size, 58, kMaxVocab);
  check("corpusSeed", static_cast<double>(p.corpus_seed));
  check_inference_factor(where, p.inference_factor);
  check_int_range(where, "number of variants", static_cast<long long>(p.variants.size()), 1, 6);
  for (std::size_t i = 0; i < p.variants.size(); ++i) {
    const PeScheme kind = gpt::parse_model_scheme(p.variants[i], where);
    for (std::size_t j = 0; j < i; ++j)
      if (p.variants[j] == p.variants[i]) fail_arg(where, "variants", "distinct", "'" + p.variants[i] + "' twice");
    if (kind == PeScheme::kRope && (p.d_model / p.n_heads) % 2 != 0)
      fail_arg(where, "dModel / nHeads", "even with rope (RoPE rotates pairs of the head size)", p.d_model / p.n_heads);
  }
}

RunResult run_head_to_head_one(const HeadToHeadParams& p, const std::string& variant, long long seed,
                               const data::Corpus& corpus, const gpt::ProgressFn& progress, bool with_inference) {
  const char* where = "run_head_to_head_one";
  check_head_to_head_params(where, p);
  check_int_range(where, "seed", seed, 0, kMaxSeed);
  check_against_corpus(where, p, corpus);
  const PeScheme kind = gpt::parse_model_scheme(variant, where);

  RunResult r;
  r.variant = pe_scheme_name(kind);
  r.seed = seed;
  r.config = head_to_head_config(p, kind, corpus.vocab_size());
  const int rows = capacity_rows(p, corpus);
  gpt::GPT<float> model(r.config, rows, rows);
  model.params.init(static_cast<std::uint64_t>(seed));

  gpt::TrainConfig tc;
  tc.steps = p.steps;
  tc.batch = p.batch;
  tc.lr = static_cast<float>(p.lr);
  tc.seed = static_cast<std::uint64_t>(seed);
  const gpt::TrainResult tr = gpt::train_gpt(model, corpus.train, tc, progress);
  r.cancelled = tr.cancelled;
  r.steps_done = tr.steps_done;
  r.loss_curve = tr.loss;
  r.train_seconds = tr.seconds;
  r.tokens_per_second = tr.seconds > 0 ? tr.rows / tr.seconds : 0.0;
  r.param_count = gpt::param_count(r.config);
  for (const data::Split* s : corpus.splits()) {
    const int T = s->length + 1;  // longest sequence of the split, BOS included
    if (T <= r.config.max_len && std::find(r.flops_T.begin(), r.flops_T.end(), T) == r.flops_T.end()) {
      r.flops_T.push_back(T);
      r.flops.push_back(gpt::forward_flops(r.config, T));
    }
  }
  r.weights = gpt::save_weights(model);
  if (r.cancelled) return r;
  r.untouched = untouched_parameters(r.config, corpus.train);
  r.metrics = gpt::evaluate_corpus(model, corpus);
  r.converged = r.metrics.front().conj_loss <= kConvergedConjLoss;  // metrics[0] is train
  keep_attention(model, corpus, r);
  // After every plain measure, so they are the numbers of a run without it.
  if (kind == PeScheme::kRope && with_inference) r.inference = evaluate_inference(model, corpus, r.untouched.train_length, p.inference_factor);
  return r;
}

HeadToHeadResult run_head_to_head(const HeadToHeadParams& p, const gpt::ProgressFn& progress) {
  const char* where = "run_head_to_head";
  check_head_to_head_params(where, p);
  const data::Corpus corpus = head_to_head_corpus(p.corpus_seed);
  check_against_corpus(where, p, corpus);
  HeadToHeadResult out;
  const auto t0 = std::chrono::steady_clock::now();
  const int runs = p.seeds * static_cast<int>(p.variants.size());
  int run = 0;
  for (int k = 0; k < p.seeds && !out.cancelled; ++k) {
    for (const std::string& v : p.variants) {
      gpt::ProgressFn inner;
      if (progress) {
        const int base = run * p.steps;
        inner = [&progress, base, runs, &p](int step, int, float loss) {
          return progress(base + step, runs * p.steps, loss);
        };
      }
      out.runs.push_back(run_head_to_head_one(p, v, p.seed + k, corpus, inner));
      ++run;
      if (out.runs.back().cancelled) {
        out.cancelled = true;
        break;
      }
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

WeightsEvaluation evaluate_weights(const gpt::Config& config, const std::vector<float>& weights,
                                   const data::Corpus& corpus) {
  const char* where = "evaluate_weights";
  gpt::check_config(where, config);
  check_int_range(where, "maxLen", config.max_len, corpus.max_sequence_length(), 4096);
  check_int_range(where, "vocabSize", config.vocab_size, corpus.vocab_size(), 65536);
  const int rows = 4 * corpus.max_sequence_length();
  gpt::GPT<float> model(config, rows, rows);
  gpt::load_weights(model, weights);
  WeightsEvaluation e;
  e.metrics = gpt::evaluate_corpus(model, corpus);
  keep_attention(model, corpus, e);
  return e;
}

MatF weights_logits(const gpt::Config& config, const std::vector<float>& weights, const std::vector<int>& tokens) {
  const char* where = "weights_logits";
  gpt::check_config(where, config);
  check_int_range(where, "tokens.length", static_cast<long long>(tokens.size()), 1, config.max_len);
  const int T = static_cast<int>(tokens.size());
  gpt::GPT<float> model(config, T, 1);
  gpt::load_weights(model, weights);
  gpt::Batch b;
  b.add(tokens);
  gpt::gpt_forward(model, b);  // checks the ids
  return Eigen::Map<const MatF>(model.acts.logits, T, config.vocab_size);
}

}  // namespace pelab
