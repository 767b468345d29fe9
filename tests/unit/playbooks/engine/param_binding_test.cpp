// What a caller may set: locked params, and every bound of an overridable
// one, with paths checked against real folders and symbolic links.

#include "playbooks/engine/param_binding.h"

#include <gtest/gtest.h>

#include "playbooks/parser/playbook_parser.h"
#include "support/child_process.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;

const std::string kSteps = "steps:\n  - {id: w, action: wait, with: {duration: 1s}}\n";

Playbook parse(const std::string& params) {
  auto p = parsePlaybook("name: t\nparams:\n" + params + kSteps, "t.yaml");
  EXPECT_TRUE(p) << (p ? "" : p.error().toString());
  return p ? *p : Playbook{};
}

// The error of binding `name: value`, or "" when it binds.
std::string refusal(const Playbook& p, const std::string& name, const Value& value) {
  Redactor redactor;
  Value given = Value::map();
  given.set(name, value);
  auto bound = bindParams(p, given, redactor);
  if (bound) return "";
  EXPECT_EQ(bound.error().kind, ErrorKind::invalid) << bound.error().message;
  return bound.error().message;
}

TEST(ParamBindingBoundsTest, ALockedParamIsRefusedByName) {
  const Playbook p = parse("  days: {type: int, default: 30}\n");
  EXPECT_EQ(refusal(p, "days", Value("30")),
            "param \"days\": locked: playbook t does not let callers set it (it is not "
            "overridable)");
  Redactor redactor;
  auto bound = bindParams(p, Value::map(), redactor);  // defaults need no caller
  ASSERT_TRUE(bound);
  EXPECT_EQ(*bound->find("days"), Value(std::int64_t{30}));
}

TEST(ParamBindingBoundsTest, MinAndMaxBoundIntsNumbersAndDurations) {
  const Playbook p = parse(
      "  days: {type: int, default: 30, overridable: true, min: 1, max: 365}\n"
      "  ratio: {type: number, default: 0.8, overridable: true, min: 0.5, max: 0.99}\n"
      "  wait: {type: duration, default: 1m, overridable: true, min: 10s, max: 1h}\n");
  EXPECT_EQ(refusal(p, "days", Value("0")), "param \"days\": 0 is below the minimum 1");
  EXPECT_EQ(refusal(p, "days", Value(std::int64_t{366})),
            "param \"days\": 366 is above the maximum 365");
  EXPECT_EQ(refusal(p, "days", Value("1")), "");
  EXPECT_EQ(refusal(p, "days", Value("365")), "");
  EXPECT_EQ(refusal(p, "ratio", Value(0.1)), "param \"ratio\": 0.1 is below the minimum 0.5");
  EXPECT_EQ(refusal(p, "ratio", Value("0.9")), "");
  EXPECT_EQ(refusal(p, "wait", Value("5s")), "param \"wait\": 5s is below the minimum 10s");
  EXPECT_EQ(refusal(p, "wait", Value("2h")), "param \"wait\": 2h is above the maximum 1h");
  EXPECT_EQ(refusal(p, "wait", Value("60m")), "");
}

TEST(ParamBindingBoundsTest, EnumAndPatternBoundStrings) {
  const Playbook p = parse(
      "  mode: {type: string, default: safe, overridable: true, enum: [safe, fast]}\n"
      "  level: {type: int, default: 1, overridable: true, enum: [1, 2]}\n"
      "  glob: {type: string, default: a.log, overridable: true, pattern: '[a-z*]+\\.log'}\n");
  EXPECT_EQ(refusal(p, "mode", Value("all")),
            "param \"mode\": \"all\" is not one of \"safe\", \"fast\"");
  EXPECT_EQ(refusal(p, "mode", Value("fast")), "");
  EXPECT_EQ(refusal(p, "level", Value("3")), "param \"level\": 3 is not one of 1, 2");
  EXPECT_EQ(refusal(p, "level", Value("2")), "");
  // The whole value must match, not a part of it.
  EXPECT_EQ(refusal(p, "glob", Value("*")),
            "param \"glob\": \"*\" does not match the pattern [a-z*]+\\.log");
  EXPECT_EQ(refusal(p, "glob", Value("../x.log")),
            "param \"glob\": \"../x.log\" does not match the pattern [a-z*]+\\.log");
  EXPECT_EQ(refusal(p, "glob", Value("x.log.1")),
            "param \"glob\": \"x.log.1\" does not match the pattern [a-z*]+\\.log");
  EXPECT_EQ(refusal(p, "glob", Value("app*.log")), "");
}

