// core/labs/h2h_inference.cpp — see h2h_inference.h.
#include "h2h_inference.h"

#include <algorithm>
#include <cmath>

#include "../check.h"
#include "lab_caps.h"
#include "../model/evaluate.h"
#include "../positional/rope.h"

namespace pelab {

namespace {
// Puts the plain tables back when it leaves scope (also when an evaluation throws).
struct PlainRopeAfter {
  gpt::GPT<float>& m;
  ~PlainRopeAfter() { gpt::set_rope_scaling(m, RopeScaling{}); }
};

InferenceSplit inference_split_of(const data::Split& s, int train_length, double inference_factor) {
  const int T = s.length + 1;  // the longest sequence, BOS included
  return InferenceSplit{s.name, T, inference_factor_for(T, train_length, inference_factor)};
}

ClaimEntry entry_of(const std::string& name, const std::string& role, const std::vector<double>& acc) {
  ClaimEntry e{name, role, static_cast<int>(acc.size()), 0.0, *std::min_element(acc.begin(), acc.end()),
               *std::max_element(acc.begin(), acc.end())};
  for (double a : acc) e.mean += a / acc.size();
  return e;
}

bool same_tables(const std::vector<RopeTables<float>>& a, const std::vector<RopeTables<float>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t T = 0; T < a.size(); ++T)
    if (a[T].cos.rows() != b[T].cos.rows() || a[T].cos != b[T].cos || a[T].sin != b[T].sin) return false;
  return true;
}

bool beats(const ClaimEntry& a, const ClaimEntry& b) { return a.min > b.max; }
}  // namespace

const std::vector<RopeScalingType>& inference_methods() {
  static const std::vector<RopeScalingType> methods{RopeScalingType::kLinear, RopeScalingType::kNtk,
                                                    RopeScalingType::kDynamicNtk, RopeScalingType::kYarn,
                                                    RopeScalingType::kLlama3};
  return methods;
}

void check_inference_factor(const char* where, double f) {
  const LabCap& c = lab_cap("head-to-head", "inferenceFactor");
  if (!std::isfinite(f) || f < c.min || f > c.max || (f != 0 && f < 1))
    fail_arg(where, "inferenceFactor", "0 (the length ratio per split) or a number in [1, " + std::to_string(static_cast<int>(c.max)) + "]", f);
}

double inference_factor_for(int T, int train_length, double inference_factor) {
  check_int_range("inference_factor_for", "trainLength", train_length, 1, 1 << 24);
  if (inference_factor != 0.0) return inference_factor;
  return std::max(1.0, static_cast<double>(T) / train_length);
}

std::vector<InferenceSplit> inference_splits(const data::Corpus& corpus, int train_length, double inference_factor) {
  std::vector<InferenceSplit> out;
  for (const data::Split* s : corpus.splits())
    if (s != &corpus.train) out.push_back(inference_split_of(*s, train_length, inference_factor));
  return out;
}

RopeScaling inference_scaling(RopeScalingType type, double factor, int train_length) {
  RopeScaling r;
  r.type = type;
  r.factor = factor;
  r.original_max_position = train_length;
  return r;
}

