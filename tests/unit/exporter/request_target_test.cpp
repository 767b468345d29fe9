#include "exporter/request_target.h"

#include <gtest/gtest.h>

#include "exporter/http_message.h"

namespace unyo::exporter {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

TEST(RequestTargetTest, SplitsPathAndQuery) {
  auto target = parseRequestTarget("/api/v1/runs?playbook=purge-old-logs&limit=5");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/api/v1/runs");
  EXPECT_EQ(target->query, (Query{{"playbook", "purge-old-logs"}, {"limit", "5"}}));
}

TEST(RequestTargetTest, DecodesPercentEscapesAndPlusInTheQueryOnly) {
  auto target = parseRequestTarget("/a%20b+c?q=x+y%26z&flag&=v");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->path, "/a b+c");
  EXPECT_EQ(target->query, (Query{{"q", "x y&z"}, {"flag", ""}, {"", "v"}}));
}

TEST(RequestTargetTest, AcceptsAbsoluteFormAndAsterisk) {
  EXPECT_EQ(parseRequestTarget("http://host:9877/metrics?x=1")->path, "/metrics");
  EXPECT_EQ(parseRequestTarget("HTTPS://host")->path, "/");
  EXPECT_EQ(parseRequestTarget("*")->path, "*");
}

TEST(RequestTargetTest, RejectsMalformedTargets) {
  EXPECT_FALSE(parseRequestTarget("metrics").has_value());
  EXPECT_FALSE(parseRequestTarget("/a%2").has_value());
  EXPECT_FALSE(parseRequestTarget("/a%g0").has_value());
  EXPECT_FALSE(parseRequestTarget("/a?x=%").has_value());
}

TEST(PercentDecodeTest, DecodesUpperAndLowerHex) {
  EXPECT_EQ(percentDecode("%e6%97%A5"), "\xe6\x97\xa5");
  EXPECT_EQ(percentDecode("a+b", true), "a b");
  EXPECT_EQ(percentDecode("a+b", false), "a+b");
}

TEST(HttpRequestTest, LooksUpHeadersIgnoringCaseAndQueryParamsByName) {
  HttpRequest request;
  request.headers = {{"Accept-Encoding", "gzip"}, {"X-Twice", "1"}, {"x-twice", "2"}};
  request.query = {{"limit", "5"}};
  EXPECT_EQ(request.header("accept-encoding"), "gzip");
  EXPECT_EQ(request.header("X-TWICE"), "1");
  EXPECT_EQ(request.header("Missing"), "");
  EXPECT_EQ(request.queryParam("limit"), "5");
  EXPECT_FALSE(request.queryParam("offset").has_value());
}

TEST(HttpResponseTest, JsonErrorHasTheContractShape) {
  const HttpResponse response =
      HttpResponse::jsonError(422, "invalid_params", {{"days", "must be an int"}});
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.contentType, "application/json");
  EXPECT_EQ(
      nlohmann::json::parse(response.body),
      (nlohmann::json{{"error", "invalid_params"}, {"detail", {{"days", "must be an int"}}}}));
  EXPECT_EQ(nlohmann::json::parse(HttpResponse::jsonError(404, "not_found").body)["detail"],
            nullptr);
}

TEST(HttpResponseTest, JsonReplacesInvalidUtf8InsteadOfThrowing) {
  const HttpResponse response = HttpResponse::jsonError(400, "bad", std::string("\xff"));
  EXPECT_EQ(response.status, 400);
  EXPECT_FALSE(response.body.empty());
}

}  // namespace
}  // namespace unyo::exporter
