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

// `given` is a map. Errors name the param: unknown ones (with the declared
// names), values of the wrong type, required ones missing, unreadable
// from_file.
Expected<Value> bindParams(const Playbook& playbook, const Value& given, Redactor& redactor);

// The params as they may be shown and stored: secrets as ***.
Value displayParams(const Playbook& playbook, const Value& bound);

}  // namespace unyo::playbooks
