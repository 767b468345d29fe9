#include "playbooks/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace unyo::playbooks {
namespace {

TEST(ValueTest, TypesAreWhatTheyWereBuiltFrom) {
  EXPECT_TRUE(Value().isNull());
  EXPECT_TRUE(Value(nullptr).isNull());
  EXPECT_TRUE(Value(true).isBool());
  EXPECT_TRUE(Value(3).isInt());
  EXPECT_TRUE(Value(std::int64_t{3}).isNumber());
  EXPECT_TRUE(Value(0.5).isDouble());
  EXPECT_TRUE(Value("text").isString());
  EXPECT_TRUE(Value::list().isList());
  EXPECT_TRUE(Value::map().isMap());
  EXPECT_DOUBLE_EQ(Value(3).asNumber(), 3.0);
  EXPECT_DOUBLE_EQ(Value(0.25).asNumber(), 0.25);
}

TEST(ValueTest, SetBuildsAMapAndReplacesExistingKeys) {
  Value value;
  value.set("a", 1);
  value.set("b", "two");
  value.set("a", 3);
  ASSERT_TRUE(value.isMap());
  ASSERT_EQ(value.asMap().size(), 2u);
  EXPECT_EQ(value.asMap()[0].first, "a");  // insertion order is kept
  EXPECT_EQ(*value.find("a"), Value(3));
  EXPECT_EQ(*value.find("b"), Value("two"));
  EXPECT_EQ(value.find("missing"), nullptr);
  EXPECT_EQ(Value(5).find("a"), nullptr);
}

TEST(ValueTest, AtFollowsAPathOfKeys) {
  Value scope;
  scope.set("steps", Value::map()).set("purge", Value::map()).set("output", Value::map());
  scope.find("steps")->find("purge")->find("output")->set("files", 12);
  const std::vector<std::string> path{"steps", "purge", "output", "files"};
  ASSERT_NE(scope.at(path), nullptr);
  EXPECT_EQ(*scope.at(path), Value(12));
  const std::vector<std::string> missing{"steps", "purge", "nothing"};
  EXPECT_EQ(scope.at(missing), nullptr);
  EXPECT_EQ(scope.at(std::vector<std::string>{}), &scope);
}

TEST(ValueTest, TruthyFollowsTheDocumentedTable) {
  for (const Value& falsy :
       {Value(), Value(false), Value(0), Value(0.0), Value(""), Value("false"), Value("0"),
        Value::list(), Value::map(), Value(std::numeric_limits<double>::quiet_NaN())}) {
    EXPECT_FALSE(falsy.truthy()) << falsy.toText();
  }
  for (const Value& truthy : {Value(true), Value(1), Value(-0.5), Value("no"), Value("true"),
                              Value(Value::List{Value(0)})}) {
    EXPECT_TRUE(truthy.truthy()) << truthy.toText();
  }
}

TEST(ValueTest, ToTextReadsAsItWouldInsideAString) {
  EXPECT_EQ(Value().toText(), "");
  EXPECT_EQ(Value("as is").toText(), "as is");
  EXPECT_EQ(Value(true).toText(), "true");
  EXPECT_EQ(Value(15).toText(), "15");
  EXPECT_EQ(Value(0.85).toText(), "0.85");
  EXPECT_EQ(Value(2.0).toText(), "2");
  EXPECT_EQ(Value(std::numeric_limits<double>::infinity()).toText(), "+Inf");
  EXPECT_EQ(Value(std::numeric_limits<double>::quiet_NaN()).toText(), "NaN");
  EXPECT_EQ(Value(Value::List{Value(1), Value("a")}).toText(), R"([1,"a"])");
  Value map;
  map.set("k", "v");
  EXPECT_EQ(map.toText(), R"({"k":"v"})");
}

TEST(ValueTest, JsonRoundTripKeepsTypesAndOrder) {
  Value value;
  value.set("zeta", 1);
  value.set("alpha", Value::List{Value(true), Value(nullptr), Value(0.5), Value("s")});
  value.set("nested", Value::map()).set("n", std::int64_t{-7});
  const nlohmann::json json = value.toJson();
  EXPECT_EQ(json["alpha"][2], 0.5);
  const Value back = Value::fromJson(json);
  // nlohmann::json orders object keys, so compare by key, not by position.
  ASSERT_TRUE(back.isMap());
  EXPECT_EQ(*back.find("zeta"), Value(1));
  EXPECT_EQ(*back.find("alpha"), *value.find("alpha"));
  EXPECT_EQ(*back.find("nested")->find("n"), Value(-7));
  EXPECT_TRUE(back.find("nested")->find("n")->isInt());
}

TEST(ValueTest, JsonHasNoNaNOrInfinity) {
  EXPECT_TRUE(Value(std::numeric_limits<double>::infinity()).toJson().is_null());
  EXPECT_TRUE(Value(std::nan("")).toJson().is_null());
  EXPECT_EQ(Value::fromJson(nlohmann::json::parse("18446744073709551615")).isInt(), true);
}

}  // namespace
}  // namespace unyo::playbooks
