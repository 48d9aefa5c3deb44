// core/model/evaluate.h — the three measures of the head-to-head, per split, and the attention maps.
//   (1) next-token loss: mean -ln p(tokens[t+1] | tokens[0..t]) over every position with a next token,
//       reported beside the split's exact entropy floor (corpus.h); also over within-sentence positions
//       only (not predicting <sep>, not just after it), since the model never saw <sep> in training.
//   (2) conjugation loss: at each verb slot, -ln [ p(gold) / sum_{c in candidates} p(c) ] — the softmax
//       restricted to the slot's candidate forms = -(z_gold - logsumexp_{c} z_c) on the logits z.
//   (3) conjugation accuracy: the gold logit is strictly the largest among the candidates (a tie counts
//       as wrong, so an untrained model with equal logits scores 0, not 1/|candidates|).
// All sums in float64. Leaves out: sampling / generation.
#pragma once

#include <string>
#include <vector>

#include "../data/corpus.h"
#include "../tensor.h"
#include "gpt.h"

namespace pelab::gpt {

struct SplitMetrics {
  std::string split;            // "train", "val", "ood10", …
  int length = 0;               // max (train/val) or exact (OOD) content length
  int n_sequences = 0;
  long long n_positions = 0;
  long long n_within = 0;
  long long n_slots = 0;
  double loss = 0.0;            // (1)
  double entropy_floor = 0.0;   // the corpus's exact floor for (1)
  double loss_within = 0.0;     // (1) on within-sentence positions
  double entropy_floor_within = 0.0;
  double conj_loss = 0.0;       // (2)
  double conj_acc = 0.0;        // (3), in [0, 1]
};

struct SlotScore {
  double loss = 0.0;            // -ln of the candidate-restricted probability of gold
  bool correct = false;         // gold strictly above every other candidate
};

// Scores one slot from the logits row (V values) that predicts tokens[slot.index].
SlotScore score_slot(const float* logits_row, int V, const data::VerbSlot& slot);

// All measures of a split from precomputed logits: logits[i] is (T_i, V) for split.sequences[i].
// Throws std::invalid_argument if the shapes do not match the split.
SplitMetrics score_split(const data::Split& split, const std::vector<MatF>& logits);

// The model's logits for every sequence of the split, (T_i, V) each, in chunks that fit the model.
std::vector<MatF> split_logits(GPT<float>& m, const data::Split& split);

SplitMetrics evaluate_split(GPT<float>& m, const data::Split& split);
// train, val, then each OOD split, in Corpus::splits() order.
std::vector<SplitMetrics> evaluate_corpus(GPT<float>& m, const data::Corpus& corpus);

struct AttentionMaps {
  std::vector<int> tokens;      // (T) the sequence, BOS first
  int n_layers = 0, n_heads = 0, T = 0;
  std::vector<MatF> maps;       // (n_layers · n_heads) of (T, T): maps[l·NH + h](i, j) = weight of key j for query i
};
AttentionMaps attention_maps(GPT<float>& m, const std::vector<int>& tokens);

}  // namespace pelab::gpt
