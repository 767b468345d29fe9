#include "exporter/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "server_fixture.h"
#include "support/http_client.h"

namespace unyo::exporter::testing {

using ::unyo::testing::RawConnection;
using ::unyo::testing::getRequest;

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(HttpServerTest, ServesTwoRequestsOnOneKeptAliveConnection) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  ASSERT_TRUE(client.connected());

  auto first = client.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "hello");
  auto second = client.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "hello");
}

TEST(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  ASSERT_TRUE(client.send(getRequest("/hello") + getRequest("/nope") + getRequest("/hello")));
  EXPECT_EQ(client.readResponse()->status, 200);
  EXPECT_EQ(client.readResponse()->status, 404);
  EXPECT_EQ(client.readResponse()->body, "hello");
}

TEST(HttpServerTest, HeadGetsTheGetHeaderWithoutBody) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  // The GET right behind the HEAD proves no body bytes were sent in between.
  ASSERT_TRUE(client.send("HEAD /hello HTTP/1.1\r\nHost: test\r\n\r\n" + getRequest("/hello")));
  auto head = client.readResponse(/*headOnly=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "5");
  auto get = client.readResponse();
  ASSERT_TRUE(get.has_value());
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "hello");
}

TEST(HttpServerTest, ClosesAfterConnectionClose) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/hello", "Connection: close\r\n"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Connection"), "close");
  EXPECT_TRUE(client.waitForClose());
}

TEST(HttpServerTest, ClosesAfterAnHttp10Request) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip("GET /hello HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(response->head.starts_with("HTTP/1.0 200"));
  EXPECT_TRUE(client.waitForClose());
}

TEST(HttpServerTest, KeepsAnHttp10ConnectionAliveWhenAsked) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  const std::string request = "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
  auto first = client.roundTrip(request);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->header("Connection"), "keep-alive");
  auto second = client.roundTrip(request);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->body, "hello");
}

TEST(HttpServerTest, PostBodyReachesTheHandler) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response =
      client.roundTrip("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 7\r\n\r\npayload");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "payload");
}

TEST(HttpServerTest, HandlerSeesTheClientsAddress) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/whoami"));
  ASSERT_TRUE(response.has_value());
  EXPECT_TRUE(response->body.starts_with("127.0.0.1:")) << response->body;
}

TEST(HttpServerTest, AnswersExpectContinueBeforeTheBody) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  ASSERT_TRUE(client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.readResponse();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  auto response = client.roundTrip("body");
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->body, "body");
}

TEST(HttpServerTest, UnknownPathIsA404JsonError) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/missing"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->header("Content-Type"), "application/json");
  EXPECT_THAT(response->body, HasSubstr("\"error\":\"not_found\""));
}

TEST(HttpServerTest, JsonAnswersAreNotCachedAndNoAnswerIsSniffed) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto json = client.roundTrip(getRequest("/missing"));
  ASSERT_TRUE(json.has_value());
  EXPECT_EQ(json->header("Cache-Control"), "no-store");
  EXPECT_EQ(json->header("X-Content-Type-Options"), "nosniff");
  auto text = client.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->header("X-Content-Type-Options"), "nosniff");
}

TEST(HttpServerTest, ThrowingHandlerGets500AndTheServerKeepsServing) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto failed = client.roundTrip(getRequest("/throw"));
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->status, 500);
  EXPECT_THAT(failed->body, HasSubstr("\"error\":\"internal_error\""));

  auto same = client.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->status, 200);
  RawConnection other(fixture.port());
  auto fresh = other.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->status, 200);
  EXPECT_THAT(fixture.events(), Contains(HasSubstr("handler_failed: GET /throw: broken")));
}

TEST(HttpServerTest, ImpossibleStatusFromAHandlerBecomes500) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/status/42"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 500);
  EXPECT_THAT(fixture.events(), Contains(HasSubstr("bad_response")));
}

TEST(HttpServerTest, NoContentResponseHasNoBodyAndTheConnectionStaysUsable) {
  ServerFixture fixture;
  RawConnection client(fixture.port());
  auto empty = client.roundTrip(getRequest("/status/204"));
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->status, 204);
  EXPECT_EQ(empty->header("Content-Length"), "");
  auto next = client.roundTrip(getRequest("/hello"));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->body, "hello");
}

TEST(HttpServerTest, HeaderFieldsWithLineBreaksOrHugeValuesAreDropped) {
  ServerFixture fixture(testServerOptions(), [](Router& router) {
    router.addSync("GET", "/inject", [](const HttpRequest&) {
      HttpResponse response = HttpResponse::text(200, "x");
      response.headers.emplace_back("X-Note", "a\r\nX-Evil: 1");
      response.headers.emplace_back("X-Huge", std::string(70 * 1024, 'h'));
      response.headers.emplace_back("X-Fine", "yes");
      return response;
    });
  });
  RawConnection client(fixture.port());
  auto response = client.roundTrip(getRequest("/inject"));
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->header("X-Evil"), "");
  EXPECT_EQ(response->header("X-Note"), "");
  EXPECT_EQ(response->header("X-Huge"), "");
  EXPECT_EQ(response->header("X-Fine"), "yes");
}

TEST(HttpServerTest, StopMakesRunReturnWithConnectionsOpen) {
  ServerFixture fixture;
  std::vector<RawConnection> clients;
  for (int i = 0; i < 3; ++i) {
    clients.emplace_back(fixture.port());
    ASSERT_TRUE(clients.back().roundTrip(getRequest("/hello")).has_value());
  }
  RawConnection silent(fixture.port());  // connected, never sends
  ASSERT_TRUE(silent.connected());

  EXPECT_TRUE(fixture.stopAndWait());
  for (RawConnection& client : clients) EXPECT_TRUE(client.waitForClose());
  EXPECT_EQ(fixture.server().openConnections(), 0U);
}

TEST(HttpServerTest, ListenReportsAnAddressInUse) {
  ServerFixture first;
  boost::asio::io_context io;
  ServerOptions options;
  options.listenAddress = "127.0.0.1:" + std::to_string(first.port());
  HttpServer second(io, options, [](const HttpRequest&) -> boost::asio::awaitable<HttpResponse> {
    co_return HttpResponse::text(200, "");
  });
  auto result = second.listen();
  ASSERT_FALSE(result.has_value());
  EXPECT_THAT(result.error(), HasSubstr("in use"));
  EXPECT_THAT(result.error(), HasSubstr(options.listenAddress));
}

TEST(HttpServerTest, ListenRejectsAMalformedAddress) {
  boost::asio::io_context io;
  for (const std::string address :
       {"9877", "127.0.0.1:http", "127.0.0.1:65536", "[::1:80", "::1:80"}) {
    HttpServer server(io, ServerOptions{.listenAddress = address}, HttpHandler{});
    EXPECT_FALSE(server.listen().has_value()) << address;
  }
}

TEST(HttpServerTest, ListensOnEveryInterfaceWithAnEmptyHost) {
  boost::asio::io_context io;
  HttpServer server(io, ServerOptions{.listenAddress = ":0"}, HttpHandler{});
  auto result = server.listen();
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_NE(server.port(), 0);
}

TEST(HttpServerTest, EveryInterfaceServesIpv4ClientsAndShowsTheirPlainAddress) {
  ServerOptions options;
  options.listenAddress = ":0";
  ServerFixture fixture(options);
  RawConnection client(fixture.port());  // IPv4, onto a dual-stack IPv6 socket where there is one
  auto response = client.roundTrip(getRequest("/whoami"));
  ASSERT_TRUE(response.has_value());
  EXPECT_TRUE(response->body.starts_with("127.0.0.1:")) << response->body;
}

TEST(HttpServerTest, ListensOnAHostName) {
  boost::asio::io_context io;
  HttpServer server(io, ServerOptions{.listenAddress = "localhost:0"}, HttpHandler{});
  auto result = server.listen();
  ASSERT_TRUE(result.has_value()) << result.error();
  EXPECT_NE(server.port(), 0);
}

}  // namespace
}  // namespace unyo::exporter::testing
