#include "exporter/gzip.h"

#include <gtest/gtest.h>

#include "support/http_client.h"

namespace unyo::exporter {
namespace {

// Inflates with zlib directly, independent of the code under test.
using ::unyo::testing::gunzip;

TEST(GzipTest, RoundTripsThroughZlibsInflate) {
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += "node_cpu_seconds_total{cpu=\"" + std::to_string(i % 64) + "\",mode=\"idle\"} " +
            std::to_string(i * 1.5) + "\n";
  }
  auto compressed = gzipCompress(text);
  ASSERT_TRUE(compressed.has_value()) << compressed.error();
  EXPECT_LT(compressed->size(), text.size() / 4);
  ASSERT_GE(compressed->size(), 2U);
  EXPECT_EQ(static_cast<unsigned char>((*compressed)[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>((*compressed)[1]), 0x8b);
  EXPECT_EQ(gunzip(*compressed), text);
}

TEST(GzipTest, RoundTripsEmptyAndIncompressibleInput) {
  EXPECT_EQ(gunzip(gzipCompress("").value()), "");
  std::string noise;
  std::uint32_t state = 12345;
  for (int i = 0; i < 100000; ++i) {
    state = state * 1103515245 + 12345;
    noise.push_back(static_cast<char>(state >> 24));
  }
  EXPECT_EQ(gunzip(gzipCompress(noise).value()), noise);
}

TEST(GzipTest, OneCompressorCompressesBodyAfterBody) {
  GzipCompressor gzip;
  const std::string first = "# TYPE a gauge\na 1\n";
  const std::string second(50'000, 'z');
  EXPECT_EQ(gunzip(gzip.compress(first).value()), first);
  EXPECT_EQ(gunzip(gzip.compress(second).value()), second);
  EXPECT_EQ(gunzip(gzip.compress(first).value()), first);
}

TEST(GzipTest, RejectsAnInvalidLevel) { EXPECT_FALSE(gzipCompress("x", 42).has_value()); }

TEST(AcceptsGzipTest, FollowsAcceptEncodingRules) {
  struct Case {
    std::string_view header;
    bool accepts;
  };
  const Case cases[] = {
      {"", false},
      {"gzip", true},
      {"GZip", true},
      {"x-gzip", true},
      {"identity", false},
      {"deflate, gzip", true},
      {"gzip, deflate, br", true},
      {" deflate ,  gzip ;q=0.5 ", true},
      {"gzip;q=0", false},
      {"gzip; q=0.000", false},
      {"gzip;Q=0", false},
      {"gzip;q=0.001", true},
      {"gzip;q=1.0", true},
      {"gzip;q=nonsense", false},
      {"*", true},
      {"*;q=0", false},
      {"*, gzip;q=0", false},
      {"gzip;q=0, *", false},
      {"identity, *;q=0.1", true},
      {"gzipped", false},
      {"br;q=1, identity;q=0.5", false},
  };
  for (const Case& c : cases) EXPECT_EQ(acceptsGzip(c.header), c.accepts) << c.header;
}

}  // namespace
}  // namespace unyo::exporter
