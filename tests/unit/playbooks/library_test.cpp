// The playbooks we ship (playbooks/library/) load cleanly and are documented.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "playbooks/parser/playbook_parser.h"

namespace unyo::playbooks {
namespace {

namespace fs = std::filesystem;

fs::path sourceRoot() {
  const char* fixtures = std::getenv("UNYO_FIXTURES");
  return fs::path(fixtures ? fixtures : "tests/fixtures").parent_path().parent_path();
}

TEST(LibraryTest, EveryShippedPlaybookIsValidDocumentedAndCreditsLabor) {
  const std::vector<fs::path> paths = {sourceRoot() / "playbooks/library"};
  auto loaded = loadPlaybooks(paths);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  EXPECT_GE(loaded->size(), 8u);

  std::ifstream docFile(sourceRoot() / "docs/playbook-library.md");
  std::ostringstream doc;
  doc << docFile.rdbuf();
  for (const auto& p : *loaded) {
    SCOPED_TRACE(p.name);
    EXPECT_FALSE(p.description.empty());
    EXPECT_FALSE(p.descriptionJa.empty()) << "the Japanese report names it in Japanese";
    EXPECT_GT(p.manualMinutes, 0) << "labor.manual_minutes says what a run saves";
    EXPECT_FALSE(p.laborBasis.empty()) << "labor.basis: the report prints why the minutes are what they are";
    EXPECT_FALSE(p.triggers.empty()) << "routine operations run by themselves";
    EXPECT_NE(doc.str().find("`" + p.name + "`"), std::string::npos)
        << "docs/playbook-library.md does not describe it";
  }
}

// A playbook that may find nothing to do credits only the runs that did
// something; checks are work done even when all is well.
TEST(LibraryTest, PlaybooksThatMayFindNothingToDoCreditOnlyRunsThatChangedSomething) {
  const std::vector<fs::path> paths = {sourceRoot() / "playbooks/library"};
  auto loaded = loadPlaybooks(paths);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  std::map<std::string, LaborCredit> credit;
  for (const auto& p : *loaded) credit[p.name] = p.laborCredit;
  for (const char* name : {"purge-old-logs", "staging-start-morning", "staging-stop-evening"}) {
    EXPECT_EQ(credit.at(name), LaborCredit::changed) << name;
  }
  for (const char* name : {"backup-verify", "certificate-expiry", "os-updates-check"}) {
    EXPECT_EQ(credit.at(name), LaborCredit::success) << name;
  }
}

// A caller (an API token, the CLI) may set only what a playbook opens, and
// the library opens nothing without saying how far it may go.
TEST(LibraryTest, EveryOverridableParamOfTheLibraryHasBounds) {
  const std::vector<fs::path> paths = {sourceRoot() / "playbooks/library"};
  auto loaded = loadPlaybooks(paths);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  int overridable = 0;
  for (const auto& p : *loaded) {
    for (const auto& param : p.params) {
      if (!param.overridable) continue;
      ++overridable;
      SCOPED_TRACE(p.name + " " + param.name);
      const ParamBounds& b = param.bounds;
      switch (param.type) {
        case ParamType::integer:
        case ParamType::number:
        case ParamType::duration:
          EXPECT_TRUE((b.min && b.max) || !b.choices.empty()) << "needs min and max, or enum";
          break;
        case ParamType::string:
          EXPECT_TRUE(b.pattern || !b.choices.empty()) << "needs pattern or enum";
          break;
        case ParamType::path:
          EXPECT_FALSE(b.under.empty()) << "needs under";
          break;
        case ParamType::boolean:
          break;  // true or false: bounded by its type
      }
    }
  }
  // purge-old-logs opens its folder, pattern and retention (and others more).
  EXPECT_GE(overridable, 4);
  for (const auto& p : *loaded) {
    if (p.name != "purge-old-logs") continue;
    const ParamDefinition* dir = p.findParam("log_dir");
    ASSERT_NE(dir, nullptr);
    EXPECT_EQ(dir->type, ParamType::path);
    EXPECT_EQ(dir->bounds.under, std::vector<std::string>{"/var/log"});
    EXPECT_EQ(p.findParam("days")->bounds.min, Value(std::int64_t{1}));
    EXPECT_EQ(p.findParam("keep_newest")->bounds.min, Value(std::int64_t{1}));
  }
}

}  // namespace
}  // namespace unyo::playbooks
