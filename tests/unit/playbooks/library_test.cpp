// The playbooks we ship (playbooks/library/) load cleanly and are documented.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
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
    EXPECT_GT(p.manualMinutes, 0) << "labor.manual_minutes says what a run saves";
    EXPECT_FALSE(p.triggers.empty()) << "routine operations run by themselves";
    EXPECT_NE(doc.str().find("`" + p.name + "`"), std::string::npos)
        << "docs/playbook-library.md does not describe it";
  }
}

}  // namespace
}  // namespace unyo::playbooks
