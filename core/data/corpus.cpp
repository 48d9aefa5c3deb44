// core/data/corpus.cpp — see corpus.h. The grammar is enumerated once into a prefix trie that stores, per
// node, the generator's probability mass of the sentences through it, split by sentence length; every
// exact next-token distribution (and so every entropy floor) is read off that trie.
#include "corpus.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "../check.h"
#include "../rng.h"

namespace pelab::data {

namespace {

constexpr int kMaxSentence = 5;  // content tokens per sentence

enum class Tense { kPresentSimple, kPast, kPresentProgressive };
enum class Agreement { kFirstSingular, kThirdSingular, kOther };  // I | he she it Ana dog | you we they dogs kids

struct MarkerDef { const char* token; Tense tense; };  // token nullptr = no marker
struct SubjectDef { const char* token; Agreement agr; };
struct VerbDef { const char* base; const char* s3; const char* past; const char* ing; const char* obj[2]; };

// Draw order and probabilities: marker 1/6, subject 1/11, verb 1/6, (past only) simple/progressive 1/2,
// object 1/3 (none, obj[0], obj[1]).
const MarkerDef kMarkers[] = {{nullptr, Tense::kPresentSimple}, {"every_day", Tense::kPresentSimple},
                              {"usually", Tense::kPresentSimple}, {"yesterday", Tense::kPast},
                              {"last_week", Tense::kPast},        {"now", Tense::kPresentProgressive}};
const SubjectDef kSubjects[] = {{"I", Agreement::kFirstSingular},  {"you", Agreement::kOther},
                                {"we", Agreement::kOther},         {"they", Agreement::kOther},
                                {"he", Agreement::kThirdSingular}, {"she", Agreement::kThirdSingular},
                                {"it", Agreement::kThirdSingular}, {"Ana", Agreement::kThirdSingular},
                                {"dog", Agreement::kThirdSingular}, {"dogs", Agreement::kOther},
                                {"kids", Agreement::kOther}};
const VerbDef kVerbs[] = {{"work", "works", "worked", "working", {"hard", "here"}},
                          {"play", "plays", "played", "playing", {"football", "outside"}},
                          {"watch", "watches", "watched", "watching", {"tv", "films"}},
                          {"study", "studies", "studied", "studying", {"math", "hard"}},
                          {"go", "goes", "went", "going", {"home", "out"}},
                          {"have", "has", "had", "having", {"lunch", "fun"}}};
const char* const kAux[] = {"am", "is", "are", "was", "were"};
constexpr int kNumMarkers = sizeof(kMarkers) / sizeof(kMarkers[0]);
constexpr int kNumSubjects = sizeof(kSubjects) / sizeof(kSubjects[0]);
constexpr int kNumVerbs = sizeof(kVerbs) / sizeof(kVerbs[0]);
constexpr int kNumObjects = 3;  // none + two

struct Sentence {
  std::vector<int> tokens;  // content ids
  double prob = 0.0;
  int slot = 0;             // index of the verb slot within tokens
  int gold = 0;
  std::vector<int> candidates;
  SlotKind kind = SlotKind::kLexical;
};

struct TrieNode {
  std::array<double, kMaxSentence + 1> mass{};  // mass[l]: generator mass of length-l sentences through here
  double total = 0.0;                           // sum of mass
  std::vector<std::pair<int, int>> children;    // (token id, node index)
};

struct Grammar {
  std::vector<std::string> vocab;
  std::map<std::string, int> ids;
  std::vector<TrieNode> trie;  // trie[0] = root (empty prefix)
  std::map<std::vector<int>, int> index;  // sentence tokens -> position in `sentences`
  std::vector<Sentence> sentences;
  int aux[5] = {0, 0, 0, 0, 0};

  int add(const char* token) {
    auto it = ids.find(token);
    if (it != ids.end()) return it->second;
    int id = static_cast<int>(vocab.size());
    vocab.emplace_back(token);
    ids.emplace(token, id);
    return id;
  }
  int id(const char* token) const { return ids.at(token); }

