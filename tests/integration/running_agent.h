#pragma once

// The built `unyo run` as a child process with a config written for the
// test; listens on 127.0.0.1:0 and reports the port it got in its log.

#include <memory>
#include <optional>
#include <string>

#include "support/child_process.h"
#include "support/http_client.h"

namespace unyo::testing {

// The demo-like identity every test config starts with.
inline constexpr std::string_view kTestIdentity =
    "identity:\n  lg_code: \"131016\"\n  system: resident_registry\n  environment: staging\n"
    "  csp: aws\n  vendor: Test Vendor\n";

class RunningAgent {
 public:
  // `configBody` is appended to kTestIdentity and a web section on port 0.
  explicit RunningAgent(const std::string& configBody = "", std::vector<std::string> flags = {});

  // Waits until the agent logged its port; false if it exited or took too long.
  bool waitStarted();

  int port() const { return port_; }
  ChildProcess& process() { return *process_; }
  const TempDir& dir() const { return dir_; }
  std::filesystem::path configPath() const { return dir_.path() / "unyo.yaml"; }
  void rewriteConfig(const std::string& fullText) const { writeFile(configPath(), fullText); }
  static std::string configText(const std::string& body);

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

std::string unyoBinary();

// Waits until a `unyo run` child logged "unyo started" and returns the
// port it listens on; nullopt if it exited or took longer than 20 s.
std::optional<int> waitForAgentPort(const ChildProcess& agent);

// What `promtool check metrics` says about `exposition`, except two lints
// on names docs/metrics.md fixes: camelCase in node_memory_* (node_exporter's
// names, kept so dashboards work; promtool says the same of node_exporter)
// and the units in unyo_labor_saved_minutes_total and unyo_usage_instance_hours_total.
std::string promtoolProblems(const std::string& exposition, const std::filesystem::path& workDir);

// `s` percent-encoded for a URL query (unreserved characters kept).
std::string urlEncode(std::string_view s);

// The first sample of a PromQL instant query asked of the Prometheus on
// 127.0.0.1:`port`, or nullopt when it has none.
std::optional<double> instantQuery(int port, const std::string& query);

// The value of the first sample line of `metric` (name plus optional label
// text, e.g. `unyo_config_last_reload_successful`), or NaN.
double metricValue(const std::string& exposition, const std::string& metric);

}  // namespace unyo::testing
