#include "exporter/metrics_response.h"

#include "exporter/gzip.h"
#include "exporter/text_format.h"

namespace unyo::exporter {

HttpResponse metricsResponse(const HttpRequest& request, std::string body,
                             GzipCompressor& gzip) {
  HttpResponse response{
      .status = 200, .contentType = std::string(kTextContentType), .headers = {}, .body = {}};
  // Caches must not hand a gzipped body to a client that did not ask for one,
  // nor the reverse: the body depends on Accept-Encoding either way.
  response.headers.emplace_back("Vary", "Accept-Encoding");
  if (acceptsGzip(request.header("Accept-Encoding"))) {
    if (auto compressed = gzip.compress(body)) {
      response.headers.emplace_back("Content-Encoding", "gzip");
      response.body = std::move(*compressed);
      return response;
    }
    // Compression failing (out of memory) still leaves a valid answer.
  }
  response.body = std::move(body);
  return response;
}

}  // namespace unyo::exporter
