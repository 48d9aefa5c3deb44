// core/positional/t5.h — T5 relative-position biases (Raffel et al. 2020, JMLR 21(140), §2.1).
// Legend: T positions, NH heads (n_heads). Each head adds a learned scalar b[head][bucket(j - i)] to the
// score of query i and key j; the bucket is exact for short distances and logarithmic up to max_distance.
// Bucketing follows Hugging Face's T5Attention._relative_position_bucket (= Mesh TensorFlow's
// _relative_position_bucket) line by line, including its float32 log. Leaves out: training the table,
// adding the bias to the scores, and T5's sharing of one table across layers.
#pragma once

#include <cstdint>

#include "../tensor.h"

namespace pelab {

// Bucket of relative_position = key j - query i (memory - query; > 0 means the key is in the future).
// bidirectional: half the buckets for keys at or before the query (j <= i), half for keys after it
// (those get + num_buckets/2; so bucket num_buckets/2 itself, "distance 0 after", is never used).
// causal: future keys all map to bucket 0 (rel = -min(rel, 0)), the query's own bucket.
// Within a half of n buckets, with max_exact = n/2 and r = |rel|:
//   r <  max_exact:  bucket r
//   r >= max_exact:  min(n-1, max_exact + int(log(r / max_exact) / log(max_distance / max_exact) * (n - max_exact)))
// with the log expression in float32 as the reference computes it, int() truncating toward zero.
// Rules (throw std::invalid_argument): num_buckets in [2, 1024], and even and >= 4 when bidirectional
// (two equal halves, each with max_exact >= 1); max_distance in [max_exact + 1, 2^20] (the log in the
// denominator must be positive); |relative_position| <= 2^30.
int t5_bucket(long long relative_position, bool bidirectional, int num_buckets, int max_distance);

// Buckets of every (query i, key j) pair; out is (T, T), entry (i, j) = t5_bucket(j - i, …).
// Throws as t5_bucket, and for T outside [1, kMaxT] or T*T above kMaxAttentionElements.
MatI t5_buckets(int T, bool bidirectional, int num_buckets, int max_distance);

// Per-head bucket biases (NH, num_buckets), N(0, sigma^2) drawn row-major from Pcg32(seed, Stream::kT5Bias).
// Throws for n_heads outside [1, kMaxHeads], num_buckets outside [2, 1024], sigma not finite in (0, 1e6].
MatF t5_bias_table(int n_heads, int num_buckets, double sigma, std::uint64_t seed);

// Bias of one head: out has the shape of buckets (T, T), entry (i, j) = table(head, buckets(i, j)).
// Throws for an empty table or buckets, head outside [0, NH-1], or a bucket outside [0, num_buckets-1].
MatF t5_bias(const MatI& buckets, const Eigen::Ref<const MatF>& table, int head);

// Trainable parameters: n_heads * num_buckets (the course's "~32 / head").
long long t5_parameter_count(int n_heads, int num_buckets);

}  // namespace pelab
