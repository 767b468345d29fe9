#include "agent/remote_write/retry_policy.h"

#include <gtest/gtest.h>

namespace unyo::agent {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetryPolicyTest, StatusesSortIntoSentRetryAndRejected) {
  EXPECT_EQ(classifyStatus(200), SendOutcome::sent);
  EXPECT_EQ(classifyStatus(204), SendOutcome::sent);
  EXPECT_EQ(classifyStatus(429), SendOutcome::retry);
  EXPECT_EQ(classifyStatus(500), SendOutcome::retry);
  EXPECT_EQ(classifyStatus(503), SendOutcome::retry);
  EXPECT_EQ(classifyStatus(400), SendOutcome::rejected);
  EXPECT_EQ(classifyStatus(401), SendOutcome::rejected);
  EXPECT_EQ(classifyStatus(404), SendOutcome::rejected);
  EXPECT_EQ(classifyStatus(301), SendOutcome::rejected);
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnderAnExponentialCap) {
  const milliseconds min(100);
  const milliseconds max(10'000);
  EXPECT_EQ(backoffDelay(1, min, max, 0.0), milliseconds(0));
  EXPECT_EQ(backoffDelay(1, min, max, 0.5), milliseconds(50));
  EXPECT_EQ(backoffDelay(3, min, max, 0.5), milliseconds(200));
  EXPECT_EQ(backoffDelay(30, min, max, 0.999), milliseconds(9990));
  EXPECT_EQ(backoffDelay(1000, min, max, 1.0), max);
}

TEST(RetryPolicyTest, RetryAfterReadsSecondsAndHttpDates) {
  const auto now =
      std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(parseRetryAfter("120", now), seconds(120));
  EXPECT_EQ(parseRetryAfter(" 3 ", now), seconds(3));
  EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:50:37 GMT", now), seconds(60));
  EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:40:00 GMT", now), milliseconds(0));
}

TEST(RetryPolicyTest, RetryAfterIsCappedAndGarbageIgnored) {
  const auto now = std::chrono::system_clock::from_time_t(0);
  EXPECT_EQ(parseRetryAfter("999999999999999999999999", now), std::chrono::hours(1));
  EXPECT_EQ(parseRetryAfter("86400", now), std::chrono::hours(1));
  EXPECT_EQ(parseRetryAfter("", now), std::nullopt);
  EXPECT_EQ(parseRetryAfter("soon", now), std::nullopt);
  EXPECT_EQ(parseRetryAfter("12abc", now), std::nullopt);
  EXPECT_EQ(parseRetryAfter("-5", now), std::nullopt);
}

}  // namespace
}  // namespace unyo::agent
