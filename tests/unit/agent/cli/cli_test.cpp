#include "agent/cli/cli.h"

#include <gtest/gtest.h>

#include <vector>

namespace unyo::agent {
namespace {

Expected<CommandLine> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "unyo");
  return parseCommandLine(static_cast<int>(args.size()), args.data());
}

TEST(CliTest, ParsesCommandsWithTheirFlagsInEitherSpelling) {
  auto cli = parse({"collect", "--config", "a.yaml", "--collector=cpu", "--collector", "meminfo"});
  ASSERT_TRUE(cli) << cli.error().message;
  EXPECT_EQ(cli->command, "collect");
  EXPECT_EQ(cli->configPath, "a.yaml");
  EXPECT_EQ(cli->values("collector"), (std::vector<std::string>{"cpu", "meminfo"}));
}

TEST(CliTest, GlobalFlagsGoAnywhere) {
  auto cli = parse({"--log.level=debug", "run", "--log.format", "json"});
  ASSERT_TRUE(cli) << cli.error().message;
  EXPECT_EQ(cli->command, "run");
  EXPECT_EQ(cli->logLevel, LogLevel::debug);
  EXPECT_EQ(cli->logFormat, LogFormat::json);
}

TEST(CliTest, SubcommandsAndArguments) {
  auto cli = parse({"playbook", "run", "purge-old-logs", "--dry-run", "--param", "days=7"});
  ASSERT_TRUE(cli) << cli.error().message;
  EXPECT_EQ(cli->command, "playbook");
  EXPECT_EQ(cli->subcommand, "run");
  EXPECT_EQ(cli->arguments, std::vector<std::string>{"purge-old-logs"});
  EXPECT_TRUE(cli->has("dry-run"));
  EXPECT_EQ(cli->value("param"), "days=7");

  auto runs = parse({"runs", "--limit", "5"});
  ASSERT_TRUE(runs);
  EXPECT_EQ(runs->subcommand, "");
  EXPECT_EQ(runs->value("limit"), "5");
  auto show = parse({"runs", "show", "r-1"});
  ASSERT_TRUE(show);
  EXPECT_EQ(show->subcommand, "show");
}

TEST(CliTest, UsageErrorsSayWhatIsWrong) {
  EXPECT_EQ(parse({}).error().message, "no command given");
  EXPECT_EQ(parse({"start"}).error().message, "unknown command \"start\"");
  EXPECT_EQ(parse({"run", "--dry-run"}).error().message, "\"run\" does not take --dry-run");
  EXPECT_EQ(parse({"run", "extra"}).error().message, "\"run\" got an unexpected argument \"extra\"");
  EXPECT_EQ(parse({"playbook", "show"}).error().message, "\"playbook show\" needs an argument");
  EXPECT_EQ(parse({"playbook", "launch", "x"}).error().message,
            "unknown playbook command \"launch\"");
  EXPECT_EQ(parse({"collect", "--collector"}).error().message, "flag --collector needs a value");
  EXPECT_EQ(parse({"run", "--log.level=loud"}).error().message,
            "--log.level must be debug, info, warn or error");
  EXPECT_EQ(parse({"run", "-x"}).error().message, "unknown flag -x");
  EXPECT_EQ(parse({"check", "--json=1"}).error().message, "\"check\" does not take --json");
}

TEST(CliTest, HelpWins) {
  auto cli = parse({"run", "--help"});
  ASSERT_TRUE(cli);
  EXPECT_EQ(cli->command, "help");
}

TEST(CliTest, ConfigPathComesFromFlagThenEnvironmentThenDefault) {
  auto withFlag = parse({"check", "--config", "/tmp/x.yaml"});
  ::setenv("UNYO_CONFIG", "/env/unyo.yaml", 1);
  EXPECT_EQ(resolveConfigPath(*withFlag), "/tmp/x.yaml");
  auto plain = parse({"check"});
  EXPECT_EQ(resolveConfigPath(*plain), "/env/unyo.yaml");
  ::unsetenv("UNYO_CONFIG");
  EXPECT_EQ(resolveConfigPath(*plain), "/etc/unyo/unyo.yaml");
}

}  // namespace
}  // namespace unyo::agent
