// playbooks.vars in the agent config: read like a playbook's vars, handed
// to every playbook the config loads, overridden by a playbook's own.

#include <gtest/gtest.h>

#include "agent/config/config.h"
#include "support/child_process.h"

namespace unyo::agent {
namespace {

namespace fs = std::filesystem;
using playbooks::Value;

constexpr const char* kIdentity = "identity: {lg_code: \"130001\", system: other}\n";

const char* kNotify = R"(name: %s
steps:
  - id: tell
    action: notify.webhook
    with: {url: "{{ vars.webhook_url }}", body: {text: "{{ vars.greeting }}"}}
)";

std::string notifyPlaybook(const std::string& name, const std::string& extra = "") {
  char text[512];
  std::snprintf(text, sizeof text, kNotify, name.c_str());
  return text + extra;
}

TEST(PlaybookVarsConfigTest, ReadsPlaybooksVarsAsData) {
  auto config = parseConfig(std::string(kIdentity) + R"(
playbooks:
  vars:
    webhook_url: http://127.0.0.1:8080/unyo
    max_used: 0.85
    dirs: [/var/log/a, /var/log/b]
)",
                            "/x/unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  const Value& vars = config->playbooks.vars;
  EXPECT_EQ(*vars.find("webhook_url"), Value("http://127.0.0.1:8080/unyo"));
  EXPECT_EQ(*vars.find("max_used"), Value(0.85));
  EXPECT_EQ(vars.find("dirs")->asList().size(), 2u);
  auto none = parseConfig(kIdentity, "/x/unyo.yaml");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->playbooks.vars.asMap().empty());
}

TEST(PlaybookVarsConfigTest, EveryPlaybookLoadedWithTheConfigSeesItsVars) {
  unyo::testing::TempDir dir;
  unyo::testing::writeFile(dir.path() / "playbooks/shared.yaml", notifyPlaybook("shared"));
  unyo::testing::writeFile(dir.path() / "playbooks/own.yaml",
                           notifyPlaybook("own", "vars: {greeting: own hello}\n"));
  unyo::testing::writeFile(dir.path() / "unyo.yaml",
                           std::string(kIdentity) +
                               "playbooks:\n  paths: [playbooks]\n  vars:\n"
                               "    webhook_url: http://127.0.0.1:8080/unyo\n"
                               "    greeting: shared hello\n");
  auto config = loadConfig(dir.path() / "unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  auto loaded = loadConfiguredPlaybooks(*config);
  ASSERT_TRUE(loaded) << loaded.error().toString();
  ASSERT_EQ(loaded->size(), 2u);
  const auto& own = (*loaded)[0].name == "own" ? (*loaded)[0] : (*loaded)[1];
  const auto& shared = (*loaded)[0].name == "own" ? (*loaded)[1] : (*loaded)[0];
  EXPECT_EQ(*shared.vars.find("greeting"), Value("shared hello"));
  EXPECT_EQ(*own.vars.find("greeting"), Value("own hello"));
  EXPECT_EQ(*own.vars.find("webhook_url"), Value("http://127.0.0.1:8080/unyo"));
}

TEST(PlaybookVarsConfigTest, AVarNeitherThePlaybookNorTheConfigDefinesIsAnError) {
  unyo::testing::TempDir dir;
  unyo::testing::writeFile(dir.path() / "playbooks/p.yaml", notifyPlaybook("p"));
  unyo::testing::writeFile(dir.path() / "unyo.yaml",
                           std::string(kIdentity) +
                               "playbooks:\n  paths: [playbooks]\n  vars:\n"
                               "    webhook_url: http://127.0.0.1:8080/unyo\n"
                               "    greetings: hello\n");
  auto config = loadConfig(dir.path() / "unyo.yaml");
  ASSERT_TRUE(config) << config.error().toString();
  auto loaded = loadConfiguredPlaybooks(*config);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().toString(),
            (dir.path() / "playbooks/p.yaml").string() +
                ":5:57: unknown var \"vars.greeting\" (not in the playbook's vars nor the "
                "config's playbooks.vars) (did you mean \"greetings\"?)\n");
}

}  // namespace
}  // namespace unyo::agent
