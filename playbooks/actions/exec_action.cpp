// The `exec` action.

#include "playbooks/actions/exec_action.h"

#include <algorithm>
#include <charconv>

#include "playbooks/process/process_text.h"

namespace unyo::playbooks {
namespace {

constexpr std::uint64_t kDefaultOutputCap = 64 * 1024;
constexpr std::size_t kSummaryCommandMax = 80;

std::string shortCommand(std::span<const std::string> argv) {
  std::string text = formatCommandLine(argv);
  if (text.size() > kSummaryCommandMax) text = text.substr(0, kSummaryCommandMax - 3) + "...";
  return text;
}

Expected<std::map<std::string, std::string>> readEnv(const WithReader& with) {
  std::map<std::string, std::string> env;
  const Value* raw = with.raw("env");
  if (raw == nullptr || raw->isNull()) return env;
  if (!raw->isMap()) return fail("\"env\": expected a map of NAME: value");
  for (const auto& [name, value] : raw->asMap()) {
    if (value.isList() || value.isMap()) return fail("\"env\": " + name + " must be a string");
    env[name] = value.toText();
  }
  return env;
}

Expected<std::vector<int>> readOkExitCodes(const WithReader& with) {
  if (!with.has("ok_exit_codes")) return std::vector<int>{0};
  auto texts = with.stringList("ok_exit_codes");
  if (!texts) return std::unexpected(texts.error());
  if (texts->empty()) return fail("\"ok_exit_codes\" must not be empty");
  std::vector<int> codes;
  for (const auto& text : *texts) {
    int code = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
    if (ec != std::errc() || end != text.data() + text.size() || code < 0 || code > 255) {
      return fail("\"ok_exit_codes\": expected exit codes 0-255, got \"" + text + "\"");
    }
    codes.push_back(code);
  }
  return codes;
}

Expected<ProcessSpec> readSpec(const ActionRequest& request) {
  const WithReader with(request.with);
  ProcessSpec spec;
  if (!with.has("argv")) return fail("\"argv\" is required");
  auto argv = with.stringList("argv");
  if (!argv) return std::unexpected(argv.error());
  if (argv->empty() || argv->front().empty()) return fail("\"argv\" must name a program");
  spec.argv = std::move(*argv);
  auto env = readEnv(with);
  if (!env) return std::unexpected(env.error());
  spec.env = std::move(*env);
  if (with.has("run_as")) {
    auto user = with.requiredString("run_as");
    if (!user) return std::unexpected(user.error());
    spec.runAs = std::move(*user);
  }
  auto cwd = with.string("cwd");
  if (!cwd) return std::unexpected(cwd.error());
  spec.workingDirectory = *cwd;
  auto input = with.string("stdin");
  if (!input) return std::unexpected(input.error());
  spec.stdinData = std::move(*input);
  auto cap = with.size("output_cap", kDefaultOutputCap);
  if (!cap) return std::unexpected(cap.error());
  spec.outputCap = static_cast<std::size_t>(*cap);
  spec.timeout = request.timeout;
  return spec;
}

Value processOutput(const ProcessResult& r) {
  Value out = Value::map();
  out.set("exit_code", r.exitCode);
  out.set("signal", r.signal);
  out.set("timed_out", r.timedOut);
  out.set("stdout", r.stdoutText);
  out.set("stderr", r.stderrText);
  out.set("stdout_truncated", r.stdoutTruncated);
  out.set("stderr_truncated", r.stderrTruncated);
  out.set("duration_ms", static_cast<std::int64_t>(r.duration.count()));
  return out;
}

class ExecAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto spec = readSpec(request);
    if (!spec) co_return ActionResult::failure(spec.error().message);
    auto codes = readOkExitCodes(WithReader(request.with));
    if (!codes) co_return ActionResult::failure(codes.error().message);
    const std::string command = shortCommand(spec->argv);

    if (request.dryRun) {
      ActionResult result;
      Value wouldRun = Value::list();
      for (const auto& arg : spec->argv) wouldRun.asList().emplace_back(arg);
      result.output.set("would_run", std::move(wouldRun));
      result.summary = "would run: " + command;
      co_return result;
    }

    const auto timeout = spec->timeout;
    boost::asio::awaitable<Expected<ProcessResult>> pending =
        system.processes.run(std::move(*spec));
    Expected<ProcessResult> ran = co_await std::move(pending);
    if (!ran) co_return ActionResult::failure(ran.error().message);

    ActionResult result;
    result.changed = true;
    result.output = processOutput(*ran);
    const bool okExit = !ran->timedOut && ran->signal == 0 &&
                        std::find(codes->begin(), codes->end(), ran->exitCode) != codes->end();
    if (!okExit) {
      result.ok = false;
      result.error = describeFailure(*ran, timeout);
    }
    result.summary = "ran " + command + ": " + describeOutcome(*ran, timeout);
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeExecAction() { return std::make_unique<ExecAction>(); }

const ActionDescriptor& execActionDescriptor() {
  static const ActionDescriptor descriptor{
      "exec",
      "Run a program with an argv list (no shell), capture its output and exit status",
      {
          {"argv", ParamKind::stringList, true},
          {"env", ParamKind::map, false},
          {"run_as", ParamKind::string, false},
          {"cwd", ParamKind::string, false},
          {"stdin", ParamKind::string, false},
          {"output_cap", ParamKind::size, false},
          {"ok_exit_codes", ParamKind::stringList, false},
      },
      &makeExecAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
