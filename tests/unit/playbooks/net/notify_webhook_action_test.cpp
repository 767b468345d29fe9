#include "playbooks/actions/notify_webhook_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using exporter::HttpRequest;
using exporter::HttpResponse;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::with;

constexpr const char* kSecret = "s3cret-token";

struct Received {
  std::string method;
  std::string contentType;
  std::string authorization;
  std::string body;
};

class NotifyWebhookActionTest : public ::testing::Test {
 protected:
  ActionResult notify(Value withValue, bool dryRun = false) {
    return system_.run(notifyWebhookActionDescriptor(), std::move(withValue), dryRun);
  }
  std::vector<Received> received() {
    std::lock_guard lock(mutex_);
    return received_;
  }
  HttpResponse record(const HttpRequest& request, int status) {
    std::lock_guard lock(mutex_);
    received_.push_back({request.method, std::string(request.header("Content-Type")),
                         std::string(request.header("Authorization")), request.body});
    return HttpResponse::text(status, "noted");
  }
  static Value message() { return with({{"text", "purge-old-logs failed"}, {"level", "error"}}); }
  // Every text an operator or a log could see.
  static std::string visibleText(const ActionResult& r) {
    return r.output.toText() + "\n" + r.error + "\n" + r.summary;
  }

  std::mutex mutex_;
  std::vector<Received> received_;
  testing::NetTestSystem system_;
  testing::BackgroundHttpServer server_{[this](exporter::Router& router) {
    for (const char* method : {"POST", "PUT"}) {
      router.addSync(method, "/hook", [this](const HttpRequest& r) { return record(r, 200); });
      router.addSync(method, "/accepted", [this](const HttpRequest& r) { return record(r, 202); });
      router.addSync(method, "/broken", [this](const HttpRequest& r) { return record(r, 500); });
    }
  }};
};

TEST_F(NotifyWebhookActionTest, AMapBodyIsSentAsJson) {
  const ActionResult r = notify(with({{"url", server_.url("/hook")}, {"body", message()}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(r.output.find("url")->asString(), server_.url("/hook"));
  EXPECT_EQ(r.output.find("status")->asInt(), 200);
  EXPECT_TRUE(r.output.find("latency_ms")->isInt());
  const auto got = received();
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].contentType, "application/json");
  EXPECT_EQ(nlohmann::json::parse(got[0].body),
            nlohmann::json({{"text", "purge-old-logs failed"}, {"level", "error"}}));
}

TEST_F(NotifyWebhookActionTest, AStringBodyIsSentAsItIs) {
  const ActionResult r = notify(
      with({{"url", server_.url("/hook")}, {"body", "ディスク使用率が高い"}, {"method", "put"}}));
  EXPECT_TRUE(r.ok) << r.error;
  const auto got = received();
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].method, "PUT");
  EXPECT_EQ(got[0].contentType, "text/plain; charset=utf-8");
  EXPECT_EQ(got[0].body, "ディスク使用率が高い");
}

TEST_F(NotifyWebhookActionTest, ContentTypeCanBeChosen) {
  notify(with({{"url", server_.url("/hook")},
               {"body", "a=1"},
               {"content_type", "application/x-www-form-urlencoded"}}));
  notify(with({{"url", server_.url("/hook")},
               {"body", "<msg/>"},
               {"headers", with({{"content-type", "application/xml"}})}}));
  const auto got = received();
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[0].contentType, "application/x-www-form-urlencoded");
  EXPECT_EQ(got[1].contentType, "application/xml");
}

TEST_F(NotifyWebhookActionTest, AnythingButA2xxFails) {
  const ActionResult r = notify(with({{"url", server_.url("/broken")}, {"body", message()}}));
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.changed);  // the message did go out
  EXPECT_EQ(r.error, "expected a 2xx status, got 500");
  EXPECT_TRUE(notify(with({{"url", server_.url("/accepted")}})).ok);
  EXPECT_EQ(notify(with({{"url", server_.url("/accepted")}, {"expect_status", 200}})).error,
            "expected status 200, got 202");
}

TEST_F(NotifyWebhookActionTest, ADryRunSendsNothing) {
  const ActionResult r = notify(with({{"url", server_.url("/hook")}, {"body", message()}}), true);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  const std::string json = R"({"text":"purge-old-logs failed","level":"error"})";
  EXPECT_EQ(r.summary,
            "would POST " + std::to_string(json.size()) + " bytes to " + server_.url("/hook"));
  EXPECT_EQ(*r.output.find("would_send"), message());
  EXPECT_TRUE(received().empty());
}

TEST_F(NotifyWebhookActionTest, TheAuthorizationValueNeverShows) {
  const Value auth = with({{"Authorization", std::string("Bearer ") + kSecret}});
  const ActionResult sent = notify(with({{"url", server_.url("/hook")}, {"headers", auth}}));
  EXPECT_TRUE(sent.ok) << sent.error;
  ASSERT_EQ(received().size(), 1U);
  EXPECT_EQ(received()[0].authorization, std::string("Bearer ") + kSecret);
  EXPECT_THAT(visibleText(sent), Not(HasSubstr(kSecret)));

  const ActionResult rejected = notify(with({{"url", server_.url("/broken")}, {"headers", auth}}));
  EXPECT_FALSE(rejected.ok);
  EXPECT_THAT(visibleText(rejected), Not(HasSubstr(kSecret)));

  const auto port = testing::closedPort();
  const ActionResult refused =
      notify(with({{"url", "http://127.0.0.1:" + std::to_string(port) + "/"}, {"headers", auth}}));
  EXPECT_EQ(refused.error, "connection refused");
  EXPECT_FALSE(refused.changed);
  EXPECT_THAT(visibleText(refused), Not(HasSubstr(kSecret)));

  const Value injected = with({{"Authorization", std::string(kSecret) + "\r\nX-Evil: 1"}});
  const ActionResult bad = notify(with({{"url", server_.url("/hook")}, {"headers", injected}}));
  EXPECT_EQ(
      bad.error,
      "\"headers\": the value of Authorization contains a line break or is longer than 8 KiB");
  EXPECT_THAT(visibleText(bad), Not(HasSubstr(kSecret)));

  const ActionResult dry = notify(with({{"url", server_.url("/hook")}, {"headers", auth}}), true);
  EXPECT_THAT(visibleText(dry), Not(HasSubstr(kSecret)));
  EXPECT_EQ(received().size(), 2U);
}

TEST_F(NotifyWebhookActionTest, ExplainsBadSettings) {
  EXPECT_EQ(notify(Value::map()).error, "\"url\" is required");
  EXPECT_EQ(notify(with({{"url", server_.url("/hook")}, {"method", "GET"}})).error,
            "\"method\": expected one of POST, PUT, got \"GET\"");
  EXPECT_EQ(notify(with({{"url", "http://user:pw@127.0.0.1/hook"}})).error,
            "\"url\": credentials in the URL are not supported; send them in \"headers\"");
  EXPECT_TRUE(received().empty());
}

}  // namespace
}  // namespace unyo::playbooks
