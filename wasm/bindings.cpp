// wasm/bindings.cpp — Embind registrations and conversions only; no math lives here.
// Arrays leave the wasm heap as copies (typed_memory_view(...).slice()), so JS never holds a view into
// memory that a later allocation could move. Every C++ exception is caught (guarded()): the call returns null and lastError()
// hands its parts to wasm/validate.js, which throws the JS Error; nothing is thrown across the boundary. Each lab binding takes one
// parameter object with the schema's camelCase keys. Defaults and type checks live in wasm/ (JS), which
// always passes every field; the C++ core checks ranges again and names parameters by the same keys.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "attention/attention.h"
#include "caps.h"
#include "check.h"
#include "labs/biases.h"
#include "labs/context_extension.h"
#include "labs/extrapolation.h"
#include "labs/h2h_inference.h"
#include "labs/head_to_head.h"
#include "labs/h2h_robustness.h"
#include "labs/lab_caps.h"
#include "labs/permutation.h"
#include "labs/rope_lab.h"
#include "labs/sinusoidal_lab.h"
#include "positional/alibi.h"
#include "positional/learned.h"
#include "positional/rope.h"
#include "positional/rope_scaling.h"
#include "positional/sinusoidal.h"
#include "positional/t5.h"
#include "rng.h"
#include "version.h"

using emscripten::val;