class PathParamTest : public ::testing::Test {
 protected:
  PathParamTest() {
    fs::create_directories(root / "log/app");
    fs::create_directories(root / "logs");
    fs::create_directories(root / "data");
    fs::create_directory_symlink(root / "data", root / "log/out");
    fs::create_directory_symlink(root / "log/app", root / "log/in");
    p = parse("  dir: {type: path, default: " + (root / "log/app").string() +
              ", overridable: true, under: [" + (root / "log").string() + "]}\n");
  }

  std::string bind(const std::string& relative, Value* out = nullptr) {
    Redactor redactor;
    Value given = Value::map();
    given.set("dir", (root / relative).string());
    auto bound = bindParams(p, given, redactor);
    if (!bound) return bound.error().message;
    if (out) *out = *bound->find("dir");
    return "";
  }

  unyo::testing::TempDir tmp;
  const fs::path root = fs::canonical(tmp.path());
  Playbook p;
};

TEST_F(PathParamTest, InsideTheFolderIsBoundAsItsRealPath) {
  Value dir;
  EXPECT_EQ(bind("log/app/", &dir), "");
  EXPECT_EQ(dir, Value((root / "log/app").string()));
  EXPECT_EQ(bind("log/in", &dir), "");  // a link that stays inside
  EXPECT_EQ(dir, Value((root / "log/app").string()));
  EXPECT_EQ(bind("log/not-yet/there", &dir), "");  // a missing tail
  EXPECT_EQ(dir, Value((root / "log/not-yet/there").string()));
  EXPECT_EQ(bind("log"), "");  // the folder itself
}

TEST_F(PathParamTest, OutsideTheFolderIsRefused) {
  const std::string under = " is not under " + (root / "log").string();
  EXPECT_EQ(bind("data"), "param \"dir\": " + inQuotes((root / "data").string()) + under);
  // Same prefix, other folder: compared by components.
  EXPECT_EQ(bind("logs"), "param \"dir\": " + inQuotes((root / "logs").string()) + under);
  // A link inside the folder that leads out of it.
  EXPECT_EQ(bind("log/out/x"), "param \"dir\": " + inQuotes((root / "log/out/x").string()) +
                                   " (" + (root / "data/x").string() + ")" + under);
}

TEST_F(PathParamTest, DotDotAndRelativePathsAreRefused) {
  const std::string dots = (root / "log/../data").string();
  EXPECT_EQ(bind("log/../data"), "param \"dir\": " + inQuotes(dots) + " contains \"..\"");
  EXPECT_EQ(bind("log/app/.."), "param \"dir\": " + inQuotes((root / "log/app/..").string()) +
                                    " contains \"..\"");
  Redactor redactor;
  Value given = Value::map();
  given.set("dir", "log/app");
  EXPECT_EQ(bindParams(p, given, redactor).error().message,
            "param \"dir\": \"log/app\" is not an absolute path");
}

TEST(ParamBindingBoundsTest, OnlyValuesOtherThanTheDefaultAreOverrides) {
  const Playbook p = parse(
      "  days: {type: int, default: 30, overridable: true, min: 1}\n"
      "  dir: {type: path, default: /var/log/app, overridable: true, under: [/var/log]}\n");
  Value given = Value::map();
  EXPECT_FALSE(overridesDefaults(p, given));
  given.set("days", "30");
  given.set("dir", "/var/log/app/");
  EXPECT_FALSE(overridesDefaults(p, given));
  given.set("days", "7");
  EXPECT_TRUE(overridesDefaults(p, given));
  given.set("days", "30");
  given.set("dir", "/var/log/other");
  EXPECT_TRUE(overridesDefaults(p, given));
}

}  // namespace
}  // namespace unyo::playbooks
