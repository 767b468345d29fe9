#pragma once

// The unyo_remote_write_* series (docs/metrics.md): one set per endpoint,
// labelled with its URL. The sender thread writes them, scrapes read them;
// they outlive reloads, so counters only restart with the process.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/metric_family.h"

namespace unyo::agent {

struct EndpointStats {
  std::atomic<std::uint64_t> samples{0};  // acknowledged by the receiver
  std::atomic<std::uint64_t> retries{0};
  std::atomic<std::uint64_t> sentBytes{0};
  std::atomic<std::uint64_t> droppedBufferFull{0};
  std::atomic<std::uint64_t> droppedTooOld{0};
  std::atomic<std::uint64_t> droppedRejected{0};
  std::atomic<std::uint64_t> droppedCorrupt{0};
  std::atomic<std::uint64_t> droppedWriteFailed{0};  // could not be written to the buffer
  std::atomic<std::uint64_t> pendingSamples{0};
  std::atomic<std::uint64_t> bufferBytes{0};
  std::atomic<double> oldestPendingUnix{0};  // 0: nothing pending
  std::atomic<double> lastSuccessUnix{0};
  std::atomic<bool> bufferWritable{true};
};

class RemoteWriteStats {
 public:
  // The stats of the endpoint with this URL label, made on first use.
  std::shared_ptr<EndpointStats> forUrl(const std::string& url);

  // Only endpoints still configured are exported.
  void retain(const std::vector<std::string>& urls);

  void appendMetrics(Families& out, double nowUnix) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<EndpointStats>> byUrl_;
};

}  // namespace unyo::agent
