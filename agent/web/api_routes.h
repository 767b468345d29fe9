#pragma once

// The HTTP API (docs/api.md), mounted on the exporter's router behind
// bearer tokens:
//
//   GET  /api/v1/playbooks                 read     list
//   GET  /api/v1/playbooks/{name}          read     detail
//   POST /api/v1/playbooks/{name}/runs     operate  {"params":{},"dry_run":false} -> 202 {"run_id":…}
//   GET  /api/v1/runs                      read     history (?playbook=&limit=)
//   GET  /api/v1/runs/{id}                 read     one run
//   POST /api/v1/runs/{id}/approve|reject  approve  decide a pending run
//   POST /api/v1/alerts                    alert    Alertmanager webhook (version 4); operate may too

#include "exporter/bearer_auth.h"
#include "exporter/router.h"
#include "playbooks/engine/engine.h"
#include "playbooks/triggers/trigger_scheduler.h"

namespace unyo::agent {

class ApiRoutes {
 public:
  ApiRoutes(playbooks::Engine& engine, playbooks::TriggerScheduler& triggers,
            exporter::BearerAuth& auth)
      : engine_(engine), triggers_(triggers), auth_(auth) {}

  void install(exporter::Router& router);

 private:
  exporter::HttpResponse listPlaybooks(const exporter::HttpRequest& request) const;
  exporter::HttpResponse showPlaybook(const exporter::HttpRequest& request) const;
  exporter::HttpResponse startRun(const exporter::HttpRequest& request);
  exporter::HttpResponse listRuns(const exporter::HttpRequest& request) const;
  exporter::HttpResponse showRun(const exporter::HttpRequest& request) const;
  exporter::HttpResponse decide(const exporter::HttpRequest& request, bool approve);
  exporter::HttpResponse receiveAlerts(const exporter::HttpRequest& request);

  playbooks::Engine& engine_;
  playbooks::TriggerScheduler& triggers_;
  exporter::BearerAuth& auth_;
};

}  // namespace unyo::agent