  int child(int node, int token) const {
    for (const auto& c : trie[node].children)
      if (c.first == token) return c.second;
    return -1;
  }

  // The sentence produced by one outcome of the draws; also its probability and verb slot.
  Sentence build(int mi, int si, int vi, int progressive, int oi) const {
    const MarkerDef& mk = kMarkers[mi];
    const SubjectDef& sj = kSubjects[si];
    const VerbDef& vb = kVerbs[vi];
    Sentence s;
    s.prob = 1.0 / (kNumMarkers * kNumSubjects * kNumVerbs * kNumObjects);
    if (mk.tense == Tense::kPast) s.prob *= 0.5;
    if (mk.token) s.tokens.push_back(id(mk.token));
    s.tokens.push_back(id(sj.token));
    s.slot = static_cast<int>(s.tokens.size());
    const bool prog = mk.tense == Tense::kPresentProgressive || (mk.tense == Tense::kPast && progressive);
    if (prog) {
      int a;  // am is are was were
      if (mk.tense == Tense::kPast) a = sj.agr == Agreement::kOther ? 4 : 3;
      else a = sj.agr == Agreement::kFirstSingular ? 0 : (sj.agr == Agreement::kThirdSingular ? 1 : 2);
      s.gold = aux[a];
      s.candidates.assign(aux, aux + 5);
      s.kind = SlotKind::kAuxiliary;
      s.tokens.push_back(s.gold);
      s.tokens.push_back(id(vb.ing));
    } else {
      const char* form = mk.tense == Tense::kPast ? vb.past : (sj.agr == Agreement::kThirdSingular ? vb.s3 : vb.base);
      s.gold = id(form);
      s.candidates = {id(vb.base), id(vb.s3), id(vb.past)};
      s.kind = SlotKind::kLexical;
      s.tokens.push_back(s.gold);
    }
    std::sort(s.candidates.begin(), s.candidates.end());
    if (oi > 0) s.tokens.push_back(id(vb.obj[oi - 1]));
    return s;
  }

