#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "playbooks/expression/expression.h"

namespace unyo::playbooks {
namespace {

Value sampleScope() {
  Value scope;
  Value& params = scope.set("params", Value::map());
  params.set("max", 0.9);
  params.set("count", 3);
  params.set("ratio_text", "0.85");
  params.set("name", "app");
  params.set("off", "false");
  params.set("files", Value::List{Value("a")});
  Value& steps = scope.set("steps", Value::map());
  Value& space = steps.set("space", Value::map());
  space.set("failed", true);
  space.set("output", Value::map()).set("used_ratio", 0.8);
  Value& status = steps.set("status", Value::map());
  status.set("failed", false);
  status.set("output", Value::map()).set("state", "active");
  scope.set("run", Value::map()).set("error", nullptr);
  return scope;
}

Expected<ExprResult> evaluate(std::string_view text) {
  auto parsed = Expression::parse(text);
  if (!parsed) return fail("parse: " + parsed.error().message);
  return parsed->evaluate(nullptr, sampleScope());
}

double scalar(std::string_view text) {
  auto result = evaluate(text);
  EXPECT_TRUE(result) << text << ": " << result.error().message;
  if (!result) return NAN;
  EXPECT_EQ(result->kind, ExprResult::Kind::scalar) << text;
  return result->scalar;
}

TEST(ExpressionEvalTest, ArithmeticFollowsPrecedence) {
  struct Case {
    const char* text;
    double expected;
  };
  const Case cases[] = {
      {"1 + 2 * 3", 7},  {"(1 + 2) * 3", 9}, {"10 - 4 - 3", 3},     {"8 / 4 / 2", 1},
      {"-2 * -3", 6},    {"- (1 + 1)", -2},  {"1e3 + 0.5", 1000.5}, {"2 * 3 > 5", 1},
      {"1 + 1 == 2", 1}, {".5 * 4", 2},      {"7 - 2 * 3 + 1", 2},  {"1 - -1", 2},
  };
  for (const auto& c : cases) EXPECT_DOUBLE_EQ(scalar(c.text), c.expected) << c.text;
}

TEST(ExpressionEvalTest, ItemLoopAndVarsAreReferences) {
  Value scope = sampleScope();
  scope.set("item", "/var/log/app");
  scope.set("loop", Value::map()).set("index", 2);
  scope.set("vars", Value::map()).set("max_used", 0.85);
  auto parsed = Expression::parse(
      R"(item == "/var/log/app" and loop.index == 2 and vars.max_used < 0.9)");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& references = parsed->references();
  ASSERT_EQ(references.size(), 3u);
  EXPECT_EQ(references[0].path, std::vector<std::string>{"item"});
  EXPECT_TRUE(parsed->selectors().empty());  // `item` is not a metric
  auto result = parsed->evaluate(nullptr, scope);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->truthy());
  scope.set("item", "/srv");
  EXPECT_FALSE(parsed->evaluate(nullptr, scope)->truthy());
}

TEST(ExpressionEvalTest, DivisionByZeroGivesInfinityOrNaN) {
  EXPECT_EQ(scalar("1 / 0"), INFINITY);
  EXPECT_EQ(scalar("-1 / 0"), -INFINITY);
  EXPECT_TRUE(std::isnan(scalar("0 / 0")));
  EXPECT_EQ(scalar("0 / 0 == 0 / 0"), 0);  // NaN equals nothing
  EXPECT_FALSE(evaluate("0 / 0")->truthy());
}

TEST(ExpressionEvalTest, ComparisonsGiveOneOrZero) {
  struct Case {
    const char* text;
    double expected;
  };
  const Case cases[] = {
      {"1 < 2", 1}, {"2 < 1", 0},  {"2 <= 2", 1}, {"3 >= 4", 0},
      {"5 > 4", 1}, {"1 == 1", 1}, {"1 != 1", 0}, {"0.1 + 0.2 > 0.3", 1},
  };
  for (const auto& c : cases) EXPECT_EQ(scalar(c.text), c.expected) << c.text;
}

TEST(ExpressionEvalTest, AndOrNotOnBooleans) {
  struct Case {
    const char* text;
    double expected;
  };
  const Case cases[] = {
      {"true and true", 1}, {"true and false", 0},
      {"false or true", 1}, {"false or false", 0},
      {"not true", 0},      {"not 0", 1},
      {"not not 5", 1},     {"true or false and false", 1},  // and binds tighter
      {"not 1 == 2", 1},    {"(true or false) and false", 0},
      {"2 and 3", 1},       {"0 or 7", 1},
  };
  for (const auto& c : cases) EXPECT_EQ(scalar(c.text), c.expected) << c.text;
}

TEST(ExpressionEvalTest, AndOrSkipTheSideThatCannotMatter) {
  // steps.nothing does not exist: evaluating it would be an error.
  EXPECT_EQ(scalar("false and steps.nothing.failed"), 0);
  EXPECT_EQ(scalar("true or steps.nothing.failed"), 1);
  auto missing = evaluate("true and steps.nothing.failed");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            R"(unknown reference "steps.nothing.failed": "steps" has no "nothing")");
}

