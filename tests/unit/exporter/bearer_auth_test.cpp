// Bearer tokens and roles: who may read, operate and approve, and what a
// client without a valid token is told.

#include "exporter/bearer_auth.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "fakes/fake_clock.h"

namespace unyo::exporter {
namespace {

using nlohmann::json;

// printf %s TOKEN | sha256sum, computed outside the code under test.
constexpr std::string_view kOpsHash =
    "2b2577f455616d63bbcb76676b219056860f972a5c38cc4fc33bec3f23e20561";  // op-token
constexpr std::string_view kStaffHash =
    "2a2dfdeca77ad756dd19bcb5b02ffdc85d401ddf5abbd10cda4ece41d3f85c54";  // staff-token
constexpr std::string_view kViewerHash =
    "d036bd6d01a1cae081d39a2f8dab751dc042de814fd60df31fcb553170950f29";  // viewer-token

ApiTokenEntry entry(std::string name, std::string_view hex, ApiRole role) {
  ApiTokenEntry token;
  token.name = std::move(name);
  token.role = role;
  EXPECT_TRUE(parseSha256Hex(hex, token.sha256)) << hex;
  return token;
}

std::vector<ApiTokenEntry> threeTokens() {
  return {entry("ops", kOpsHash, ApiRole::operate), entry("staff", kStaffHash, ApiRole::approve),
          entry("viewer", kViewerHash, ApiRole::read)};
}

HttpRequest requestWith(std::optional<std::string> authorization,
                        std::string_view headerName = "Authorization") {
  HttpRequest request;
  request.method = "GET";
  request.target = request.path = "/api/v1/playbooks";
  if (authorization) request.headers.emplace_back(std::string(headerName), *authorization);
  return request;
}

// The token name `authorize` granted, or "" (and a test failure) when it refused.
std::string granted(const BearerAuth& auth, const HttpRequest& request, ApiRole needed) {
  auto decision = auth.authorize(request, needed);
  if (const auto* refused = std::get_if<HttpResponse>(&decision)) {
    ADD_FAILURE() << "refused with " << refused->status << " " << refused->body;
    return "";
  }
  return std::get<std::string>(decision);
}

// The response `authorize` refused with, or status 0 (and a test failure) when it granted.
HttpResponse refused(const BearerAuth& auth, const HttpRequest& request, ApiRole needed) {
  auto decision = auth.authorize(request, needed);
  if (const auto* name = std::get_if<std::string>(&decision)) {
    ADD_FAILURE() << "granted to token \"" << *name << "\"";
    return HttpResponse::text(0, "");
  }
  return std::get<HttpResponse>(decision);
}

std::string headerOf(const HttpResponse& response, std::string_view name) {
  auto value = findHeader(response.headers, name);
  return value ? std::string(*value) : "";
}

class BearerAuthTest : public ::testing::Test {
 protected:
  BearerAuthTest() { auth.setTokens(threeTokens()); }
  testing::FakeClock clock;
  std::vector<AuthFailure> reported;
  BearerAuth auth{clock, [this](const AuthFailure& failure) { reported.push_back(failure); }};
};

TEST(Sha256Test, HashesAndParsesHexDigests) {
  std::array<std::uint8_t, 32> parsed{};
  ASSERT_TRUE(parseSha256Hex(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", parsed));
  EXPECT_EQ(sha256("abc"), parsed);  // FIPS 180-2's example
  std::array<std::uint8_t, 32> upper{};
  ASSERT_TRUE(parseSha256Hex(
      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", upper));
  EXPECT_EQ(upper, parsed);
  EXPECT_EQ(parsed[0], 0xba);
  EXPECT_EQ(parsed[31], 0xad);
}

TEST(Sha256Test, RefusesMalformedHexDigests) {
  std::array<std::uint8_t, 32> out{};
  EXPECT_FALSE(parseSha256Hex("", out));
  EXPECT_FALSE(parseSha256Hex(std::string(63, 'a'), out));
  EXPECT_FALSE(parseSha256Hex(std::string(65, 'a'), out));
  EXPECT_FALSE(parseSha256Hex(std::string(62, 'a') + "g0", out));
  EXPECT_FALSE(parseSha256Hex(std::string(63, 'a') + " ", out));
}

TEST_F(BearerAuthTest, AKnownTokenIsGrantedUnderItsName) {
  EXPECT_TRUE(auth.enabled());
  EXPECT_EQ(granted(auth, requestWith("Bearer op-token"), ApiRole::read), "ops");
  EXPECT_EQ(granted(auth, requestWith("Bearer staff-token"), ApiRole::read), "staff");
  EXPECT_EQ(granted(auth, requestWith("Bearer viewer-token"), ApiRole::read), "viewer");
}

TEST_F(BearerAuthTest, TheHeaderNameAndTheSchemeAreCaseInsensitive) {
  EXPECT_EQ(granted(auth, requestWith("Bearer op-token", "authorization"), ApiRole::read), "ops");
  EXPECT_EQ(granted(auth, requestWith("bearer op-token"), ApiRole::read), "ops");
  EXPECT_EQ(granted(auth, requestWith("BEARER op-token"), ApiRole::read), "ops");
}

TEST_F(BearerAuthTest, AMissingAuthorizationHeaderIs401WithAChallenge) {
  const HttpResponse response = refused(auth, requestWith(std::nullopt), ApiRole::read);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(json::parse(response.body)["error"], "unauthorized");
  EXPECT_EQ(headerOf(response, "WWW-Authenticate"), "Bearer realm=\"unyo\"");
}

TEST_F(BearerAuthTest, AMalformedAuthorizationHeaderIs401) {
  for (const std::string header :
       {"", "Bearer", "Bearer ", "Basic b3A6b3AtdG9rZW4=", "Bearerop-token", "op-token",
        "Token op-token"}) {
    const HttpResponse response = refused(auth, requestWith(header), ApiRole::read);
    EXPECT_EQ(response.status, 401) << "\"" << header << "\"";
    EXPECT_EQ(headerOf(response, "WWW-Authenticate"), "Bearer realm=\"unyo\"")
        << "\"" << header << "\"";
  }
}

TEST_F(BearerAuthTest, AnUnknownTokenIs401InvalidToken) {
  for (const std::string header :
       {"Bearer nope", "Bearer OP-TOKEN", "Bearer op-toke", "Bearer op-token2",
        // the stored hash itself is not the token
        "Bearer 2b2577f455616d63bbcb76676b219056860f972a5c38cc4fc33bec3f23e20561"}) {
    const HttpResponse response = refused(auth, requestWith(header), ApiRole::read);
    EXPECT_EQ(response.status, 401) << "\"" << header << "\"";
    EXPECT_EQ(json::parse(response.body)["error"], "unauthorized");
    EXPECT_EQ(headerOf(response, "WWW-Authenticate"),
              "Bearer realm=\"unyo\", error=\"invalid_token\"")
        << "\"" << header << "\"";
  }
}

TEST_F(BearerAuthTest, ReadersOnlyRead) {
  const auto viewer = requestWith("Bearer viewer-token");
  EXPECT_EQ(granted(auth, viewer, ApiRole::read), "viewer");
  const HttpResponse operate = refused(auth, viewer, ApiRole::operate);
  EXPECT_EQ(operate.status, 403);
  EXPECT_EQ(json::parse(operate.body)["error"], "forbidden");
  EXPECT_EQ(json::parse(operate.body)["detail"],
            "token \"viewer\" has role read; this needs operate");
  EXPECT_EQ(refused(auth, viewer, ApiRole::approve).status, 403);
}

TEST_F(BearerAuthTest, OperatorsReadAndOperateButCannotApprove) {
  const auto ops = requestWith("Bearer op-token");
  EXPECT_EQ(granted(auth, ops, ApiRole::read), "ops");
  EXPECT_EQ(granted(auth, ops, ApiRole::operate), "ops");
  const HttpResponse approve = refused(auth, ops, ApiRole::approve);
  EXPECT_EQ(approve.status, 403);
  EXPECT_EQ(json::parse(approve.body)["detail"],
            "token \"ops\" has role operate; this needs approve");
}

TEST_F(BearerAuthTest, ApproversReadAndApproveButCannotOperate) {
  const auto staff = requestWith("Bearer staff-token");
  EXPECT_EQ(granted(auth, staff, ApiRole::read), "staff");
  EXPECT_EQ(granted(auth, staff, ApiRole::approve), "staff");
  const HttpResponse operate = refused(auth, staff, ApiRole::operate);
  EXPECT_EQ(operate.status, 403);
  EXPECT_EQ(json::parse(operate.body)["detail"],
            "token \"staff\" has role approve; this needs operate");
}

TEST(BearerAuthOffTest, WithoutTokensTheApiIsOffFor403) {
  testing::FakeClock clock;
  BearerAuth auth{clock};
  EXPECT_FALSE(auth.enabled());
  for (const auto& header : {std::optional<std::string>(), std::optional<std::string>("Bearer x")}) {
    const HttpResponse response = refused(auth, requestWith(header), ApiRole::read);
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(json::parse(response.body)["error"], "api_disabled");
  }
  auth.setTokens(threeTokens());
  EXPECT_TRUE(auth.enabled());
  auth.setTokens({});
  EXPECT_EQ(refused(auth, requestWith("Bearer op-token"), ApiRole::read).status, 403);
}

// The comparison runs over every stored token and every byte of the hash
// (no early exit): a token matches wherever it stands in the list, and a
// stored hash that differs from the presented one in any single byte does
// not match.
TEST(BearerAuthComparisonTest, EveryTokenAndEveryByteOfTheHashIsCompared) {
  const std::array<std::uint8_t, 32> opsHash = sha256("op-token");
  std::vector<ApiTokenEntry> nearMisses;
  for (std::size_t byte : {std::size_t{0}, std::size_t{15}, std::size_t{31}}) {
    ApiTokenEntry almost;
    almost.name = "almost-" + std::to_string(byte);
    almost.sha256 = opsHash;
    almost.sha256[byte] ^= 0x01;
    almost.role = ApiRole::approve;
    nearMisses.push_back(almost);
  }
  testing::FakeClock clock;
  BearerAuth onlyNearMisses{clock};
  onlyNearMisses.setTokens(nearMisses);
  EXPECT_EQ(refused(onlyNearMisses, requestWith("Bearer op-token"), ApiRole::read).status, 401);

  for (std::size_t position = 0; position <= nearMisses.size(); ++position) {
    std::vector<ApiTokenEntry> tokens = nearMisses;
    tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(position),
                  entry("ops", kOpsHash, ApiRole::operate));
    BearerAuth auth{clock};
    auth.setTokens(tokens);
    EXPECT_EQ(granted(auth, requestWith("Bearer op-token"), ApiRole::operate), "ops")
        << "at position " << position;
  }
}

// Runs `handler` wrapped by require() for `request` and returns its answer.
HttpResponse throughRequire(BearerAuth& auth, ApiRole needed, const HttpRequest& request,
                            std::optional<HttpRequest>& seen) {
  HttpHandler handler = auth.require(
      needed, [&seen](const HttpRequest& r) -> boost::asio::awaitable<HttpResponse> {
        seen = r;
        co_return HttpResponse::text(200, "ran");
      });
  boost::asio::io_context io;
  std::optional<HttpResponse> response;
  boost::asio::co_spawn(io, handler(request), [&](std::exception_ptr error, HttpResponse r) {
    EXPECT_FALSE(error);
    response = std::move(r);
  });
  io.run();
  EXPECT_TRUE(response) << "the handler never finished";
  return response.value_or(HttpResponse::text(0, ""));
}

TEST_F(BearerAuthTest, RequireRunsTheHandlerWithTheTokenNameItSetItself) {
  HttpRequest request = requestWith("Bearer op-token");
  request.headers.emplace_back("x-unyo-token-name", "admin");  // a client's claim: ignored
  std::optional<HttpRequest> seen;
  const HttpResponse response = throughRequire(auth, ApiRole::operate, request, seen);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "ran");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->header("X-Unyo-Token-Name"), "ops");
  std::size_t nameFields = 0;
  for (const auto& [name, value] : seen->headers) {
    if (equalsIgnoringCase(name, "X-Unyo-Token-Name")) ++nameFields;
  }
  EXPECT_EQ(nameFields, 1u);
}

TEST_F(BearerAuthTest, RequireAnswersForTheHandlerWhenTheTokenMayNot) {
  std::optional<HttpRequest> seen;
  EXPECT_EQ(throughRequire(auth, ApiRole::approve, requestWith("Bearer op-token"), seen).status,
            403);
  EXPECT_EQ(throughRequire(auth, ApiRole::read, requestWith("Bearer nope"), seen).status, 401);
  EXPECT_EQ(throughRequire(auth, ApiRole::read, requestWith(std::nullopt), seen).status, 401);
  EXPECT_FALSE(seen) << "the handler ran for " << seen->header("Authorization");
}

TEST_F(BearerAuthTest, AnAlertTokenMayOnlyPostAlerts) {
  auth.setTokens({entry("alertmanager", kViewerHash, ApiRole::alert),
                  entry("ops", kOpsHash, ApiRole::operate)});
  EXPECT_EQ(granted(auth, requestWith("Bearer viewer-token"), ApiRole::alert), "alertmanager");
  for (ApiRole other : {ApiRole::read, ApiRole::operate, ApiRole::approve}) {
    EXPECT_EQ(refused(auth, requestWith("Bearer viewer-token"), other).status, 403);
  }
  // Operators could post alerts before the alert role existed, and still may.
  EXPECT_EQ(granted(auth, requestWith("Bearer op-token"), ApiRole::alert), "ops");
}

TEST_F(BearerAuthTest, OnlyAlertTokensAndOperatorsPostAlerts) {
  EXPECT_EQ(refused(auth, requestWith("Bearer viewer-token"), ApiRole::alert).status, 403);
  EXPECT_EQ(refused(auth, requestWith("Bearer staff-token"), ApiRole::alert).status, 403);
}

HttpRequest from(std::string address, std::optional<std::string> authorization) {
  HttpRequest request = requestWith(std::move(authorization));
  request.remoteAddress = std::move(address);
  return request;
}

TEST_F(BearerAuthTest, FailuresAreReportedWithAddressRouteAndReasonButNeverTheToken) {
  auth.admit(from("10.0.0.5:40000", "Bearer secret-guess"), ApiRole::read);
  auth.admit(from("[fe80::1]:40001", std::nullopt), ApiRole::read);
  auth.admit(from("10.0.0.6:40002", "Bearer viewer-token"), ApiRole::operate);
  ASSERT_EQ(reported.size(), 3u);
  EXPECT_EQ(reported[0].client, "10.0.0.5");
  EXPECT_EQ(reported[0].route, "GET /api/v1/playbooks");
  EXPECT_EQ(reported[0].reason, "unknown token");
  EXPECT_EQ(reported[1].client, "fe80::1");
  EXPECT_EQ(reported[1].reason, "missing or malformed Authorization");
  EXPECT_EQ(reported[2].reason, "the token's role does not allow this");
  for (const auto& failure : reported) {
    for (const auto& text : {failure.client, failure.route, failure.reason}) {
      EXPECT_EQ(text.find("secret-guess"), std::string::npos) << text;
      EXPECT_EQ(text.find("viewer-token"), std::string::npos) << text;
    }
  }
}

TEST_F(BearerAuthTest, TenFailuresInAMinuteBlockTheAddressUntilTheMinuteHasPassed) {
  for (int i = 0; i < 10; ++i) {
    // Each from another port: the address counts, not the connection.
    const auto port = ":" + std::to_string(40000 + i);
    EXPECT_EQ(std::get<HttpResponse>(auth.admit(from("10.0.0.5" + port, "Bearer x"),
                                                ApiRole::read))
                  .status,
              401)
        << i;
    clock.advance(std::chrono::seconds(1));
  }
  // Now even the right token is turned away, with how long to wait.
  auto blocked = auth.admit(from("10.0.0.5:41000", "Bearer viewer-token"), ApiRole::read);
  ASSERT_TRUE(std::holds_alternative<HttpResponse>(blocked));
  const HttpResponse& response = std::get<HttpResponse>(blocked);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(json::parse(response.body)["error"], "too_many_requests");
  EXPECT_EQ(headerOf(response, "Retry-After"), "50");  // the window started 10 s ago
  EXPECT_EQ(reported.back().reason, "rate limited");
  // Another address is not affected.
  EXPECT_EQ(granted(auth, from("10.0.0.6:1", "Bearer viewer-token"), ApiRole::read), "viewer");
  EXPECT_EQ(std::get<std::string>(auth.admit(from("10.0.0.6:1", "Bearer viewer-token"),
                                             ApiRole::read)),
            "viewer");
  clock.advance(std::chrono::seconds(49));
  EXPECT_TRUE(std::holds_alternative<HttpResponse>(
      auth.admit(from("10.0.0.5:41001", "Bearer viewer-token"), ApiRole::read)));
  clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(std::get<std::string>(auth.admit(from("10.0.0.5:41002", "Bearer viewer-token"),
                                             ApiRole::read)),
            "viewer");
}

TEST_F(BearerAuthTest, NineFailuresAndSuccessesInBetweenDoNotBlock) {
  for (int i = 0; i < 9; ++i) {
    auth.admit(from("10.0.0.5:1", "Bearer x"), ApiRole::read);
    for (int ok = 0; ok < 5; ++ok) {
      EXPECT_TRUE(std::holds_alternative<std::string>(
          auth.admit(from("10.0.0.5:1", "Bearer viewer-token"), ApiRole::read)));
    }
  }
  // A failure after the window is a new window: the nine old ones are gone.
  clock.advance(std::chrono::seconds(60));
  auth.admit(from("10.0.0.5:1", "Bearer x"), ApiRole::read);
  EXPECT_TRUE(std::holds_alternative<std::string>(
      auth.admit(from("10.0.0.5:1", "Bearer viewer-token"), ApiRole::read)));
}

TEST(AuthFailureLimiterTest, TracksABoundedNumberOfAddressesForgettingTheOldest) {
  testing::FakeClock clock;
  AuthFailureLimiter limiter(clock, {.maxFailures = 2, .maxClients = 3});
  for (const char* client : {"a", "b", "c"}) {
    limiter.recordFailure(client);
    limiter.recordFailure(client);
    clock.advance(std::chrono::seconds(1));
  }
  EXPECT_TRUE(limiter.blockedFor("a"));
  limiter.recordFailure("d");  // pushes out "a", whose window started first
  EXPECT_EQ(limiter.trackedClients(), 3u);
  EXPECT_FALSE(limiter.blockedFor("a"));
  EXPECT_TRUE(limiter.blockedFor("b"));
  EXPECT_TRUE(limiter.blockedFor("c"));
  for (int i = 0; i < 10'000; ++i) limiter.recordFailure("x" + std::to_string(i));
  EXPECT_EQ(limiter.trackedClients(), 3u);
}

TEST(ClientHostTest, DropsThePort) {
  EXPECT_EQ(clientHost("10.0.0.5:51234"), "10.0.0.5");
  EXPECT_EQ(clientHost("[fe80::1]:51234"), "fe80::1");
  EXPECT_EQ(clientHost("fe80::1"), "fe80::1");
  EXPECT_EQ(clientHost(""), "");
}

}  // namespace
}  // namespace unyo::exporter
