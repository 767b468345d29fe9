#pragma once

// The params of one run: what the caller gave (strings from
// `--param days=7`, JSON from the API) checked against the playbook's
// declarations, converted to their types, defaults filled in, secrets read
// from their files and handed to the redactor.

#include "base/error.h"
#include "playbooks/engine/redactor.h"
#include "playbooks/playbook.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

// `given` is a map of what the caller set. Errors name the param: unknown
// ones (with the declared names), locked ones (not `overridable`), values of
// the wrong type or out of bounds, required ones missing, unreadable
// from_file. Errors a caller can fix are ErrorKind::invalid. A path a
// caller gives is bound as its real path, the one its bounds were checked on.
Expected<Value> bindParams(const Playbook& playbook, const Value& given, Redactor& redactor);

// Whether the caller set some param to anything but its default (policy
// approval: when_overridden). `given` as accepted by bindParams; a path
// equal to its default but for "." or slashes is no override.
bool overridesDefaults(const Playbook& playbook, const Value& given);

// The params as they may be shown and stored: secrets as ***.
Value displayParams(const Playbook& playbook, const Value& bound);

}  // namespace unyo::playbooks
