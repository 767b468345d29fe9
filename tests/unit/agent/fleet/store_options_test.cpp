#include <gtest/gtest.h>

#include "agent/fleet/store_client.h"

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;

TEST(StoreOptions, TheBaseUrlKeepsItsPathAndLosesTrailingSlashes) {
  const auto options = storeOptions("https://vm.example:8481/select/0/prometheus/", {}, "", 30s);
  ASSERT_TRUE(options) << options.error().message;
  EXPECT_EQ(options->base.target, "/select/0/prometheus");
  EXPECT_EQ(options->base.host, "vm.example");
  const auto root = storeOptions("http://127.0.0.1:9090", {}, "", 30s);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->base.target, "");
}

TEST(StoreOptions, RefusesCredentialsQueriesAndBadHeaders) {
  EXPECT_FALSE(storeOptions("http://user:secret@prom:9090", {}, "", 30s));
  EXPECT_FALSE(storeOptions("http://prom:9090/?x=1", {}, "", 30s));
  EXPECT_FALSE(storeOptions("ftp://prom", {}, "", 30s));
  EXPECT_FALSE(storeOptions("http://prom:9090", {"no colon"}, "", 30s));
  EXPECT_FALSE(storeOptions("http://prom:9090", {"Bad Name: x"}, "", 30s));
  EXPECT_FALSE(storeOptions("http://prom:9090", {"X-Evil: a\r\nHost: b"}, "", 30s));
  EXPECT_FALSE(storeOptions("http://prom:9090", {}, "", 0s));
  const auto ok = storeOptions("http://prom:9090",
                               {"Authorization: Bearer abc", "X-Scope-OrgID:  tokyo "}, "", 5s);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->headers.size(), 2u);
  EXPECT_EQ(ok->headers[1].first, "X-Scope-OrgID");
  EXPECT_EQ(ok->headers[1].second, "tokyo");
}

TEST(StoreOptions, TheFormEncodesTheQueryAndTheTime) {
  FleetQuery query{FleetQueryId::costEnd, "sum by (a) (x{job=\"unyo\"}[5s])",
                   Clock::WallTime(std::chrono::seconds(1793458800))};
  EXPECT_EQ(queryForm(query),
            "query=sum%20by%20%28a%29%20%28x%7Bjob%3D%22unyo%22%7D%5B5s%5D%29&time=1793458800.000");
}

}  // namespace
}  // namespace unyo::agent
