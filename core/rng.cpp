// core/rng.cpp — PCG32 and the draws built on it. See rng.h for the contract.
#include "rng.h"

#include <cmath>

namespace pelab {

namespace {
constexpr std::uint64_t kMultiplier = 6364136223846793005ULL;  // PCG reference LCG multiplier
constexpr double kTwoPi = 6.283185307179586476925286766559;
}  // namespace

// Reference seeding (pcg32_srandom_r): state = 0; inc = 2*stream+1; step; state += seed; step.
Pcg32::Pcg32(std::uint64_t seed, std::uint64_t stream) : state_(0), inc_((stream << 1u) | 1u) {
  next_u32();
  state_ += seed;
  next_u32();
}

std::uint32_t Pcg32::next_u32() {
  std::uint64_t old = state_;
  state_ = old * kMultiplier + inc_;
  std::uint32_t xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
  std::uint32_t rot = static_cast<std::uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

double Pcg32::next_uniform() {
  std::uint64_t a = next_u32() >> 5;  // 27 bits
  std::uint64_t b = next_u32() >> 6;  // 26 bits
  return static_cast<double>((a << 26) | b) * (1.0 / 9007199254740992.0);  // / 2^53
}

std::uint32_t Pcg32::next_below(std::uint32_t bound) {
  // Reject the low values that would bias the modulo (pcg32_boundedrand_r).
  std::uint32_t threshold = static_cast<std::uint32_t>(-bound) % bound;
  for (;;) {
    std::uint32_t r = next_u32();
    if (r >= threshold) return r % bound;
  }
}

double Pcg32::next_normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // u1 in (0, 1] so log(u1) is finite.
  double u1 = 1.0 - next_uniform();
  double u2 = next_uniform();
  double r = std::sqrt(-2.0 * std::log(u1));
  double angle = kTwoPi * u2;
  spare_ = r * std::sin(angle);
  has_spare_ = true;
  return r * std::cos(angle);
}

template <typename M>
static void fill_normal_impl(Pcg32& rng, M& m, double sigma) {
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j)
      m(i, j) = static_cast<typename M::Scalar>(sigma * rng.next_normal());
}

void fill_normal(Pcg32& rng, Eigen::Ref<MatF> m, double sigma) { fill_normal_impl(rng, m, sigma); }
void fill_normal(Pcg32& rng, Eigen::Ref<MatD> m, double sigma) { fill_normal_impl(rng, m, sigma); }

std::uint64_t fnv1a64(const char* data, std::size_t n) {
  std::uint64_t h = 14695981039346656037ULL;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace pelab