std::vector<InferenceRow> evaluate_inference(gpt::GPT<float>& m, const data::Corpus& corpus, int train_length,
                                             double inference_factor) {
  check_inference_factor("evaluate_inference", inference_factor);
  check_int_range("evaluate_inference", "trainLength", train_length, 1, 1 << 24);
  // Checked before the guard: its destructor rebuilds plain RoPE tables, which must not throw.
  if (m.config.pe_kind != PeScheme::kRope)
    fail_arg("evaluate_inference", "peKind", "'rope'", std::string("'") + pe_scheme_name(m.config.pe_kind) + "'");
  std::vector<InferenceRow> out;
  PlainRopeAfter restore{m};
  for (const data::Split* s : corpus.splits()) {
    if (s == &corpus.train) continue;
    const InferenceSplit is = inference_split_of(*s, train_length, inference_factor);
    // Methods whose tables are identical here (every method at s = 1; Llama 3 and PI at L0 = 6) give identical
    // numbers: each distinct set of tables is evaluated once.
    std::vector<std::vector<RopeTables<float>>> seen;
    std::vector<gpt::SplitMetrics> seen_metrics;
    for (RopeScalingType type : inference_methods()) {
      gpt::set_rope_scaling(m, inference_scaling(type, is.factor, train_length));  // throws unless RoPE
      std::size_t j = 0;
      while (j < seen.size() && !same_tables(seen[j], m.rope)) ++j;
      if (j == seen.size()) {
        seen.push_back(m.rope);
        seen_metrics.push_back(gpt::evaluate_split(m, *s));
      }
      const gpt::SplitMetrics& sm = seen_metrics[j];
      out.push_back(InferenceRow{rope_scaling_name(type), s->name, is.factor, sm.conj_acc, sm.conj_loss, sm.loss});
    }
  }
  return out;
}

PairStudy inference_pairs(int hs, double base, int train_length, const std::vector<InferenceSplit>& splits) {
  const VecD theta = rope_frequencies(hs, base);  // validates hs and base
  const int P = static_cast<int>(theta.size());
  const std::vector<RopeScalingType>& methods = inference_methods();
  PairStudy out;
  for (const InferenceSplit& s : splits) {
    std::vector<ScaledRope> scaled;
    for (RopeScalingType type : methods) {
      scaled.push_back(scale_rope(inference_scaling(type, s.factor, train_length), hs, base, s.T));
      const ScaledRope& r = scaled.back();
      PairChange c{rope_scaling_name(type), s.split, s.factor, r.attention_factor, std::vector<double>(P), 0,
                   std::vector<double>(r.ramp.data(), r.ramp.data() + r.ramp.size())};
      for (int k = 0; k < P; ++k) {
        c.rel_change[k] = std::abs(r.inv_freq[k] - theta[k]) / theta[k];
        c.changed += c.rel_change[k] > kPairChangeTolerance ? 1 : 0;
      }
      out.changes.push_back(std::move(c));
    }
    for (std::size_t a = 0; a < methods.size(); ++a) {
      for (std::size_t b = a + 1; b < methods.size(); ++b) {
        Coincidence c{s.split, rope_scaling_name(methods[a]), rope_scaling_name(methods[b]), 0.0, 0, false};
        for (int k = 0; k < P; ++k) {
          const double d = std::abs(scaled[a].inv_freq[k] - scaled[b].inv_freq[k]) / theta[k];
          c.max_rel_diff = std::max(c.max_rel_diff, d);
          c.pairs_agreeing += d <= kCoincideTolerance ? 1 : 0;
        }
        c.same = c.pairs_agreeing == P &&
                 std::abs(scaled[a].attention_factor - scaled[b].attention_factor) <= kCoincideTolerance;
        out.coincide.push_back(c);
      }
    }
  }
  return out;
}

