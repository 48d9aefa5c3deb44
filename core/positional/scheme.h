// core/positional/scheme.h — the one list of positional schemes, shared by the attention layer (every
// scheme), the labs and the mini-GPT (the schemes it implements). Names are the public identifiers.
// Leaves out: how each scheme is applied (positional/*, attention/attention.cpp, model/gpt.cpp).
#pragma once

#include <string>

namespace pelab {

enum class PeScheme { kNone, kSinusoidal, kLearned, kRope, kAlibi, kT5 };

// "none" | "sinusoidal" | "learned" | "rope" | "alibi" | "t5"; anything else throws an ArgumentError
// "<where>: <param> must be one of …".
PeScheme parse_pe_scheme(const std::string& name, const char* where = "attention", const char* param = "pe");
const char* pe_scheme_name(PeScheme pe);

}  // namespace pelab
