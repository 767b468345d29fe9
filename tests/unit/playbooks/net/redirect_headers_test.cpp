// A redirect to another origin (scheme, host or port) drops every header the
// step set: any of them may carry a credential. A redirect on the same origin
// keeps them. Real servers on 127.0.0.1; "another host" is localhost.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "playbooks/actions/http_check_action.h"
#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using exporter::HttpRequest;
using exporter::HttpResponse;
using testing::with;

constexpr const char* kStepHeaders[] = {"Authorization", "Cookie", "X-Api-Key", "X-Trace"};

HttpResponse redirectTo(std::string location, int status = 302) {
  HttpResponse response = HttpResponse::text(status, "");
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

class RedirectHeadersTest : public ::testing::Test {
 protected:
  ActionResult follow(const std::string& url, Value extra = Value::map()) {
    Value withValue = with({{"url", url},
                            {"follow_redirects", true},
                            {"headers", with({{"Authorization", "Bearer s3cret"},
                                              {"Cookie", "session=abc"},
                                              {"X-Api-Key", "k3y"},
                                              {"X-Trace", "t-1"}})}});
    for (const auto& [key, value] : extra.asMap()) withValue.set(key, value);
    return system_.run(httpCheckActionDescriptor(), std::move(withValue));
  }

  // The step's headers the final server saw, name to value.
  std::map<std::string, std::string> seenAtTheEnd() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

  void record(const HttpRequest& request) {
    std::lock_guard lock(mutex_);
    seen_.clear();
    for (const char* name : kStepHeaders) {
      const std::string_view value = request.header(name);
      if (!value.empty()) seen_[name] = std::string(value);
    }
    ++landed_;
  }

  static void addRoutes(exporter::Router& router, RedirectHeadersTest& test) {
    router.addSync("GET", "/end", [&test](const HttpRequest& request) {
      test.record(request);
      return HttpResponse::text(200, "landed");
    });
    router.addSync("POST", "/end", [&test](const HttpRequest& request) {
      test.record(request);
      return HttpResponse::text(200, "landed");
    });
    router.addSync("GET", "/back",
                   [&test](const HttpRequest&) { return redirectTo(test.server_.url("/end")); });
  }

  std::string onOther(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(other_.port()) + path;
  }
  std::string viaLocalhost(const std::string& path) const {
    return "http://localhost:" + std::to_string(server_.port()) + path;
  }

  std::mutex mutex_;
  std::map<std::string, std::string> seen_;
  std::atomic<int> landed_{0};
  testing::NetTestSystem system_;
  testing::BackgroundHttpServer other_{[this](exporter::Router& r) { addRoutes(r, *this); }};
  testing::BackgroundHttpServer server_{[this](exporter::Router& router) {
    addRoutes(router, *this);
    router.addSync("GET", "/same-origin", [](const HttpRequest&) { return redirectTo("/end"); });
    router.addSync("GET", "/same-origin-absolute", [this](const HttpRequest&) {
      return redirectTo("http://127.0.0.1:" + std::to_string(server_.port()) + "/end");
    });
    router.addSync("GET", "/other-port",
                   [this](const HttpRequest&) { return redirectTo(onOther("/end")); });
    router.addSync("POST", "/other-port-307",
                   [this](const HttpRequest&) { return redirectTo(onOther("/end"), 307); });
    router.addSync("GET", "/other-host",
                   [this](const HttpRequest&) { return redirectTo(viaLocalhost("/end")); });
    // Away and back: once dropped, the headers stay dropped.
    router.addSync("GET", "/away-and-back",
                   [this](const HttpRequest&) { return redirectTo(onOther("/back")); });
  }};
};

TEST_F(RedirectHeadersTest, ASameOriginRedirectKeepsEveryHeader) {
  for (const char* path : {"/same-origin", "/same-origin-absolute"}) {
    const ActionResult r = follow(server_.url(path));
    EXPECT_TRUE(r.ok) << path << ": " << r.error;
    const std::map<std::string, std::string> expected{{"Authorization", "Bearer s3cret"},
                                                      {"Cookie", "session=abc"},
                                                      {"X-Api-Key", "k3y"},
                                                      {"X-Trace", "t-1"}};
    EXPECT_EQ(seenAtTheEnd(), expected) << path;
  }
}

TEST_F(RedirectHeadersTest, ARedirectToAnotherPortDropsEveryHeaderTheStepSet) {
  const ActionResult r = follow(server_.url("/other-port"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(landed_, 1);
  EXPECT_EQ(seenAtTheEnd(), (std::map<std::string, std::string>{}));
}

TEST_F(RedirectHeadersTest, ARedirectToAnotherHostNameDropsEveryHeaderTheStepSet) {
  const ActionResult r = follow(server_.url("/other-host"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(landed_, 1);
  EXPECT_EQ(seenAtTheEnd(), (std::map<std::string, std::string>{}));
}

TEST_F(RedirectHeadersTest, A307ToAnotherOriginRepeatsThePostWithoutTheHeaders) {
  const ActionResult r =
      follow(server_.url("/other-port-307"), with({{"method", "POST"}, {"body", "ping"}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(landed_, 1);
  EXPECT_EQ(seenAtTheEnd(), (std::map<std::string, std::string>{}));
}

TEST_F(RedirectHeadersTest, HeadersDroppedOnTheWayAreNotSentWhenComingBack) {
  const ActionResult r = follow(server_.url("/away-and-back"));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(landed_, 1);
  EXPECT_EQ(seenAtTheEnd(), (std::map<std::string, std::string>{}));
}

}  // namespace
}  // namespace unyo::playbooks
