// What the web config does to every request: the rate limit, the response
// headers and basic auth, re-read when the file changes.

#include "exporter/web_guard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "exporter/request_rate_limit.h"
#include "fakes/fake_clock.h"
#include "support/child_process.h"

namespace unyo::exporter {
namespace {

using std::chrono::milliseconds;
using unyo::testing::FakeClock;
using unyo::testing::TempDir;
using unyo::testing::writeFile;

constexpr std::string_view kSecretHash =
    "$2y$04$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS";
constexpr std::string_view kAliceSecret = "Basic YWxpY2U6c2VjcmV0";  // alice:secret
constexpr std::string_view kAliceWrong = "Basic YWxpY2U6d3Jvbmc=";   // alice:wrong

HttpHandler answerOk(int& calls) {
  return [&calls](const HttpRequest&) -> boost::asio::awaitable<HttpResponse> {
    ++calls;
    co_return HttpResponse::text(200, "ok\n");
  };
}

HttpResponse call(const HttpHandler& handler, std::string path, std::string authorization = "",
                  std::string remote = "192.0.2.7:40000") {
  HttpRequest request;
  request.method = "GET";
  request.path = std::move(path);
  request.target = request.path;
  request.remoteAddress = std::move(remote);
  if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
  boost::asio::io_context io;
  HttpResponse response;
  boost::asio::co_spawn(io, handler(request), [&](std::exception_ptr error, HttpResponse r) {
    EXPECT_FALSE(error);
    response = std::move(r);
  });
  io.run();
  return response;
}

class WebGuardTest : public ::testing::Test {
 protected:
  std::shared_ptr<WebConfigWatcher> watch(const std::string& text) {
    writeFile(file_, text);
    auto watcher = WebConfigWatcher::open(file_, [this](bool ok, const std::string& message) {
      reloads_.push_back((ok ? "ok: " : "failed: ") + message);
    });
    EXPECT_TRUE(watcher.has_value()) << (watcher ? "" : watcher.error().toString());
    return watcher ? *watcher : nullptr;
  }

  TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "web.yml";
  FakeClock clock_;
  std::vector<std::string> reloads_;
  std::vector<AuthFailure> failures_;
  int calls_ = 0;
};

TEST_F(WebGuardTest, BasicAuthGuardsEveryPathButTheExemptOnes) {
  WebGuard guard(clock_, watch("basic_auth_users:\n  alice: " + std::string(kSecretHash) + "\n"),
                 {{"/api/"}, [this](const AuthFailure& f) { failures_.push_back(f); }});
  const HttpHandler handler = guard.wrap(answerOk(calls_));

  HttpResponse response = call(handler, "/metrics");
  EXPECT_EQ(response.status, 401);
  EXPECT_THAT(findHeader(response.headers, "WWW-Authenticate").value_or(""),
              ::testing::StartsWith("Basic"));
  EXPECT_EQ(call(handler, "/metrics", std::string(kAliceWrong)).status, 401);
  EXPECT_EQ(call(handler, "/no/such/page", std::string(kAliceWrong)).status, 401);
  EXPECT_EQ(call(handler, "/metrics", std::string(kAliceSecret)).status, 200);
  EXPECT_EQ(call(handler, "/api/v1/playbooks").status, 200);  // the API's tokens decide there
  EXPECT_EQ(calls_, 2);
  // Wrong passwords are reported (never the password); a missing one is a
  // browser's first request and is not.
  ASSERT_EQ(failures_.size(), 2U);
  EXPECT_EQ(failures_[0].client, "192.0.2.7");
  EXPECT_EQ(failures_[0].route, "GET /metrics");
}

TEST_F(WebGuardTest, TooManyWrongPasswordsFromOneAddressGet429WithoutBcrypt) {
  WebGuard guard(clock_, watch("basic_auth_users:\n  alice: " + std::string(kSecretHash) + "\n"),
                 {{}, {}});
  const HttpHandler handler = guard.wrap(answerOk(calls_));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call(handler, "/", std::string(kAliceWrong)).status, 401);
  HttpResponse refused = call(handler, "/", std::string(kAliceSecret));
  EXPECT_EQ(refused.status, 429);
  EXPECT_TRUE(findHeader(refused.headers, "Retry-After"));
  // Another address is not affected; the first may try again after a minute.
  EXPECT_EQ(call(handler, "/", std::string(kAliceSecret), "192.0.2.8:1").status, 200);
  clock_.advance(std::chrono::seconds(61));
  EXPECT_EQ(call(handler, "/", std::string(kAliceSecret)).status, 200);
}

TEST_F(WebGuardTest, ConfiguredHeadersAreOnEveryResponseIncludingRefusals) {
  WebGuard guard(clock_,
                 watch("http_server_config:\n  headers:\n    X-Frame-Options: deny\n"
                       "    Content-Security-Policy: default-src 'self'\n"
                       "basic_auth_users:\n  alice: " +
                       std::string(kSecretHash) + "\n"),
                 {{}, {}});
  const HttpHandler handler = guard.wrap(answerOk(calls_));
  for (const HttpResponse& response :
       {call(handler, "/"), call(handler, "/", std::string(kAliceSecret))}) {
    EXPECT_EQ(findHeader(response.headers, "X-Frame-Options").value_or(""), "deny");
    EXPECT_EQ(findHeader(response.headers, "Content-Security-Policy").value_or(""),
              "default-src 'self'");
  }
}

TEST_F(WebGuardTest, TheRateLimitIsATokenBucketSharedByAllClients) {
  WebGuard guard(clock_, watch("rate_limit:\n  interval: 1s\n  burst: 2\n"), {{}, {}});
  const HttpHandler handler = guard.wrap(answerOk(calls_));
  EXPECT_EQ(call(handler, "/", "", "192.0.2.1:1").status, 200);
  EXPECT_EQ(call(handler, "/", "", "192.0.2.2:1").status, 200);
  EXPECT_EQ(call(handler, "/", "", "192.0.2.3:1").status, 429);
  clock_.advance(milliseconds(999));
  EXPECT_EQ(call(handler, "/").status, 429);
  clock_.advance(milliseconds(1));
  EXPECT_EQ(call(handler, "/").status, 200);
  EXPECT_EQ(call(handler, "/").status, 429);
  EXPECT_EQ(calls_, 3);
}

TEST_F(WebGuardTest, AChangedFileAppliesToTheNextRequestAndABadOneIsIgnored) {
  WebGuard guard(clock_, watch(""), {{}, {}});
  const HttpHandler handler = guard.wrap(answerOk(calls_));
  EXPECT_EQ(call(handler, "/").status, 200);

  writeFile(file_, "basic_auth_users:\n  alice: " + std::string(kSecretHash) + "\n# changed\n");
  EXPECT_EQ(call(handler, "/").status, 401);
  EXPECT_EQ(call(handler, "/", std::string(kAliceSecret)).status, 200);
  ASSERT_EQ(reloads_.size(), 1U);
  EXPECT_THAT(reloads_[0], ::testing::StartsWith("ok: "));

  // A typo keeps the users in force, is reported once, with its location.
  writeFile(file_,
            "basic_auth_users:\n  alice: " + std::string(kSecretHash) + "\nbasic_auth_usres: {}\n");
  EXPECT_EQ(call(handler, "/").status, 401);
  EXPECT_EQ(call(handler, "/").status, 401);
  ASSERT_EQ(reloads_.size(), 2U);
  EXPECT_THAT(reloads_[1], ::testing::HasSubstr("web.yml:3:1:"));
}

TEST_F(WebGuardTest, TheFileCheckRunsAtOpenAndAtEveryReload) {
  bool trusted = true;
  const auto check = [&](const std::filesystem::path& path) -> Expected<void> {
    if (trusted) return {};
    return fail(path.string() + " is writable by others");
  };
  writeFile(file_, "");
  auto watcher = WebConfigWatcher::open(
      file_,
      [this](bool ok, const std::string& m) { reloads_.push_back((ok ? "ok: " : "failed: ") + m); },
      check);
  ASSERT_TRUE(watcher) << watcher.error().toString();
  WebGuard guard(clock_, *watcher, {{}, {}});
  const HttpHandler handler = guard.wrap(answerOk(calls_));

  // Someone else made the file writable and added a user: refused, the
  // running (open) config stays.
  trusted = false;
  writeFile(file_, "basic_auth_users:\n  alice: " + std::string(kSecretHash) + "\n");
  EXPECT_EQ(call(handler, "/").status, 200);
  ASSERT_EQ(reloads_.size(), 1U);
  EXPECT_THAT(reloads_[0], ::testing::HasSubstr("is writable by others"));
  // Fixed with chmod alone (the content is unchanged): noticed and applied.
  trusted = true;
  std::filesystem::permissions(
      file_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(call(handler, "/").status, 401);

  trusted = false;
  EXPECT_FALSE(WebConfigWatcher::open(file_, {}, check));
}

TEST(RequestRateLimitTest, RefillsOneTokenPerIntervalUpToTheBurst) {
  FakeClock clock;
  RequestRateLimit limit(clock, RateLimit{milliseconds(100), 3});
  EXPECT_TRUE(limit.allow());
  EXPECT_TRUE(limit.allow());
  EXPECT_TRUE(limit.allow());
  EXPECT_FALSE(limit.allow());
  clock.advance(std::chrono::seconds(10));  // a long pause still allows only the burst
  int allowed = 0;
  for (int i = 0; i < 10; ++i) allowed += limit.allow() ? 1 : 0;
  EXPECT_EQ(allowed, 3);
  clock.advance(milliseconds(250));
  EXPECT_TRUE(limit.allow());
  EXPECT_TRUE(limit.allow());
  EXPECT_FALSE(limit.allow());
}

}  // namespace
}  // namespace unyo::exporter
