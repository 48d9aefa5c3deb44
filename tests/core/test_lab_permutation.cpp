// tests/core/test_lab_permutation.cpp — Lab 00's runner: the word permutation found by hand, word vectors
// that follow the word and not its position, Attn(P·X) = P·Attn(X) without positions and not with them,
// and bad parameters reported under their public names.
#include <doctest/doctest.h>

#include "check_throws.h"

#include <string>
#include <vector>

#include "labs/permutation.h"

using pelab::PeScheme;

namespace {
pelab::PermutationParams params(std::vector<std::string> sentence, std::vector<std::string> reordered) {
  pelab::PermutationParams p;
  p.sentence = std::move(sentence);
  p.reordered = std::move(reordered);
  return p;
}
}  // namespace

TEST_CASE("the permutation maps each reordered word to its place in the sentence") {
  SUBCASE("distinct words") {
    // By hand: mat = sentence[4], sat = [2], the = [0], cat = [1], on = [3].
    const pelab::PermutationResult r =
        pelab::run_permutation_lab(params({"the", "cat", "sat", "on", "mat"}, {"mat", "sat", "the", "cat", "on"}));
    CHECK(r.perm == std::vector<int>{4, 2, 0, 1, 3});
    for (int i = 0; i < 5; ++i) CHECK(r.x_reordered.row(i) == r.x.row(r.perm[i]));  // definition of P·X
  }
  SUBCASE("a repeated word is matched in order") {
    // reordered[0] = a takes the first unused a (0), reordered[1] = a the next one (2), b is sentence[1].
    const pelab::PermutationResult r = pelab::run_permutation_lab(params({"a", "b", "a"}, {"a", "a", "b"}));
    CHECK(r.perm == std::vector<int>{0, 2, 1});
    CHECK(r.x.row(0) == r.x.row(2));  // a word's vector depends on the word and the seed only
    CHECK(r.x.row(0) != r.x.row(1));
  }
}

TEST_CASE("the sentence's rows are the words' vectors") {
  const pelab::PermutationParams p = params({"I", "work", "he"}, {"he", "work", "I"});
  const pelab::PermutationResult r = pelab::run_permutation_lab(p);
  REQUIRE(r.x.rows() == 3);
  REQUIRE(r.x.cols() == p.d_model);
  for (int t = 0; t < 3; ++t) CHECK(r.x.row(t) == pelab::word_vector(p.sentence[t], p.d_model, p.seed).transpose());
}

TEST_CASE("attention is permutation-equivariant without positions and not with them") {
  const pelab::PermutationResult r =
      pelab::run_permutation_lab(params({"the", "cat", "sat", "on", "mat"}, {"mat", "sat", "the", "cat", "on"}));
  REQUIRE(r.schemes.size() == 6);  // the default list, in its order
  const PeScheme order[] = {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kLearned,
                            PeScheme::kRope, PeScheme::kAlibi, PeScheme::kT5};
  for (std::size_t s = 0; s < 6; ++s) {
    const pelab::PermutationSchemeResult& x = r.schemes[s];
    CAPTURE(pelab::pe_scheme_name(x.pe));
    CHECK(x.pe == order[s]);
    if (x.pe == PeScheme::kNone) {
      // Same rows in another order: the products differ only in float32 summation order.
      CHECK(x.equivariance_error <= 1e-5);
      CHECK(x.multiset_error <= 1e-5);
    } else {
      // Every scheme gives the moved words other positions, hence other outputs (entries are O(1)).
      CHECK(x.equivariance_error > 1e-3);
    }
  }
}

TEST_CASE("reversing the sentence keeps bidirectional ALiBi equivariant") {
  // Reversal maps positions i -> T-1-i, and |(T-1-i) - (T-1-j)| = |i - j|: ALiBi's biases, which depend on
  // the distance only, move with the words. Sinusoidal inputs do not (PE(T-1-i) != PE(i)).
  pelab::PermutationParams p = params({"the", "cat", "sat", "on", "mat"}, {"mat", "on", "sat", "cat", "the"});
  p.schemes = {PeScheme::kAlibi, PeScheme::kSinusoidal};
  const pelab::PermutationResult r = pelab::run_permutation_lab(p);
  CHECK(r.perm == std::vector<int>{4, 3, 2, 1, 0});
  CHECK(r.schemes[0].equivariance_error <= 1e-5);
  CHECK(r.schemes[1].equivariance_error > 1e-3);
}

TEST_CASE("reordering a sentence into itself changes nothing for any scheme") {
  // Identical inputs through identical deterministic code: the errors are exactly 0.
  const pelab::PermutationResult r = pelab::run_permutation_lab(params({"I", "work", "he"}, {"I", "work", "he"}));
  CHECK(r.perm == std::vector<int>{0, 1, 2});
  for (const pelab::PermutationSchemeResult& x : r.schemes) {
    CAPTURE(pelab::pe_scheme_name(x.pe));
    CHECK(x.equivariance_error == 0.0);
    CHECK(x.multiset_error == 0.0);
  }
}

TEST_CASE("bad permutation parameters are reported under their public names") {
  using P = pelab::PermutationParams;
  check_bad_params<P>(params({"I", "work", "he"}, {"he", "work", "I"}), [](const P& p) { pelab::run_permutation_lab(p); },
                      {
                          {"sentence", "0 words", [](P& p) { p.sentence.clear(); p.reordered.clear(); }},
                          {"sentence", "257 words", [](P& p) { p.sentence.assign(257, "w"); p.reordered = p.sentence; }},
                          {"reordered", "2 words", [](P& p) { p.reordered.pop_back(); }},
                          {"reordered", "'she' (not in sentence or used too often)", [](P& p) { p.reordered[0] = "she"; }},
                          {"reordered", "'I' (not in sentence or used too often)", [](P& p) { p.reordered = {"I", "I", "he"}; }},
                          {"dModel", "1", [](P& p) { p.d_model = 1; }},
                          {"nHeads", "3", [](P& p) { p.n_heads = 3; }},  // does not divide dModel = 16
                      });
}
