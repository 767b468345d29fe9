#include "running_agent.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

namespace unyo::testing {

std::string unyoBinary() { return UNYO_BINARY_PATH; }

std::string RunningAgent::configText(const std::string& body) {
  return std::string(kTestIdentity) + "web:\n  listen_address: \"127.0.0.1:0\"\n" + body;
}

RunningAgent::RunningAgent(const std::string& configBody, std::vector<std::string> flags) {
  std::string body = configBody;
  if (body.find("state:") == std::string::npos) {
    body += "state:\n  dir: state\n";
  }
  writeFile(configPath(), configText(body));
  std::vector<std::string> argv = {unyoBinary(), "run", "--config", configPath().string()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  process_ = std::make_unique<ChildProcess>(argv, dir_.path());
}

std::optional<int> waitForAgentPort(const ChildProcess& agent) {
  static const std::regex kPort(R"(msg="unyo started".* port=(\d+))");
  std::optional<int> port;
  waitUntil(
      [&] {
        std::smatch m;
        const std::string log = agent.stderrText();
        if (std::regex_search(log, m, kPort)) port = std::stoi(m[1]);
        return port.has_value();
      },
      std::chrono::seconds(20));
  return port;
}

std::string urlEncode(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::optional<double> instantQuery(int port, const std::string& query) {
  auto reply = httpGet(port, "/api/v1/query?query=" + urlEncode(query));
  if (!reply || reply->status != 200) return std::nullopt;
  const auto json = nlohmann::json::parse(reply->body, nullptr, false);
  if (json.is_discarded() || json["status"] != "success") return std::nullopt;
  const auto& result = json["data"]["result"];
  if (!result.is_array() || result.empty()) return std::nullopt;
  return std::stod(result[0]["value"][1].get<std::string>());
}

bool RunningAgent::waitStarted() {
  const auto port = waitForAgentPort(*process_);
  if (port) port_ = *port;
  return port.has_value();
}

std::string promtoolProblems(const std::string& exposition, const std::filesystem::path& workDir) {
  const auto input = workDir / "promtool-input.txt";
  const auto output = workDir / "promtool-output.txt";
  writeFile(input, exposition);
  const std::string command = std::string(PROMTOOL_PATH) + " check metrics < " + input.string() +
                              " > " + output.string() + " 2>&1";
  const int status = std::system(command.c_str());
  // Lints promtool reports on names the contract fixes: node_exporter's
  // meminfo names, the labor counter kept in minutes (the unit labor is
  // budgeted in) and instance hours (the unit clouds bill in) rather than
  // seconds.
  static const std::regex kKnownLint(
      R"(^(node_memory_\w+ metric names should be written in 'snake_case' not 'camelCase'|)"
      R"(unyo_labor_saved_minutes_total use base unit "seconds" instead of "minutes"|)"
      R"(unyo_usage_instance_hours_total use base unit "seconds" instead of "hours")$)");
  std::string problems;
  std::istringstream lines(readFile(output));
  for (std::string line; std::getline(lines, line);) {
    if (!std::regex_match(line, kKnownLint)) problems += line + "\n";
  }
  if (problems.empty() && status != 0 && readFile(output).empty()) {
    problems = "promtool failed with status " + std::to_string(status) + "\n";
  }
  return problems;
}

double metricValue(const std::string& exposition, const std::string& metric) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(metric, 0) != 0) continue;
    const char next = line.size() > metric.size() ? line[metric.size()] : '\0';
    if (next != ' ' && next != '{') continue;
    return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return std::nan("");
}

}  // namespace unyo::testing
