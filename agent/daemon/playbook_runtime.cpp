#include "agent/daemon/playbook_runtime.h"

#include "playbooks/process/orphans.h"

namespace unyo::agent {

playbooks::Value identityValue(const Identity& identity) {
  playbooks::Value out = playbooks::Value::map();
  out.set("lg_code", identity.lgCode);
  out.set("system", identity.system);
  out.set("environment", identity.environment);
  out.set("vendor", identity.vendor);
  out.set("csp", identity.csp);
  return out;
}

playbooks::EngineOptions engineOptions(const Config& config) {
  playbooks::EngineOptions options;
  options.stateDir = config.state.dir;
  options.maxRuns = config.state.maxRuns;
  options.maxConcurrentRuns = config.playbooks.maxConcurrentRuns;
  options.maxPendingRuns = static_cast<std::size_t>(config.playbooks.maxPendingRuns);
  options.defaultApprovalTtl = config.playbooks.approvalTtl;
  options.hourlyRateJpy = config.labor.hourlyRateJpy;
  options.identity = identityValue(config.identity);
  return options;
}

playbooks::FileGuardRails fileGuardRails(const Config& config,
                                         const std::filesystem::path& stateDir) {
  playbooks::FileGuardRails rails;
  rails.allowed = config.playbooks.allowedPaths;
  std::error_code ignored;
  rails.forbidden.push_back(std::filesystem::absolute(stateDir, ignored));
  if (!config.file.empty()) {
    rails.forbidden.push_back(std::filesystem::absolute(config.file, ignored).parent_path());
  }
  for (const auto& path : config.playbooks.paths) {
    rails.forbidden.push_back(std::filesystem::absolute(path, ignored));
  }
  return rails;
}

PlaybookRuntime::PlaybookRuntime(boost::asio::io_context& io, const Clock& clock, Logger& log,
                                 std::function<collectors::SnapshotPtr()> latestSnapshot,
                                 const Config& config)
    : io_(io),
      log_(log),
      processes_(io.get_executor(), log),
      system_{io.get_executor(), clock, log, processes_, blocking_, std::move(latestSnapshot), {}},
      ledger_(ledgerDir(config.state.dir)),
      labor_(ledger_, clock),
      engine_(std::make_unique<playbooks::Engine>(system_, engineOptions(config))),
      triggers_(std::make_unique<playbooks::TriggerScheduler>(system_, *engine_)),
      reaper_(io) {
  engine_->addRunStore(labor_);
  system_.fileRails = fileGuardRails(config, engine_->stateDir());
}

// blocking_ goes last: a job still running (a walk, a statfs on a dead
// mount) keeps its thread and is not waited for, so a hung call cannot hang
// the stop.
PlaybookRuntime::~PlaybookRuntime() { stop(); }

Expected<void> PlaybookRuntime::configure(const Config& config,
                                          std::vector<playbooks::Playbook> playbooks) {
  playbooks::EngineOptions options = engineOptions(config);
  options.stateDir = engine_->stateDir();  // fixed at start
  engine_->setOptions(std::move(options));
  system_.fileRails = fileGuardRails(config, engine_->stateDir());
  // The jitter seed: the same playbook on two VMs of a fleet fires at
  // different minutes, the same VM at the same minute every day.
  const std::string seed = config.identity.lgCode + "/" + config.identity.system + "/" +
                           config.identity.environment;
  if (auto configured = triggers_->configure(config.playbooks, seed); !configured) {
    return configured;
  }
  if (auto zone = unyo::TimeZone::load(config.playbooks.timezone)) labor_.setZone(*zone);
  engine_->setPlaybooks(std::move(playbooks));
  triggers_->setPlaybooks(engine_->playbooks());
  return {};
}

void PlaybookRuntime::recoverRuns() {
  if (auto recovered = engine_->recoverInterrupted()) {
    if (*recovered > 0) {
      log_.warn("runs interrupted by the last stop recorded as failures", {{"runs", *recovered}});
    }
  } else {
    log_.error("cannot read the run history", {{"err", recovered.error().message}});
  }
}

void PlaybookRuntime::startDaemon() {
  recoverRuns();
  // Commands that daemonize leave their process group; as subreaper the
  // agent inherits and reaps them instead of leaving zombies to init.
  if (auto subreaper = playbooks::becomeChildSubreaper(); !subreaper) {
    log_.warn("cannot become a child subreaper", {{"err", subreaper.error().message}});
  }
  triggers_->start();
  reapOrphansLater();
}

void PlaybookRuntime::reapOrphansLater() {
  reaper_.expires_after(std::chrono::seconds(10));
  reaper_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    playbooks::reapOrphans([this](pid_t pid) { return processes_.owns(pid); });
    reapOrphansLater();
  });
}

void PlaybookRuntime::stop() {
  if (stopped_) return;
  stopped_ = true;
  reaper_.cancel();
  if (triggers_) triggers_->stop();
  if (engine_) engine_->stop();
  // The agent must be gone within seconds (systemd, the operator): children
  // get one second to finish after SIGTERM.
  processes_.terminateAll(std::chrono::seconds(1));
}

}  // namespace unyo::agent
