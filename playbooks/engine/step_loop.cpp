#include "playbooks/engine/step_loop.h"

#include <algorithm>

#include "playbooks/engine/run_executor.h"

namespace unyo::playbooks {
namespace {

// An item as messages name it: short, on one line.
std::string itemText(const Value& item) {
  std::string text = item.toText();
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

bool failed(StepStatus status) {
  return status == StepStatus::failed || status == StepStatus::timedOut;
}

}  // namespace

Expected<Value::List> loopItems(const WithNode& loop, const Value& scope) {
  auto rendered = renderWith(loop, scope);
  if (!rendered) return fail("loop: " + rendered.error().message);
  if (!rendered->isList()) {
    const std::string got = rendered->isMap() ? "a mapping" : inQuotes(itemText(*rendered));
    return fail("loop: expected a list, got " + got);
  }
  const std::size_t count = rendered->asList().size();
  if (count > kMaxLoopItems) {
    return fail("loop: " + std::to_string(count) + " items; a step loops over at most " +
                std::to_string(kMaxLoopItems));
  }
  return std::move(rendered->asList());
}

Value loopScope(std::size_t index0, std::size_t count) {
  Value loop = Value::map();
  loop.set("index", static_cast<std::int64_t>(index0 + 1));
  loop.set("index0", static_cast<std::int64_t>(index0));
  loop.set("length", static_cast<std::int64_t>(count));
  loop.set("first", index0 == 0);
  loop.set("last", index0 + 1 == count);
  return loop;
}

std::size_t itemOutputBytes(std::size_t maxOutputBytes, std::size_t count) {
  constexpr std::size_t kFullItems = 16;
  constexpr std::size_t kFloor = 256;
  if (count <= kFullItems) return maxOutputBytes;
  return std::min(maxOutputBytes, std::max(kFloor, maxOutputBytes * kFullItems / count));
}

void summarizeLoop(StepRecord& record, std::size_t count) {
  std::size_t ok = 0, failures = 0, skipped = 0, changed = 0;
  const StepItemRecord* firstFailure = nullptr;
  std::size_t firstFailureIndex = 0;
  record.attempts = 0;
  for (std::size_t i = 0; i < record.items.size(); ++i) {
    const StepItemRecord& item = record.items[i];
    record.attempts = std::max(record.attempts, item.attempts);
    if (item.changed) ++changed;
    if (item.status == StepStatus::ok) ++ok;
    if (item.status == StepStatus::skipped) ++skipped;
    if (!failed(item.status)) continue;
    if (firstFailure == nullptr) {
      firstFailure = &item;
      firstFailureIndex = i;
    }
    ++failures;
  }
  record.changed = changed > 0;
  record.output = Value::map();
  const bool cutShort = record.items.size() < count;
  if (count == 0) {
    record.status = StepStatus::skipped;
    record.summary = "skipped: the loop has no items";
    return;
  }
  std::string summary =
      std::to_string(count) + (count == 1 ? " item: " : " items: ") + std::to_string(ok) + " ok";
  if (failures > 0) summary += ", " + std::to_string(failures) + " failed";
  if (skipped > 0) summary += ", " + std::to_string(skipped) + " skipped";
  if (cutShort) summary += ", " + std::to_string(count - record.items.size()) + " not run";
  if (changed > 0) summary += " (" + std::to_string(changed) + " changed)";
  record.summary = summary;
  if (firstFailure != nullptr) {
    record.status = firstFailure->status;
    record.error = "item " + std::to_string(firstFailureIndex + 1) + " (" +
                   itemText(firstFailure->item) + "): " + firstFailure->error;
    if (failures > 1) record.error += " (and " + std::to_string(failures - 1) + " more)";
  } else if (cutShort) {
    record.status = StepStatus::timedOut;
    record.error = "no time left in the run for item " + std::to_string(record.items.size() + 1) +
                   " of " + std::to_string(count);
  } else {
    record.status = skipped == record.items.size() ? StepStatus::skipped : StepStatus::ok;
  }
}

}  // namespace unyo::playbooks
