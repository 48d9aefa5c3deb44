// core/positional/scheme.cpp — see scheme.h.
#include "scheme.h"

#include "../check.h"

namespace pelab {

PeScheme parse_pe_scheme(const std::string& name, const char* where, const char* param) {
  for (PeScheme pe : {PeScheme::kNone, PeScheme::kSinusoidal, PeScheme::kLearned, PeScheme::kRope, PeScheme::kAlibi,
                      PeScheme::kT5})
    if (name == pe_scheme_name(pe)) return pe;
  fail_arg(where, param, "one of 'none', 'sinusoidal', 'learned', 'rope', 'alibi', 't5'", "'" + name + "'");
}

const char* pe_scheme_name(PeScheme pe) {
  switch (pe) {
    case PeScheme::kNone: return "none";
    case PeScheme::kSinusoidal: return "sinusoidal";
    case PeScheme::kLearned: return "learned";
    case PeScheme::kRope: return "rope";
    case PeScheme::kAlibi: return "alibi";
    case PeScheme::kT5: return "t5";
  }
  return "none";
}

}  // namespace pelab
