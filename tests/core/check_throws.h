// tests/core/check_throws.h — the one helper the native bad-input tests share.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <stdexcept>
#include <string>

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
