#include "playbooks/actions/http_check_action.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>

#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using exporter::HttpRequest;
using exporter::HttpResponse;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::with;

boost::asio::awaitable<HttpResponse> answerAfter(std::chrono::milliseconds delay) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
  co_await timer.async_wait(boost::asio::use_awaitable);
  co_return HttpResponse::text(200, "late but fine");
}

class HttpCheckActionTest : public ::testing::Test {
 protected:
  ActionResult check(Value withValue, bool dryRun = false,
                     std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return system_.run(httpCheckActionDescriptor(), std::move(withValue), dryRun, timeout);
  }

  std::atomic<int> requests_{0};
  std::string lastBody_;
  std::string lastToken_;
  testing::NetTestSystem system_;
  testing::BackgroundHttpServer server_{[this](exporter::Router& router) {
    router.addSync("GET", "/health", [this](const HttpRequest&) {
      ++requests_;
      return HttpResponse::text(200, "status: OK");
    });
    router.addSync("POST", "/submit", [this](const HttpRequest& request) {
      ++requests_;
      lastBody_ = request.body;
      lastToken_ = std::string(request.header("X-Token"));
      return HttpResponse::text(201, "created");
    });
    router.addSync("GET", "/status/{code}", [](const HttpRequest& request) {
      const std::string_view text = request.pathParam("code");
      int code = 0;
      std::from_chars(text.data(), text.data() + text.size(), code);
      return HttpResponse::text(code, "status " + std::string(text));
    });
    router.addSync("GET", "/big", [](const HttpRequest&) {
      return HttpResponse::text(200, std::string(100000, 'x'));
    });
    router.addSync("GET", "/shift_jis", [](const HttpRequest&) {
      return HttpResponse::text(200, "\x93\xfa\x96\x7b OK");  // 日本 in Shift_JIS
    });
    router.addSync("GET", "/moved", [](const HttpRequest&) {
      HttpResponse response = HttpResponse::text(302, "");
      response.headers.emplace_back("Location", "/health");
      return response;
    });
    router.addSync("GET", "/loop", [](const HttpRequest&) {
      HttpResponse response = HttpResponse::text(302, "");
      response.headers.emplace_back("Location", "/loop");
      return response;
    });
    router.add("GET", "/slow",
               [](const HttpRequest&) { return answerAfter(std::chrono::milliseconds(300)); });
  }};
};

