#pragma once

// Whether a param value lies within the bounds its playbook declares
// (min/max, enum, pattern, under). The parser checks defaults with it and
// the engine every value a caller gives, before the run is queued.

#include "base/error.h"
#include "playbooks/playbook.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

// How a path is checked against `under`: `lexical` on the text alone (the
// parser: a playbook's validity must not depend on the machine that reads
// it), `resolved` through the symbolic links that exist now (a caller's
// value, which is what the action will use).
enum class PathCheck { lexical, resolved };

// `value` is already converted to the param's type. Returns the value to
// use: unchanged, except that a path comes back clean (lexical) or as its
// real path (resolved), so the action acts on what was checked. Errors
// (ErrorKind::invalid) say what was wrong without naming the param.
Expected<Value> checkParamBounds(const ParamDefinition& param, const Value& value,
                                 PathCheck check);

// "string", "int", ... as written in a playbook.
std::string_view paramTypeName(ParamType type);

}  // namespace unyo::playbooks
