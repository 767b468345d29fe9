#include "exporter/metrics_response.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "exporter/gzip.h"
#include "exporter/text_format.h"

namespace unyo::exporter {
namespace {

HttpRequest scrape(std::string acceptEncoding) {
  HttpRequest request;
  request.method = "GET";
  request.path = request.target = "/metrics";
  if (!acceptEncoding.empty()) request.headers.emplace_back("Accept-Encoding", acceptEncoding);
  return request;
}

const std::string kBody = "# HELP up Up.\n# TYPE up gauge\nup 1\n";
GzipCompressor gzip;

TEST(MetricsResponseTest, PlainWhenGzipIsNotAsked) {
  const HttpResponse response = metricsResponse(scrape(""), kBody, gzip);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.contentType, kTextContentType);
  EXPECT_EQ(response.contentType, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(response.body, kBody);
  EXPECT_FALSE(findHeader(response.headers, "Content-Encoding").has_value());
  EXPECT_EQ(findHeader(response.headers, "Vary"), "Accept-Encoding");
}

TEST(MetricsResponseTest, GzippedWhenAccepted) {
  const HttpResponse response = metricsResponse(scrape("gzip, deflate"), kBody, gzip);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.contentType, kTextContentType);
  EXPECT_EQ(findHeader(response.headers, "Content-Encoding"), "gzip");
  EXPECT_EQ(findHeader(response.headers, "Vary"), "Accept-Encoding");

  char plain[256];
  z_stream stream{};
  ASSERT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(response.body.data()));
  stream.avail_in = static_cast<uInt>(response.body.size());
  stream.next_out = reinterpret_cast<Bytef*>(plain);
  stream.avail_out = sizeof plain;
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  inflateEnd(&stream);
  EXPECT_EQ(std::string(plain, sizeof plain - stream.avail_out), kBody);
}

TEST(MetricsResponseTest, PlainWhenGzipIsRefused) {
  const HttpResponse response = metricsResponse(scrape("gzip;q=0, identity"), kBody, gzip);
  EXPECT_EQ(response.body, kBody);
  EXPECT_FALSE(findHeader(response.headers, "Content-Encoding").has_value());
}

}  // namespace
}  // namespace unyo::exporter
