#pragma once

// Remote write for the whole agent: a thread of its own with its own
// io_context, so a slow disk (every tick is flushed to the buffer) or a
// slow receiver never holds up scrapes, playbooks or the sampling loop.
// Each tick is handed over as the shared snapshot plus the series computed
// for it; every endpoint encodes, buffers and sends it independently.
//
// Buffers live in STATE/remote_write/<hash of the URL>/, so a restart, a
// reload or a changed setting picks up the same backlog.

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "agent/remote_write/endpoint_sender.h"
#include "agent/remote_write/remote_write_options.h"
#include "agent/remote_write/remote_write_request.h"
#include "agent/remote_write/remote_write_stats.h"
#include "collectors/snapshot.h"

namespace unyo::agent {

// The buffer folder of an endpoint under the state directory.
std::filesystem::path remoteWriteBufferDir(const std::filesystem::path& stateDir,
                                           const std::string& url);

class RemoteWriter {
 public:
  RemoteWriter(std::filesystem::path stateDir, RemoteWriteStats& stats, SenderContext context);
  ~RemoteWriter();
  RemoteWriter(const RemoteWriter&) = delete;
  RemoteWriter& operator=(const RemoteWriter&) = delete;

  // At start and on reload. Endpoints whose settings (or the identity)
  // changed restart on their existing buffer; removed ones stop, their
  // buffer left on disk. `sampleInterval` is collectors.interval.
  void configure(RemoteWriteOptions options, Labels identity, Clock::Duration sampleInterval);

  // Whether a snapshot taken at `takenAt` is pushed: one per sample
  // interval. A scrape takes a sample of its own when the latest is older
  // than min_interval; pushing those too would let whoever reads /metrics
  // multiply what the receiver gets. 0.9 of the interval absorbs timer
  // jitter; a scrape postpones the next periodic sample, so pushed samples
  // stay less than two intervals apart.
  bool due(Clock::SteadyTime takenAt) const;

  // One tick: the snapshot's families and the agent's own series of the
  // same moment. Returns at once. Called from one thread (the event loop).
  void push(collectors::SnapshotPtr snapshot, std::shared_ptr<const Families> live,
            Clock::WallTime takenAt);

  // Stops sending and joins the thread; the buffers keep what is unsent.
  void stop();

 private:
  void applyConfiguration(const RemoteWriteOptions& options, const Labels& identity);

  std::filesystem::path stateDir_;
  RemoteWriteStats& stats_;
  SenderContext context_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::map<std::string, std::shared_ptr<EndpointSender>> senders_;  // by URL; thread only
  Labels identity_;                                                 // thread only
  std::atomic<Clock::Duration::rep> sampleInterval_{0};
  std::optional<Clock::SteadyTime> lastPushed_;  // the caller's thread only
  std::atomic<int> queuedTicks_{0};
  std::atomic<bool> backlogWarned_{false};
  std::thread thread_;
};

}  // namespace unyo::agent
