// The service.* actions: systemctl show / start / stop / restart.

#include "playbooks/actions/service_action.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "playbooks/process/process_text.h"

namespace unyo::playbooks {
namespace {

constexpr std::array<std::string_view, 11> kUnitSuffixes = {
    ".service", ".socket", ".target", ".timer", ".mount", ".automount",
    ".swap",    ".path",   ".slice",  ".scope", ".device"};

std::string_view verbName(ServiceVerb verb) {
  switch (verb) {
    case ServiceVerb::status:
      return "status";
    case ServiceVerb::start:
      return "start";
    case ServiceVerb::stop:
      return "stop";
    case ServiceVerb::restart:
      return "restart";
  }
  return "status";
}

std::vector<std::string> systemctlArgv(std::initializer_list<std::string_view> args) {
  std::vector<std::string> argv{std::string(kSystemctlProgram)};
  for (const auto arg : args) argv.emplace_back(arg);
  return argv;
}

boost::asio::awaitable<Expected<ProcessResult>> runSystemctl(SystemAccess& system,
                                                             std::vector<std::string> argv,
                                                             std::chrono::milliseconds timeout) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.timeout = timeout;
  boost::asio::awaitable<Expected<ProcessResult>> pending = system.processes.run(std::move(spec));
  Expected<ProcessResult> ran = co_await std::move(pending);
  if (!ran) co_return std::unexpected(ran.error());
  if (!ran->succeeded()) {
    co_return fail(formatCommandLine(argv) + ": " + describeFailure(*ran, timeout));
  }
  co_return ran;
}

boost::asio::awaitable<Expected<UnitStatus>> queryStatus(SystemAccess& system,
                                                         const std::string& unit,
                                                         std::chrono::milliseconds timeout) {
  auto pending = runSystemctl(
      system, systemctlArgv({"show", "--property=ActiveState,SubState,LoadState,MainPID", unit}),
      timeout);
  Expected<ProcessResult> ran = co_await std::move(pending);
  if (!ran) co_return std::unexpected(ran.error());
  auto status = parseUnitStatus(ran->stdoutText);
  if (!status) co_return fail("systemctl show " + unit + ": " + status.error().message);
  co_return status;
}

std::string describeState(const std::string& unit, const UnitStatus& status) {
  std::string text = unit + " is " + status.activeState;
  if (!status.subState.empty()) text += " (" + status.subState + ")";
  if (status.loadState != "loaded") text += ", " + status.loadState;
  return text;
}

Value statusOutput(const std::string& unit, const UnitStatus& status) {
  Value out = Value::map();
  out.set("unit", unit);
  out.set("active_state", status.activeState);
  out.set("sub_state", status.subState);
  out.set("load_state", status.loadState);
  out.set("main_pid", status.mainPid);
  out.set("active", status.active());
  return out;
}

class ServiceAction final : public Action {
 public:
  explicit ServiceAction(ServiceVerb verb) : verb_(verb) {}

  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    const WithReader with(request.with);
    auto unitText = with.requiredString("unit");
    if (!unitText) co_return ActionResult::failure(unitText.error().message);
    auto unit = normalizeUnitName(*unitText);
    if (!unit) co_return ActionResult::failure(unit.error().message);
    std::string expect = "active";
    if (verb_ == ServiceVerb::status) {
      auto expectText = with.string("expect", "active");
      if (!expectText) co_return ActionResult::failure(expectText.error().message);
      if (*expectText != "active" && *expectText != "inactive") {
        co_return ActionResult::failure("\"expect\": expected active or inactive, got \"" +
                                        *expectText + "\"");
      }
      expect = *expectText;
    }

    // Read-only, so it runs in a dry run too.
    std::optional<UnitStatus> before;
    if (verb_ != ServiceVerb::restart) {
      auto pending = queryStatus(system, *unit, request.timeout);
      Expected<UnitStatus> status = co_await std::move(pending);
      if (!status) co_return ActionResult::failure(status.error().message);
      before = *status;
    }
    if (verb_ == ServiceVerb::status) co_return checkStatus(*unit, *before, expect);

    ActionResult result;
    result.output.set("unit", *unit);
    if (before) result.output.set("active_state", before->activeState);
    if (verb_ == ServiceVerb::start && before->loadState == "not-found") {
      co_return ActionResult::failure("unit " + *unit + " not found", std::move(result.output));
    }
    if ((verb_ == ServiceVerb::start && before->active()) ||
        (verb_ == ServiceVerb::stop && (before->stopped() || before->loadState == "not-found"))) {
      result.summary =
          *unit + (verb_ == ServiceVerb::start ? " already active" : " already stopped");
      co_return result;
    }