  Grammar() {
    add("<bos>");
    add("<sep>");
    for (const MarkerDef& m : kMarkers)
      if (m.token) add(m.token);
    for (const SubjectDef& s : kSubjects) add(s.token);
    for (int a = 0; a < 5; ++a) aux[a] = add(kAux[a]);
    for (const VerbDef& v : kVerbs) {
      add(v.base);
      add(v.s3);
      add(v.past);
      add(v.ing);
    }
    for (const VerbDef& v : kVerbs) {
      add(v.obj[0]);
      add(v.obj[1]);
    }
    trie.emplace_back();
    for (int mi = 0; mi < kNumMarkers; ++mi)
      for (int si = 0; si < kNumSubjects; ++si)
        for (int vi = 0; vi < kNumVerbs; ++vi)
          for (int p = 0; p < (kMarkers[mi].tense == Tense::kPast ? 2 : 1); ++p)
            for (int oi = 0; oi < kNumObjects; ++oi) {
              Sentence s = build(mi, si, vi, p, oi);
              const int len = static_cast<int>(s.tokens.size());
              int node = 0;
              trie[0].mass[len] += s.prob;
              trie[0].total += s.prob;
              for (int tok : s.tokens) {
                int c = child(node, tok);
                if (c < 0) {
                  c = static_cast<int>(trie.size());
                  trie[node].children.emplace_back(tok, c);
                  trie.emplace_back();
                }
                node = c;
                trie[node].mass[len] += s.prob;
                trie[node].total += s.prob;
              }
              index.emplace(s.tokens, static_cast<int>(sentences.size()));
              sentences.push_back(std::move(s));
            }
  }
};

const Grammar& grammar() {
  static const Grammar g;
  return g;
}

// One sentence from the generator: exactly the draws Grammar::build enumerates, in that order.
const Sentence& draw_sentence(const Grammar& g, Pcg32& rng) {
  const int mi = static_cast<int>(rng.next_below(kNumMarkers));
  const int si = static_cast<int>(rng.next_below(kNumSubjects));
  const int vi = static_cast<int>(rng.next_below(kNumVerbs));
  const int p = kMarkers[mi].tense == Tense::kPast ? static_cast<int>(rng.next_below(2)) : 0;
  const int oi = static_cast<int>(rng.next_below(kNumObjects));
  // Index arithmetic would duplicate the loop nest; the map lookup is cheap at this size.
  return g.sentences[g.index.at(g.build(mi, si, vi, p, oi).tokens)];
}

// f(n): the number of ways to fill n content tokens with sentences (lengths 2 … 5) joined by SEP.
double fill_count(int n) {
  static std::vector<double> memo;
  if (n <= 0) return 0.0;
  if (static_cast<int>(memo.size()) <= n) memo.resize(n + 1, -1.0);
  if (memo[n] >= 0) return memo[n];
  double c = 0.0;
  for (int l = 2; l <= kMaxSentence; ++l) {
    if (l == n) c += 1.0;
    else if (l + 1 < n) c += fill_count(n - l - 1);
  }
  return memo[n] = c;
}

void compositions(int n, std::vector<int>& cur, std::vector<std::vector<int>>& out) {
  for (int l = 2; l <= kMaxSentence; ++l) {
    if (l == n) {
      cur.push_back(l);
      out.push_back(cur);
      cur.pop_back();
    } else if (l + 1 < n) {
      cur.push_back(l);
      compositions(n - l - 1, cur, out);
      cur.pop_back();
    }
  }
}

// Fills entropy / oracle_nll / boundary of seq. exact_length = 0: one sentence of any length, and a
// loss position exists only while the sentence continues, so the next-token law is the generator's law
// conditioned on length > m. exact_length = L: the OOD generator (uniform composition, then sentences
// conditioned on their lengths); the posterior over the current sentence's length l is
//   w(l) ∝ fill(L, U + l) · mass_node[l] / mass_root[l],  l >= m,
// with U the content tokens before the current sentence (separators included), fill(L, U + l) the number
// of compositions that continue with a sentence of length l, and mass_node[l] / mass_root[l] = P(prefix |
// length l). Then p(SEP) = w(m) / Z and p(tok) = sum_{l > m} w(l) · mass_child[l] / mass_node[l] / Z.
void annotate(const Grammar& g, Sequence& seq, int exact_length, int sep) {
  const int T = static_cast<int>(seq.tokens.size());
  seq.entropy.assign(T - 1, 0.0);
  seq.oracle_nll.assign(T - 1, 0.0);
  seq.boundary.assign(T - 1, 0);
  const TrieNode& root = g.trie[0];
  auto completions = [&](int pos) {
    if (pos == exact_length) return 1.0;
    return pos < exact_length ? fill_count(exact_length - pos - 1) : 0.0;
  };
  int node = 0, m = 0, used = 0;
  std::vector<std::pair<int, double>> q;  // (token, probability)
  for (int t = 0; t + 1 < T; ++t) {
    const TrieNode& nd = g.trie[node];
    q.clear();
    if (exact_length == 0) {
      double z = 0.0;
      for (int l = m + 1; l <= kMaxSentence; ++l) z += nd.mass[l];
      for (const auto& c : nd.children) q.emplace_back(c.first, g.trie[c.second].total / z);
    } else {
      std::array<double, kMaxSentence + 1> w{};
      double z = 0.0;
      for (int l = std::max(m, 1); l <= kMaxSentence; ++l) {
        if (root.mass[l] <= 0.0) continue;
        w[l] = completions(used + l) * nd.mass[l] / root.mass[l];
        z += w[l];
      }
      if (w[m] > 0.0) q.emplace_back(sep, w[m] / z);
      for (const auto& c : nd.children) {
        double p = 0.0;
        for (int l = m + 1; l <= kMaxSentence; ++l)
          if (w[l] > 0.0) p += w[l] * g.trie[c.second].mass[l] / nd.mass[l];
        if (p > 0.0) q.emplace_back(c.first, p / z);
      }
    }
    const int next = seq.tokens[t + 1];
    double h = 0.0, p_next = 0.0;
    for (const auto& e : q) {
      h -= e.second * std::log(e.second);
      if (e.first == next) p_next = e.second;
    }
    if (!(p_next > 0.0)) throw std::logic_error("corpus: a sampled token has zero generator probability");
    seq.entropy[t] = h;
    seq.oracle_nll[t] = -std::log(p_next);
    seq.boundary[t] = (next == sep || seq.tokens[t] == sep) ? 1 : 0;
    if (next == sep) {
      used += m + 1;
      node = 0;
      m = 0;
    } else {
      node = g.child(node, next);
      ++m;
    }
  }
}

std::string join_text(const std::vector<std::string>& vocab, const std::vector<int>& tokens) {
  std::string s;
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    if (i > 1) s += ' ';
    s += vocab[tokens[i]];
  }
  return s;
}

void append_sentence(Sequence& seq, const Sentence& s) {
  const int offset = static_cast<int>(seq.tokens.size());
  seq.tokens.insert(seq.tokens.end(), s.tokens.begin(), s.tokens.end());
  seq.slots.push_back(VerbSlot{offset + s.slot, s.gold, s.candidates, s.kind});
}

void finish_split(const Grammar& g, Split& split, int sep) {
  double h = 0.0, hw = 0.0, nll = 0.0;
  split.n_positions = split.n_within = split.n_slots = 0;
  for (Sequence& seq : split.sequences) {
    seq.text = join_text(g.vocab, seq.tokens);
    annotate(g, seq, split.exact_length ? split.length : 0, sep);
    for (std::size_t t = 0; t < seq.entropy.size(); ++t) {
      h += seq.entropy[t];
      nll += seq.oracle_nll[t];
      if (!seq.boundary[t]) {
        hw += seq.entropy[t];
        ++split.n_within;
      }
    }
    split.n_positions += static_cast<long long>(seq.entropy.size());
    split.n_slots += static_cast<long long>(seq.slots.size());
  }
  split.entropy_floor = split.n_positions ? h / split.n_positions : 0.0;
  split.oracle_loss = split.n_positions ? nll / split.n_positions : 0.0;
  split.entropy_floor_within = split.n_within ? hw / split.n_within : 0.0;
}

}  // namespace

