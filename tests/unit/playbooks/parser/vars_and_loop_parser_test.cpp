// `vars:` (the playbook's and the config's), `loop:`, the checks of the
// references they bring, and validation that reports every mistake of a
// file at once, each with a hint.

#include <gtest/gtest.h>

#include <cstdlib>

#include "playbooks/parser/playbook_parser.h"
#include "playbooks/parser/vars_reader.h"
#include "support/child_process.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;

fs::path fixtures() { return unyo::testing::requiredEnv("UNYO_FIXTURES"); }

const char* kStep = R"(
steps:
  - id: ping
    action: exec
    with: {argv: [ping, "{{ vars.host }}"]}
)";

std::string errorsOf(std::string_view yaml, const Value* configVars = nullptr) {
  auto parsed = parsePlaybook(yaml, "p.yaml", configVars);
  return parsed ? "" : parsed.error().toString();
}

TEST(VarsParserTest, PlainScalarsKeepTheirYamlTypeAndQuotedOnesAreText) {
  auto parsed = parsePlaybook(R"(
name: v
vars:
  days: 30
  ratio: 0.85
  enabled: true
  quoted: "30"
  nothing: ~
  url: http://127.0.0.1:8080/hook
  template: "{{ params.x }}"
  dirs: [/var/log/a, /var/log/b]
  db: {host: db.internal, port: 5432}
steps:
  - id: w
    action: wait
    with: {duration: 1s}
)",
                              "p.yaml");
  ASSERT_TRUE(parsed) << parsed.error().toString();
  const Value& vars = parsed->vars;
  EXPECT_EQ(*vars.find("days"), Value(std::int64_t{30}));
  EXPECT_EQ(*vars.find("ratio"), Value(0.85));
  EXPECT_EQ(*vars.find("enabled"), Value(true));
  EXPECT_EQ(*vars.find("quoted"), Value("30"));
  EXPECT_TRUE(vars.find("nothing")->isNull());
  EXPECT_EQ(*vars.find("url"), Value("http://127.0.0.1:8080/hook"));
  EXPECT_EQ(*vars.find("template"), Value("{{ params.x }}"));  // data, not a template
  EXPECT_EQ(vars.find("dirs")->asList().size(), 2u);
  EXPECT_EQ(*vars.find("db")->find("port"), Value(std::int64_t{5432}));
}

TEST(VarsParserTest, ThePlaybooksVarsReplaceTheConfigsByName) {
  Value config = Value::map();
  config.set("host", "shared.example");
  config.set("webhook_url", "http://hooks/shared");
  auto parsed =
      parsePlaybook(std::string("name: v\nvars: {host: own.example}\n") + kStep, "p.yaml", &config);
  ASSERT_TRUE(parsed) << parsed.error().toString();
  EXPECT_EQ(*parsed->vars.find("host"), Value("own.example"));
  EXPECT_EQ(*parsed->vars.find("webhook_url"), Value("http://hooks/shared"));
}

TEST(VarsParserTest, AnUndefinedVarIsAnErrorWhenTheConfigIsKnown) {
  Value config = Value::map();
  config.set("hostname", "shared.example");
  EXPECT_EQ(errorsOf(std::string("name: v\n") + kStep, &config),
            "p.yaml:6:26: unknown var \"vars.host\" (not in the playbook's vars nor the config's "
            "playbooks.vars) (did you mean \"hostname\"?)\n");
}

TEST(VarsParserTest, AloneAnUndefinedVarMayComeFromTheConfigUnlessItIsATypo) {
  // Validated on its own, the config's vars are unknown: host may be one.
  EXPECT_EQ(errorsOf(std::string("name: v\n") + kStep), "");
  // But one letter away from the playbook's own var is a typo.
  EXPECT_EQ(errorsOf(std::string("name: v\nvars: {hosts: [a]}\n") + kStep),
            "p.yaml:7:26: unknown var \"vars.host\" (did you mean \"hosts\"?)\n");
}

TEST(VarsParserTest, ReadingAFieldOfAVarIsCheckedAgainstItsValue) {
  EXPECT_EQ(errorsOf(unyo::testing::readFile(fixtures() / "playbooks/bad/55-vars-mistakes.yaml")),
            "p.yaml:3:3: var name \"Webhook\" must be lower case letters, digits and _, starting "
            "with a letter or _\n"
            "p.yaml:5:25: vars nest deeper than 16 levels\n"
            "p.yaml:7:3: duplicate key \"dup\" (first set on line 6)\n"
            "p.yaml:11:26: \"vars.db.hots\": vars.db has no \"hots\" (did you mean \"host\"?)\n"
            "p.yaml:11:48: \"vars.db.port.number\": vars.db.port is not a mapping and has no "
            "fields\n");
}

TEST(VarsParserTest, TheConfigsVarsAreReadWithTheSameRules) {
  Diagnostics diagnostics;
  const yaml::YamlFile file{"unyo.yaml", diagnostics};
  const Value vars = readVars(YAML::Load("webhook_url: http://h/x\n9lives: 1\n"), file);
  EXPECT_EQ(*vars.find("webhook_url"), Value("http://h/x"));
  EXPECT_EQ(vars.find("9lives"), nullptr);
  EXPECT_EQ(diagnostics.toString(),
            "unyo.yaml:2:1: var name \"9lives\" must be lower case letters, digits and _, "
            "starting with a letter or _\n");
  EXPECT_TRUE(readVars(YAML::Node(), file).asMap().empty());
}

