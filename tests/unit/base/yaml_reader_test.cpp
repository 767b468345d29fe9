#include "base/yaml_reader.h"

#include <gtest/gtest.h>

namespace unyo::yaml {
namespace {

class YamlReaderTest : public ::testing::Test {
 protected:
  Diagnostics diagnostics;
  YamlFile file{"t.yaml", diagnostics};

  YAML::Node parse(std::string_view text) {
    auto node = parseText(text, "t.yaml");
    EXPECT_TRUE(node) << node.error().toString();
    return node ? *node : YAML::Node();
  }
};

TEST_F(YamlReaderTest, SyntaxErrorsCarryTheirPosition) {
  auto node = parseText("a: 1\nb: [1, 2\n", "t.yaml");
  ASSERT_FALSE(node);
  ASSERT_TRUE(node.error().where);
  EXPECT_EQ(node.error().where->file, "t.yaml");
  EXPECT_EQ(node.error().where->line, 3);
  EXPECT_NE(node.error().message.find("invalid YAML"), std::string::npos);
}

TEST_F(YamlReaderTest, ReadsTypedValues) {
  YAML::Node root = parse("s: hello\nb: true\ni: 42\nd: 0.5\nt: 15s\nl: [a, b]\n");
  YamlMap map(file, root);
  std::string s;
  bool b = false;
  std::int64_t i = 0;
  double d = 0;
  std::chrono::milliseconds t{};
  std::vector<std::string> l;
  EXPECT_TRUE(map.read("s", s));
  EXPECT_TRUE(map.read("b", b));
  EXPECT_TRUE(map.read("i", i));
  EXPECT_TRUE(map.read("d", d));
  EXPECT_TRUE(map.read("t", t));
  EXPECT_TRUE(map.read("l", l));
  map.finish();
  EXPECT_TRUE(diagnostics.empty()) << diagnostics.toString();
  EXPECT_EQ(s, "hello");
  EXPECT_TRUE(b);
  EXPECT_EQ(i, 42);
  EXPECT_EQ(d, 0.5);
  EXPECT_EQ(t, std::chrono::seconds(15));
  EXPECT_EQ(l, (std::vector<std::string>{"a", "b"}));
}

TEST_F(YamlReaderTest, TypeErrorsPointAtTheValue) {
  YAML::Node root = parse("count: many\nflag: yes please\nwait: 5 minutes\n");
  YamlMap map(file, root);
  std::int64_t count = 7;
  bool flag = false;
  std::chrono::milliseconds wait{};
  EXPECT_FALSE(map.read("count", count));
  EXPECT_FALSE(map.read("flag", flag));
  EXPECT_FALSE(map.read("wait", wait));
  map.finish();
  EXPECT_EQ(count, 7);  // untouched on error
  EXPECT_EQ(diagnostics.toString(),
            "t.yaml:1:8: expected an integer, got \"many\"\n"
            "t.yaml:2:7: expected true or false, got \"yes please\"\n"
            "t.yaml:3:7: invalid duration \"5 minutes\" (use a number with ms, s, m, h, d or w, "
            "e.g. 15s)\n");
}

TEST_F(YamlReaderTest, UnknownKeysAreReportedWithASuggestionOrTheKnownKeys) {
  YAML::Node root = parse("interval: 15s\nmin_intervall: 1s\nzzz: 1\n");
  YamlMap map(file, root, "collectors");
  std::chrono::milliseconds interval{}, minInterval{};
  map.read("interval", interval);
  map.read("min_interval", minInterval);
  map.get("interval");  // asked twice, listed once
  map.finish();
  EXPECT_EQ(diagnostics.toString(),
            "t.yaml:2:1: unknown key \"min_intervall\" (did you mean \"min_interval\"?)\n"
            "t.yaml:3:1: unknown key \"zzz\" (expected one of: interval, min_interval)\n");
}

TEST_F(YamlReaderTest, DuplicateKeysAreErrors) {
  YAML::Node root = parse("a: 1\nb: 2\na: 3\n");
  YamlMap map(file, root);
  map.get("a");
  map.get("b");
  map.finish();
  EXPECT_EQ(diagnostics.toString(), "t.yaml:3:1: duplicate key \"a\" (first set on line 1)\n");
}

TEST_F(YamlReaderTest, ANonMappingIsReportedOnceAndEmptyIsAllDefaults) {
  YAML::Node root = parse("web: [1, 2]\ncollectors:\n");
  YamlMap top(file, root);
  YamlMap web(file, *top.get("web"), "web");
  std::string address = "keep";
  web.read("listen_address", address);
  web.finish();
  YamlMap collectors(file, *top.get("collectors"), "collectors");
  collectors.finish();
  top.finish();
  EXPECT_EQ(address, "keep");
  EXPECT_EQ(diagnostics.toString(), "t.yaml:1:6: expected a mapping for web, got a list\n");
}

TEST_F(YamlReaderTest, RequireReportsMissingKeysAtTheMapping) {
  YAML::Node root = parse("identity:\n  system: other\n");
  YamlMap top(file, root);
  YamlMap identity(file, *top.get("identity"), "identity");
  EXPECT_FALSE(identity.require("lg_code"));
  EXPECT_TRUE(identity.require("system"));
  EXPECT_EQ(diagnostics.toString(), "t.yaml:2:3: missing required key \"lg_code\"\n");
}

}  // namespace
}  // namespace unyo::yaml