int Corpus::id(const std::string& token) const {
  for (std::size_t i = 0; i < vocab.size(); ++i)
    if (vocab[i] == token) return static_cast<int>(i);
  fail_arg("Corpus::id", "token", "a token of the corpus vocabulary", "'" + token + "'");
}

std::vector<const Split*> Corpus::splits() const {
  std::vector<const Split*> out{&train, &val};
  for (const Split& s : ood) out.push_back(&s);
  return out;
}

int Corpus::max_sequence_length() const {
  std::size_t m = 0;
  for (const Split* s : splits())
    for (const Sequence& q : s->sequences) m = std::max(m, q.tokens.size());
  return static_cast<int>(m);
}

const std::vector<std::string>& corpus_vocabulary() { return grammar().vocab; }

double sentence_probability(const std::vector<int>& content) {
  const Grammar& g = grammar();
  auto it = g.index.find(content);
  return it == g.index.end() ? 0.0 : g.sentences[it->second].prob;
}

int grammar_sentence_count() { return static_cast<int>(grammar().sentences.size()); }

double memorisation_floor(const Split& split) {
  // prefix tokens[0..t] -> (next token -> count) over the split's loss positions
  std::map<std::vector<int>, std::map<int, long long>> counts;
  long long n = 0;
  for (const Sequence& seq : split.sequences) {
    std::vector<int> prefix;
    for (std::size_t t = 0; t + 1 < seq.tokens.size(); ++t) {
      prefix.push_back(seq.tokens[t]);
      ++counts[prefix][seq.tokens[t + 1]];
      ++n;
    }
  }
  double h = 0.0;
  for (const auto& [prefix, next] : counts) {
    long long total = 0;
    for (const auto& [id, k] : next) total += k;
    for (const auto& [id, k] : next) h -= static_cast<double>(k) * std::log(static_cast<double>(k) / total);
  }
  return n ? h / n : 0.0;
}

