#pragma once

// The parts of a step's `loop:` that need no event loop (docs/playbooks.md,
// "Loops"): the items it yields, what {{ loop.* }} reads for each, how much
// of each item's output is kept, and how the items sum up into the step's
// own record. The RunExecutor runs the items themselves.

#include <cstddef>

#include "base/error.h"
#include "playbooks/playbook.h"
#include "playbooks/run_record.h"
#include "playbooks/value.h"

namespace unyo::playbooks {

// The items of `loop` rendered against `scope`: an error when it yields
// anything but a list, or more than kMaxLoopItems items.
Expected<Value::List> loopItems(const WithNode& loop, const Value& scope);

// {{ loop.index }} (1 for the first item), index0 (0 for it), length,
// first, last: for the item at `index0` of `count`.
Value loopScope(std::size_t index0, std::size_t count);

// How long each string of one item's output may stay, in the record and in
// the scope: the full `maxOutputBytes` for up to 16 items, then a share of
// 16 times that, never under 256 bytes; so 1000 items of an exec keep
// about as much as 16 would.
std::size_t itemOutputBytes(std::size_t maxOutputBytes, std::size_t count);

// Sets the step's status, changed, attempts, error and summary from its
// items (`record.items`, of `count` the loop yielded; fewer ran when the
// run's time ran out):
// - no item at all: skipped;
// - an item failed or timed out: the first such item's status, its error
//   named by position ("item 2 (/srv/b): ...");
// - otherwise, out of time before the last item: timed_out;
// - otherwise skipped when every item was, else ok.
// changed: any item changed; attempts: the most any item took.
void summarizeLoop(StepRecord& record, std::size_t count);

}  // namespace unyo::playbooks
