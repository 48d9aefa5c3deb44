// tests/core/check_throws.h — the one helper the native bad-input tests share: a message check for the
// positional building blocks, and a structured check (pelab::ArgumentError's param/allowed/got) for the lab
// runners, whose parameter names are the public schema names the JS layer shows.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "check.h"

// Runs f, which must throw std::invalid_argument whose message contains needle.
inline void check_throws_containing(const std::function<void()>& f, const std::string& needle) {
  CAPTURE(needle);
  try {
    f();
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(std::string(e.what()).find(needle) != std::string::npos);
  }
}

// One bad edit of a runner's parameters: the public name it must be reported under and the value it must
// report as got.
template <typename P>
struct BadParam {
  std::string param, got;
  std::function<void(P&)> edit;
};

// good must run; each case's edit of a copy of good must make run throw pelab::ArgumentError naming the
// case's param, with a non-empty allowed and the case's got.
template <typename P>
void check_bad_params(const P& good, const std::function<void(const P&)>& run, const std::vector<BadParam<P>>& cases) {
  CHECK_NOTHROW(run(good));
  for (const BadParam<P>& b : cases) {
    CAPTURE(b.param);
    P p = good;
    b.edit(p);
    try {
      run(p);
      FAIL("no exception");
    } catch (const pelab::ArgumentError& e) {
      const std::string what = e.what();
      CAPTURE(what);
      CHECK(e.param() == b.param);
      CHECK_FALSE(e.allowed().empty());
      CHECK(e.got() == b.got);
    }
  }
}
