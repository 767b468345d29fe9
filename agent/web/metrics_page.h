#pragma once

// GET /metrics: the latest snapshot (refreshed when older than
// min_interval) followed by the agent's own series. The snapshot's text is
// rendered once per snapshot and reused by every scrape that shares it.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <vector>

#include "agent/daemon/sampling_loop.h"
#include "exporter/gzip.h"
#include "exporter/http_message.h"

namespace unyo::agent {

class MetricsPage {
 public:
  // Appends series computed at scrape time (process_*, agent info, ...).
  using Source = std::function<void(Families&)>;

  explicit MetricsPage(SamplingLoop& sampling) : sampling_(sampling) {}

  void addSource(Source source) { sources_.push_back(std::move(source)); }

  boost::asio::awaitable<exporter::HttpResponse> handle(const exporter::HttpRequest& request);

  // The series the sources compute now (everything but the snapshot's):
  // what remote write pushes beside each snapshot.
  Families liveFamilies() const;

  // The full exposition text for a snapshot; public for tests and `collect`.
  std::string render(const collectors::SnapshotPtr& snapshot);

 private:
  SamplingLoop& sampling_;
  std::vector<Source> sources_;
  collectors::SnapshotPtr cachedSnapshot_;
  std::string cachedText_;
  exporter::GzipCompressor gzip_;
};

}  // namespace unyo::agent