namespace {

// Runs f and returns its value; when f throws, returns null and keeps the error for lastError(), which
// wasm/validate.js `call()` turns into a JS Error ({ code, where, param, allowed, got, message }). Nothing is
// thrown across the boundary on purpose: an exception unwinding from wasm into JS leaves the wasm stack
// pointer where the throw happened (64 bytes per error under -fwasm-exceptions), which broke the module for
// good after ~82,000 errors. Caught here, the stack unwinds inside wasm and nothing leaks. (No binding
// returns null otherwise.)
struct LastError {
  std::string code, message, where, param, allowed, got;
};
LastError last_error;

void keep_error(const char* code, const std::exception& e, const pelab::ArgumentError* arg) {
  last_error = {code, e.what(), arg ? arg->where() : "", arg ? arg->param() : "", arg ? arg->allowed() : "",
                arg ? arg->got() : ""};
}

// The kept error as one string, its parts joined by U+001F (one conversion instead of six):
// code, message, where, param, allowed, got (the last four empty for an error that is not an ArgumentError).
std::string take_last_error() {
  const char sep = '\x1f';
  const LastError& e = last_error;
  std::string out = e.code + sep + e.message + sep + e.where + sep + e.param + sep + e.allowed + sep + e.got;
  last_error = {};
  return out;
}

template <typename F>
val guarded(F&& f) {
  try {
    return val(f());
  } catch (const pelab::ArgumentError& e) {
    keep_error("PE_LAB_BAD_ARGUMENT", e, &e);
  } catch (const std::invalid_argument& e) {
    keep_error("PE_LAB_BAD_ARGUMENT", e, nullptr);
  } catch (const std::exception& e) {
    keep_error("PE_LAB_INTERNAL", e, nullptr);
  }
  return val::null();
}

// Named fields of a parameter object (the schema's camelCase keys), validated in JS before the call.
int int_field(const val& o, const char* key) { return o[key].as<int>(); }
double num_field(const val& o, const char* key) { return o[key].as<double>(); }
bool bool_field(const val& o, const char* key) { return o[key].as<bool>(); }
std::string str_field(const val& o, const char* key) { return o[key].as<std::string>(); }
// A seed arrives as a double; it is range-checked before the cast (a negative or huge double cast to an
// unsigned integer is undefined behaviour, a trap in wasm).
std::uint64_t seed_field(const val& o, const char* key) {
  const double v = o[key].as<double>();
  if (!(v >= 0 && v <= 9007199254740991.0) || v != std::floor(v)) pelab::fail_arg("seed", key, "an integer in [0, 2^53 - 1]", v);
  return static_cast<std::uint64_t>(v);
}

template <typename Scalar>
val copy_out(const Scalar* data, std::size_t n) {
  return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}
template <typename Derived>
val copy_out(const Eigen::DenseBase<Derived>& m) {  // m must be contiguous (a plain row-major matrix)
  return copy_out(m.derived().data(), static_cast<std::size_t>(m.size()));
}

template <typename Scalar>
std::vector<Scalar> copy_in(const val& array) {
  return emscripten::convertJSArrayToNumberVector<Scalar>(array);
}

pelab::VecD vec_in(const val& array) {
  std::vector<double> v = copy_in<double>(array);
  return Eigen::Map<pelab::VecD>(v.data(), static_cast<Eigen::Index>(v.size()));
}

// ---- primitives ---------------------------------------------------------------------------------------

val sinusoidal(int T, int d, double base) {
  return guarded([&] { return copy_out(pelab::sinusoidal_pe_f32(T, d, base)); });
}

val rope_frequencies(int d_head, double base) {
  return guarded([&] { return copy_out(pelab::rope_frequencies(d_head, base)); });
}

// x: T·d_head values; positions: T values; inv_freq: d_head/2 values (already scaled by the caller's
// ropeScaling, or plain); precision "float32" | "float64".
val apply_rope(val x, int T, int d_head, val positions, val inv_freq, std::string convention, std::string precision) {
  return guarded([&] {
    pelab::check_int_range("apply_rope", "T", T, 1, pelab::limits::kMaxT);
    pelab::check_int_range("apply_rope", "dHead", d_head, 2, pelab::limits::kMaxDim);
    pelab::RopeConvention conv = pelab::parse_rope_convention(convention);
    pelab::VecD pos = vec_in(positions), freq = vec_in(inv_freq);
    if (pos.size() != T) pelab::fail_arg("apply_rope", "positions", "of length T = " + std::to_string(T), pos.size());
    if (freq.size() != d_head / 2)
      pelab::fail_arg("apply_rope", "invFreq", "of length dHead/2 = " + std::to_string(d_head / 2), freq.size());
    std::vector<double> xs = copy_in<double>(x);
    if (static_cast<long long>(xs.size()) != static_cast<long long>(T) * d_head)
      pelab::fail_arg("apply_rope", "x", "of length T*dHead = " + std::to_string(static_cast<long long>(T) * d_head), xs.size());
    if (precision == "float64") {
      pelab::MatD m = Eigen::Map<pelab::MatD>(xs.data(), T, d_head);
      pelab::apply_rope_inplace<double>(m, pelab::rope_tables<double>(pos, freq), conv);
      return copy_out(m);
    }
    if (precision != "float32") pelab::fail_arg("apply_rope", "precision", "one of 'float32', 'float64'", "'" + precision + "'");
    pelab::MatF m = Eigen::Map<pelab::MatD>(xs.data(), T, d_head).cast<float>();
    pelab::apply_rope_inplace<float>(m, pelab::rope_tables<float>(pos, freq), conv);
    return copy_out(m);
  });
}

// RoPE frequencies rescaled by a context-extension method (core/positional/rope_scaling.h).
val rope_scaled(std::string type, double factor, int original_max_position, double beta_fast, double beta_slow,
                double low_freq_factor, double high_freq_factor, int d_head, double base, int current_length) {
  return guarded([&] {
    pelab::RopeScaling s{pelab::parse_rope_scaling_type(type), factor, original_max_position, beta_fast, beta_slow,
                         low_freq_factor, high_freq_factor};
    pelab::ScaledRope r = pelab::scale_rope(s, d_head, base, current_length);
    val out = val::object();
    out.set("invFreq", copy_out(r.inv_freq));
    out.set("attentionFactor", r.attention_factor);
    out.set("ramp", copy_out(r.ramp));
    out.set("effectiveBase", r.effective_base);
    return out;
  });
}

val alibi_slopes(int n_heads) {
  return guarded([&] { return copy_out(pelab::alibi_slopes(n_heads)); });
}

val t5_buckets(int T, bool bidirectional, int num_buckets, int max_distance) {
  return guarded([&] { return copy_out(pelab::t5_buckets(T, bidirectional, num_buckets, max_distance)); });
}

val learned_pe(int T, int d, int t_max, std::string beyond, double sigma, double seed) {
  return guarded([&] {
    pelab::Beyond b = pelab::parse_beyond(beyond);
    pelab::MatF table = pelab::learned_table(t_max, d, sigma, static_cast<std::uint64_t>(seed));
    return copy_out(pelab::learned_pe(table, T, b));
  });
}

// n draws of `kind` ("u32", "uniform" or "normal") from sub-stream `stream` of `seed`.
// seed and stream arrive as doubles holding integers in [0, 2^53) (validated in wasm/index.js).
val random_draws(double seed, double stream, int n, std::string kind) {
  return guarded([&] {
    pelab::check_int_range("random", "n", n, 0, pelab::limits::kMaxMatrixElements);
    pelab::Pcg32 rng(static_cast<std::uint64_t>(seed), static_cast<std::uint64_t>(stream));
    if (kind == "u32") {
      std::vector<std::uint32_t> out(n);
      for (auto& x : out) x = rng.next_u32();
      return copy_out(out.data(), out.size());
    }
    std::vector<double> out(n);
    if (kind == "uniform") {
      for (auto& x : out) x = rng.next_uniform();
    } else if (kind == "normal") {
      for (auto& x : out) x = rng.next_normal();
    } else {
      pelab::fail_arg("random", "kind", "one of 'uniform', 'normal', 'u32'", "'" + kind + "'");
    }
    return copy_out(out.data(), out.size());
  });
}

// ---- attention ------------------------------------------------------------------------------------------

pelab::AttentionConfig attention_config(const val& o) {
  pelab::AttentionConfig c;
  c.T = o["T"].as<int>();
  c.d_model = o["dModel"].as<int>();
  c.n_heads = o["nHeads"].as<int>();
  c.seed = static_cast<std::uint64_t>(o["seed"].as<double>());
  c.pe = pelab::parse_pe_scheme(o["pe"].as<std::string>());
  c.causal = o["causal"].as<bool>();
  c.base = o["base"].as<double>();
  c.rope_convention = pelab::parse_rope_convention(o["convention"].as<std::string>());
  c.learned_t_max = o["learnedTMax"].as<int>();
  c.beyond = pelab::parse_beyond(o["beyond"].as<std::string>());
  c.learned_sigma = o["learnedSigma"].as<double>();
  c.t5_num_buckets = o["numBuckets"].as<int>();
  c.t5_max_distance = o["maxDistance"].as<int>();
  c.t5_sigma = o["t5Sigma"].as<double>();
  if (!o["ropePositions"].isUndefined()) c.rope_positions = vec_in(o["ropePositions"]);
  if (!o["ropeInvFreq"].isUndefined()) c.rope_inv_freq = vec_in(o["ropeInvFreq"]);
  c.attn_scale = o["attnScale"].as<double>();
  return c;
}

val attention_result(const pelab::AttentionResult& r) {
  val out = val::object();
  out.set("output", copy_out(r.output));
  out.set("weights", copy_out(r.weights));
  out.set("entropy", copy_out(r.entropy));
  out.set("peInput", copy_out(r.pe_input));
  if (r.scores.size()) out.set("scores", copy_out(r.scores));
  return out;
}

val attention(val o) {
  return guarded([&] {
    pelab::AttentionConfig c = attention_config(o);
    pelab::check_attention_config(c);
    bool keep_scores = o["keepScores"].as<bool>();
    if (o["x"].isUndefined() || o["x"].isNull()) return attention_result(pelab::attention_forward(c, nullptr, keep_scores));
    std::vector<float> xs = copy_in<float>(o["x"]);
    if (static_cast<long long>(xs.size()) != static_cast<long long>(c.T) * c.d_model)
      pelab::fail_arg("attention", "x", "of length T*dModel = " + std::to_string(static_cast<long long>(c.T) * c.d_model), xs.size());
    pelab::MatF x = Eigen::Map<pelab::MatF>(xs.data(), c.T, c.d_model);
    return attention_result(pelab::attention_forward(c, &x, keep_scores));
  });
}

// ---- labs -------------------------------------------------------------------------------------------------

std::vector<std::string> strings_in(const val& array) {
  std::vector<std::string> out;
  const int n = array["length"].as<int>();
  for (int i = 0; i < n; ++i) out.push_back(array[i].as<std::string>());
  return out;
}

// o: { words, reorderedWords (the sentences split by wasm/labs/permutation.js), dModel, nHeads, seed }.
val permutation_lab(val o) {
  return guarded([&] {
    pelab::PermutationParams p;
    p.sentence = strings_in(o["words"]);
    p.reordered = strings_in(o["reorderedWords"]);
    p.d_model = int_field(o, "dModel");
    p.n_heads = int_field(o, "nHeads");
    p.seed = seed_field(o, "seed");
    pelab::PermutationResult r = pelab::run_permutation_lab(p);
    val out = val::object();
    out.set("perm", copy_out(r.perm.data(), r.perm.size()));
    out.set("x", copy_out(r.x));
    out.set("xReordered", copy_out(r.x_reordered));
    val list = val::array();
    for (const auto& s : r.schemes) {
      val e = val::object();
      e.set("pe", std::string(pelab::pe_scheme_name(s.pe)));
      e.set("equivarianceError", s.equivariance_error);
      e.set("multisetError", s.multiset_error);
      e.set("original", attention_result(s.original));
      e.set("reordered", attention_result(s.reordered));
      list.call<void>("push", e);
    }
    out.set("schemes", list);
    return out;
  });
}

// o: { T, d, base, offset, dims } (the schema's keys).
val sinusoidal_lab(val o) {
  return guarded([&] {
    pelab::SinusoidalLabResult r = pelab::run_sinusoidal_lab(
        {int_field(o, "T"), int_field(o, "d"), num_field(o, "base"), int_field(o, "offset"), copy_in<int>(o["dims"])});
    val out = val::object();
    out.set("pe", copy_out(r.pe));
    out.set("similarity", copy_out(r.similarity));
    out.set("offsetMatrix", copy_out(r.m_offset));
    out.set("offsetError", r.offset_error);
    out.set("offsets", copy_out(r.offsets.data(), r.offsets.size()));
    out.set("offsetErrors", copy_out(r.offset_errors.data(), r.offset_errors.size()));
    out.set("curves", copy_out(r.curves));
    return out;
  });
}

// o: { dHead, T, base, seed, convention, pairs: [[m, n], …], normPositions, demoM } (the schema's keys).
val rope_lab(val o) {
  return guarded([&] {
    pelab::RopeLabParams p;
    p.d_head = int_field(o, "dHead");
    p.T = int_field(o, "T");
    p.base = num_field(o, "base");
    p.seed = seed_field(o, "seed");
    p.convention = pelab::parse_rope_convention(str_field(o, "convention"));
    const val pairs = o["pairs"];
    p.pairs.clear();
    for (int i = 0, n = pairs["length"].as<int>(); i < n; ++i) p.pairs.emplace_back(pairs[i][0].as<int>(), pairs[i][1].as<int>());
    p.norm_positions = copy_in<int>(o["normPositions"]);
    p.demo_m = int_field(o, "demoM");
    pelab::RopeLabResult r = pelab::run_rope_lab(p);
    val out = val::object();
    out.set("q", copy_out(r.q));
    out.set("k", copy_out(r.k));
    out.set("theta", copy_out(r.theta));
    val list = val::array();
    for (const auto& c : r.pairs) {
      val e = val::object();
      e.set("m", c.m);
      e.set("n", c.n);
      e.set("lhs", c.lhs);
      e.set("rhs", c.rhs);
      e.set("diff", c.diff);
      e.set("lhs32", c.lhs32);
      e.set("rhs32", c.rhs32);
      e.set("diff32", c.diff32);
      list.call<void>("push", e);
    }
    out.set("pairs", list);
    out.set("maxDiff", r.max_diff);
    out.set("maxDiff32", r.max_diff32);
    out.set("demoN", copy_out(r.demo_n.data(), r.demo_n.size()));
    out.set("demoLhs", copy_out(r.demo_lhs));
    out.set("demoRhs", copy_out(r.demo_rhs));
    out.set("normPositions", copy_out(r.norm_positions.data(), r.norm_positions.size()));
    out.set("norms", copy_out(r.norms));
    out.set("norms32", copy_out(r.norms32));
    out.set("qNorm", r.q_norm);
    out.set("normMaxDiff", r.norm_max_diff);
    out.set("normMaxDiff32", r.norm_max_diff32);
    out.set("otherConventionMaxDiff", r.other_convention_max_diff);
    out.set("conventionsOutputDiff", r.conventions_output_diff);
    out.set("conventionsPermutedDiff", r.conventions_permuted_diff);
    out.set("precisionPositions", copy_out(r.precision_positions));
    out.set("precisionError32", copy_out(r.precision_error32));
    out.set("vScoresDiff", r.v_scores_diff);
    out.set("vOutputDiff", r.v_output_diff);
    return out;
  });
}

// All schemes at each length of o.Ts (Lab 03), length-major.
// o: { Ts, schemes (names), dModel, nHeads, head, seed, causal, learnedTMax, beyond }.
val extrapolation_lab(val o) {
  return guarded([&] {
    pelab::ExtrapolationParams p;
    p.schemes.clear();
    for (const std::string& s : strings_in(o["schemes"])) p.schemes.push_back(pelab::parse_pe_scheme(s));
    p.d_model = int_field(o, "dModel");
    p.n_heads = int_field(o, "nHeads");
    p.head = int_field(o, "head");
    p.seed = seed_field(o, "seed");
    p.causal = bool_field(o, "causal");
    p.learned_t_max = int_field(o, "learnedTMax");
    p.beyond = pelab::parse_beyond(str_field(o, "beyond"));
    val list = val::array();
    for (const pelab::ExtrapolationCell& c : pelab::run_extrapolation_lengths(p, copy_in<int>(o["Ts"]))) {
      val e = val::object();
      e.set("pe", std::string(pelab::pe_scheme_name(c.pe)));
      e.set("T", c.T);
      e.set("attention", copy_out(c.attention));
      e.set("entropy", copy_out(c.entropy));
      if (c.pe_input.size()) e.set("peInput", copy_out(c.pe_input));
      e.set("meanEntropy", c.mean_entropy);
      e.set("meanEntropyHead", c.mean_entropy_head);
      e.set("maxEntropy", c.max_entropy);
      e.set("normalizedEntropy", c.normalized_entropy);
      e.set("toldApart", c.told_apart);
      list.call<void>("push", e);
    }
    return list;
  });
}

// Lab 03's recommendation (core/labs/extrapolation.h) from the sweep's table.
// o: { schemes (names), Ts, normalized and toldApart (schemes·Ts values, scheme-major) }.
val extrapolation_recommend(val o) {
  return guarded([&] {
    std::vector<pelab::PeScheme> schemes;
    for (const std::string& s : strings_in(o["schemes"])) schemes.push_back(pelab::parse_pe_scheme(s, "recommend", "schemes"));
    const std::vector<int> Ts = copy_in<int>(o["Ts"]);
    const std::vector<double> nd = copy_in<double>(o["normalized"]);
    const std::vector<int> told = copy_in<int>(o["toldApart"]);
    const auto S = static_cast<Eigen::Index>(schemes.size()), N = static_cast<Eigen::Index>(Ts.size());
    if (static_cast<Eigen::Index>(nd.size()) != S * N || static_cast<Eigen::Index>(told.size()) != S * N)
      pelab::fail_arg("recommend", "normalized", "schemes·Ts values", nd.size());
    const pelab::MatD normalized = Eigen::Map<const pelab::MatD>(nd.data(), S, N);
    const Eigen::MatrixXi told_apart = Eigen::Map<const Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(told.data(), S, N);
    const pelab::ExtrapolationRecommendation r = pelab::recommend_extrapolation(schemes, Ts, normalized, told_apart);
    val out = val::object();
    val stability = val::object(), candidate = val::object(), ranking = val::array();
    for (std::size_t s = 0; s < schemes.size(); ++s) {
      stability.set(pelab::pe_scheme_name(schemes[s]), r.stability[s]);
      candidate.set(pelab::pe_scheme_name(schemes[s]), static_cast<bool>(r.candidate[s]));
    }
    for (pelab::PeScheme pe : r.ranking) ranking.call<void>("push", std::string(pelab::pe_scheme_name(pe)));
    out.set("stability", stability);
    out.set("candidate", candidate);
    out.set("ranking", ranking);
    out.set("recommendation", r.recommendation);
    return out;
  });
}

template <typename T>
val copy_vec(const std::vector<T>& v) {
  return copy_out(v.data(), v.size());
}

// o: the biases schema's keys { tMax, d, T, numBuckets, maxDistance, maxRelative, nHeads, head, biasT, farT,
// dModel, seed }.
// Per bucket: null when no shown position maps to it, else { min, max, count, openLow, openHigh } (the
// BucketRange value_object registered below).
val bucket_ranges_out(const std::vector<pelab::BucketRange>& ranges) {
  val list = val::array();
  for (const pelab::BucketRange& e : ranges) list.call<void>("push", e.count == 0 ? val::null() : val(e));
  return list;
}

val biases_lab(val o) {
  return guarded([&] {
    pelab::BiasesParams p;
    p.t_max = int_field(o, "tMax");
    p.d = int_field(o, "d");
    p.T = int_field(o, "T");
    p.num_buckets = int_field(o, "numBuckets");
    p.max_distance = int_field(o, "maxDistance");
    p.max_relative = int_field(o, "maxRelative");
    p.n_heads = int_field(o, "nHeads");
    p.head = int_field(o, "head");
    p.bias_T = int_field(o, "biasT");
    p.far_T = int_field(o, "farT");
    p.d_model = int_field(o, "dModel");
    p.seed = seed_field(o, "seed");
    pelab::BiasesResult r = pelab::run_biases_lab(p);
    val out = val::object();
    out.set("learnedTable", copy_out(r.learned_table));
    out.set("rowsClamp", copy_vec(r.rows_clamp));
    out.set("rowsWrap", copy_vec(r.rows_wrap));
    out.set("learnedParams", static_cast<double>(r.learned_params));
    out.set("relative", copy_vec(r.relative));
    out.set("bucketBidirectional", copy_vec(r.bucket_bidirectional));
    out.set("bucketCausal", copy_vec(r.bucket_causal));
    out.set("maxExactBidirectional", r.max_exact_bidirectional);
    out.set("maxExactCausal", r.max_exact_causal);
    out.set("t5Table", copy_out(r.t5_table));
    out.set("t5BiasBidirectional", copy_out(r.t5_bias_bidirectional));
    out.set("t5BiasCausal", copy_out(r.t5_bias_causal));
    out.set("t5Params", static_cast<double>(r.t5_params));
    out.set("alibiSlopes", copy_out(r.alibi_slopes));
    out.set("alibiSlopesSimple", copy_out(r.alibi_slopes_simple));
    out.set("alibiBiasBidirectional", copy_out(r.alibi_bias_bidirectional));
    out.set("alibiBiasCausal", copy_out(r.alibi_bias_causal));
    out.set("farAttention", copy_out(r.far_attention));
    out.set("farEntropy", copy_out(r.far_entropy));
    out.set("farAttentionNope", copy_out(r.far_attention_nope));
    out.set("farEntropyNope", copy_out(r.far_entropy_nope));
    out.set("farMeanEntropy", copy_out(r.far_mean_entropy));
    out.set("farMeanEntropyNope", copy_out(r.far_mean_entropy_nope));
    out.set("farMaxEntropy", r.far_max_entropy);
    out.set("farMeanDistance", copy_out(r.far_mean_distance));
    out.set("farMeanDistanceNope", copy_out(r.far_mean_distance_nope));
    out.set("rangesBidirectional", bucket_ranges_out(r.ranges_bidirectional));
    out.set("rangesCausal", bucket_ranges_out(r.ranges_causal));
    return out;
  });
}

// o: the context-extension schema's keys { trainLength, factor, dHead, base, methods, nHeads, head, causal, seed }.
val context_extension_lab(val o) {
  return guarded([&] {
    pelab::ContextExtensionParams p;
    p.train_length = int_field(o, "trainLength");
    p.factor = num_field(o, "factor");
    p.d_head = int_field(o, "dHead");
    p.base = num_field(o, "base");
    p.n_heads = int_field(o, "nHeads");
    p.head = int_field(o, "head");
    p.seed = seed_field(o, "seed");
    p.causal = bool_field(o, "causal");
    p.methods.clear();
    for (const std::string& m : strings_in(o["methods"])) p.methods.push_back(pelab::parse_rope_scaling_type(m));
    pelab::ContextExtensionResult r = pelab::run_context_extension_lab(p);
    val out = val::object();
    out.set("L", r.L);
    out.set("theta", copy_out(r.theta));
    out.set("wavelength", copy_out(r.wavelength));
    out.set("trainedMaxAngle", copy_out(r.trained_max_angle));
    out.set("baselineNormalizedEntropy", r.baseline_normalized_entropy);
    val list = val::array();
    for (const auto& m : r.methods) {
      val e = val::object();
      e.set("type", std::string(pelab::rope_scaling_name(m.type)));
      e.set("invFreq", copy_out(m.inv_freq));
      e.set("scale", copy_out(m.scale));
      e.set("maxAngle", copy_out(m.max_angle));
      std::vector<int> outside(m.leaves_trained_range.begin(), m.leaves_trained_range.end());
      e.set("leavesTrainedRange", copy_vec(outside));
      e.set("pairsOutside", m.pairs_outside);
      e.set("attentionFactor", m.attention_factor);
      e.set("effectiveBase", m.effective_base);
      e.set("attention", copy_out(m.attention));
      e.set("entropy", copy_out(m.entropy));
      e.set("normalizedEntropy", m.normalized_entropy);
      list.call<void>("push", e);
    }
    out.set("methods", list);
    return out;
  });
}

// ---- head-to-head (mini-GPT training) ----------------------------------------------------------------

// The embedding controls of a parameter object or a saved config: embedScale ('none' | 'sqrt-d') and embedInitStd.
// Absent fields keep their defaults ('none', 0.02), so a weights.json written before they existed loads as trained.
void embed_fields(const val& o, const char* where, pelab::gpt::EmbedScale& scale, double& init_std) {
  if (!o["embedScale"].isUndefined()) {
    if (!o["embedScale"].isString()) pelab::fail_arg(where, "embedScale", "one of 'none', 'sqrt-d'", "a non-string");
    scale = pelab::gpt::parse_embed_scale(str_field(o, "embedScale"), where);
  }
  if (!o["embedInitStd"].isUndefined()) init_std = num_field(o, "embedInitStd");
}

pelab::HeadToHeadParams h2h_params(const val& o) {
  pelab::HeadToHeadParams p;
  embed_fields(o, "head-to-head", p.embed_scale, p.embed_init_std);
  p.seed = static_cast<long long>(seed_field(o, "seed"));
  p.seeds = int_field(o, "seeds");
  p.steps = int_field(o, "steps");
  p.batch = int_field(o, "batch");
  p.lr = num_field(o, "lr");
  p.d_model = int_field(o, "dModel");
  p.n_layers = int_field(o, "nLayers");
  p.n_heads = int_field(o, "nHeads");
  p.max_len = int_field(o, "maxLen");
  p.vocab_size = int_field(o, "vocabSize");
  p.variants = strings_in(o["variants"]);
  p.corpus_seed = static_cast<long long>(seed_field(o, "corpusSeed"));
  p.inference_factor = num_field(o, "inferenceFactor");
  return p;
}

// A list of value_objects (registered below) as a JS array of plain objects.
template <typename T>
val list_of(const std::vector<T>& items) {
  val out = val::array();
  for (const T& x : items) out.call<void>("push", val(x));
  return out;
}

val split_metrics(const std::vector<pelab::gpt::SplitMetrics>& ms) {
  val list = val::array();
  for (const auto& m : ms) {
    val e = val::object();
    e.set("split", m.split);
    e.set("length", m.length);
    e.set("nSequences", m.n_sequences);
    e.set("nSlots", static_cast<double>(m.n_slots));
    e.set("loss", m.loss);
    e.set("entropyFloor", m.entropy_floor);
    e.set("lossWithin", m.loss_within);
    e.set("entropyFloorWithin", m.entropy_floor_within);
    e.set("conjLoss", m.conj_loss);
    e.set("conjAcc", m.conj_acc);
    list.call<void>("push", e);
  }
  return list;
}

val attention_maps_out(const pelab::gpt::AttentionMaps& a, const std::string& text) {
  val out = val::object();
  out.set("tokens", copy_vec(a.tokens));
  out.set("text", text);
  out.set("nLayers", a.n_layers);
  out.set("nHeads", a.n_heads);
  out.set("T", a.T);
  val maps = val::array();
  for (const auto& m : a.maps) maps.call<void>("push", copy_out(m));
  out.set("maps", maps);
  return out;
}

val h2h_corpus(double corpus_seed) {
  return guarded([&] {
    pelab::data::Corpus c = pelab::head_to_head_corpus(static_cast<long long>(corpus_seed));
    val out = val::object();
    val vocab = val::array();
    for (const auto& w : c.vocab) vocab.call<void>("push", w);
    out.set("vocab", vocab);
    val splits = val::array();
    for (const pelab::data::Split* sp : c.splits()) {
      val e = val::object();
      e.set("name", sp->name);
      e.set("length", sp->length);
      val texts = val::array();
      for (const auto& seq : sp->sequences) texts.call<void>("push", seq.text);
      e.set("texts", texts);
      e.set("entropyFloor", sp->entropy_floor);
      splits.call<void>("push", e);
    }
    out.set("splits", splits);
    out.set("memorisationFloor", pelab::data::memorisation_floor(c.train));
    return out;
  });
}

// One (variant, seed) run; progress(step, steps, loss) is called every step and may return false to stop.
// with_inference = false (headToHeadRobustnessRun): no RoPE inference-time rows (`inference` is []).
val h2h_run_with(val o, const std::string& variant, double seed, val progress, bool with_inference) {
  return guarded([&] {
    pelab::HeadToHeadParams p = h2h_params(o);
    pelab::check_head_to_head_params("head-to-head", p);
    pelab::data::Corpus corpus = pelab::head_to_head_corpus(p.corpus_seed);
    pelab::gpt::ProgressFn fn = [&](int step, int total, float loss) {
      if (progress.isUndefined() || progress.isNull()) return true;
      val keep = progress(step, total, loss);
      return !(keep.isFalse());
    };
    pelab::RunResult r = pelab::run_head_to_head_one(p, variant, static_cast<long long>(seed), corpus, fn, with_inference);
    val out = val::object();
    out.set("variant", r.variant);
    out.set("seed", static_cast<double>(r.seed));
    out.set("cancelled", r.cancelled);
    out.set("stepsDone", r.steps_done);
    out.set("lossCurve", copy_vec(r.loss_curve));
    out.set("metrics", split_metrics(r.metrics));
    out.set("converged", r.converged);
    val untouched = val::object();
    val rows = val::array();
    if (r.untouched.learned_first >= 0) {
      rows.call<void>("push", r.untouched.learned_first);
      rows.call<void>("push", r.untouched.learned_last);
    }
    untouched.set("learnedRows", rows);
    untouched.set("t5Buckets", copy_vec(r.untouched.t5_buckets));
    untouched.set("trainLength", r.untouched.train_length);
    out.set("untouched", untouched);
    if (!r.cancelled) {
      out.set("attention", attention_maps_out(r.attention, r.attention_text));
      out.set("attention40", attention_maps_out(r.attention40, r.attention40_text));
    }
    out.set("paramCount", static_cast<double>(r.param_count));
    val flops = val::array();
    for (std::size_t i = 0; i < r.flops.size(); ++i) {
      const auto& f = r.flops[i];
      val e = val::object();
      e.set("T", r.flops_T[i]);
      e.set("total", static_cast<double>(f.total));
      e.set("embedding", static_cast<double>(f.embedding));
      e.set("rope", static_cast<double>(f.rope));
      e.set("layernorm", static_cast<double>(f.layernorm));
      e.set("qkv", static_cast<double>(f.qkv));
      e.set("attention", static_cast<double>(f.attention));
      e.set("attnProj", static_cast<double>(f.attn_proj));
      e.set("mlp", static_cast<double>(f.mlp));
      e.set("residual", static_cast<double>(f.residual));
      e.set("lmHead", static_cast<double>(f.lm_head));
      flops.call<void>("push", e);
    }
    out.set("flops", flops);
    out.set("trainSeconds", r.train_seconds);
    out.set("tokensPerSecond", r.tokens_per_second);
    out.set("weights", copy_vec(r.weights));
    out.set("inferenceFactor", p.inference_factor);
    out.set("inference", list_of(r.inference));
    val cfg = val::object();
    cfg.set("vocabSize", r.config.vocab_size);
    cfg.set("dModel", r.config.d_model);
    cfg.set("nLayers", r.config.n_layers);
    cfg.set("nHeads", r.config.n_heads);
    cfg.set("maxLen", r.config.max_len);
    cfg.set("peKind", std::string(pelab::pe_scheme_name(r.config.pe_kind)));
    cfg.set("tieEmbeddings", r.config.tie_embeddings);
    cfg.set("embedScale", std::string(pelab::gpt::embed_scale_name(r.config.embed_scale)));
    cfg.set("embedInitStd", r.config.embed_init_std);
    out.set("config", cfg);
    return out;
  });
}

val h2h_run(val o, std::string variant, double seed, val progress) { return h2h_run_with(o, variant, seed, progress, true); }
val h2h_robustness_run(val o, std::string variant, double seed, val progress) {
  return h2h_run_with(o, variant, seed, progress, false);
}

// A model config as written by h2h_run ({ vocabSize, dModel, nLayers, nHeads, maxLen, peKind,
// tieEmbeddings, embedScale, embedInitStd; the last two optional }), checked; `where` names the caller.
pelab::gpt::Config gpt_config_in(const val& cfg, const char* where) {
  pelab::gpt::Config c;
  c.vocab_size = cfg["vocabSize"].as<int>();
  c.d_model = cfg["dModel"].as<int>();
  c.n_layers = cfg["nLayers"].as<int>();
  c.n_heads = cfg["nHeads"].as<int>();
  c.max_len = cfg["maxLen"].as<int>();
  c.pe_kind = pelab::gpt::parse_model_scheme(cfg["peKind"].as<std::string>(), where);
  c.tie_embeddings = cfg["tieEmbeddings"].as<bool>();
  embed_fields(cfg, where, c.embed_scale, c.embed_init_std);
  pelab::gpt::check_config(where, c);
  return c;
}

// The named tensors of a config's flat weights, in buffer order: [{ name, rows, cols, offset }] (gpt.h).
val gpt_layout(val cfg) {
  return guarded([&] {
    val out = val::array();
    for (const pelab::gpt::TensorSpec& t : pelab::gpt::param_layout(gpt_config_in(cfg, "gptLayout"))) {
      val e = val::object();
      e.set("name", t.name);
      e.set("rows", t.rows);
      e.set("cols", t.cols);
      e.set("offset", static_cast<double>(t.offset));
      e.set("matrix", t.matrix);
      out.call<void>("push", e);
    }
    return out;
  });
}

// The parameter count of a config (e.g. the course's vocabulary of 512 beside the corpus's own).
val gpt_param_count(val cfg) {
  return guarded([&] { return static_cast<double>(pelab::gpt::param_count(gpt_config_in(cfg, "paramCount"))); });
}

// Re-evaluates saved weights (config as written by h2h_run) on the corpus of corpus_seed.
val h2h_evaluate(val cfg, val weights, double corpus_seed) {
  return guarded([&] {
    const pelab::gpt::Config c = gpt_config_in(cfg, "evaluateWeights");
    pelab::data::Corpus corpus = pelab::head_to_head_corpus(static_cast<long long>(corpus_seed));
    pelab::WeightsEvaluation e = pelab::evaluate_weights(c, copy_in<float>(weights), corpus);
    val out = val::object();
    out.set("metrics", split_metrics(e.metrics));
    out.set("attention", attention_maps_out(e.attention, e.attention_text));
    out.set("attention40", attention_maps_out(e.attention40, e.attention40_text));
    return out;
  });
}

// The logits (T, V) of saved weights on one token sequence (for the PyTorch reader's comparison).
val h2h_logits(val cfg, val weights, val tokens) {
  return guarded([&] {
    const pelab::gpt::Config c = gpt_config_in(cfg, "headToHeadLogits");
    return copy_out(pelab::weights_logits(c, copy_in<float>(weights), copy_in<int>(tokens)));
  });
}

// RoPE at inference, beside the runs' rows: o = { config (a rope run's, as h2h_run writes it), trainLength,
// inferenceFactor, corpusSeed, rows: [ClaimRow] } → { splits, pairs, coincide, verdict, tolerance }
// (core/labs/h2h_inference.h).
val h2h_inference(val o) {
  return guarded([&] {
    const pelab::gpt::Config c = gpt_config_in(o["config"], "headToHeadInference");
    const pelab::data::Corpus corpus = pelab::head_to_head_corpus(static_cast<long long>(seed_field(o, "corpusSeed")));
    std::vector<pelab::ClaimRow> rows;
    const val list = o["rows"];
    const int n = list["length"].as<int>();
    for (int i = 0; i < n; ++i) rows.push_back(list[i].as<pelab::ClaimRow>());
    const pelab::InferenceStudy st = pelab::inference_study(corpus, c.d_model / c.n_heads, c.pe_base,
                                                            int_field(o, "trainLength"), num_field(o, "inferenceFactor"), rows);
    val pairs = val::array();
    for (const pelab::PairChange& c : st.pairs.changes) {
      val e = val::object();
      e.set("method", c.method);
      e.set("split", c.split);
      e.set("factor", c.factor);
      e.set("attentionFactor", c.attention_factor);
      e.set("relChange", copy_vec(c.rel_change));
      e.set("changed", c.changed);
      e.set("nPairs", static_cast<int>(c.rel_change.size()));
      e.set("ramp", c.ramp.empty() ? val::null() : copy_vec(c.ramp));
      pairs.call<void>("push", e);
    }
    const pelab::ClaimVerdict& v = st.verdict;
    val verdict = val::object();
    verdict.set("id", v.id);
    verdict.set("split", v.split);
    verdict.set("decidedBy", v.decided_by);
    verdict.set("T", v.T);
    verdict.set("ratio", v.ratio);
    verdict.set("entries", list_of(v.entries));
    verdict.set("comparisons", list_of(v.comparisons));
    verdict.set("excluded", list_of(v.excluded));
    val out = val::object();
    out.set("splits", list_of(st.splits));
    out.set("pairs", pairs);
    out.set("coincide", list_of(st.pairs.coincide));
    out.set("verdict", verdict);
    val tolerance = val::object();
    tolerance.set("changed", pelab::kPairChangeTolerance);
    tolerance.set("coincide", pelab::kCoincideTolerance);
    tolerance.set("claimLengthRatio", pelab::kClaimLengthRatio);
    out.set("tolerance", tolerance);
    return out;
  });
}

// core/labs/lab_caps.h as { lab: { param: { min, max, exclusiveMin } } }, for the schema's agreement test.
val lab_caps() {
  val out = val::object();
  for (const pelab::LabCap& c : pelab::kLabCaps) {
    if (out[c.lab].isUndefined()) out.set(c.lab, val::object());
    val range = val::object();
    range.set("min", c.min);
    range.set("max", c.max);
    range.set("exclusiveMin", c.exclusive_min);
    out[c.lab].set(c.param, range);
  }
  return out;
}

// core/caps.h, for the agreement test with wasm/caps.js.
val engine_caps() {
  namespace L = pelab::limits;
  val out = val::object();
  out.set("MAX_T", static_cast<double>(L::kMaxT));
  out.set("MAX_DIM", static_cast<double>(L::kMaxDim));
  out.set("MAX_MATRIX_ELEMENTS", static_cast<double>(L::kMaxMatrixElements));
  out.set("MAX_ATTENTION_ELEMENTS", static_cast<double>(L::kMaxAttentionElements));
  out.set("MAX_HEADS", static_cast<double>(L::kMaxHeads));
  out.set("MAX_BASE", L::kMaxBase);
  return out;
}

// The robustness grid (core/labs/h2h_robustness.h) applied to params o: [{ id, embedScale, embedInitStd, steps,
// batch, lr }] in grid order.
val h2h_robustness_grid(val o) {
  return guarded([&] {
    const pelab::HeadToHeadParams base = h2h_params(o);
    val out = val::array();
    for (const std::string& id : pelab::robustness_setting_ids()) {
      const pelab::HeadToHeadParams p = pelab::robustness_setting_params(base, id);
      val e = val::object();
      e.set("id", id);
      e.set("embedScale", std::string(pelab::gpt::embed_scale_name(p.embed_scale)));
      e.set("embedInitStd", p.embed_init_std);
      e.set("steps", p.steps);
      e.set("batch", p.batch);
      e.set("lr", p.lr);
      out.call<void>("push", e);
    }
    return out;
  });
}

val seed_spread_out(const pelab::SeedSpread& s) {
  val e = val::object();
  e.set("mean", s.mean);
  e.set("min", s.min);
  e.set("max", s.max);
  e.set("seeds", s.seeds);
  e.set("convergedSeeds", s.converged_seeds);
  e.set("converged", s.converged);
  e.set("trainConjLossMax", s.train_conj_loss_max);
  return e;
}

// The verdict per setting (aggregate_robustness) from settings (ids, in order) and rows [{ setting, variant, seed,
// trainConjLoss, ood20ConjAcc }] → { settings: [{ id, sinusoidal, rope, gap, margin, verdict }], counts }.
val h2h_robustness(val settings, val rows) {
  return guarded([&] {
    std::vector<pelab::RobustnessRun> runs;
    const int n = rows["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      const val r = rows[i];
      runs.push_back({str_field(r, "setting"), str_field(r, "variant"), static_cast<long long>(seed_field(r, "seed")),
                      num_field(r, "trainConjLoss"), num_field(r, "ood20ConjAcc")});
    }
    const pelab::RobustnessResult res = pelab::aggregate_robustness(strings_in(settings), runs);
    val list = val::array();
    for (const pelab::SettingResult& s : res.settings) {
      val e = val::object();
      e.set("id", s.setting);
      e.set("sinusoidal", seed_spread_out(s.sinusoidal));
      e.set("rope", seed_spread_out(s.rope));
      e.set("gap", s.gap);
      e.set("margin", s.margin);
      e.set("verdict", std::string(pelab::robustness_verdict_name(s.verdict)));
      list.call<void>("push", e);
    }
    val counts = val::object();
    counts.set("holds", res.holds);
    counts.set("does_not_hold", res.does_not_hold);
    counts.set("not_converged", res.not_converged);
    val out = val::object();
    out.set("settings", list);
    out.set("counts", counts);
    out.set("convergedConjLoss", pelab::kConvergedConjLoss);
    return out;
  });
}

val versions() {
  val v = val::object();
  v.set("pe_lab", pelab::pe_lab_version());
  v.set("eigen", pelab::eigen_version());
  v.set("emscripten", pelab::emscripten_version());
  return v;
}

}  // namespace

