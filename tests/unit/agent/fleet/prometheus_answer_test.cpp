#include "agent/fleet/prometheus_answer.h"

#include <gtest/gtest.h>

namespace unyo::agent {
namespace {

std::string errorOf(std::string_view body, int status = 200) {
  const auto parsed = parseVectorAnswer(body, status);
  EXPECT_FALSE(parsed) << body.substr(0, 80);
  return parsed ? std::string() : parsed.error().message;
}

TEST(PrometheusAnswer, ReadsAVector) {
  const auto parsed = parseVectorAnswer(R"({"status":"success","data":{"resultType":"vector",
    "result":[{"metric":{"lg_code":"131016","system":"resident_registry","instance":"a:9877"},
               "value":[1793458800,"1234.5"]},
              {"metric":{},"value":[1793458800.123,"-2e3"]}]},
    "warnings":["some series were dropped"]})",
                                        200);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->samples.size(), 2u);
  EXPECT_EQ(parsed->samples[0].labels.at("lg_code"), "131016");
  EXPECT_EQ(parsed->samples[0].value, 1234.5);
  EXPECT_EQ(parsed->samples[1].value, -2000);
  ASSERT_EQ(parsed->warnings.size(), 1u);
  EXPECT_EQ(parsed->warnings[0], "some series were dropped");
}

TEST(PrometheusAnswer, AnEmptyResultIsNoSamples) {
  const auto parsed =
      parseVectorAnswer(R"({"status":"success","data":{"resultType":"vector","result":[]}})", 200);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->samples.empty());
}

TEST(PrometheusAnswer, NaNAndInfinitiesAreLeftOut) {
  const auto parsed = parseVectorAnswer(R"({"status":"success","data":{"resultType":"vector",
    "result":[{"metric":{"a":"1"},"value":[1,"NaN"]},{"metric":{"a":"2"},"value":[1,"+Inf"]},
              {"metric":{"a":"3"},"value":[1,"3"]}]}})",
                                        200);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->samples.size(), 1u);
  EXPECT_EQ(parsed->samples[0].labels.at("a"), "3");
}

TEST(PrometheusAnswer, TheStoresErrorIsShown) {
  const auto message = errorOf(
      R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \"}\""})",
      400);
  EXPECT_EQ(message, "the store answered an error (bad_data): 1:5: parse error: unexpected \"}\"");
  EXPECT_EQ(errorOf(R"({"status":"error","errorType":"timeout","error":"query timed out"})", 503),
            "the store answered an error (timeout): query timed out");
}

TEST(PrometheusAnswer, GarbageSaysWhatCame) {
  EXPECT_EQ(errorOf("<html><body>Bad Gateway</body></html>", 502),
            "the store answered HTTP 502 without a Prometheus answer: <html><body>Bad "
            "Gateway</body></html>");
  EXPECT_EQ(errorOf("hello\nworld", 200), "the store's answer is not JSON (HTTP 200): hello world");
  EXPECT_EQ(errorOf("", 200), "the store's answer is not JSON (HTTP 200): (empty)");
  EXPECT_NE(errorOf("[1,2,3]").find("not JSON"), std::string::npos);
  EXPECT_NE(errorOf(R"({"status":"success"})").find("no data"), std::string::npos);
  EXPECT_NE(errorOf(R"({"status":"success","data":{"resultType":"matrix","result":[]}})")
                .find("a matrix, not a vector"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"status":"success","data":{"resultType":"vector","result":{}}})")
                .find("no data.result"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"status":"success","data":{"resultType":"vector","result":[1]}})")
                .find("not an object"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"status":"success","data":{"resultType":"vector",
    "result":[{"metric":{"a":1},"value":[1,"1"]}]}})")
                .find("not a string"),
            std::string::npos);
  for (const char* value : {R"([1,1])", R"([1,"1x"])", R"([1])", R"("1")", R"([1,""])"}) {
    EXPECT_NE(errorOf(std::string(R"({"status":"success","data":{"resultType":"vector",
    "result":[{"metric":{},"value":)") +
                      value + "}]}}")
                  .find("not [time, \"number\"]"),
              std::string::npos)
        << value;
  }
  EXPECT_NE(errorOf(R"({"status":"pending"})").find("no \"status\": \"success\""),
            std::string::npos);
}

TEST(PrometheusAnswer, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_NE(errorOf(deep).find("out of bounds"), std::string::npos);
}

TEST(PrometheusAnswer, TooManyValuesAreRefused) {
  std::string many = R"({"status":"success","data":{"resultType":"vector","result":[)";
  for (std::size_t i = 0; i < kMaxAnswerValues / 4; ++i) {
    many += R"({"metric":{},"value":[1,"1"]},)";
  }
  many += R"({"metric":{},"value":[1,"1"]}]}})";
  EXPECT_NE(errorOf(many).find("out of bounds"), std::string::npos);
}

TEST(PrometheusAnswer, AnOversizedAnswerIsRefused) {
  const std::string huge(kMaxAnswerBytes + 1, ' ');
  EXPECT_NE(errorOf(huge).find("larger than"), std::string::npos);
}

TEST(PrometheusAnswer, ControlCharactersAndLongTextAreCutFromMessages) {
  const std::string message = errorOf(std::string("\x1b[31mred") + std::string(1000, 'x'), 200);
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  EXPECT_LT(message.size(), 300u);
}

}  // namespace
}  // namespace unyo::agent
