// How the server protects itself: size limits, malformed input, idle
// clients and the connection cap.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "exporter/http_server.h"
#include "server_fixture.h"
#include "support/http_client.h"

namespace unyo::exporter::testing {

using ::unyo::testing::RawConnection;
using ::unyo::testing::getRequest;
using ::unyo::testing::kGenerousDeadline;

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::string postRequest(std::size_t bodySize) {
  return "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(bodySize) +
         "\r\n\r\n" + std::string(bodySize, 'b');
}

void expectServedOnNewConnection(const ServerFixture& fixture) {
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
}

TEST(HttpServerLimitsTest, OversizedHeaderGets431AndTheServerServesTheNextConnection) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  const std::string bigField = "X-Big: " + std::string(9 * 1024, 'a') + "\r\n";
  auto response = client.roundTrip(getRequest("/hello", bigField));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 431);
  EXPECT_THAT(response->body, HasSubstr("request_header_too_large"));
  EXPECT_TRUE(client.waitForClose());
  expectServedOnNewConnection(fixture);
}

TEST(HttpServerLimitsTest, BodyUpToTheLimitIsAccepted) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip(postRequest(1024 * 1024));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.size(), 1024U * 1024U);
}

TEST(HttpServerLimitsTest, BodyOverTheLimitGets413) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  // The whole body is sent, as curl would: the server must read it away
  // rather than reset the connection under our response.
  auto response = client.roundTrip(postRequest(1024 * 1024 + 1));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
  EXPECT_THAT(response->body, HasSubstr("payload_too_large"));
  EXPECT_TRUE(client.waitForClose());
  expectServedOnNewConnection(fixture);
}

TEST(HttpServerLimitsTest, ChunkedBodyOverTheLimitGets413) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  const std::string chunk(600 * 1024, 'c');
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  const std::string request =
      "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" +
      std::string(size) + chunk + "\r\n" + std::string(size) + chunk + "\r\n0\r\n\r\n";
  auto response = client.roundTrip(request);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
}

TEST(HttpServerLimitsTest, GarbageGets400AndClose) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip("this is not http\r\n\r\n");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_THAT(response->body, HasSubstr("bad_request"));
  EXPECT_TRUE(client.waitForClose());
  expectServedOnNewConnection(fixture);
}

TEST(HttpServerLimitsTest, MalformedPercentEscapeGets400) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/hel%zzlo"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
}

ServerOptions withIdleTimeout(std::chrono::milliseconds timeout) {
  ServerOptions options = testServerOptions();
  options.idleTimeout = timeout;
  return options;
}

TEST(HttpServerLimitsTest, IdleTimeoutClosesASilentConnection) {
  ServerFixture fixture(withIdleTimeout(std::chrono::milliseconds(200)));
  RawConnection client(fixture.port());
  ASSERT_TRUE(client.connected());
  EXPECT_TRUE(client.waitForClose());
}

TEST(HttpServerLimitsTest, IdleTimeoutClosesAKeptAliveConnectionAfterItsRequest) {
  ServerFixture fixture(withIdleTimeout(std::chrono::milliseconds(200)));
  RawConnection client(fixture.port());
  ASSERT_TRUE(client.roundTrip(getRequest("/hello")).has_value());
  EXPECT_TRUE(client.waitForClose());
}

TEST(HttpServerLimitsTest, IdleTimeoutClosesAClientThatStopsMidHeader) {
  ServerFixture fixture(withIdleTimeout(std::chrono::milliseconds(200)));
  RawConnection client(fixture.port());
  ASSERT_TRUE(client.send("GET /hello HTTP/1.1\r\nHost: te"));
  EXPECT_TRUE(client.waitForClose());
}

// Polls `condition` until it holds or a generous deadline passes.
template <class Condition>
bool eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + kGenerousDeadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TEST(HttpServerLimitsTest, WriteTimeoutClosesAClientThatDoesNotRead) {
  ServerOptions options = testServerOptions();
  options.writeTimeout = std::chrono::milliseconds(200);
  // Far more than loopback socket buffers hold, so the write must block.
  ServerFixture fixture(options, [](Router& router) {
    router.addSync("GET", "/big", [](const HttpRequest&) {
      return HttpResponse::text(200, std::string(64 * 1024 * 1024, 'x'));
    });
  });
  RawConnection reader(fixture.port());
  ASSERT_TRUE(reader.send(getRequest("/big")));
  // Never reads: the server must give up on it.
  ASSERT_TRUE(eventually([&] { return fixture.server().openConnections() == 1; }));
  EXPECT_TRUE(eventually([&] { return fixture.server().openConnections() == 0; }));
  EXPECT_TRUE(reader.waitForClose());  // after what the kernel had already buffered
  expectServedOnNewConnection(fixture);
}

TEST(HttpServerLimitsTest, AtTheCapTheLongestIdleConnectionMakesRoom) {
  ServerOptions options = testServerOptions();
  options.maxConnections = 4;
  ServerFixture fixture(options);

  // One request each, in order: the server has seen all four, and the first
  // has been idle the longest.
  std::vector<RawConnection> idle;
  for (int i = 0; i < 4; ++i) {
    idle.emplace_back(fixture.port());
    ASSERT_TRUE(idle.back().roundTrip(getRequest("/hello")).has_value());
  }

  RawConnection newcomer(fixture.port());
  auto response = newcomer.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);

  EXPECT_TRUE(idle[0].waitForClose());
  for (std::size_t i = 1; i < idle.size(); ++i) EXPECT_TRUE(idle[i].isQuietNow()) << i;
  EXPECT_EQ(fixture.server().openConnections(), 4U);
  EXPECT_THAT(fixture.events(), Contains(HasSubstr("connection_evicted: closed idle")));
}

TEST(HttpServerLimitsTest, HundredsOfIdleConnectionsCannotLockOutARequest) {
  ServerFixture fixture;
  std::vector<RawConnection> hogs;
  for (int i = 0; i < 200; ++i) {
    hogs.emplace_back(fixture.port());
    ASSERT_TRUE(hogs.back().connected()) << i;
  }
  expectServedOnNewConnection(fixture);
  EXPECT_LE(fixture.server().openConnections(), ServerOptions{}.maxConnections);
}

}  // namespace
}  // namespace unyo::exporter::testing