EMSCRIPTEN_BINDINGS(pe_lab) {
  emscripten::value_object<pelab::BucketRange>("BucketRange")
      .field("min", &pelab::BucketRange::min)
      .field("max", &pelab::BucketRange::max)
      .field("count", &pelab::BucketRange::count)
      .field("openLow", &pelab::BucketRange::open_low)
      .field("openHigh", &pelab::BucketRange::open_high);
  emscripten::value_object<pelab::InferenceRow>("InferenceRow")
      .field("method", &pelab::InferenceRow::method)
      .field("split", &pelab::InferenceRow::split)
      .field("factor", &pelab::InferenceRow::factor)
      .field("conjAcc", &pelab::InferenceRow::conj_acc)
      .field("conjLoss", &pelab::InferenceRow::conj_loss)
      .field("loss", &pelab::InferenceRow::loss);
  emscripten::value_object<pelab::InferenceSplit>("InferenceSplit")
      .field("split", &pelab::InferenceSplit::split)
      .field("T", &pelab::InferenceSplit::T)
      .field("factor", &pelab::InferenceSplit::factor);
  emscripten::value_object<pelab::Coincidence>("Coincidence")
      .field("split", &pelab::Coincidence::split)
      .field("a", &pelab::Coincidence::a)
      .field("b", &pelab::Coincidence::b)
      .field("maxRelDiff", &pelab::Coincidence::max_rel_diff)
      .field("pairsAgreeing", &pelab::Coincidence::pairs_agreeing)
      .field("same", &pelab::Coincidence::same);
  emscripten::value_object<pelab::ClaimRow>("ClaimRow")
      .field("name", &pelab::ClaimRow::name)
      .field("split", &pelab::ClaimRow::split)
      .field("conjAcc", &pelab::ClaimRow::conj_acc)
      .field("converged", &pelab::ClaimRow::converged);
  emscripten::value_object<pelab::ClaimEntry>("ClaimEntry")
      .field("name", &pelab::ClaimEntry::name)
      .field("role", &pelab::ClaimEntry::role)
      .field("seeds", &pelab::ClaimEntry::seeds)
      .field("mean", &pelab::ClaimEntry::mean)
      .field("min", &pelab::ClaimEntry::min)
      .field("max", &pelab::ClaimEntry::max);
  emscripten::value_object<pelab::ClaimComparison>("ClaimComparison")
      .field("a", &pelab::ClaimComparison::a)
      .field("b", &pelab::ClaimComparison::b)
      .field("aBeatsB", &pelab::ClaimComparison::a_beats_b)
      .field("bBeatsA", &pelab::ClaimComparison::b_beats_a);
  emscripten::function("sinusoidal", &sinusoidal);
  emscripten::function("ropeFrequencies", &rope_frequencies);
  emscripten::function("applyRope", &apply_rope);
  emscripten::function("ropeScaled", &rope_scaled);
  emscripten::function("alibiSlopes", &alibi_slopes);
  emscripten::function("t5Buckets", &t5_buckets);
  emscripten::function("learnedPe", &learned_pe);
  emscripten::function("random", &random_draws);
  emscripten::function("attention", &attention);
  emscripten::function("permutationLab", &permutation_lab);
  emscripten::function("sinusoidalLab", &sinusoidal_lab);
  emscripten::function("ropeLab", &rope_lab);
  emscripten::function("extrapolationLab", &extrapolation_lab);
  emscripten::function("extrapolationRecommend", &extrapolation_recommend);
  emscripten::function("biasesLab", &biases_lab);
  emscripten::function("contextExtensionLab", &context_extension_lab);
  emscripten::function("headToHeadCorpus", &h2h_corpus);
  emscripten::function("headToHeadRun", &h2h_run);
  emscripten::function("headToHeadRobustnessRun", &h2h_robustness_run);
  emscripten::function("headToHeadEvaluate", &h2h_evaluate);
  emscripten::function("headToHeadLogits", &h2h_logits);
  emscripten::function("headToHeadInference", &h2h_inference);
  emscripten::function("gptParamCount", &gpt_param_count);
  emscripten::function("gptLayout", &gpt_layout);
  emscripten::function("headToHeadRobustnessGrid", &h2h_robustness_grid);
  emscripten::function("headToHeadRobustness", &h2h_robustness);
  emscripten::function("versions", &versions);
  emscripten::function("lastError", &take_last_error);
  emscripten::function("labCaps", &lab_caps);
  emscripten::function("engineCaps", &engine_caps);
}
