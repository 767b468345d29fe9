#pragma once

// approvals/ID.json in the state directory: decisions on pending runs, so
// whichever process holds the pending run (daemon or CLI) sees a decision
// made through the other.
#include <filesystem>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/error.h"

namespace unyo::playbooks {

struct ApprovalDecision {
  bool approved = false;
  std::string by;  // "api:ops", "cli:root"
  Clock::WallTime at{};
};

// Decisions on pending runs, as files, so whichever process holds the
// pending run (daemon or CLI) sees a decision made through the other.
class ApprovalBox {
 public:
  explicit ApprovalBox(std::filesystem::path stateDir);
  // Fails if a decision for `runId` already exists.
  Expected<void> decide(const std::string& runId, const ApprovalDecision& decision);
  Expected<std::optional<ApprovalDecision>> decision(const std::string& runId) const;
  void forget(const std::string& runId);

 private:
  std::filesystem::path dir_;
};

}  // namespace unyo::playbooks
