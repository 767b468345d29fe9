#pragma once

// The /metrics response: exposition text, gzipped when the scraper asks.

#include <string>

#include "exporter/http_message.h"

namespace unyo::exporter {

class GzipCompressor;

// A 200 with `body` (text format 0.0.4), gzip-encoded with `gzip` when the
// request's Accept-Encoding allows it.
HttpResponse metricsResponse(const HttpRequest& request, std::string body, GzipCompressor& gzip);

}  // namespace unyo::exporter
