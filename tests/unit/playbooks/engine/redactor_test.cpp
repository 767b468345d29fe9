#include "playbooks/engine/redactor.h"

#include <gtest/gtest.h>

#include "playbooks/engine/param_binding.h"
#include "playbooks/parser/playbook_parser.h"
#include "support/child_process.h"

namespace unyo::playbooks {
namespace {

TEST(RedactorTest, ReplacesEverySecretEverywhereLongestFirst) {
  Redactor redactor;
  redactor.addSecret("abc");
  redactor.addSecret("abcdef");
  EXPECT_EQ(redactor.redactText("x abcdef y abc z"), "x *** y *** z");
  Value tree = Value::map();
  tree.set("list", Value(Value::List{Value("token=abc"), Value(3)}));
  tree.set("abc", "key too");
  EXPECT_EQ(redactor.redact(tree).toText(), R"({"***":"key too","list":["token=***",3]})");
}

TEST(RedactorTest, TruncatesLongStringsAtACharacterBoundary) {
  const std::string text = "日本語のログ";  // 3 bytes per character
  EXPECT_EQ(truncateText(text, 4), "日... [15 bytes truncated]");
  EXPECT_EQ(truncateText("short", 10), "short");
}

Playbook parse(const std::string& yaml) {
  auto p = parsePlaybook(yaml, "t.yaml");
  EXPECT_TRUE(p) << (p ? "" : p.error().toString());
  return *p;
}

TEST(ParamBindingTest, ConvertsFillsDefaultsAndReadsSecretsFromFiles) {
  unyo::testing::TempDir dir;
  unyo::testing::writeFile(dir.path() / "token", "s3cret\n");
  const Playbook p = parse("name: t\nparams:\n  days: {type: int, default: 30}\n"
                           "  ratio: {type: number, overridable: true}\n  dry: {type: bool, default: false}\n"
                           "  token: {type: string, secret: true, from_file: " +
                           (dir.path() / "token").string() +
                           "}\nsteps:\n  - {id: w, action: wait, with: {duration: 1s}}\n");
  Redactor redactor;
  Value given = Value::map();
  given.set("ratio", "0.5");
  auto bound = bindParams(p, given, redactor);
  ASSERT_TRUE(bound) << bound.error().message;
  EXPECT_EQ(*bound->find("days"), Value(std::int64_t{30}));
  EXPECT_EQ(*bound->find("ratio"), Value(0.5));
  EXPECT_EQ(*bound->find("dry"), Value(false));
  EXPECT_EQ(*bound->find("token"), Value("s3cret"));  // the newline is the file's, not the secret's
  EXPECT_EQ(redactor.redactText("Bearer s3cret"), "Bearer ***");
  EXPECT_EQ(displayParams(p, *bound).find("token")->asString(), "***");
}

TEST(ParamBindingTest, ExplainsWhatIsWrong) {
  const Playbook p = parse(
      "name: t\nparams:\n  days: {type: int, overridable: true}\nsteps:\n  - {id: w, action: wait, with: {duration: 1s}}\n");
  Redactor redactor;
  EXPECT_EQ(bindParams(p, Value::map(), redactor).error().message,
            "param \"days\" is required (it has no default)");
  Value given = Value::map();
  given.set("days", "many");
  EXPECT_EQ(bindParams(p, given, redactor).error().message,
            "param \"days\": expected an integer, got \"many\"");
}

}  // namespace
}  // namespace unyo::playbooks
