// core/model/evaluate.cpp — see evaluate.h.
#include "evaluate.h"

#include <algorithm>
#include <cmath>

#include "../check.h"

namespace pelab::gpt {

namespace {
// ln sum_i e^{z_i} over the given ids, in double, max-shifted.
double logsumexp(const float* z, const std::vector<int>& ids) {
  double mx = z[ids[0]];
  for (int id : ids) mx = std::max(mx, static_cast<double>(z[id]));
  double s = 0.0;
  for (int id : ids) s += std::exp(static_cast<double>(z[id]) - mx);
  return mx + std::log(s);
}
double logsumexp_all(const float* z, int V) {
  double mx = z[0];
  for (int i = 1; i < V; ++i) mx = std::max(mx, static_cast<double>(z[i]));
  double s = 0.0;
  for (int i = 0; i < V; ++i) s += std::exp(static_cast<double>(z[i]) - mx);
  return mx + std::log(s);
}
}  // namespace

SlotScore score_slot(const float* z, int V, const data::VerbSlot& slot) {
  if (slot.candidates.empty()) fail_arg("score_slot", "slot.candidates", "non-empty", 0);
  for (int c : slot.candidates) check_int_range("score_slot", "candidate", c, 0, V - 1);
  SlotScore s;
  s.loss = logsumexp(z, slot.candidates) - static_cast<double>(z[slot.gold]);
  s.correct = true;
  for (int c : slot.candidates)
    if (c != slot.gold && !(z[slot.gold] > z[c])) s.correct = false;
  return s;
}

SplitMetrics score_split(const data::Split& split, const std::vector<MatF>& logits) {
  const char* where = "score_split";
  if (logits.size() != split.sequences.size())
    fail_arg(where, "logits", "one matrix per sequence (" + std::to_string(split.sequences.size()) + ")",
             logits.size());
  SplitMetrics r;
  r.split = split.name;
  r.length = split.length;
  r.n_sequences = static_cast<int>(split.sequences.size());
  r.entropy_floor = split.entropy_floor;
  r.entropy_floor_within = split.entropy_floor_within;
  double loss = 0.0, loss_within = 0.0, conj = 0.0;
  long long correct = 0;
  for (std::size_t i = 0; i < split.sequences.size(); ++i) {
    const data::Sequence& seq = split.sequences[i];
    const MatF& z = logits[i];
    const int T = static_cast<int>(seq.tokens.size());
    if (z.rows() != T || z.cols() < 1) fail_arg(where, "logits rows", "the sequence length " + std::to_string(T), z.rows());
    const int V = static_cast<int>(z.cols());
    for (int t = 0; t + 1 < T; ++t) {
      const float* row = z.data() + static_cast<long long>(t) * V;
      const double nll = logsumexp_all(row, V) - row[seq.tokens[t + 1]];
      loss += nll;
      ++r.n_positions;
      if (seq.boundary.empty() || !seq.boundary[t]) {
        loss_within += nll;
        ++r.n_within;
      }
    }
    for (const data::VerbSlot& slot : seq.slots) {
      check_int_range(where, "slot.index", slot.index, 1, T - 1);
      const SlotScore s = score_slot(z.data() + static_cast<long long>(slot.index - 1) * V, V, slot);
      conj += s.loss;
      correct += s.correct ? 1 : 0;
      ++r.n_slots;
    }
  }
  r.loss = r.n_positions ? loss / r.n_positions : 0.0;
  r.loss_within = r.n_within ? loss_within / r.n_within : 0.0;
  r.conj_loss = r.n_slots ? conj / r.n_slots : 0.0;
  r.conj_acc = r.n_slots ? static_cast<double>(correct) / r.n_slots : 0.0;
  return r;
}

std::vector<MatF> split_logits(GPT<float>& m, const data::Split& split) {
  const int V = m.config.vocab_size;
  std::vector<MatF> out;
  out.reserve(split.sequences.size());
  Batch batch;
  std::size_t i = 0;
  while (i < split.sequences.size()) {
    batch.clear();
    const std::size_t first = i;
    while (i < split.sequences.size() && batch.seqs() < m.acts.max_seqs &&
           batch.rows() + static_cast<long long>(split.sequences[i].tokens.size()) <= m.acts.max_rows)
      batch.add(split.sequences[i++].tokens);
    if (i == first)
      fail_arg("split_logits", "sequence length", "at most the model's maxRows = " + std::to_string(m.acts.max_rows),
               split.sequences[i].tokens.size());
    gpt_forward(m, batch);
    for (int b = 0; b < batch.seqs(); ++b) {
      const int r0 = batch.seq_start[b], T = batch.seq_start[b + 1] - r0;
      out.emplace_back(Eigen::Map<const MatF>(m.acts.logits + static_cast<long long>(r0) * V, T, V));
    }
  }
  return out;
}

SplitMetrics evaluate_split(GPT<float>& m, const data::Split& split) { return score_split(split, split_logits(m, split)); }

std::vector<SplitMetrics> evaluate_corpus(GPT<float>& m, const data::Corpus& corpus) {
  std::vector<SplitMetrics> out;
  for (const data::Split* s : corpus.splits()) out.push_back(evaluate_split(m, *s));
  return out;
}

AttentionMaps attention_maps(GPT<float>& m, const std::vector<int>& tokens) {
  Batch batch;
  batch.add(tokens);
  gpt_forward(m, batch);
  AttentionMaps r;
  r.tokens = tokens;
  r.n_layers = m.config.n_layers;
  r.n_heads = m.config.n_heads;
  r.T = static_cast<int>(tokens.size());
  for (int l = 0; l < r.n_layers; ++l)
    for (int h = 0; h < r.n_heads; ++h) r.maps.push_back(gpt_attention(m, 0, l, h));
  return r;
}

}  // namespace pelab::gpt
