#pragma once

// What a step does: the interface every built-in action implements, the
// `with:` schema checked when a playbook loads, and the typed reads of the
// rendered `with:` at run time.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "playbooks/system_access.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

// The kinds a `with:` key can hold. A value containing a {{ template }} is
// only checked for its references at load time and converted at run time.
enum class ParamKind {
  string,
  integer,
  number,
  boolean,
  duration,    // "15s", "7d"
  size,        // "10GiB"
  stringList,  // [a, b]
  map,         // {key: value}
  any,         // whatever YAML holds (a webhook body)
};

struct ParamSpec {
  std::string_view name;
  ParamKind kind = ParamKind::string;
  bool required = false;
  // A file or folder the action needs as an absolute path: a relative one
  // is refused when the playbook loads (written as is) or when the step
  // runs (from a template). Set in registry.cpp.
  bool absolutePath = false;
};

struct ActionRequest {
  Value with;  // the step's `with:` with every template rendered
  bool dryRun = false;
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // the step's budget
  const Value* scope = nullptr;  // the run's template scope (params, steps, ...), for assert
};

struct ActionResult {
  bool ok = true;
  bool changed = false;         // the action changed something on the system
  Value output = Value::map();  // what later steps read as steps.<id>.output.*
  std::string error;            // why it failed, when !ok
  std::string summary;          // one line for `unyo playbook run`: "deleted 12 files (3.4 MiB)"

  static ActionResult failure(std::string error, Value output = Value::map()) {
    ActionResult r;
    r.ok = false;
    r.error = std::move(error);
    r.output = std::move(output);
    return r;
  }
};

class Action {
 public:
  virtual ~Action() = default;
  // Must honour request.dryRun: change nothing and say in `summary` (and
  // output.would_*) what it would do. Read-only checks may run for real.
  virtual boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                                   SystemAccess& system) = 0;
};

struct ActionDescriptor {
  std::string_view name;  // "file.cleanup"
  std::string_view summary;
  std::vector<ParamSpec> params;
  std::unique_ptr<Action> (*create)();
};

// Every built-in action (playbooks/actions/registry.cpp).
std::span<const ActionDescriptor> actionRegistry();
const ActionDescriptor* findAction(std::string_view name);

// Typed reads of a rendered `with:`. Each returns the value, the default
// when the key is absent, or an error naming the key and the problem.
class WithReader {
 public:
  explicit WithReader(const Value& with) : with_(with) {}

  bool has(std::string_view key) const;
  Expected<std::string> string(std::string_view key, std::string fallback = "") const;
  Expected<std::string> requiredString(std::string_view key) const;
  Expected<std::int64_t> integer(std::string_view key, std::int64_t fallback = 0) const;
  Expected<double> number(std::string_view key, double fallback = 0) const;
  Expected<bool> boolean(std::string_view key, bool fallback = false) const;
  Expected<std::chrono::milliseconds> duration(std::string_view key,
                                               std::chrono::milliseconds fallback = {}) const;
  Expected<std::uint64_t> size(std::string_view key, std::uint64_t fallback = 0) const;
  Expected<std::vector<std::string>> stringList(std::string_view key) const;
  const Value* raw(std::string_view key) const { return with_.find(key); }

 private:
  const Value& with_;
};

}  // namespace unyo::playbooks
