// core/data/corpus.h — the generated English verb-conjugation corpus of the head-to-head experiment
// (course experiment 04, "§A13"): short sentences whose verb form is decidable from the left context.
//   grammar:  [marker] subject verb-phrase [object]          (2 … 5 tokens)
//   marker:   none | every_day | usually  -> present simple   ("every_day he works")
//             yesterday | last_week       -> past simple or past progressive ("yesterday they were playing")
//             now                         -> present progressive ("now I am watching tv")
//   subject:  I | you we they dogs kids (plural agreement) | he she it Ana dog (third person singular)
//   verbs:    work play watch study (regular) go have (irregular), each with two objects
// Every choice is an integer draw (next_below) from Pcg32(seed, Stream::kCorpus): the same seed gives the
// same corpus natively and in wasm. Leaves out: tokenisation of free text, EOS (a sequence just stops).
//
// Sequences: BOS, then content tokens. Length convention: a split's `length` counts content tokens
// INCLUDING separators and EXCLUDING BOS, so an OOD sequence of length 20 has 21 tokens. Train/val hold
// one sentence each (length <= 5); OOD sets join whole sentences with SEP ("s1 <sep> s2 <sep> s3").
// The model never sees SEP in training (train sentences are single sentences, as the course specifies);
// SplitMetrics therefore also reports the loss on within-sentence positions (see `boundary`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pelab::data {

enum class SlotKind {
  kLexical,    // the finite lexical verb of a simple tense; candidates {base, 3sg, past}, e.g. {go, goes, went}
  kAuxiliary,  // the auxiliary of a progressive; candidates {am, is, are, was, were}
};

// One verb slot: the model predicts tokens[index] from the prefix tokens[0 .. index-1], i.e. from the
// logits of row index-1. gold is in candidates.
struct VerbSlot {
  int index = 0;                // position in the sequence, BOS = 0
  int gold = 0;                 // token id of the correct form
  std::vector<int> candidates;  // token ids of the competing forms (gold included), in vocabulary order
  SlotKind kind = SlotKind::kLexical;
};

struct Sequence {
  std::vector<int> tokens;      // (T) token ids, tokens[0] = BOS, T = length + 1
  std::vector<VerbSlot> slots;  // one per sentence
  std::string text;             // content tokens joined by spaces (SEP written "<sep>", BOS omitted)
  // Per loss position t = 0 … T-2 (row t predicts tokens[t+1]), from the generator's own probabilities:
  std::vector<double> entropy;      // (T-1) H(next | tokens[0..t]) in nats
  std::vector<double> oracle_nll;   // (T-1) -ln p_generator(tokens[t+1] | tokens[0..t])
  std::vector<unsigned char> boundary;  // (T-1) 1 if tokens[t+1] is SEP or tokens[t] is SEP, else 0
};

struct Split {
  std::string name;             // "train", "val", "ood10", "ood15", "ood20"
  int length = 0;               // max content length (5, train/val) or the exact OOD length
  bool exact_length = false;    // true for OOD sets: every sequence has exactly `length` content tokens
  std::vector<Sequence> sequences;
  long long n_positions = 0;    // loss positions: sum over sequences of (T - 1)
  long long n_within = 0;       // loss positions with boundary == 0
  long long n_slots = 0;
  // Exact next-token entropy floor: the mean of Sequence::entropy over every loss position of the split,
  // i.e. the smallest expected cross-entropy any model can reach on these prefixes. oracle_loss is the
  // cross-entropy of the generator itself on the sampled next tokens (the floor's sample estimate).
  double entropy_floor = 0.0;
  double entropy_floor_within = 0.0;  // the same mean over within-sentence positions only
  double oracle_loss = 0.0;
};

struct CorpusConfig {
  int n_train = 240;                       // single sentences, i.i.d. from the generator (duplicates allowed)
  int n_val = 60;                          // single sentences, i.i.d., rejecting any sentence in train
  int n_ood = 60;                          // sequences per OOD length
  std::vector<int> ood_lengths{10, 15, 20};
  // Further OOD lengths drawn, in order, from their own sub-stream Pcg32(seed, Stream::kCorpusLong), so
  // adding one leaves train, val and ood_lengths' splits (and every number measured on them) unchanged.
  // Default none; the head-to-head adds 40 (labs/head_to_head.h).
  std::vector<int> long_ood_lengths{};
};

struct Corpus {
  std::uint64_t seed = 0;
  std::vector<std::string> vocab;  // (V) id -> token; ids are fixed by the grammar, not by the seed
  int bos = 0;
  int sep = 1;
  Split train;
  Split val;
  std::vector<Split> ood;          // one per CorpusConfig::ood_lengths, then long_ood_lengths, in that order

  int vocab_size() const { return static_cast<int>(vocab.size()); }
  // The id of a token string; throws std::invalid_argument naming `token` for an unknown one.
  int id(const std::string& token) const;
  // train, val, ood… in that order (pointers into this object).
  std::vector<const Split*> splits() const;
  // The longest sequence in tokens, BOS included (21 for the default OOD length 20).
  int max_sequence_length() const;
};

// Builds the corpus. Draw order on Pcg32(seed, kCorpus): train, val, then each OOD length in turn.
// OOD sequence of length L: a composition (l_1 … l_k), sum l_i + (k-1) = L, 2 <= l_i <= 5, uniform over
// all such compositions; then sentence i drawn from the generator conditioned on length l_i (rejection),
// also rejecting train sentences (like val). Throws std::invalid_argument for sizes out of range
// (n_train in [1, 100000], n_val and n_ood in [0, 100000], OOD lengths in [2, 1000]).
//
// Entropy floors are computed under the generator as written above EXCEPT the rejection of train
// sentences from val/OOD (a model cannot know which sentences were held out, so it cannot exploit it).
Corpus make_corpus(std::uint64_t seed, const CorpusConfig& cfg = {});

// The fixed vocabulary: <bos>, <sep>, markers, subjects, auxiliaries, verb forms, objects.
const std::vector<std::string>& corpus_vocabulary();

// The generator's probability of one sentence (content ids, no BOS or SEP); 0 if the grammar cannot
// produce it. Sums to 1 over every sentence of the grammar.
double sentence_probability(const std::vector<int>& content);

// Number of distinct sentences the grammar can produce.
int grammar_sentence_count();

// The memorisation floor of a split: the empirical conditional entropy of the next token given the whole
// prefix, over the split's own loss positions (every t with a next token, BOS first, as model/evaluate.h
// averages the next-token loss):
//   H = -(1/N) sum_{positions} ln( n(prefix, next) / n(prefix) ),  N = split.n_positions,
// n(prefix) counting the loss positions whose prefix tokens[0..t] is that prefix. The smallest mean
// cross-entropy any function of the prefix reaches on THESE sequences (the empirical conditional is the
// minimiser, Gibbs' inequality): a model can reach it on the split it memorised (train) only. It is at
// most the split's oracle_loss (the generator is one such function); it is below the entropy floor in
// expectation (the plug-in entropy of a finite sample is biased low), not for every sample.
double memorisation_floor(const Split& split);

}  // namespace pelab::data