TEST(VarsParserTest, HugeVarsAreRefused) {
  std::string yaml = "big: [";
  for (std::size_t i = 0; i < kMaxVarsValues + 1; ++i) yaml += "1,";
  yaml += "1]\n";
  Diagnostics diagnostics;
  const yaml::YamlFile file{"unyo.yaml", diagnostics};
  const Value vars = readVars(YAML::Load(yaml), file);
  EXPECT_EQ(vars.find("big"), nullptr);
  EXPECT_EQ(diagnostics.size(), 1u);
  EXPECT_NE(diagnostics.toString().find("vars hold more than 10000 values"), std::string::npos);
}

TEST(LoopParserTest, ALoopIsAListOrALoneReferenceToOne) {
  auto parsed = parsePlaybook(R"(
name: l
vars: {dirs: [/a, /b]}
steps:
  - id: one
    action: exec
    loop: [a, "{{ vars.dirs }}"]
    with: {argv: [echo, "{{ item }}", "{{ loop.index }}"]}
    when: 'item != "b" and loop.first'
  - id: two
    action: exec
    loop: "{{ vars.dirs }}"
    with: {argv: [echo, "{{ item.name }}"]}
)",
                              "p.yaml");
  ASSERT_TRUE(parsed) << parsed.error().toString();
  ASSERT_TRUE(parsed->steps[0].loop);
  EXPECT_TRUE(std::holds_alternative<std::vector<WithNode>>(parsed->steps[0].loop->data));
  EXPECT_TRUE(std::holds_alternative<Template>(parsed->steps[1].loop->data));
}

TEST(LoopParserTest, TooManyItemsWrittenOutAreRefused) {
  std::string items;
  for (std::size_t i = 0; i <= kMaxLoopItems; ++i) items += (i ? ", " : "") + std::to_string(i);
  EXPECT_EQ(errorsOf("name: l\nsteps:\n  - id: a\n    action: exec\n    loop: [" + items +
                     "]\n    with: {argv: [echo]}\n"),
            "p.yaml:5:11: loop has 1001 items; a step loops over at most 1000\n");
}

// The fixture has five different mistakes; all five come out of one pass,
// each at its place and with a "did you mean".
TEST(ValidationTest, FiveMistakesGiveFiveErrorsWithHintsInOnePass) {
  const fs::path file = fixtures() / "playbooks/bad/52-five-mistakes.yaml";
  auto parsed = parsePlaybook(unyo::testing::readFile(file), file.string());
  ASSERT_FALSE(parsed);
  const auto& errors = parsed.error().errors();
  ASSERT_EQ(errors.size(), 5u) << parsed.error().toString();
  for (const auto& error : errors) {
    ASSERT_TRUE(error.where) << error.message;
    EXPECT_EQ(error.where->file, file.string());
    EXPECT_GT(error.where->line, 0);
    EXPECT_GT(error.where->column, 0);
    EXPECT_NE(error.message.find("(did you mean \""), std::string::npos) << error.message;
  }
}

TEST(ValidationTest, AnUnknownActionListsTheActions) {
  const std::string errors = errorsOf(
      "name: a\nsteps:\n  - id: a\n    action: frobnicate\n    with: {x: \"{{ parms.y }}\"}\n");
  EXPECT_NE(errors.find("p.yaml:4:13: unknown action \"frobnicate\"; the actions are exec, "
                        "file.cleanup, disk.check"),
            std::string::npos)
      << errors;
  // With a guess too: the guess first, then every action.
  const std::string close = errorsOf("name: a\nsteps:\n  - id: a\n    action: http.get\n");
  EXPECT_NE(close.find("unknown action \"http.get\" (did you mean \"http.check\"?); the actions "
                       "are exec, "),
            std::string::npos)
      << close;
  // The templates of the step are still checked.
  EXPECT_NE(errors.find("p.yaml:5:16: unknown reference \"parms.y\" (did you mean \"params\"?)"),
            std::string::npos)
      << errors;
}

TEST(ValidationTest, ADuplicateNameIsReportedEvenWhenAFileHasOtherErrors) {
  unyo::testing::TempDir dir;
  unyo::testing::writeFile(dir.path() / "a.yaml",
                           "name: same\nsteps:\n  - id: w\n    action: wait\n"
                           "    with: {duration: 1s}\n");
  unyo::testing::writeFile(dir.path() / "b.yaml",
                           "name: same\nsteps:\n  - id: w\n    action: wiat\n");
  const std::vector<fs::path> paths = {dir.path()};
  auto loaded = loadPlaybooks(paths);
  ASSERT_FALSE(loaded);
  const std::string text = loaded.error().toString();
  EXPECT_NE(text.find("b.yaml:1:7: playbook name \"same\" is already used by"), std::string::npos)
      << text;
  EXPECT_NE(text.find("b.yaml:4:13: unknown action \"wiat\" (did you mean \"wait\"?)"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace unyo::playbooks
