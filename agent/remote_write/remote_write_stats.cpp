#include "agent/remote_write/remote_write_stats.h"

#include <algorithm>

namespace unyo::agent {

std::shared_ptr<EndpointStats> RemoteWriteStats::forUrl(const std::string& url) {
  std::lock_guard lock(mutex_);
  auto& stats = byUrl_[url];
  if (!stats) stats = std::make_shared<EndpointStats>();
  return stats;
}

void RemoteWriteStats::retain(const std::vector<std::string>& urls) {
  std::lock_guard lock(mutex_);
  std::erase_if(byUrl_, [&](const auto& entry) {
    return std::find(urls.begin(), urls.end(), entry.first) == urls.end();
  });
}

void RemoteWriteStats::appendMetrics(Families& out, double nowUnix) const {
  std::lock_guard lock(mutex_);
  if (byUrl_.empty()) return;
  auto samples =
      counterFamily("unyo_remote_write_samples_total", "Samples the receiver acknowledged.");
  auto dropped = counterFamily(
      "unyo_remote_write_dropped_samples_total",
      "Samples given up on: buffer_full and too_old (the buffer's caps), rejected (a 4xx "
      "answer), corrupt (damaged on disk), write_failed (could not be written to the buffer).");
  auto retries = counterFamily("unyo_remote_write_retries_total",
                               "Sends repeated after a 5xx, a 429 or a network error.");
  auto pending = gaugeFamily("unyo_remote_write_pending_samples",
                             "Samples in the buffer the receiver has not acknowledged.");
  auto pendingSeconds =
      gaugeFamily("unyo_remote_write_pending_seconds",
                  "Age of the oldest unacknowledged sample; 0 when everything is sent.");
  auto bytes = gaugeFamily("unyo_remote_write_buffer_bytes", "Size of the buffer on disk.");
  auto sent = counterFamily("unyo_remote_write_sent_bytes_total",
                            "Request bytes (compressed) the receiver acknowledged.");
  auto last = gaugeFamily("unyo_remote_write_last_success_timestamp_seconds",
                          "When the receiver last acknowledged a batch (0: never).");
  auto writable = gaugeFamily(
      "unyo_remote_write_buffer_writable",
      "1 while samples can be written to the buffer; 0 after a failed write (a full disk).");
  for (const auto& [url, s] : byUrl_) {
    const Labels label{{"url", url}};
    addSample(samples, static_cast<double>(s->samples.load()), label);
    const std::pair<const char*, std::uint64_t> reasons[] = {
        {"buffer_full", s->droppedBufferFull.load()},
        {"too_old", s->droppedTooOld.load()},
        {"rejected", s->droppedRejected.load()},
        {"corrupt", s->droppedCorrupt.load()},
        {"write_failed", s->droppedWriteFailed.load()}};
    for (const auto& [reason, count] : reasons) {
      addSample(dropped, static_cast<double>(count), {{"url", url}, {"reason", reason}});
    }
    addSample(retries, static_cast<double>(s->retries.load()), label);
    addSample(pending, static_cast<double>(s->pendingSamples.load()), label);
    const double oldest = s->oldestPendingUnix.load();
    addSample(pendingSeconds, oldest > 0 ? std::max(0.0, nowUnix - oldest) : 0.0, label);
    addSample(bytes, static_cast<double>(s->bufferBytes.load()), label);
    addSample(sent, static_cast<double>(s->sentBytes.load()), label);
    addSample(last, s->lastSuccessUnix.load(), label);
    addSample(writable, s->bufferWritable.load() ? 1 : 0, label);
  }
  for (auto* family :
       {&samples, &dropped, &retries, &pending, &pendingSeconds, &bytes, &sent, &last, &writable}) {
    out.push_back(std::move(*family));
  }
}

}  // namespace unyo::agent
