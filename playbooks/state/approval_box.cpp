// ApprovalBox: approvals/RUNID.json, created once and never overwritten, so
// the first decision on a run is the only one.

#include "playbooks/state/approval_box.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "base/iso_time.h"

namespace unyo::playbooks {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRunIdLength = 64;

// Run ids look like "20261128T091500Z-3fa9c2"; anything else (a "../")
// must not become a path.
Expected<void> checkRunId(const std::string& runId) {
  const bool valid = !runId.empty() && runId.size() <= kMaxRunIdLength &&
                     std::all_of(runId.begin(), runId.end(), [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
                     });
  if (!valid) return fail("\"" + runId + "\" is not a run id", ErrorKind::invalid);
  return {};
}

Expected<ApprovalDecision> decisionFromText(const std::string& text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto approved = j.is_object() ? j.find("approved") : j.end();
  const auto by = j.is_object() ? j.find("by") : j.end();
  const auto at = j.is_object() ? j.find("at") : j.end();
  if (j.is_discarded() || !j.is_object() || approved == j.end() || !approved->is_boolean() ||
      by == j.end() || !by->is_string() || at == j.end() || !at->is_string()) {
    return fail("not a decision ({\"approved\", \"by\", \"at\"})");
  }
  const auto when = parseIsoTime(at->get<std::string>());
  if (!when) return fail("\"at\" is not a time");
  return ApprovalDecision{approved->get<bool>(), by->get<std::string>(), *when};
}

}  // namespace

ApprovalBox::ApprovalBox(std::filesystem::path stateDir) : dir_(stateDir / "approvals") {}

Expected<void> ApprovalBox::decide(const std::string& runId, const ApprovalDecision& decision) {
  if (auto valid = checkRunId(runId); !valid) return valid;
  if (auto created = ensureDirectory(dir_); !created) return created;
  const auto path = dir_ / (runId + ".json");
  const json document = {
      {"approved", decision.approved}, {"by", decision.by}, {"at", formatIsoTime(decision.at)}};
  auto created =
      createFileAtomically(path, document.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!created) return std::unexpected(created.error());
  if (*created) return {};
  auto earlier = this->decision(runId);
  if (!earlier || !*earlier) {
    return fail("run " + runId + " already has a decision (" + path.string() + ")",
                ErrorKind::conflict);
  }
  return fail("run " + runId + " was already " + ((*earlier)->approved ? "approved" : "rejected") +
                  " by " + (*earlier)->by,
              ErrorKind::conflict);
}

Expected<std::optional<ApprovalDecision>> ApprovalBox::decision(const std::string& runId) const {
  if (auto valid = checkRunId(runId); !valid) return std::unexpected(valid.error());
  const auto path = dir_ / (runId + ".json");
  auto text = readFileIfExists(path);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<ApprovalDecision>();
  auto parsed = decisionFromText(**text);
  if (!parsed) return fail(path.string() + ": " + parsed.error().message);
  return std::optional<ApprovalDecision>(std::move(*parsed));
}

void ApprovalBox::forget(const std::string& runId) {
  if (!checkRunId(runId)) return;
  // Already gone is fine: forgetting is idempotent.
  ::unlink((dir_ / (runId + ".json")).c_str());
}

}  // namespace unyo::playbooks
