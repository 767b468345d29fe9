#include "agent/cli/cli.h"

#include <algorithm>
#include <cstdlib>
#include <span>
#include <string_view>

#include "agent/config/config.h"

namespace unyo::agent {
namespace {

struct FlagSpec {
  std::string_view name;
  bool takesValue;
};

struct CommandSpec {
  std::string_view command;
  std::string_view subcommand;  // empty: none
  std::vector<FlagSpec> flags;
  std::size_t minArgs;
  std::size_t maxArgs;  // SIZE_MAX: unlimited
};

const std::vector<CommandSpec>& commandSpecs() {
  static const std::vector<CommandSpec> kSpecs = {
      {"run", "", {{"web.config.file", true}}, 0, 0},
      {"check", "", {{"web.config.file", true}}, 0, 0},
      {"collect", "", {{"collector", true}}, 0, 0},
      {"version", "", {}, 0, 0},
      {"help", "", {}, 0, 1},
      {"playbook", "list", {{"json", false}}, 0, 0},
      {"playbook", "show", {{"json", false}}, 1, 1},
      {"playbook", "validate", {}, 1, SIZE_MAX},
      {"playbook", "next", {{"from", true}, {"count", true}, {"json", false}}, 1, 1},
      {"playbook", "run", {{"dry-run", false}, {"diff", false}, {"param", true}}, 1, 1},
      {"runs", "", {{"playbook", true}, {"limit", true}, {"json", false}}, 0, 0},
      {"runs", "show", {{"json", false}}, 1, 1},
      {"runs", "approve", {}, 1, 1},
      {"runs", "reject", {}, 1, 1},
      {"report",
       "",
       {{"from", true}, {"to", true}, {"format", true}, {"lang", true}, {"output", true}},
       0,
       0},
      {"fleet",
       "report",
       {{"prometheus", true},
        {"header", true},
        {"ca-file", true},
        {"month", true},
        {"prefecture", true},
        {"lg-code", true},
        {"environment", true},
        {"format", true},
        {"lang", true},
        {"output", true},
        {"timeout", true}},
       0,
       0},
  };
  return kSpecs;
}

bool hasSubcommands(std::string_view command) {
  return command == "playbook" || command == "runs" || command == "fleet";
}

}  // namespace

std::optional<std::string> CommandLine::value(const std::string& flag) const {
  auto it = flags.find(flag);
  if (it == flags.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> CommandLine::values(const std::string& flag) const {
  auto it = flags.find(flag);
  return it == flags.end() ? std::vector<std::string>{} : it->second;
}

Expected<CommandLine> parseCommandLine(int argc, const char* const* argv) {
  CommandLine cli;
  std::vector<std::string_view> words;
  std::vector<std::pair<std::string, std::optional<std::string>>> rawFlags;
  bool onlyArguments = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (onlyArguments || arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      onlyArguments = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      cli.command = "help";
      return cli;
    }
    if (arg.substr(0, 2) != "--") return fail("unknown flag " + std::string(arg));
    arg.remove_prefix(2);
    const auto eq = arg.find('=');
    std::string name(arg.substr(0, eq));
    std::optional<std::string> inlineValue;
    if (eq != std::string_view::npos) inlineValue = std::string(arg.substr(eq + 1));
    // Flags that take a value consume the next word when not given with '='.
    const bool global = name == "config" || name == "log.level" || name == "log.format";
    bool takesValue = global;
    for (const auto& spec : commandSpecs()) {
      for (const auto& f : spec.flags) {
        if (f.name == name) takesValue = f.takesValue;
      }
    }
    if (takesValue && !inlineValue) {
      if (i + 1 >= argc) return fail("flag --" + name + " needs a value");
      inlineValue = argv[++i];
    }
    rawFlags.emplace_back(std::move(name), std::move(inlineValue));
  }

  if (words.empty()) return fail("no command given");
  cli.command = std::string(words.front());
  std::size_t next = 1;
  if (hasSubcommands(cli.command) && next < words.size()) {
    const bool isSub =
        std::any_of(commandSpecs().begin(), commandSpecs().end(), [&](const CommandSpec& s) {
          return s.command == cli.command && s.subcommand == words[next];
        });
    if (isSub) cli.subcommand = std::string(words[next++]);
  }
  const auto spec =
      std::find_if(commandSpecs().begin(), commandSpecs().end(), [&](const CommandSpec& s) {
        return s.command == cli.command && s.subcommand == cli.subcommand;
      });
  if (spec == commandSpecs().end()) {
    if (cli.command == "playbook") {
      return fail(words.size() > 1 ? "unknown playbook command \"" + std::string(words[1]) + "\""
                                   : "playbook needs a command: list, show, next, validate or run");
    }
    if (cli.command == "fleet") return fail("fleet needs a command: report");
    return fail("unknown command \"" + cli.command + "\"");
  }
  for (; next < words.size(); ++next) cli.arguments.emplace_back(words[next]);
  const std::string fullName =
      cli.command + (cli.subcommand.empty() ? "" : " " + cli.subcommand);
  if (cli.arguments.size() < spec->minArgs) {
    return fail("\"" + fullName + "\" needs " +
                (spec->minArgs == 1 ? std::string("an argument") : "more arguments"));
  }
  if (cli.arguments.size() > spec->maxArgs) {
    return fail("\"" + fullName + "\" got an unexpected argument \"" +
                cli.arguments[spec->maxArgs] + "\"");
  }

  for (auto& [name, value] : rawFlags) {
    if (name == "config") {
      cli.configPath = *value;
    } else if (name == "log.level") {
      auto level = parseLogLevel(*value);
      if (!level) return fail("--log.level must be debug, info, warn or error");
      cli.logLevel = *level;
      cli.logLevelGiven = true;
    } else if (name == "log.format") {
      auto format = parseLogFormat(*value);
      if (!format) return fail("--log.format must be logfmt or json");
      cli.logFormat = *format;
    } else {
      const auto flag = std::find_if(spec->flags.begin(), spec->flags.end(),
                                     [&](const FlagSpec& f) { return f.name == name; });
      if (flag == spec->flags.end()) {
        return fail("\"" + fullName + "\" does not take --" + name);
      }
      if (!flag->takesValue && value) return fail("--" + name + " takes no value");
      cli.flags[name].push_back(value.value_or(""));
    }
  }
  return cli;
}

std::string usage() {
  return R"(usage: unyo [--config FILE] [--log.level LEVEL] [--log.format FORMAT] COMMAND

commands:
  run [--web.config.file FILE]
                               run the agent in the foreground
  check [--web.config.file FILE]
                               validate the config, the web config and every playbook
                               (exit 0 valid, 1 invalid)
  collect [--collector NAME]...
                               collect once and print the metrics
  playbook list | show NAME    playbooks, their triggers, next run and last result
  playbook next NAME [--from DATE] [--count N] [--json]
                               the next runs of its schedules (default 10, from now)
  playbook validate FILE...    validate playbook files
  playbook run NAME [--dry-run [--diff]] [--param K=V]...
                               run a playbook now (--diff: list every change
                               the dry run would make)
  runs [--playbook NAME] [--limit N] [--json]
                               run history;  runs show ID: one run
  runs approve ID | runs reject ID
                               decide a run waiting for approval
  report [--from DATE] [--to DATE] [--format md|csv|html] [--lang en|ja] [--output FILE]
                               labor and cost report
  fleet report --prometheus URL [--month YYYY-MM] [--prefecture NN | --lg-code CODE]
               [--format md|csv|html] [--lang en|ja] [--output FILE] ...
                               a month's cost per municipality and system, from a
                               Prometheus-compatible store
  version                      version and build information

flags:
  --config FILE       config file (default $UNYO_CONFIG, else /etc/unyo/unyo.yaml)
  --log.level LEVEL   debug, info (default), warn or error
  --log.format FMT    logfmt (default) or json
)";
}

std::string resolveConfigPath(const CommandLine& cli) {
  if (cli.configPath) return *cli.configPath;
  if (const char* env = std::getenv("UNYO_CONFIG"); env && *env) return env;
  return std::string(kDefaultConfigPath);
}

}  // namespace unyo::agent