TEST_F(HttpCheckActionTest, AnExpectedStatusPassesAndReportsTheResponse) {
  const ActionResult r = check(with({{"url", server_.url("/health")}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.output.find("url")->asString(), server_.url("/health"));
  EXPECT_EQ(r.output.find("status")->asInt(), 200);
  EXPECT_EQ(r.output.find("body_excerpt")->asString(), "status: OK");
  EXPECT_EQ(r.output.find("bytes")->asInt(), 10);
  EXPECT_FALSE(r.output.find("truncated")->asBool());
  EXPECT_GE(r.output.find("latency_ms")->asInt(), 0);
  EXPECT_THAT(r.summary, StartsWith("GET " + server_.url("/health") + ": 200 in "));
}

TEST_F(HttpCheckActionTest, AnotherStatusFails) {
  const ActionResult r = check(with({{"url", server_.url("/status/503")}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "expected status 200, got 503");
  EXPECT_EQ(r.output.find("status")->asInt(), 503);
}

TEST_F(HttpCheckActionTest, ExpectStatusTakesOneStatusOrAList) {
  EXPECT_TRUE(check(with({{"url", server_.url("/status/204")}, {"expect_status", 204}})).ok);
  const Value list(Value::List{Value("200"), Value(204)});
  EXPECT_TRUE(check(with({{"url", server_.url("/status/204")}, {"expect_status", list}})).ok);
  EXPECT_EQ(check(with({{"url", server_.url("/status/500")}, {"expect_status", list}})).error,
            "expected status 200 or 204, got 500");
  EXPECT_THAT(check(with({{"url", server_.url("/health")}, {"expect_status", "fine"}})).error,
              HasSubstr("\"expect_status\""));
}

TEST_F(HttpCheckActionTest, ExpectBodyLooksForASubstring) {
  EXPECT_TRUE(check(with({{"url", server_.url("/health")}, {"expect_body", "OK"}})).ok);
  const ActionResult r = check(with({{"url", server_.url("/health")}, {"expect_body", "READY"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "body does not contain \"READY\"");
}

TEST_F(HttpCheckActionTest, AResponseSlowerThanMaxLatencyFails) {
  const ActionResult r = check(with({{"url", server_.url("/slow")}, {"max_latency", "100ms"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(r.error, StartsWith("took "));
  EXPECT_THAT(r.error, HasSubstr(", more than max_latency 100ms"));
  EXPECT_EQ(r.output.find("status")->asInt(), 200);
}

TEST_F(HttpCheckActionTest, ARefusedConnectionFails) {
  const auto port = testing::closedPort();
  const ActionResult r =
      check(with({{"url", "http://127.0.0.1:" + std::to_string(port) + "/health"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_TRUE(r.output.find("latency_ms")->isInt());
}

TEST_F(HttpCheckActionTest, AServerThatNeverAnswersTimesOut) {
  testing::SilentListener silent;
  const ActionResult r =
      check(with({{"url", "http://127.0.0.1:" + std::to_string(silent.port()) + "/"}}), false,
            std::chrono::milliseconds(300));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "timed out after 300ms");
}

TEST_F(HttpCheckActionTest, HeadReadsNoBody) {
  const ActionResult r = check(with({{"url", server_.url("/health")}, {"method", "head"}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("bytes")->asInt(), 0);
}

TEST_F(HttpCheckActionTest, PostSendsBodyAndHeaders) {
  const ActionResult r = check(with({{"url", server_.url("/submit")},
                                     {"method", "POST"},
                                     {"body", "ping"},
                                     {"headers", with({{"X-Token", "abc"}})},
                                     {"expect_status", 201}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(lastBody_, "ping");
  EXPECT_EQ(lastToken_, "abc");
}

TEST_F(HttpCheckActionTest, ADryRunChecksAGetForRealButDoesNotPost) {
  EXPECT_TRUE(check(with({{"url", server_.url("/health")}}), true).ok);
  EXPECT_EQ(requests_, 1);
  const ActionResult r =
      check(with({{"url", server_.url("/submit")}, {"method", "POST"}, {"body", "ping"}}), true);
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.summary, "would POST 4 bytes to " + server_.url("/submit"));
  EXPECT_EQ(r.output.find("would_send")->asString(), "ping");
  EXPECT_EQ(requests_, 1);
}

TEST_F(HttpCheckActionTest, MaxBodyCapsWhatIsRead) {
  const ActionResult r = check(with({{"url", server_.url("/big")}, {"max_body", "1KiB"}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("bytes")->asInt(), 1024);
  EXPECT_TRUE(r.output.find("truncated")->asBool());
  EXPECT_EQ(r.output.find("body_excerpt")->asString(), std::string(512, 'x'));
}

TEST_F(HttpCheckActionTest, ABodyThatIsNotUtf8IsExcerptedAsValidText) {
  const ActionResult r = check(with({{"url", server_.url("/shift_jis")}, {"expect_body", "OK"}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("body_excerpt")->asString(), "\uFFFD\uFFFD\uFFFD{ OK");
}

TEST_F(HttpCheckActionTest, RedirectsAreFollowedOnlyWhenAsked) {
  const ActionResult stay = check(with({{"url", server_.url("/moved")}}));
  EXPECT_EQ(stay.error, "expected status 200, got 302");
  const ActionResult follow =
      check(with({{"url", server_.url("/moved")}, {"follow_redirects", true}}));
  EXPECT_TRUE(follow.ok) << follow.error;
  EXPECT_EQ(follow.output.find("body_excerpt")->asString(), "status: OK");
  EXPECT_EQ(check(with({{"url", server_.url("/loop")}, {"follow_redirects", true}})).error,
            "more than 5 redirects");
}

TEST_F(HttpCheckActionTest, ChunkedAndUnframedBodiesAreRead) {
  testing::FixedResponseServer chunked(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
  const ActionResult r =
      check(with({{"url", "http://127.0.0.1:" + std::to_string(chunked.port()) + "/"}}));
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.output.find("body_excerpt")->asString(), "abcdefg");

  testing::FixedResponseServer untilClose("HTTP/1.1 200 OK\r\n\r\nto the end");
  const ActionResult e =
      check(with({{"url", "http://127.0.0.1:" + std::to_string(untilClose.port()) + "/"}}));
  EXPECT_TRUE(e.ok) << e.error;
  EXPECT_EQ(e.output.find("body_excerpt")->asString(), "to the end");
}

TEST_F(HttpCheckActionTest, ExplainsBadSettings) {
  EXPECT_EQ(check(Value::map()).error, "\"url\" is required");
  EXPECT_EQ(check(with({{"url", "ftp://example.org/"}})).error,
            "\"url\": only http:// and https:// URLs are supported, not ftp://");
  EXPECT_EQ(check(with({{"url", server_.url("/")}, {"method", "DELETE"}})).error,
            "\"method\": expected one of GET, HEAD, POST, got \"DELETE\"");
  EXPECT_THAT(check(with({{"url", server_.url("/")}, {"max_latency", "soon"}})).error,
              StartsWith("\"max_latency\": "));
  EXPECT_EQ(requests_, 0);
}

}  // namespace
}  // namespace unyo::playbooks
