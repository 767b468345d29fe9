#include "agent/remote_write/remote_writer.h"

#include <openssl/sha.h>

#include <boost/asio/post.hpp>
#include <cstdio>

#include "base/atomic_file.h"

namespace unyo::agent {
namespace asio = boost::asio;
namespace {

// Ticks waiting for the writer thread beyond which new ones are not
// queued: the thread is stuck (a hung disk), and memory must stay bounded.
constexpr int kMaxQueuedTicks = 240;

std::string hexSha256Prefix(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  char hex[17];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return std::string(hex, 16);
}

}  // namespace

std::filesystem::path remoteWriteBufferDir(const std::filesystem::path& stateDir,
                                           const std::string& url) {
  return stateDir / "remote_write" / hexSha256Prefix(url);
}

RemoteWriter::RemoteWriter(std::filesystem::path stateDir, RemoteWriteStats& stats,
                           SenderContext context)
    : stateDir_(std::move(stateDir)),
      stats_(stats),
      context_(std::move(context)),
      work_(asio::make_work_guard(io_)),
      thread_([this] { io_.run(); }) {}

RemoteWriter::~RemoteWriter() { stop(); }

void RemoteWriter::stop() {
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    for (auto& [url, sender] : senders_) sender->stop();
    senders_.clear();
    io_.stop();  // abandons requests in flight: their batches stay in the buffers
  });
  work_.reset();
  thread_.join();
}

void RemoteWriter::configure(RemoteWriteOptions options, Labels identity,
                             Clock::Duration sampleInterval) {
  sampleInterval_ = sampleInterval.count();
  std::vector<std::string> urls;
  for (const auto& endpoint : options) {
    urls.push_back(urlLabel(endpoint.url));
    // Made now, so the next tick already carries the endpoint's series.
    stats_.forUrl(urls.back());
  }
  stats_.retain(urls);
  asio::post(io_, [this, options = std::move(options), identity = std::move(identity)] {
    applyConfiguration(options, identity);
  });
}

void RemoteWriter::applyConfiguration(const RemoteWriteOptions& options, const Labels& identity) {
  const bool identityChanged = identity != identity_;
  identity_ = identity;
  std::map<std::string, std::shared_ptr<EndpointSender>> next;
  for (const RemoteWriteEndpoint& endpoint : options) {
    const std::string url = urlLabel(endpoint.url);
    std::unique_ptr<SegmentLog> buffer;
    if (auto old = senders_.find(endpoint.url); old != senders_.end()) {
      if (!identityChanged && old->second->options() == endpoint) {
        next.emplace(endpoint.url, old->second);
        senders_.erase(old);
        continue;
      }
      buffer = old->second->stop();
      senders_.erase(old);
    }
    if (!buffer) {
      const auto dir = remoteWriteBufferDir(stateDir_, endpoint.url);
      OpenReport report;
      auto opened = SegmentLog::open(dir,
                                     {endpoint.bufferMaxBytes, endpoint.bufferMaxAge,
                                      segmentBytesFor(endpoint.bufferMaxBytes)},
                                     report);
      if (!opened) {
        context_.log.error("remote write: cannot open the buffer; this endpoint is not sent to",
                           {{"url", url}, {"err", opened.error().message}});
        continue;
      }
      // For whoever looks at the state directory: which endpoint this is.
      (void)replaceFileAtomically(dir / "url", url + "\n", Durability::pageCache);
      buffer = std::move(*opened);
      auto stats = stats_.forUrl(url);
      stats->droppedCorrupt += report.damagedSamples;
      if (report.damagedRecords > 0 || report.tornBytes > 0) {
        context_.log.warn("remote write: damage in the buffer skipped",
                          {{"url", url},
                           {"damaged_records", static_cast<double>(report.damagedRecords)},
                           {"damaged_samples", static_cast<double>(report.damagedSamples)},
                           {"torn_bytes", static_cast<double>(report.tornBytes)}});
      }
      if (!buffer->pending().empty()) {
        context_.log.info(
            "remote write: sending the backlog from before the restart",
            {{"url", url}, {"pending_samples", static_cast<double>(buffer->pendingSamples())}});
      }
    }
    auto sender = std::make_shared<EndpointSender>(io_.get_executor(), endpoint, identity,
                                                   std::move(buffer), stats_.forUrl(url), context_);
    sender->start();
    next.emplace(endpoint.url, std::move(sender));
  }
  for (auto& [url, sender] : senders_) sender->stop();
  senders_ = std::move(next);
}

bool RemoteWriter::due(Clock::SteadyTime takenAt) const {
  if (!lastPushed_) return true;
  return (takenAt - *lastPushed_) * 10 >= Clock::Duration(sampleInterval_.load()) * 9;
}

void RemoteWriter::push(collectors::SnapshotPtr snapshot, std::shared_ptr<const Families> live,
                        Clock::WallTime takenAt) {
  if (snapshot) {
    if (!due(snapshot->takenAtSteady)) return;
    lastPushed_ = snapshot->takenAtSteady;
  }
  if (queuedTicks_.load() >= kMaxQueuedTicks) {
    if (!backlogWarned_.exchange(true)) {
      context_.log.error(
          "remote write: the writer is stuck (a hung disk?); ticks are not "
          "buffered until it catches up");
    }
    return;
  }
  ++queuedTicks_;
  const std::int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(takenAt.time_since_epoch()).count();
  asio::post(io_, [this, snapshot = std::move(snapshot), live = std::move(live), ms] {
    --queuedTicks_;
    backlogWarned_ = false;
    std::vector<const prometheus::MetricFamily*> families;
    if (snapshot) {
      for (const auto& family : snapshot->families) families.push_back(&family);
    }
    if (live) {
      for (const auto& family : *live) families.push_back(&family);
    }
    for (auto& [url, sender] : senders_) sender->push(families, ms);
  });
}

}  // namespace unyo::agent