    const std::vector<std::string> argv = systemctlArgv({verbName(verb_), *unit});
    if (request.dryRun) {
      Value wouldRun = Value::list();
      for (const auto& arg : argv) wouldRun.asList().emplace_back(arg);
      result.output.set("would_run", std::move(wouldRun));
      result.summary = "would " + std::string(verbName(verb_)) + " " + *unit;
      co_return result;
    }
    auto pending = runSystemctl(system, argv, request.timeout);
    Expected<ProcessResult> ran = co_await std::move(pending);
    if (!ran) co_return ActionResult::failure(ran.error().message, std::move(result.output));
    result.changed = true;
    result.summary = pastTense() + " " + *unit;
    co_return result;
  }

 private:
  static ActionResult checkStatus(const std::string& unit, const UnitStatus& status,
                                  const std::string& expect) {
    ActionResult result;
    result.output = statusOutput(unit, status);
    result.summary = describeState(unit, status);
    const bool ok =
        expect == "active" ? status.active() : status.stopped() || status.loadState == "not-found";
    if (!ok) {
      result.ok = false;
      result.error = result.summary + ", expected " + expect;
    }
    return result;
  }

  std::string pastTense() const {
    switch (verb_) {
      case ServiceVerb::start:
        return "started";
      case ServiceVerb::stop:
        return "stopped";
      default:
        return "restarted";
    }
  }

  ServiceVerb verb_;
};

ActionDescriptor serviceDescriptor(std::string_view name, std::string_view summary,
                                   std::vector<ParamSpec> params,
                                   std::unique_ptr<Action> (*create)()) {
  return ActionDescriptor{name, summary, std::move(params), create};
}

}  // namespace

Expected<UnitStatus> parseUnitStatus(std::string_view text) {
  UnitStatus status;
  bool sawActive = false;
  bool sawLoad = false;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = line.substr(0, eq);
    const std::string_view value = line.substr(eq + 1);
    if (key == "ActiveState") {
      status.activeState = value;
      sawActive = true;
    } else if (key == "SubState") {
      status.subState = value;
    } else if (key == "LoadState") {
      status.loadState = value;
      sawLoad = true;
    } else if (key == "MainPID") {
      std::int64_t pid = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), pid);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return fail("unexpected MainPID \"" + std::string(value) + "\"");
      }
      status.mainPid = pid;
    }
  }
  if (!sawActive || !sawLoad) return fail("no ActiveState/LoadState in the output");
  return status;
}

Expected<std::string> normalizeUnitName(std::string_view unit) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view(":_.@-").find(c) != std::string_view::npos;
  };
  const bool valid = !unit.empty() && unit.front() != '-' && unit.size() <= 256 &&
                     std::all_of(unit.begin(), unit.end(), allowed);
  if (!valid) return fail("\"unit\": \"" + std::string(unit) + "\" is not a systemd unit name");
  for (const auto suffix : kUnitSuffixes) {
    if (unit.size() > suffix.size() && unit.ends_with(suffix)) return std::string(unit);
  }
  return std::string(unit) + ".service";
}

std::unique_ptr<Action> makeServiceAction(ServiceVerb verb) {
  return std::make_unique<ServiceAction>(verb);
}

const ActionDescriptor& serviceStatusActionDescriptor() {
  static const ActionDescriptor descriptor = serviceDescriptor(
      "service.status", "Check a systemd unit's state (active unless expect: inactive)",
      {{"unit", ParamKind::string, true}, {"expect", ParamKind::string, false}},
      +[]() { return makeServiceAction(ServiceVerb::status); });
  return descriptor;
}

const ActionDescriptor& serviceStartActionDescriptor() {
  static const ActionDescriptor descriptor = serviceDescriptor(
      "service.start", "Start a systemd unit unless it is already active",
      {{"unit", ParamKind::string, true}}, +[]() { return makeServiceAction(ServiceVerb::start); });
  return descriptor;
}

const ActionDescriptor& serviceStopActionDescriptor() {
  static const ActionDescriptor descriptor = serviceDescriptor(
      "service.stop", "Stop a systemd unit unless it is already stopped",
      {{"unit", ParamKind::string, true}}, +[]() { return makeServiceAction(ServiceVerb::stop); });
  return descriptor;
}

const ActionDescriptor& serviceRestartActionDescriptor() {
  static const ActionDescriptor descriptor = serviceDescriptor(
      "service.restart", "Restart a systemd unit", {{"unit", ParamKind::string, true}},
      +[]() { return makeServiceAction(ServiceVerb::restart); });
  return descriptor;
}

}  // namespace unyo::playbooks
