#pragma once

// How playbooks and runs are shown: JSON for the HTTP API and `--json`,
// text for the terminal. One place, so the API and the CLI agree.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "playbooks/playbook.h"
#include "playbooks/run_record.h"

namespace unyo::agent {

// What to say about a playbook besides its file: when it runs next and how
// its last run ended.
struct PlaybookStatus {
  std::optional<Clock::WallTime> nextRun;
  std::optional<playbooks::RunRecord> lastRun;
};

nlohmann::json playbookSummaryJson(const playbooks::Playbook& playbook,
                                   const PlaybookStatus& status);
nlohmann::json playbookDetailJson(const playbooks::Playbook& playbook,
                                  const PlaybookStatus& status);

// "schedule \"0 3 * * *\" business_days, jitter 5m"
std::string describeTrigger(const playbooks::Trigger& trigger);

// `unyo playbook list`: one line per playbook.
std::string playbookTable(const std::vector<std::pair<const playbooks::Playbook*, PlaybookStatus>>& rows);
// `unyo playbook show NAME`
std::string playbookDetailText(const playbooks::Playbook& playbook, const PlaybookStatus& status);

// `unyo runs`: one line per run, newest first.
std::string runTable(const std::vector<playbooks::RunRecord>& runs);
// `unyo runs show ID`: the run with its steps and (redacted) outputs.
std::string runDetailText(const playbooks::RunRecord& run);

// "2026-11-28 12:00:00 JST"-style local time for terminals; ISO-8601 UTC in JSON.

}  // namespace unyo::agent
