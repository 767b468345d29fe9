// `unyo runs [--playbook NAME] [--limit N] [--json]`, `runs show ID`,
// `runs approve ID`, `runs reject ID`: the run history in the state
// directory, and decisions on runs waiting for approval.

#include <unistd.h>

#include <charconv>
#include <cstdio>

#include "agent/cli/cli_requester.h"
#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/config/config.h"
#include "agent/web/playbook_view.h"
#include "playbooks/state/approval_box.h"
#include "playbooks/state/run_history.h"
#include "playbooks/state/run_id_prefix.h"

namespace unyo::agent {
namespace {

int listRuns(const CommandLine& cli, playbooks::RunHistory& history) {
  std::size_t limit = 20;
  if (auto text = cli.value("limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit == 0) {
      std::fprintf(stderr, "unyo: --limit takes a positive number\n");
      return kExitUsage;
    }
  }
  auto runs = history.list(cli.value("playbook"), limit);
  if (!runs) {
    std::fprintf(stderr, "unyo: %s\n", runs.error().message.c_str());
    return kExitFailure;
  }
  if (cli.has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& run : *runs) list.push_back(playbooks::toJson(run));
    std::printf("%s\n", list.dump(2).c_str());
  } else {
    std::fputs(runTable(*runs).c_str(), stdout);
  }
  return kExitOk;
}

int showRun(const CommandLine& cli, playbooks::RunHistory& history) {
  auto id = playbooks::resolveRunId(history, cli.arguments.front());
  if (!id) {
    std::fprintf(stderr, "unyo: %s\n", id.error().message.c_str());
    return kExitFailure;
  }
  auto run = history.find(*id);
  if (!run) {
    std::fprintf(stderr, "unyo: %s\n", run.error().message.c_str());
    return kExitFailure;
  }
  if (!*run) {
    std::fprintf(stderr, "unyo: no run \"%s\"\n", id->c_str());
    return kExitFailure;
  }
  if (cli.has("json")) {
    std::printf("%s\n", playbooks::toJson(**run).dump(2).c_str());
  } else {
    std::fputs(runDetailText(**run).c_str(), stdout);
  }
  return kExitOk;
}

int decide(const CommandLine& cli, const Config& config, playbooks::RunHistory& history,
           const Clock& clock) {
  const bool approve = cli.subcommand == "approve";
  auto resolved = playbooks::resolveRunId(history, cli.arguments.front());
  if (!resolved) {
    std::fprintf(stderr, "unyo: %s\n", resolved.error().message.c_str());
    return kExitFailure;
  }
  const std::string& id = *resolved;
  auto run = history.find(id);
  if (!run || !*run) {
    std::fprintf(stderr, "unyo: no run \"%s\"\n", id.c_str());
    return kExitFailure;
  }
  if ((*run)->status != playbooks::RunStatus::pending) {
    std::fprintf(stderr, "unyo: run %s is %s, not pending\n", id.c_str(),
                 std::string(playbooks::runStatusName((*run)->status)).c_str());
    return kExitFailure;
  }
  // The process holding the run (the daemon or a `playbook run`) picks the
  // decision up from the state directory.
  playbooks::ApprovalBox box(config.state.dir);
  auto decided = box.decide(id, {approve, cliRequester(), clock.now()});
  if (!decided) {
    std::fprintf(stderr, "unyo: %s\n", decided.error().message.c_str());
    return kExitFailure;
  }
  std::printf("run %s %s\n", id.c_str(), approve ? "approved" : "rejected");
  return kExitOk;
}

}  // namespace

int runRunsCommand(const CommandLine& cli, const Clock& clock) {
  auto config = loadConfigForCommand(cli, kExitUsage);
  if (!config) return config.error();
  playbooks::RunHistory history(config->state.dir, config->state.maxRuns);
  if (cli.subcommand == "show") return showRun(cli, history);
  if (cli.subcommand == "approve" || cli.subcommand == "reject") {
    return decide(cli, *config, history, clock);
  }
  return listRuns(cli, history);
}

}  // namespace unyo::agent
