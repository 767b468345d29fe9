#pragma once

// gzip for HTTP responses (Content-Encoding: gzip).

#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace unyo::exporter {

// A fast level: scrapes are frequent and the exposition text compresses
// well even at level 1.
inline constexpr int kFastGzipLevel = 1;

// Compresses one body after another with one libdeflate compressor,
// allocated once. libdeflate compresses a whole buffer at a time, about
// twice as fast as zlib at the same level and ratio. Not thread-safe.
class GzipCompressor {
 public:
  explicit GzipCompressor(int level = kFastGzipLevel);
  ~GzipCompressor();
  GzipCompressor(const GzipCompressor&) = delete;
  GzipCompressor& operator=(const GzipCompressor&) = delete;

  // `data` as a complete gzip stream (RFC 1952).
  std::expected<std::string, std::string> compress(std::string_view data);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One-off compression with a fresh compressor.
std::expected<std::string, std::string> gzipCompress(std::string_view data,
                                                     int level = kFastGzipLevel);

// Whether an Accept-Encoding header value accepts gzip: "gzip" or "x-gzip",
// or "*" unless gzip is refused by name, each with a q-value above 0; codings
// compare case-insensitively.
bool acceptsGzip(std::string_view acceptEncodingHeader);

}  // namespace unyo::exporter