TEST(ExpressionEvalTest, StringsCompareAsText) {
  EXPECT_EQ(scalar(R"("a" == "a")"), 1);
  EXPECT_EQ(scalar(R"('a' != "b")"), 1);
  EXPECT_EQ(scalar(R"(steps.status.output.state == "active")"), 1);
  EXPECT_EQ(scalar(R"(steps.status.output.state != 'active')"), 0);
  EXPECT_EQ(scalar(R"("1" == "1.0")"), 0);  // two strings compare as text
  EXPECT_EQ(scalar(R"("say \"hi\"" == 'say "hi"')"), 1);
  auto text = evaluate("params.name");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->kind, ExprResult::Kind::string);
  EXPECT_EQ(text->text, "app");
}

TEST(ExpressionEvalTest, ReferencesReadAsNumbersAndBooleans) {
  struct Case {
    const char* text;
    double expected;
  };
  const Case cases[] = {
      {"steps.space.output.used_ratio < {{ params.max }}", 1},
      {"steps.space.failed", 1},
      {"{{ steps.status.failed }}", 0},
      {"params.count * 2", 6},
      {"steps.space.failed and not steps.status.failed", 1},
      {"steps.space.failed == true", 1},
      {"params.ratio_text > 0.8", 1},  // a numeric string meets a number
      {"params.ratio_text * 100", 85},
      {"params.ratio_text == 0.85", 1},
      {"-params.ratio_text", -0.85},
      {"{{ params.count }} == 3", 1},
  };
  for (const auto& c : cases) EXPECT_DOUBLE_EQ(scalar(c.text), c.expected) << c.text;
}

TEST(ExpressionEvalTest, ReferenceErrorsAndMisfits) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"steps.x.output.y > 1", R"(unknown reference "steps.x.output.y": "steps" has no "x")"},
      {"params.missing", R"(unknown reference "params.missing": "params" has no "missing")"},
      {"params.name > 1", R"(">" needs a number, got the string "app")"},
      {"params.name == 1", R"("==" needs a number, got the string "app")"},
      {"params.name + 1", R"("+" needs a number, got the string "app")"},
      {"-params.name", R"("-" needs a number, got the string "app")"},
      {R"("a" < "b")", R"("<" needs a number, got the string "a")"},
      {"params.files", R"(reference "params.files" is a list; a condition needs a number, )"
                       "string or bool"},
  };
  for (const auto& c : cases) {
    auto result = evaluate(c.text);
    ASSERT_FALSE(result) << c.text;
    EXPECT_EQ(result.error().message, c.message) << c.text;
  }
}

TEST(ExpressionEvalTest, NullAndFalseStringsAreFalse) {
  auto error = evaluate("{{ run.error }}");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, ExprResult::Kind::string);
  EXPECT_FALSE(error->truthy());
  EXPECT_EQ(scalar(R"(run.error == "")"), 1);
  auto off = evaluate("params.off");
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->truthy());  // a string param "false" reads as false
  EXPECT_EQ(scalar("not params.off"), 1);
}

TEST(ExpressionEvalTest, TruthyPerKind) {
  ExprResult result;
  EXPECT_FALSE(result.truthy());  // scalar 0
  result.scalar = -2;
  EXPECT_TRUE(result.truthy());
  result.scalar = NAN;
  EXPECT_FALSE(result.truthy());
  result.kind = ExprResult::Kind::string;
  EXPECT_FALSE(result.truthy());  // ""
  result.text = "yes";
  EXPECT_TRUE(result.truthy());
  result.text = "0";
  EXPECT_FALSE(result.truthy());
  result.kind = ExprResult::Kind::vector;
  EXPECT_FALSE(result.truthy());
  result.series.push_back(SeriesValue{{}, 0});
  EXPECT_TRUE(result.truthy());  // a series whose value is 0 still counts
}

}  // namespace
}  // namespace unyo::playbooks
