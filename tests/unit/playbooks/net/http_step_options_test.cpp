#include "playbooks/net/http_step_options.h"

#include <gtest/gtest.h>

#include "unit/playbooks/net/net_test_system.h"

namespace unyo::playbooks::net {
namespace {

using testing::with;

TEST(HttpStepOptionsTest, DescribesStatusMismatches) {
  EXPECT_EQ(describeStatusMismatch(503, {200}), "expected status 200, got 503");
  EXPECT_EQ(describeStatusMismatch(503, {200, 204}), "expected status 200 or 204, got 503");
  EXPECT_EQ(describeStatusMismatch(503, {200, 201, 204}),
            "expected status 200, 201 or 204, got 503");
  EXPECT_EQ(describeStatusMismatch(500, {}), "expected a 2xx status, got 500");
}

TEST(HttpStepOptionsTest, AnEmptyExpectationMeansAny2xx) {
  EXPECT_TRUE(statusMatches(200, {}));
  EXPECT_TRUE(statusMatches(299, {}));
  EXPECT_FALSE(statusMatches(300, {}));
  EXPECT_FALSE(statusMatches(199, {}));
  EXPECT_TRUE(statusMatches(404, {200, 404}));
}

TEST(HttpStepOptionsTest, ReadsExpectedStatuses) {
  const Value list(Value::List{Value(200), Value("204")});
  EXPECT_EQ(readExpectedStatuses(WithReader(with({{"expect_status", list}}))).value(),
            (std::vector<int>{200, 204}));
  EXPECT_EQ(readExpectedStatuses(WithReader(with({{"expect_status", "301"}}))).value(),
            (std::vector<int>{301}));
  EXPECT_TRUE(readExpectedStatuses(WithReader(Value::map())).value().empty());
  EXPECT_EQ(readExpectedStatuses(WithReader(with({{"expect_status", 42}}))).error().message,
            "\"expect_status\": expected HTTP statuses 100-599, got 42");
  EXPECT_EQ(
      readExpectedStatuses(WithReader(with({{"expect_status", Value::list()}}))).error().message,
      "\"expect_status\" must not be empty");
}

TEST(HttpStepOptionsTest, ChecksHeadersWithoutRepeatingTheirValues) {
  auto headers = readHeaders(WithReader(with({{"headers", with({{"X-Id", 7}})}})));
  ASSERT_TRUE(headers.has_value());
  EXPECT_EQ(*headers, (HeaderList{{"X-Id", "7"}}));
  EXPECT_EQ(readHeaders(WithReader(with({{"headers", with({{"Bad Name", "v"}})}}))).error().message,
            "\"headers\": \"Bad Name\" is not a valid header name");
  EXPECT_EQ(readHeaders(WithReader(with({{"headers", "Authorization: x"}}))).error().message,
            "\"headers\": expected a map of Name: value");
  const auto tooLong =
      readHeaders(WithReader(with({{"headers", with({{"Cookie", std::string(9000, 'c')}})}})));
  EXPECT_EQ(tooLong.error().message,
            "\"headers\": the value of Cookie contains a line break or is longer than 8 KiB");
}

}  // namespace
}  // namespace unyo::playbooks::net
