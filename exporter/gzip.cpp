#include "exporter/gzip.h"

#include <libdeflate.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "exporter/http_message.h"

namespace unyo::exporter {
namespace {


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
  libdeflate_compressor* compressor = nullptr;
};

GzipCompressor::GzipCompressor(int level) : state_(std::make_unique<State>()) {
  state_->compressor = libdeflate_alloc_compressor(level);
}

GzipCompressor::~GzipCompressor() { libdeflate_free_compressor(state_->compressor); }

std::expected<std::string, std::string> GzipCompressor::compress(std::string_view data) {
  if (state_->compressor == nullptr) {
    return std::unexpected(std::string("cannot create a gzip compressor (bad level?)"));
  }
  std::string out;
  out.resize(libdeflate_gzip_compress_bound(state_->compressor, data.size()));
  const std::size_t size = libdeflate_gzip_compress(state_->compressor, data.data(), data.size(),
                                                    out.data(), out.size());
  // The bound is an upper bound for any input, so 0 ("did not fit") means a
  // broken library rather than incompressible data.
  if (size == 0) return std::unexpected(std::string("gzip compression failed"));
  out.resize(size);
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