ClaimVerdict course_claim_verdict(const std::vector<ClaimRow>& rows, const std::vector<InferenceSplit>& splits,
                                  int train_length) {
  const char* where = "course_claim_verdict";
  check_int_range(where, "trainLength", train_length, 1, 1 << 24);
  for (const ClaimRow& r : rows)
    if (!std::isfinite(r.conj_acc) || r.conj_acc < 0 || r.conj_acc > 1)
      fail_arg(where, "conjAcc", "a number in [0, 1]", r.conj_acc);
  ClaimVerdict v;
  const InferenceSplit* pick = nullptr;
  for (const InferenceSplit& s : splits)
    if (s.T >= kClaimLengthRatio * train_length && (!pick || s.T > pick->T)) pick = &s;
  if (!pick) {
    v.id = "missing-long-split";
    return v;
  }
  v.split = pick->split;
  v.T = pick->T;
  v.ratio = static_cast<double>(pick->T) / train_length;

  // name -> (accuracies over seeds, converged on every seed), in order of first appearance.
  std::vector<std::string> names;
  std::vector<std::vector<double>> acc;
  std::vector<bool> converged;
  for (const ClaimRow& r : rows) {
    if (r.split != v.split) continue;
    const auto it = std::find(names.begin(), names.end(), r.name);
    const std::size_t i = static_cast<std::size_t>(it - names.begin());
    if (it == names.end()) {
      names.push_back(r.name);
      acc.emplace_back();
      converged.push_back(true);
    }
    acc[i].push_back(r.conj_acc);
    converged[i] = converged[i] && r.converged;
  }
  const auto index = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  const std::size_t rope = index("rope");
  if (rope == names.size()) {
    v.id = "missing-rope";
    return v;
  }
  if (!converged[rope]) {
    v.id = "rope-not-converged";
    return v;
  }
  // A trained variant takes part when converged; "rope+…" rows carry RoPE's flag (checked above).
  const auto take = [&](const std::string& name, const std::string& role) {
    const std::size_t i = index(name);
    if (i == names.size()) return;
    if (converged[i]) v.entries.push_back(entry_of(name, role, acc[i]));
    else v.excluded.push_back(name);
  };
  take("rope", "plain");
  take("sinusoidal", "plain");
  take("rope+yarn", "remedy");
  take("alibi", "remedy");
  for (RopeScalingType type : inference_methods())
    if (type != RopeScalingType::kYarn) take(std::string("rope+") + rope_scaling_name(type), "scaling");

  std::vector<const ClaimEntry*> plain, remedy, scaling;
  const ClaimEntry* alibi = nullptr;
  for (const ClaimEntry& e : v.entries) {
    (e.role == "plain" ? plain : e.role == "remedy" ? remedy : scaling).push_back(&e);
    if (e.name == "alibi") alibi = &e;
  }
  const auto compare = [&](const ClaimEntry& a, const ClaimEntry& b) {
    v.comparisons.push_back(ClaimComparison{a.name, b.name, beats(a, b), beats(b, a)});
  };
  for (const ClaimEntry* r : remedy)
    for (const ClaimEntry* p : plain) compare(*r, *p);
  for (const ClaimEntry* s : scaling) {
    compare(*s, *plain.front());  // plain.front() is rope
    if (alibi) compare(*s, *alibi);
  }
  if (remedy.empty()) {
    v.id = "missing-remedy";
    return v;
  }
  const auto beats_all = [](const ClaimEntry* x, const std::vector<const ClaimEntry*>& ys) {
    return std::all_of(ys.begin(), ys.end(), [x](const ClaimEntry* y) { return beats(*x, *y); });
  };
  const auto winner = [&](const std::vector<const ClaimEntry*>& xs, const std::vector<const ClaimEntry*>& ys) {
    const auto it = std::find_if(xs.begin(), xs.end(), [&](const ClaimEntry* x) { return beats_all(x, ys); });
    return it == xs.end() ? nullptr : *it;
  };
  const ClaimEntry* holds = winner(remedy, plain);
  const ClaimEntry* contradicted = winner(plain, remedy);
  v.id = holds ? "holds" : contradicted ? "contradicted" : "inconclusive";
  if (holds || contradicted) v.decided_by = (holds ? holds : contradicted)->name;
  return v;
}

InferenceStudy inference_study(const data::Corpus& corpus, int hs, double base, int train_length,
                               double inference_factor, const std::vector<ClaimRow>& rows) {
  check_inference_factor("inference_study", inference_factor);
  InferenceStudy st;
  st.splits = inference_splits(corpus, train_length, inference_factor);
  st.pairs = inference_pairs(hs, base, train_length, st.splits);
  st.verdict = course_claim_verdict(rows, st.splits, train_length);
  return st;
}

}  // namespace pelab
