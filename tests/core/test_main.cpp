// tests/core/test_main.cpp — doctest's main(); every other file in tests/core/ holds test cases.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
