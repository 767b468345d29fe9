#include "agent/web/metrics_page.h"

#include "exporter/gzip.h"
#include "exporter/metrics_response.h"
#include "exporter/text_format.h"

namespace unyo::agent {

std::string MetricsPage::render(const collectors::SnapshotPtr& snapshot) {
  if (snapshot != cachedSnapshot_) {
    cachedText_.clear();
    if (snapshot) exporter::appendTextFormat(cachedText_, snapshot->families);
    cachedSnapshot_ = snapshot;
  }
  const Families live = liveFamilies();
  std::string body;
  body.reserve(cachedText_.size() + 4096);
  body += cachedText_;
  exporter::appendTextFormat(body, live);
  return body;
}

Families MetricsPage::liveFamilies() const {
  Families live;
  for (const auto& source : sources_) source(live);
  return live;
}

boost::asio::awaitable<exporter::HttpResponse> MetricsPage::handle(
    const exporter::HttpRequest& request) {
  const collectors::SnapshotPtr snapshot = co_await sampling_.fresh();
  co_return exporter::metricsResponse(request, render(snapshot), gzip_);
}

}  // namespace unyo::agent
