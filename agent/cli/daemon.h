#pragma once

// `unyo run`: wires the parts on one io_context and runs until SIGTERM or
// SIGINT. SIGHUP reloads the config and the playbooks; an invalid new
// config or playbook is logged with its errors and the old set keeps
// running.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <memory>

#include "agent/config/config.h"
#include "agent/cost/cost_accountant.h"
#include "agent/daemon/playbook_runtime.h"
#include "agent/daemon/sampling_loop.h"
#include "agent/daemon/self_metrics.h"
#include "agent/daemon/tls_expiry_gauge.h"
#include "agent/remote_write/remote_writer.h"
#include "agent/web/api_routes.h"
#include "agent/web/metrics_page.h"
#include "agent/web/status_page.h"
#include "collectors/statfs.h"
#include "exporter/http_server.h"
#include "exporter/router.h"
#include "exporter/web_config_watcher.h"
#include "exporter/web_guard.h"

namespace unyo::agent {

class Daemon {
 public:
  Daemon(Config config, std::vector<playbooks::Playbook> playbooks, const Clock& clock,
         Logger& log);
  ~Daemon();

  // --web.config.file: wins over web.config_file, also across reloads.
  void overrideWebConfigFile(std::filesystem::path file);

  // Runs until stopped; returns the process exit code.
  int run();

 private:
  void installRoutes();
  // Opens web.config_file (or --web.config.file); false after logging why.
  bool openWebConfig();
  void logAuthFailure(const exporter::AuthFailure& failure);
  boost::asio::awaitable<void> handleSignals();
  void reload();
  // Starts, reconfigures or idles remote write for `config`.
  void configureRemoteWrite(const Config& config);
  void shutdown();
  void logServerEvent(std::string_view event, std::string_view detail);
  exporter::HttpResponse statusPage() const;
  std::optional<StatusPageCost> costSummary() const;

  Config config_;
  const Clock& clock_;
  Logger& log_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  collectors::RealStatFs statFs_;
  SamplingLoop sampling_;
  MetricsPage metricsPage_;
  exporter::Router router_;
  std::shared_ptr<exporter::WebConfigWatcher> webConfig_;  // null: plain HTTP, no basic auth
  std::unique_ptr<exporter::WebGuard> webGuard_;
  std::unique_ptr<exporter::HttpServer> server_;
  std::vector<playbooks::Playbook> initialPlaybooks_;
  PlaybookRuntime playbooks_;
  CostAccountant cost_;
  exporter::BearerAuth auth_;
  ApiRoutes api_;
  TlsExpiryGauge tlsExpiry_;
  RemoteWriteStats remoteWriteStats_;
  std::unique_ptr<RemoteWriter> remoteWriter_;  // made when an endpoint is first configured
  std::string hostName_;
  ReloadStatus reload_;
  ReloadStatus webReload_;  // the web config file, re-read when it changes
  double startedAt_ = 0;
  bool stopping_ = false;
  bool webConfigFromFlag_ = false;
};

}  // namespace unyo::agent