Corpus make_corpus(std::uint64_t seed, const CorpusConfig& cfg) {
  const char* where = "make_corpus";
  check_int_range(where, "nTrain", cfg.n_train, 1, 100000);
  check_int_range(where, "nVal", cfg.n_val, 0, 100000);
  check_int_range(where, "nOod", cfg.n_ood, 0, 100000);
  for (int L : cfg.ood_lengths) check_int_range(where, "oodLengths", L, 2, 1000);
  for (int L : cfg.long_ood_lengths) check_int_range(where, "longOodLengths", L, 2, 1000);

  const Grammar& g = grammar();
  Corpus c;
  c.seed = seed;
  c.vocab = g.vocab;
  c.bos = g.id("<bos>");
  c.sep = g.id("<sep>");
  Pcg32 rng(seed, Stream::kCorpus);

  std::set<std::vector<int>> in_train;
  c.train.name = "train";
  c.train.length = kMaxSentence;
  for (int i = 0; i < cfg.n_train; ++i) {
    const Sentence& s = draw_sentence(g, rng);
    in_train.insert(s.tokens);
    Sequence seq;
    seq.tokens.push_back(c.bos);
    append_sentence(seq, s);
    c.train.sequences.push_back(std::move(seq));
  }

  // A held-out sentence: from the generator, conditioned on its length (len = 0: any) and not in train.
  // The grammar has sentences of every length 2 … 5 outside any train set of 240, so this terminates;
  // a huge n_train could exhaust a length, hence the guard.
  auto held_out = [&](Pcg32& r, int len) -> const Sentence& {
    for (int tries = 0; tries < 1000000; ++tries) {
      const Sentence& s = draw_sentence(g, r);
      if ((len == 0 || static_cast<int>(s.tokens.size()) == len) && !in_train.count(s.tokens)) return s;
    }
    fail_arg(where, "nTrain", "small enough to leave held-out sentences", cfg.n_train);
  };

  c.val.name = "val";
  c.val.length = kMaxSentence;
  for (int i = 0; i < cfg.n_val; ++i) {
    Sequence seq;
    seq.tokens.push_back(c.bos);
    append_sentence(seq, held_out(rng, 0));
    c.val.sequences.push_back(std::move(seq));
  }

  Pcg32 long_rng(seed, Stream::kCorpusLong);
  auto ood_split = [&](Pcg32& r, int L) {
    Split split;
    split.name = "ood" + std::to_string(L);
    split.length = L;
    split.exact_length = true;
    std::vector<std::vector<int>> comps;
    std::vector<int> cur;
    compositions(L, cur, comps);
    if (comps.empty()) fail_arg(where, "oodLengths", "reachable by sentences of 2-5 tokens joined by <sep>", L);
    for (int i = 0; i < cfg.n_ood; ++i) {
      const std::vector<int>& comp = comps[r.next_below(static_cast<std::uint32_t>(comps.size()))];
      Sequence seq;
      seq.tokens.push_back(c.bos);
      for (std::size_t k = 0; k < comp.size(); ++k) {
        if (k > 0) seq.tokens.push_back(c.sep);
        append_sentence(seq, held_out(r, comp[k]));
      }
      split.sequences.push_back(std::move(seq));
    }
    c.ood.push_back(std::move(split));
  };
  for (int L : cfg.ood_lengths) ood_split(rng, L);
  for (int L : cfg.long_ood_lengths) ood_split(long_rng, L);

  finish_split(g, c.train, c.sep);
  finish_split(g, c.val, c.sep);
  for (Split& s : c.ood) finish_split(g, s, c.sep);
  return c;
}

}  // namespace pelab::data
