#include "exporter/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace unyo::exporter {
namespace {

using ::testing::HasSubstr;

HttpRequest request(std::string method, std::string path) {
  HttpRequest r;
  r.method = std::move(method);
  r.target = path;
  r.path = std::move(path);
  return r;
}

// Runs the router's coroutine to completion on a private io_context.
HttpResponse dispatch(const Router& router, const HttpRequest& req) {
  boost::asio::io_context io;
  HttpResponse out;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, router.handle(req), [&](std::exception_ptr e, HttpResponse r) {
    failure = e;
    out = std::move(r);
  });
  io.run();
  if (failure) std::rethrow_exception(failure);
  return out;
}

Router::SyncHandler replyWith(std::string text) {
  return [text](const HttpRequest&) { return HttpResponse::text(200, text); };
}

TEST(RouterTest, RoutesByMethodAndPath) {
  Router router;
  router.addSync("GET", "/metrics", replyWith("metrics"));
  router.addSync("GET", "/healthz", replyWith("healthy"));
  router.addSync("POST", "/healthz", replyWith("posted"));
  EXPECT_EQ(dispatch(router, request("GET", "/metrics")).body, "metrics");
  EXPECT_EQ(dispatch(router, request("GET", "/healthz")).body, "healthy");
  EXPECT_EQ(dispatch(router, request("POST", "/healthz")).body, "posted");
}

TEST(RouterTest, RootPathIsARouteOfItsOwn) {
  Router router;
  router.addSync("GET", "/", replyWith("root"));
  EXPECT_EQ(dispatch(router, request("GET", "/")).body, "root");
  EXPECT_EQ(dispatch(router, request("GET", "/x")).status, 404);
}

TEST(RouterTest, FillsPathParams) {
  Router router;
  router.addSync("POST", "/api/v1/playbooks/{name}/runs", [](const HttpRequest& r) {
    return HttpResponse::text(200, std::string(r.pathParam("name")));
  });
  router.addSync("POST", "/api/v1/runs/{id}/{decision}", [](const HttpRequest& r) {
    return HttpResponse::text(
        200, std::string(r.pathParam("id")) + "/" + std::string(r.pathParam("decision")));
  });
  EXPECT_EQ(dispatch(router, request("POST", "/api/v1/playbooks/purge-old-logs/runs")).body,
            "purge-old-logs");
  EXPECT_EQ(dispatch(router, request("POST", "/api/v1/runs/42/approve")).body, "42/approve");
}

TEST(RouterTest, PlaceholderNeedsANonEmptySegment) {
  Router router;
  router.addSync("GET", "/api/v1/runs/{id}", replyWith("run"));
  EXPECT_EQ(dispatch(router, request("GET", "/api/v1/runs/")).status, 404);
  EXPECT_EQ(dispatch(router, request("GET", "/api/v1/runs/7/extra")).status, 404);
  EXPECT_EQ(dispatch(router, request("GET", "/api/v1/runs")).status, 404);
}

TEST(RouterTest, LiteralSegmentBeatsPlaceholderWhateverTheOrder) {
  Router router;
  router.addSync("GET", "/runs/{id}", replyWith("by id"));
  router.addSync("GET", "/runs/latest", replyWith("latest"));
  EXPECT_EQ(dispatch(router, request("GET", "/runs/latest")).body, "latest");
  EXPECT_EQ(dispatch(router, request("GET", "/runs/9")).body, "by id");
}

TEST(RouterTest, UnknownPathIs404JsonError) {
  Router router;
  router.addSync("GET", "/metrics", replyWith("metrics"));
  const HttpResponse response = dispatch(router, request("GET", "/nope"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.contentType, "application/json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"], "not_found");
  EXPECT_THAT(body["detail"].get<std::string>(), HasSubstr("/nope"));
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.addSync("GET", "/api/v1/runs/{id}", replyWith("run"));
  router.addSync("DELETE", "/api/v1/runs/{id}", replyWith("deleted"));
  const HttpResponse response = dispatch(router, request("PUT", "/api/v1/runs/3"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "method_not_allowed");
  EXPECT_EQ(findHeader(response.headers, "Allow"), "DELETE, GET, HEAD");
  EXPECT_EQ(findHeader(response.headers, "Cache-Control"), "no-store");
}

TEST(RouterTest, HeadRunsTheGetRoute) {
  Router router;
  int calls = 0;
  router.addSync("GET", "/metrics", [&calls](const HttpRequest&) {
    ++calls;
    return HttpResponse::text(200, "body");
  });
  const HttpResponse response = dispatch(router, request("HEAD", "/metrics"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(calls, 1);
}

TEST(RouterTest, HeadWithoutAGetRouteIs405) {
  Router router;
  router.addSync("POST", "/api/v1/alerts", replyWith("ok"));
  EXPECT_EQ(dispatch(router, request("HEAD", "/api/v1/alerts")).status, 405);
}

TEST(RouterTest, AsyncHandlersAreAwaited) {
  Router router;
  router.add("GET", "/async", [](const HttpRequest&) -> boost::asio::awaitable<HttpResponse> {
    co_return HttpResponse::json(202, {{"run_id", "r1"}});
  });
  const HttpResponse response = dispatch(router, request("GET", "/async"));
  EXPECT_EQ(response.status, 202);
  EXPECT_EQ(nlohmann::json::parse(response.body)["run_id"], "r1");
}

TEST(RouterTest, MalformedPatternsAbort) {
  Router router;
  EXPECT_DEATH(router.addSync("GET", "metrics", replyWith("x")), "must start with '/'");
  EXPECT_DEATH(router.addSync("GET", "/runs/{id", replyWith("x")), "unbalanced");
  EXPECT_DEATH(router.addSync("GET", "/runs/{}", replyWith("x")), "empty placeholder");
  router.addSync("GET", "/twice", replyWith("x"));
  EXPECT_DEATH(router.addSync("GET", "/twice", replyWith("x")), "added twice");
}

}  // namespace
}  // namespace unyo::exporter
