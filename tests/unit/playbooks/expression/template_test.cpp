#include "playbooks/expression/template.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace unyo::playbooks {
namespace {

// The scope a run renders `with:` against.
Value sampleScope() {
  Value scope;
  scope.set("params", Value::map()).set("days", 30);
  scope.find("params")->set("ratio", 0.85);
  scope.find("params")->set("dir", "/var/log/app");
  Value& space = scope.set("steps", Value::map()).set("space", Value::map());
  space.set("failed", true);
  space.set("output", Value::map()).set("used_ratio", 0.91);
  scope.set("run", Value::map()).set("id", "r-42");
  scope.find("run")->set("error", nullptr);
  scope.set("playbook", Value::map()).set("name", "purge-old-logs");
  scope.set("identity", Value::map()).set("lg_code", "131016");
  scope.set("trigger", Value::map()).set("labels", Value::map()).set("mountpoint", "/var");
  return scope;
}

Value render(std::string_view text) {
  auto parsed = Template::parse(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().message;
  if (!parsed) return Value();
  auto rendered = parsed->render(sampleScope());
  EXPECT_TRUE(rendered) << text << ": " << rendered.error().message;
  return rendered ? *rendered : Value();
}

TEST(TemplateTest, ParsesReferencesWithTheirPathAndOffset) {
  auto parsed = Template::parse("x {{ steps.purge.output.files_deleted }} y {{params.my-dir}}");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->references().size(), 2u);
  const Reference& first = parsed->references()[0];
  EXPECT_EQ(first.path, (std::vector<std::string>{"steps", "purge", "output", "files_deleted"}));
  EXPECT_EQ(first.offset, 2u);
  EXPECT_EQ(first.dotted(), "steps.purge.output.files_deleted");
  EXPECT_EQ(parsed->references()[1].dotted(), "params.my-dir");
  EXPECT_TRUE(parsed->hasReferences());
  EXPECT_EQ(parsed->text(), "x {{ steps.purge.output.files_deleted }} y {{params.my-dir}}");
}

TEST(TemplateTest, PlainTextHasNoReferencesAndRendersToItself) {
  auto parsed = Template::parse("/var/log/app } {");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->hasReferences());
  EXPECT_EQ(parsed->render(Value()).value(), Value("/var/log/app } {"));
  EXPECT_EQ(Template::parse("").value().render(Value()).value(), Value(""));
}

TEST(TemplateTest, ALoneReferenceKeepsTheValuesType) {
  struct Case {
    const char* text;
    Value expected;
  };
  const Case cases[] = {
      {"{{ params.days }}", Value(30)},
      {"  {{params.ratio}} ", Value(0.85)},
      {"{{ steps.space.failed }}", Value(true)},
      {"{{ run.error }}", Value()},
      {"{{ identity.lg_code }}", Value("131016")},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.text), c.expected) << c.text;
  Value output = render("{{ steps.space.output }}");
  ASSERT_TRUE(output.isMap());
  EXPECT_EQ(*output.find("used_ratio"), Value(0.91));
}

TEST(TemplateTest, TextWithReferencesConcatenatesTheirText) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"{{ params.days }}d", "30d"},
      {"{{ playbook.name }} failed: {{ run.error }}", "purge-old-logs failed: "},
      {"{{ params.dir }}/{{ run.id }}.log", "/var/log/app/r-42.log"},
      {"ratio={{steps.space.output.used_ratio}} on {{ trigger.labels.mountpoint }}",
       "ratio=0.91 on /var"},
      {"{{ steps.space.failed }}{{ params.ratio }}", "true0.85"},
  };
  for (const auto& c : cases) EXPECT_EQ(render(c.text), Value(c.expected)) << c.text;
}

TEST(TemplateTest, AStepOutputOrTriggerLabelThatIsNotThereReadsAsEmpty) {
  // What a step outputs depends on how it went; labels on how the run started.
  Value scope = sampleScope();
  scope.set("trigger", Value::map()).set("labels", Value::map());
  scope.set("item", Value::map()).set("output", Value::map());  // an entry of steps.ID.results
  for (const char* text : {"[{{ steps.space.output.nothing }}]", "[{{ trigger.labels.mountpoint }}]",
                           "[{{ item.output.nothing }}]"}) {
    auto parsed = Template::parse(text);
    ASSERT_TRUE(parsed) << text;
    auto rendered = parsed->render(scope);
    ASSERT_TRUE(rendered) << text << ": " << rendered.error().message;
    EXPECT_EQ(*rendered, Value("[]")) << text;
  }
  auto lone = Template::parse("{{ steps.space.output.nothing }}");
  EXPECT_TRUE(lone->render(scope)->isNull());
}

TEST(TemplateTest, AMissingReferenceNamesItAndTheMissingName) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"{{ steps.x.output.y }}", R"(unknown reference "steps.x.output.y": "steps" has no "x")"},
      {"a {{ steps.space.outputs.y }}",
       R"(unknown reference "steps.space.outputs.y": "steps.space" has no "outputs")"},
      {"{{ nothing.here }}", R"(unknown reference "nothing.here": no "nothing")"},
      {"{{ params.days.more }}",
       R"(unknown reference "params.days.more": "params.days" has no "more")"},
  };
  for (const auto& c : cases) {
    auto parsed = Template::parse(c.text);
    ASSERT_TRUE(parsed) << c.text;
    auto rendered = parsed->render(sampleScope());
    ASSERT_FALSE(rendered) << c.text;
    EXPECT_EQ(rendered.error().message, c.message);
  }
}

TEST(TemplateTest, MalformedPlaceholdersAreClearErrors) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"abc {{ params.days", R"(unclosed "{{" at offset 4)"},
      {"{{}}", "empty reference (write a name, e.g. {{ params.days }}) at offset 0"},
      {"x{{   }}", "empty reference (write a name, e.g. {{ params.days }}) at offset 1"},
      {"{{ a..b }}", R"(reference "a..b" has an empty name at offset 0)"},
      {"{{ .a }}", R"(reference ".a" has an empty name at offset 0)"},
      {"{{ a. }}", R"(reference "a." has an empty name at offset 0)"},
      {"{{ a b }}",
       R"(reference "a b" is not a dotted path of names (letters, digits, "_", "-") at offset 0)"},
      {"ok {{ params.x }} {{ 1abc }}", R"(reference "1abc" must start with a letter at offset 18)"},
      {"{{ params.x | upper }}", R"(reference "params.x | upper" is not a dotted path of names )"
                                 R"((letters, digits, "_", "-"); templates only substitute )"
                                 R"(values, there are no filters at offset 0)"},
  };
  for (const auto& c : cases) {
    auto parsed = Template::parse(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().message, c.message) << c.text;
  }
}

}  // namespace
}  // namespace unyo::playbooks
