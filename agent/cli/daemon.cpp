#include "agent/cli/daemon.h"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>

#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/config/version.h"
#include "agent/daemon/collector_setup.h"
#include "agent/daemon/state_dir.h"
#include "agent/web/status_page.h"
#include "base/file_trust.h"
#include "collectors/process_metrics.h"

namespace asio = boost::asio;

namespace unyo::agent {
namespace {

exporter::ServerOptions serverOptions(const WebOptions& web,
                                      std::shared_ptr<exporter::WebConfigWatcher> webConfig) {
  exporter::ServerOptions options;
  options.listenAddress = web.listenAddress;
  options.webConfig = std::move(webConfig);
  return options;
}

// Evictions and dropped connections are routine under load (a flood would
// otherwise write a line per connection); failures of our own are not.
LogLevel serverEventLevel(std::string_view event) {
  if (event == exporter::kEventHandlerFailed) return LogLevel::error;
  if (event == exporter::kEventAcceptFailed || event == exporter::kEventBadResponse) {
    return LogLevel::warn;
  }
  return LogLevel::debug;
}

// The config loader has checked the zone; UTC only if it vanished since.
unyo::TimeZone playbookZone(const Config& config) {
  auto zone = unyo::TimeZone::load(config.playbooks.timezone);
  return zone ? *zone : unyo::TimeZone::utc();
}

// The host name for the instance label; "localhost" if the kernel has none.
std::string localHostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

void logDiagnostics(Logger& log, std::string_view what, const Diagnostics& diagnostics) {
  for (const auto& error : diagnostics.errors()) {
    log.error(what, {{"err", error.toString()}});
  }
}

}  // namespace

Daemon::Daemon(Config config, std::vector<playbooks::Playbook> playbooks, const Clock& clock,
               Logger& log)
    : config_(std::move(config)),
      clock_(clock),
      log_(log),
      signals_(io_, SIGINT, SIGTERM, SIGHUP),
      sampling_(io_, clock),
      metricsPage_(sampling_),
      initialPlaybooks_(std::move(playbooks)),
      playbooks_(
          io_, clock, log, [this] { return sampling_.latest(); }, config_),
      cost_(playbooks_.ledger(), config_.state.dir / "usage-distribution.txt", log),
      auth_(clock, [this](const exporter::AuthFailure& failure) { logAuthFailure(failure); }),
      api_(playbooks_.engine(), playbooks_.triggers(), auth_) {
  metricsPage_.addSource([this](Families& out) {
    appendAgentInfo(out, config_.identity, version());
    appendIdentityGauges(out, config_.identity, config_.collectors.interval);
    appendReloadStatus(out, reload_);
    if (webConfig_) appendReloadStatus(out, webReload_, "unyo_web_config", "web config file");
    playbooks_.engine().appendMetrics(out);
    tlsExpiry_.appendMetrics(out);
    cost_.appendMetrics(out);
    remoteWriteStats_.appendMetrics(out, toUnixSeconds(clock_.now()));
  });
  sampling_.onSnapshot([this](const collectors::SnapshotPtr& snapshot) {
    cost_.onSnapshot(*snapshot);
    playbooks_.triggers().onSnapshot(snapshot);
    if (remoteWriter_ && remoteWriter_->due(snapshot->takenAtSteady)) {
      remoteWriter_->push(snapshot, std::make_shared<const Families>(metricsPage_.liveFamilies()),
                          snapshot->takenAt);
    }
  });
}

void Daemon::configureRemoteWrite(const Config& config) {
  if (config.remoteWrite.empty() && !remoteWriter_) return;
  if (!remoteWriter_) {
    remoteWriter_ = std::make_unique<RemoteWriter>(
        config.state.dir, remoteWriteStats_,
        SenderContext{clock_, log_, "unyo/" + std::string(version())});
  }
  remoteWriter_->configure(config.remoteWrite, pushedIdentityLabels(config.identity, hostName_),
                           config.collectors.interval);
}

Daemon::~Daemon() = default;

int Daemon::run() {
  startedAt_ = toUnixSeconds(clock_.now());
  reload_ = {true, startedAt_};
  if (auto state = prepareStateDir(config_.state.dir); !state) {
    log_.error("cannot use the state directory", {{"err", state.error().message}});
    return kExitFailure;
  }
  // The cost totals are evidence: a ledger that cannot be read stops the
  // start rather than restarting the counters from zero.
  cost_.configure(config_.cost, playbookZone(config_));
  if (auto restored = cost_.restore(clock_.now()); !restored) {
    log_.error("cannot read the ledger", {{"err", restored.error().message}});
    return kExitFailure;
  }

  auto sampler = buildSampler(config_.collectors, clock_, log_, statFs_, {}, SelfMetrics::process);
  if (!sampler) {
    log_.error("cannot start collectors", {{"err", sampler.error().message}});
    return kExitUsage;
  }
  sampling_.configure(std::move(*sampler), config_.collectors.interval,
                      config_.collectors.minInterval);
  if (auto configured = playbooks_.configure(config_, std::move(initialPlaybooks_)); !configured) {
    log_.error("cannot set up playbooks", {{"err", configured.error().toString()}});
    return kExitUsage;
  }
  auth_.setTokens(config_.apiTokens);
  hostName_ = localHostName();
  configureRemoteWrite(config_);
  playbooks_.engine().addListener(tlsExpiry_);
  tlsExpiry_.restore(playbooks_.engine().history());

  if (!openWebConfig()) return kExitUsage;
  if (auto exposed = checkApiExposure(config_, webConfig_ && webConfig_->servesTls()); !exposed) {
    log_.error("refusing to serve the API in clear text", {{"err", exposed.error().message}});
    return kExitUsage;
  }

  installRoutes();
  exporter::HttpHandler handler = router_.asHandler();
  if (webConfig_) {
    // Basic auth guards everything but the API, whose bearer tokens are
    // the stronger credential (docs/config.md, "Web config file").
    webGuard_ = std::make_unique<exporter::WebGuard>(
        clock_, webConfig_,
        exporter::WebGuard::Options{
            {"/api/"}, [this](const exporter::AuthFailure& failure) { logAuthFailure(failure); }});
    handler = webGuard_->wrap(std::move(handler));
  }
  server_ = std::make_unique<exporter::HttpServer>(
      io_, serverOptions(config_.web, webConfig_), std::move(handler),
      [this](std::string_view event, std::string_view detail) { logServerEvent(event, detail); });
  if (auto listening = server_->listen(); !listening) {
    log_.error("cannot listen",
               {{"address", config_.web.listenAddress}, {"err", listening.error()}});
    return kExitFailure;
  }
  server_->start();
  sampling_.start();
  playbooks_.startDaemon();
  asio::co_spawn(io_, handleSignals(), asio::detached);

  log_.info("unyo started", {{"version", version()},
                             {"config", config_.file.string()},
                             {"address", config_.web.listenAddress},
                             {"port", server_->port()},
                             {"tls", webConfig_ && webConfig_->servesTls()},
                             {"lg_code", config_.identity.lgCode},
                             {"system", config_.identity.system},
                             {"playbooks", playbooks_.engine().playbooks().size()},
                             {"api", auth_.enabled()}});
  io_.run();
  log_.info("unyo stopped");
  return kExitOk;
}

void Daemon::overrideWebConfigFile(std::filesystem::path file) {
  config_.web.configFile = std::move(file);
  webConfigFromFlag_ = true;
}

bool Daemon::openWebConfig() {
  if (config_.web.configFile.empty()) return true;
  const std::filesystem::path& file = config_.web.configFile;
  // It names the key and the password hashes: only root may change it,
  // at start and whenever it is re-read.
  const auto trusted = [euid = ::geteuid()](const std::filesystem::path& path) {
    return checkTrustedPath(path, euid);
  };
  auto opened = exporter::WebConfigWatcher::open(
      file,
      [this](bool ok, const std::string& message) {
        webReload_.lastSuccessful = ok;
        if (ok) {
          webReload_.lastSuccessUnixSeconds = toUnixSeconds(clock_.now());
          log_.info("web config reloaded", {{"file", message}});
        } else {
          log_.error("web config reload failed; keeping the running one", {{"err", message}});
        }
      },
      trusted);
  if (!opened) {
    logDiagnostics(log_, "cannot use the web config", opened.error());
    return false;
  }
  webConfig_ = std::move(*opened);
  webReload_ = {true, toUnixSeconds(clock_.now())};
  return true;
}

void Daemon::logAuthFailure(const exporter::AuthFailure& failure) {
  log_.warn("authentication failed",
            {{"client", failure.client}, {"route", failure.route}, {"reason", failure.reason}});
}

void Daemon::logServerEvent(std::string_view event, std::string_view detail) {
  log_.log(serverEventLevel(event), "http server", {{"event", event}, {"detail", detail}});
}

void Daemon::installRoutes() {
  router_.add("GET", "/metrics", [this](const exporter::HttpRequest& request) {
    return metricsPage_.handle(request);
  });
  router_.addSync("GET", "/healthz", [](const exporter::HttpRequest&) {
    return exporter::HttpResponse::text(200, "ok\n");
  });
  router_.addSync("GET", "/readyz", [this](const exporter::HttpRequest&) {
    // Ready once the config is loaded (it is, or we would not be serving)
    // and the first sample is in.
    if (!sampling_.latest()) {
      return exporter::HttpResponse::text(503, "not ready: no sample taken yet\n");
    }
    return exporter::HttpResponse::text(200, "ready\n");
  });
  router_.addSync("GET", "/", [this](const exporter::HttpRequest&) { return statusPage(); });
  api_.install(router_);
}

std::optional<StatusPageCost> Daemon::costSummary() const {
  const auto& options = config_.cost;
  if (!options.configured) return std::nullopt;
  StatusPageCost cost;
  const auto& rates = cost_.rates();
  cost.yenPerHour = rates.compute + rates.storage + rates.network + rates.fixed;
  cost.projectedYenPerMonth = cost.yenPerHour * kHoursPerMonth;
  if (options.baseline) {
    double monthly = options.baseline->monthly ? options.baseline->monthly->yen(options.usdJpy) : 0;
    for (const auto& [component, price] : options.baseline->byComponent) {
      monthly += price.yen(options.usdJpy);
    }
    cost.baselineYenPerMonth = monthly;
    cost.baselineSource = options.baseline->source;
  }
  for (const auto& [component, yen] : cost_.totals().costYen) cost.accruedYen += yen;
  if (const auto advice = cost_.rightsizing()) {
    cost.currentVcpus = advice->currentVcpus;
    cost.suggestedVcpus = advice->suggestedVcpus;
  }
  return cost;
}

exporter::HttpResponse Daemon::statusPage() const {
  StatusPageData data;
  data.identity = config_.identity;
  data.version = std::string(version());
  data.configFile = config_.file.string();
  data.startedAtUnixSeconds = startedAt_;
  data.nowUnixSeconds = toUnixSeconds(clock_.now());
  data.snapshot = sampling_.latest();
  data.reload = reload_;
  data.cost = costSummary();
  exporter::HttpResponse response;
  response.status = 200;
  response.contentType = "text/html; charset=utf-8";
  response.body = renderStatusPage(data);
  return response;
}

asio::awaitable<void> Daemon::handleSignals() {
  while (!stopping_) {
    boost::system::error_code ec;
    const int signal = co_await signals_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (signal == SIGHUP) {
      reload();
    } else {
      log_.info("stopping", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
      shutdown();
    }
  }
}

void Daemon::reload() {
  log_.info("reloading config", {{"config", config_.file.string()}});
  auto fresh = loadConfig(config_.file);
  if (!fresh) {
    reload_.lastSuccessful = false;
    logDiagnostics(log_, "config reload failed; keeping the running config", fresh.error());
    return;
  }
  auto playbooks = loadConfiguredPlaybooks(*fresh);
  if (!playbooks) {
    reload_.lastSuccessful = false;
    logDiagnostics(log_, "config reload failed; keeping the running config", playbooks.error());
    return;
  }
  auto sampler = buildSampler(fresh->collectors, clock_, log_, statFs_, {}, SelfMetrics::process);
  if (!sampler) {
    reload_.lastSuccessful = false;
    log_.error("config reload failed; keeping the running config",
               {{"err", sampler.error().message}});
    return;
  }
  if (fresh->web.listenAddress != config_.web.listenAddress) {
    log_.warn("web.listen_address changed; it applies after a restart",
              {{"running", config_.web.listenAddress}, {"new", fresh->web.listenAddress}});
    fresh->web.listenAddress = config_.web.listenAddress;
  }
  if (fresh->web.configFile != config_.web.configFile && !webConfigFromFlag_) {
    log_.warn(
        "web.config_file changed; it applies after a restart (the file itself is "
        "re-read whenever it changes)",
        {{"running", config_.web.configFile.string()}, {"new", fresh->web.configFile.string()}});
  }
  fresh->web.configFile = config_.web.configFile;
  if (auto exposed = checkApiExposure(*fresh, webConfig_ && webConfig_->servesTls()); !exposed) {
    reload_.lastSuccessful = false;
    log_.error("config reload failed; keeping the running config",
               {{"err", exposed.error().message}});
    return;
  }
  const std::size_t playbookCount = playbooks->size();
  if (auto configured = playbooks_.configure(*fresh, std::move(*playbooks)); !configured) {
    reload_.lastSuccessful = false;
    log_.error("config reload failed; keeping the running config",
               {{"err", configured.error().toString()}});
    return;
  }
  sampling_.configure(std::move(*sampler), fresh->collectors.interval,
                      fresh->collectors.minInterval);
  auth_.setTokens(fresh->apiTokens);
  cost_.configure(fresh->cost, playbookZone(*fresh));
  if (fresh->state.dir != config_.state.dir && remoteWriter_) {
    log_.warn("state.dir changed; remote write keeps its buffers in the old one until a restart");
    fresh->state.dir = config_.state.dir;
  }
  configureRemoteWrite(*fresh);
  config_ = std::move(*fresh);
  reload_ = {true, toUnixSeconds(clock_.now())};
  log_.info("config reloaded", {{"playbooks", playbookCount}});
}

void Daemon::shutdown() {
  stopping_ = true;
  boost::system::error_code ignored;
  signals_.cancel(ignored);
  if (server_) server_->stop();
  sampling_.stop();
  playbooks_.stop();
  cost_.flush();
  if (remoteWriter_) remoteWriter_->stop();
}

int runDaemonCommand(const CommandLine& cli, const Clock& clock, Logger& log) {
  auto config = loadConfigForCommand(cli, kExitUsage);
  if (!config) return config.error();
  auto playbooks = loadConfiguredPlaybooks(*config);
  if (!playbooks) {
    std::fputs(playbooks.error().toString().c_str(), stderr);
    return kExitUsage;
  }
  Daemon daemon(std::move(*config), std::move(*playbooks), clock, log);
  if (auto file = cli.value("web.config.file")) {
    daemon.overrideWebConfigFile(std::filesystem::absolute(*file));
  }
  return daemon.run();
}

}  // namespace unyo::agent
