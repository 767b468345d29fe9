#include "exporter/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "exporter/http_message.h"

namespace unyo::exporter {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header instead of zlib's
constexpr int kMemLevel = 8;              // zlib's default

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// The q-value of one "coding;q=0.5" element: 1 when absent, nullopt when
// malformed.
std::optional<double> qValue(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    const std::string_view parameter = trim(parameters.substr(0, semicolon));
    parameters =
        semicolon == std::string_view::npos ? std::string_view{} : parameters.substr(semicolon + 1);
    const auto eq = parameter.find('=');
    if (eq == std::string_view::npos || !equalsIgnoringCase(trim(parameter.substr(0, eq)), "q")) {
      continue;
    }
    const std::string_view number = trim(parameter.substr(eq + 1));
    double q = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), q);
    if (ec != std::errc{} || end != number.data() + number.size() || q < 0 || q > 1) {
      return std::nullopt;
    }
    return q;
  }
  return 1.0;
}

}  // namespace

struct GzipCompressor::State {
  z_stream stream{};
  int initStatus = Z_OK;
  std::string initError;
};

GzipCompressor::GzipCompressor(int level) : state_(std::make_unique<State>()) {
  state_->initStatus = deflateInit2(&state_->stream, level, Z_DEFLATED, kGzipWindowBits,
                                    kMemLevel, Z_DEFAULT_STRATEGY);
  if (state_->initStatus != Z_OK) {
    state_->initError = std::string("deflateInit2 failed: ") +
                        (state_->stream.msg != nullptr ? state_->stream.msg : "bad level?");
  }
}

GzipCompressor::~GzipCompressor() {
  if (state_->initStatus == Z_OK) deflateEnd(&state_->stream);
}

std::expected<std::string, std::string> GzipCompressor::compress(std::string_view data) {
  if (state_->initStatus != Z_OK) return std::unexpected(state_->initError);
  z_stream& stream = state_->stream;
  deflateReset(&stream);
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));

  // zlib counts in uInt; feed and drain in pieces it can count.
  constexpr std::size_t kMaxChunk = std::numeric_limits<uInt>::max();
  std::size_t consumed = 0;
  std::size_t produced = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    const std::size_t inChunk = std::min(data.size() - consumed, kMaxChunk);
    if (produced == out.size()) out.resize(out.size() * 2 + 64);
    const std::size_t outChunk = std::min(out.size() - produced, kMaxChunk);
    // zlib's API is not const-correct; deflate never writes to its input.
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + consumed));
    stream.avail_in = static_cast<uInt>(inChunk);
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(outChunk);
    const bool lastInput = consumed + inChunk == data.size();
    status = deflate(&stream, lastInput ? Z_FINISH : Z_NO_FLUSH);
    consumed += inChunk - stream.avail_in;
    produced += outChunk - stream.avail_out;
    if (status == Z_BUF_ERROR) status = Z_OK;  // no progress possible yet: give it more room
  }
  if (status != Z_STREAM_END)
    return std::unexpected("deflate failed with status " + std::to_string(status));
  out.resize(produced);
  return out;
}

std::expected<std::string, std::string> gzipCompress(std::string_view data, int level) {
  return GzipCompressor(level).compress(data);
}

bool acceptsGzip(std::string_view acceptEncodingHeader) {
  std::optional<bool> gzipByName;
  bool wildcard = false;
  std::string_view rest = acceptEncodingHeader;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);

    const auto semicolon = element.find(';');
    const std::string_view coding = trim(element.substr(0, semicolon));
    const std::optional<double> q =
        semicolon == std::string_view::npos ? 1.0 : qValue(element.substr(semicolon + 1));
    const bool accepted = q.has_value() && *q > 0;
    if (equalsIgnoringCase(coding, "gzip") || equalsIgnoringCase(coding, "x-gzip")) {
      gzipByName = gzipByName.value_or(false) || accepted;
    } else if (coding == "*") {
      wildcard = wildcard || accepted;
    }
  }
  return gzipByName.value_or(wildcard);
}

}  // namespace unyo::exporter
