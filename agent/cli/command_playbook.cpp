// `unyo playbook list | show NAME | validate FILE... | run NAME`.

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>

#include "agent/cli/cli_requester.h"
#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/cli/run_progress_printer.h"
#include "agent/config/config.h"
#include "agent/daemon/collector_setup.h"
#include "agent/daemon/playbook_runtime.h"
#include "agent/daemon/state_dir.h"
#include "agent/web/playbook_view.h"
#include "playbooks/parser/playbook_parser.h"
#include "playbooks/schedule/schedule_planner.h"

namespace unyo::agent {
namespace {

namespace asio = boost::asio;

struct Loaded {
  Config config;
  std::vector<playbooks::Playbook> playbooks;
};

// Config and playbooks, or the exit code after printing why not.
std::expected<Loaded, int> loadAll(const CommandLine& cli) {
  auto config = loadConfigForCommand(cli, kExitUsage);
  if (!config) return std::unexpected(config.error());
  auto playbooks = loadConfiguredPlaybooks(*config);
  if (!playbooks) {
    std::fputs(playbooks.error().toString().c_str(), stderr);
    return std::unexpected(kExitUsage);
  }
  return Loaded{std::move(*config), std::move(*playbooks)};
}

// Next run and last result, computed without a daemon.
PlaybookStatus statusOf(const playbooks::Playbook& p, const Config& config,
                        playbooks::RunHistory& history, const Clock& clock) {
  PlaybookStatus status;
  auto zone = unyo::TimeZone::load(config.playbooks.timezone);
  auto calendar =
      playbooks::BusinessCalendar::load(config.playbooks.holidaysFile, config.playbooks.yearEndClosure);
  if (zone && calendar) {
    for (const auto& trigger : p.triggers) {
      const auto* s = std::get_if<playbooks::ScheduleTrigger>(&trigger.kind);
      if (s == nullptr) continue;
      auto next = playbooks::nextScheduledTime(*s, *calendar, *zone, clock.now());
      if (next && (!status.nextRun || *next < *status.nextRun)) status.nextRun = next;
    }
  }
  if (auto runs = history.list(p.name, 1); runs && !runs->empty()) status.lastRun = runs->front();
  return status;
}

int listPlaybooks(const CommandLine& cli, const Clock& clock) {
  auto loaded = loadAll(cli);
  if (!loaded) return loaded.error();
  playbooks::RunHistory history(loaded->config.state.dir, loaded->config.state.maxRuns);
  std::vector<std::pair<const playbooks::Playbook*, PlaybookStatus>> rows;
  for (const auto& p : loaded->playbooks) {
    rows.emplace_back(&p, statusOf(p, loaded->config, history, clock));
  }
  if (cli.has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [p, status] : rows) list.push_back(playbookSummaryJson(*p, status));
    std::printf("%s\n", list.dump(2).c_str());
  } else {
    std::fputs(playbookTable(rows).c_str(), stdout);
  }
  return kExitOk;
}

int showPlaybook(const CommandLine& cli, const Clock& clock) {
  auto loaded = loadAll(cli);
  if (!loaded) return loaded.error();
  const std::string& name = cli.arguments.front();
  for (const auto& p : loaded->playbooks) {
    if (p.name != name) continue;
    playbooks::RunHistory history(loaded->config.state.dir, loaded->config.state.maxRuns);
    const PlaybookStatus status = statusOf(p, loaded->config, history, clock);
    if (cli.has("json")) {
      std::printf("%s\n", playbookDetailJson(p, status).dump(2).c_str());
    } else {
      std::fputs(playbookDetailText(p, status).c_str(), stdout);
    }
    return kExitOk;
  }
  std::fprintf(stderr, "unyo: no playbook \"%s\"\n", name.c_str());
  return kExitFailure;
}

int validatePlaybooks(const CommandLine& cli) {
  std::vector<std::filesystem::path> files(cli.arguments.begin(), cli.arguments.end());
  // The config's playbooks.vars, when there is a config to read: one named
  // (--config, UNYO_CONFIG) or the default file if it exists. Without one,
  // a var the playbook does not define may come from the config; `unyo
  // check` and the daemon check it then (docs/playbooks.md, "Vars").
  std::optional<Config> config;
  const std::string configPath = resolveConfigPath(cli);
  std::error_code ec;
  if (configPath != kDefaultConfigPath || std::filesystem::exists(configPath, ec)) {
    auto read = loadConfigForCommand(cli, kExitFailure);
    if (!read) return read.error();
    config = std::move(*read);
  }
  auto loaded = playbooks::loadPlaybooks(files, config ? &config->playbooks.vars : nullptr);
  if (!loaded) {
    std::fputs(loaded.error().toString().c_str(), stderr);
    std::fprintf(stderr, "%zu error%s\n", loaded.error().size(),
                 loaded.error().size() == 1 ? "" : "s");
    return kExitFailure;
  }
  for (const auto& p : *loaded) std::printf("%s: ok (%s)\n", p.file.c_str(), p.name.c_str());
  return kExitOk;
}

int runPlaybook(const CommandLine& cli, const Clock& clock, Logger& log) {
  auto loaded = loadAll(cli);
  if (!loaded) return loaded.error();
  const Config& config = loaded->config;
  playbooks::Engine::Request request;
  request.playbook = cli.arguments.front();
  request.dryRun = cli.has("dry-run");
  if (cli.has("diff") && !request.dryRun) {
    std::fputs("unyo: --diff shows what a dry run would change: use it with --dry-run\n", stderr);
    return kExitUsage;
  }
  request.trigger.type = playbooks::TriggerType::manual;
  request.trigger.requestedBy = cliRequester();
  for (const auto& param : cli.values("param")) {
    const auto eq = param.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "unyo: --param takes NAME=VALUE, got \"%s\"\n", param.c_str());
      return kExitUsage;
    }
    request.params.set(param.substr(0, eq), param.substr(eq + 1));
  }
  if (auto state = prepareStateDir(config.state.dir); !state) {
    std::fprintf(stderr, "unyo: %s\n", state.error().message.c_str());
    return kExitFailure;
  }

  // Metrics for `assert` and `when`, sampled once, the first time a step asks.
  collectors::RealStatFs statFs;
  std::unique_ptr<collectors::Sampler> sampler;
  collectors::SnapshotPtr snapshot;
  auto latest = [&]() -> collectors::SnapshotPtr {
    if (!snapshot) {
      if (auto built = buildSampler(config.collectors, clock, log, statFs)) {
        sampler = std::move(*built);
        snapshot = sampler->sample();
      }
    }
    return snapshot;
  };

  asio::io_context io;
  PlaybookRuntime runtime(io, clock, log, latest, config);
  if (auto configured = runtime.configure(config, std::move(loaded->playbooks)); !configured) {
    std::fprintf(stderr, "unyo: %s\n", configured.error().toString().c_str());
    return kExitUsage;
  }
  // Crash-cut runs and runs no store holds yet are counted before this one.
  runtime.recoverRuns();
  RunProgressPrinter printer(stdout, cli.has("diff"));
  runtime.engine().addListener(printer);

  // Ctrl-C ends the run the way a stopping daemon does: recorded, children killed.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) runtime.stop();
  });
  std::optional<Expected<playbooks::RunRecord>> outcome;
  auto run = [&]() -> asio::awaitable<void> {
    outcome = co_await runtime.engine().submitAndWait(std::move(request));
    signals.cancel();
  };
  asio::co_spawn(io, run, asio::detached);
  io.run();
  if (!outcome) return kExitFailure;  // interrupted before it finished
  if (!*outcome) {
    std::fprintf(stderr, "unyo: %s\n", outcome->error().message.c_str());
    return kExitUsage;
  }
  const auto status = (*outcome)->status;
  return status == playbooks::RunStatus::success || status == playbooks::RunStatus::dryRun
             ? kExitOk
             : kExitFailure;
}

}  // namespace

int runPlaybookCommand(const CommandLine& cli, const Clock& clock, Logger& log) {
  if (cli.subcommand == "list") return listPlaybooks(cli, clock);
  if (cli.subcommand == "show") return showPlaybook(cli, clock);
  if (cli.subcommand == "validate") return validatePlaybooks(cli);
  if (cli.subcommand == "next") return runPlaybookNextCommand(cli, clock);
  return runPlaybook(cli, clock, log);
}

}  // namespace unyo::agent
