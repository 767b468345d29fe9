#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "playbooks/expression/expression.h"

namespace unyo::playbooks {
namespace {

using Op = LabelMatcher::Op;

TEST(ExpressionParseTest, CollectsReferencesInOrderWithOffsets) {
  auto parsed = Expression::parse(
      "steps.space.output.used_ratio < {{ params.max }} and not steps.purge.failed");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& references = parsed->references();
  ASSERT_EQ(references.size(), 3u);
  EXPECT_EQ(references[0].dotted(), "steps.space.output.used_ratio");
  EXPECT_EQ(references[0].offset, 0u);
  EXPECT_EQ(references[1].dotted(), "params.max");
  EXPECT_EQ(references[1].offset, 32u);
  EXPECT_EQ(references[2].dotted(), "steps.purge.failed");
  EXPECT_EQ(references[2].offset, 57u);
  EXPECT_TRUE(parsed->selectors().empty());
  EXPECT_EQ(parsed->text(),
            "steps.space.output.used_ratio < {{ params.max }} and not steps.purge.failed");
}

TEST(ExpressionParseTest, BracesAllowDashesInNamesAndAnyRoot) {
  auto parsed = Expression::parse("{{ steps.check-disk.failed }} or {{ custom.thing }}");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->references().size(), 2u);
  EXPECT_EQ(parsed->references()[0].dotted(), "steps.check-disk.failed");
  EXPECT_EQ(parsed->references()[1].dotted(), "custom.thing");
}

TEST(ExpressionParseTest, CollectsSelectorsWithTheirMatchers) {
  auto parsed = Expression::parse(
      R"(unyo_filesystem_used_ratio{mountpoint=~"/var.*", fstype!="tmpfs",} > 0.85 )"
      R"(and node_load5 / count:cpus{a!~'x|y', b="q\"uote"} > 2)");
  ASSERT_TRUE(parsed) << parsed.error().message;
  const auto& selectors = parsed->selectors();
  ASSERT_EQ(selectors.size(), 3u);
  EXPECT_EQ(selectors[0].metric, "unyo_filesystem_used_ratio");
  EXPECT_EQ(selectors[0].offset, 0u);
  ASSERT_EQ(selectors[0].matchers.size(), 2u);
  EXPECT_EQ(selectors[0].matchers[0].label, "mountpoint");
  EXPECT_EQ(selectors[0].matchers[0].op, Op::regexMatch);
  EXPECT_EQ(selectors[0].matchers[0].value, "/var.*");
  EXPECT_EQ(selectors[0].matchers[1].op, Op::notEqual);
  EXPECT_EQ(selectors[1].metric, "node_load5");
  EXPECT_TRUE(selectors[1].matchers.empty());
  EXPECT_EQ(selectors[2].metric, "count:cpus");
  ASSERT_EQ(selectors[2].matchers.size(), 2u);
  EXPECT_EQ(selectors[2].matchers[0].op, Op::regexNoMatch);
  EXPECT_EQ(selectors[2].matchers[0].value, "x|y");
  EXPECT_EQ(selectors[2].matchers[1].op, Op::equal);
  EXPECT_EQ(selectors[2].matchers[1].value, "q\"uote");
  EXPECT_TRUE(parsed->references().empty());
}

TEST(ExpressionParseTest, AcceptsEveryFormTheGrammarAllows) {
  for (const char* text : {
           "1",
           "-1e3",
           ".5 + 0.85",
           "1E-2 * (2 - -3)",
           "'single' == \"double\"",
           "true",
           "not not false",
           "a{}",
           "a {} > 1",
           "a{b=\"\"}",
           "x == 1 or y != 2 and z >= 3",
           "run.id == \"r\"",
           "trigger.labels.mountpoint == '/var'",
           "identity.lg_code",
           "playbook.name",
           "params.x <= 1",
           "m{l=~\"\\d+\"}",
           "\t(1)\n",
           "metric_with:colon",
       }) {
    auto parsed = Expression::parse(text);
    EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
  }
}

