#pragma once

// Everything that runs playbooks, built from the config: the process
// runner, the blocking pool, the engine and the trigger scheduler. The
// daemon uses all of it; `unyo playbook run` uses it without the triggers.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "agent/config/config.h"
#include "agent/cost/labor_recorder.h"
#include "agent/cost/ledger.h"
#include "playbooks/engine/engine.h"
#include "playbooks/process/asio_process_runner.h"
#include "playbooks/triggers/trigger_scheduler.h"

namespace unyo::agent {

class PlaybookRuntime {
 public:
  // The state directory comes from `config` and stays for the runtime's
  // life (a new state.dir applies after a restart).
  PlaybookRuntime(boost::asio::io_context& io, const Clock& clock, Logger& log,
                  std::function<collectors::SnapshotPtr()> latestSnapshot, const Config& config);
  ~PlaybookRuntime();

  // Applies a config and its playbooks (at start and on reload): engine
  // options, the scheduler's zone and calendar, the playbooks themselves.
  Expected<void> configure(const Config& config, std::vector<playbooks::Playbook> playbooks);

  // Before the first run (after configure): records the runs a crash left
  // unfinished as interrupted, then brings the counters and the ledger up
  // to date with the run history. Logs what fails.
  void recoverRuns();
  // The daemon only: recoverRuns(), start the triggers, reap orphans of
  // playbook commands.
  void startDaemon();
  // Stops triggers and the engine, and ends the commands still running.
  void stop();

  playbooks::Engine& engine() { return *engine_; }
  playbooks::TriggerScheduler& triggers() { return *triggers_; }
  // The daily ledger in the state directory (runs are written to it by the
  // engine's reconcile, through the LaborRecorder).
  Ledger& ledger() { return ledger_; }

 private:
  void reapOrphansLater();

  boost::asio::io_context& io_;
  Logger& log_;
  BlockingPool blocking_{2};
  playbooks::AsioProcessRunner processes_;
  playbooks::SystemAccess system_;
  Ledger ledger_;
  LaborRecorder labor_;
  std::unique_ptr<playbooks::Engine> engine_;
  std::unique_ptr<playbooks::TriggerScheduler> triggers_;
  boost::asio::steady_timer reaper_;
  bool stopped_ = false;
};

// Where file actions may act: playbooks.allowed_paths, minus the state
// directory, the config file's folder and the playbook folders.
playbooks::FileGuardRails fileGuardRails(const Config& config,
                                         const std::filesystem::path& stateDir);

// The engine's options from the config.
playbooks::EngineOptions engineOptions(const Config& config);

// The identity as the template scope shows it (identity.lg_code, ...).
playbooks::Value identityValue(const Identity& identity);

}  // namespace unyo::agent
