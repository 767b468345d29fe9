#pragma once

// Asks a Prometheus-compatible store (Prometheus, VictoriaMetrics, Mimir,
// Thanos Query) the fleet report's instant queries over its HTTP API:
// POST <base>/api/v1/query with a form body (query, time), a few at a time,
// all within one time budget. Headers given by the user (a bearer token, a
// Mimir tenant) go with every request and never into an error message.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "agent/fleet/fleet_queries.h"
#include "agent/fleet/prometheus_answer.h"
#include "base/clock.h"
#include "base/error.h"
#include "playbooks/net/http_client.h"

namespace unyo::agent {

struct StoreOptions {
  playbooks::net::Url
      base;  // the store's base: "http://prometheus:9090", "https://vm/select/0/prometheus"
  playbooks::net::HeaderList headers;
  std::string caFile;  // trust this PEM bundle instead of the system's store
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // all queries together
};

// The command line's pieces checked: an http(s) URL without credentials or
// query, headers as "Name: value". Errors (ErrorKind::invalid) name the flag.
Expected<StoreOptions> storeOptions(std::string_view url, const std::vector<std::string>& headers,
                                    std::string caFile, std::chrono::milliseconds timeout);

// "query=...&time=1793458800": the form body of one query.
std::string queryForm(const FleetQuery& query);

// One answer per query, in the queries' order; the first failure ends the
// run: "query 2 of 13 (sum by (...) ...): the store answered an error
// (bad_data): ...", "cannot reach the store at http://...: connection refused".
// Warnings the store sent are appended to `warnings`.
Expected<std::vector<PromVector>> askStore(const StoreOptions& options,
                                           const std::vector<FleetQuery>& queries,
                                           const Clock& clock, std::vector<std::string>& warnings);

}  // namespace unyo::agent