TEST(ExpressionParseTest, ErrorsSayWhatAndWhere) {
  struct Case {
    const char* text;
    const char* message;
    std::size_t offset;
  };
  const Case cases[] = {
      {"", "empty expression", 0},
      {"   ", "empty expression", 0},
      {"a and", R"(expected a value after "and")", 5},
      {"a and )", "expected a value after \"and\", got \")\"", 6},
      {"1 +", R"(expected a value after "+")", 3},
      {"* 2", R"(expected a value, got "*")", 0},
      {"(1 + 2", R"(unclosed "(")", 0},
      {"x > (1 + (2)", R"(unclosed "(")", 4},
      {"1 + 2)", "unmatched \")\"", 5},
      {"a => 1", R"(unknown operator "=>" (did you mean ">="?))", 2},
      {"a && b", R"(unknown operator "&&" (use "and"))", 2},
      {"!a", R"(unknown operator "!" (use "not"))", 0},
      {"a = 1", R"(unknown operator "=" (compare with "=="))", 2},
      {"a =~ \"x\"", R"("=~" only matches labels, inside a selector's {...})", 2},
      {"m{l=1}", "label matcher needs a quoted value", 4},
      {"m{l=other}", "label matcher needs a quoted value", 4},
      {"m{l}", R"(expected "=", "!=", "=~" or "!~" after label "l")", 3},
      {"m{=\"x\"}", R"(expected a label name, got "=")", 2},
      {"m{a:b=\"x\"}", R"(expected a label name, got "a:b")", 2},
      {"m{l=\"x\"", R"(unclosed "{")", 1},
      {"m{l=\"x\" k=\"y\"}", R"(expected "," or "}" after a label matcher, got "k")", 8},
      {"m{l=~\"[\"}", "invalid regular expression \"[\": ", 5},  // prefix; std::regex explains
      {"\"abc", "unclosed string", 0},
      {"x == 'abc", "unclosed string", 5},
      {"{{ params.x", R"(unclosed "{{")", 0},
      {"1 + {{ }}", "empty reference (write a name, e.g. {{ params.days }})", 4},
      {"{{ a..b }}", R"(reference "a..b" has an empty name)", 0},
      {"{{ a b }}", R"(reference "a b" is not a dotted path of names (letters, digits, "_", "-"))",
       0},
      {"steps.", R"(expected a name after ".")", 6},
      {"params", R"("params" needs a name after it, e.g. params.NAME)", 0},
      {"foo.bar > 1",
       R"(unknown reference "foo.bar" (references start with params, vars, steps, item, loop, )"
       R"(run, playbook, identity, trigger; metric names have no "."))",
       0},
      {"parms.x > 1", R"(unknown reference "parms.x" (did you mean "params"?))", 0},
      {"vars", R"("vars" needs a name after it, e.g. vars.NAME)", 0},
      {"5m > 1", R"(invalid number "5m")", 0},
      {"1.2.3", R"(invalid number "1.2.3")", 0},
      {"a b", R"(expected an operator, got "b")", 2},
      {"a 'b'", R"(expected an operator, got the string 'b')", 2},
      {"1 < 2 < 3", R"(comparisons do not chain; join them with "and")", 6},
      {"a $ b", R"(unexpected character "$")", 2},
      {"a > 1 and", R"(expected a value after "and")", 9},
      {"not", R"(expected a value after "not")", 3},
      {"1 + not a", R"(expected a value after "+", got "not")", 4},
      {"{ a }", R"(expected a value, got "{")", 0},
  };
  for (const auto& c : cases) {
    auto parsed = Expression::parse(c.text);
    ASSERT_FALSE(parsed) << c.text;
    if (std::string(c.message).ends_with(": ")) {
      EXPECT_TRUE(parsed.error().message.starts_with(c.message)) << parsed.error().message;
    } else {
      EXPECT_EQ(parsed.error().message, c.message) << c.text;
    }
    EXPECT_EQ(parsed.error().offset, c.offset) << c.text;
  }
}

TEST(ExpressionParseTest, RefusesNestingTooDeepToWalkSafely) {
  const std::string deepParens = std::string(500, '(') + "1" + std::string(500, ')');
  auto parens = Expression::parse(deepParens);
  ASSERT_FALSE(parens);
  EXPECT_EQ(parens.error().message, "expression nests too deeply (more than 100 levels)");
  std::string longChain = "1";
  for (int i = 0; i < 500; ++i) longChain += " + 1";
  EXPECT_FALSE(Expression::parse(longChain));
  EXPECT_FALSE(Expression::parse(std::string(500, '-') + "1"));
  std::string fine = "1";
  for (int i = 0; i < 50; ++i) fine += " + 1";
  EXPECT_TRUE(Expression::parse(fine));
}

TEST(ExpressionParseTest, CopiesAndMovesKeepWorking) {
  auto parsed = Expression::parse("params.x + 1");
  ASSERT_TRUE(parsed);
  Expression copy = *parsed;
  Expression moved = std::move(*parsed);
  Value scope;
  scope.set("params", Value::map()).set("x", 2);
  EXPECT_EQ(copy.evaluate(nullptr, scope).value().scalar, 3);
  EXPECT_EQ(moved.evaluate(nullptr, scope).value().scalar, 3);
  EXPECT_EQ(copy.references().size(), 1u);
  copy = moved;
  EXPECT_EQ(copy.text(), "params.x + 1");
}

}  // namespace
}  // namespace unyo::playbooks
