#pragma once

// One remote write endpoint: each tick is encoded and written to the
// endpoint's buffer before anything is sent; one coroutine then sends the
// buffer oldest first, one request at a time, so every series reaches the
// receiver in order. A 2xx acknowledges the batch; a 5xx, a 429 or no
// answer retries the same batch after a jittered backoff (Retry-After is
// honoured); any other answer drops the batch, counted and logged with what
// the receiver said. While a backlog drains, requests are paced to
// `rate_limit` bytes per second, with jitter, so a fleet coming back after
// an outage does not arrive as one wave.
//
// Runs on the RemoteWriter's thread; nothing here is called from another.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "agent/remote_write/remote_write_options.h"
#include "agent/remote_write/remote_write_stats.h"
#include "agent/remote_write/segment_log.h"
#include "agent/remote_write/tick_encoder.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/logger.h"

namespace unyo::agent {

struct SenderContext {
  const Clock& clock;
  Logger& log;
  std::string userAgent;  // "unyo/0.1.0"
};

class EndpointSender : public std::enable_shared_from_this<EndpointSender> {
 public:
  EndpointSender(boost::asio::any_io_executor executor, RemoteWriteEndpoint options,
                 Labels identity, std::unique_ptr<SegmentLog> buffer,
                 std::shared_ptr<EndpointStats> stats, SenderContext context);

  // Starts the sending coroutine.
  void start();

  // Encodes one tick into the buffer and wakes the sender.
  void push(const std::vector<const prometheus::MetricFamily*>& families, std::int64_t nowMs);

  // Ends the sending coroutine (a request in flight is abandoned: its batch
  // stays in the buffer) and hands the buffer back for a successor.
  std::unique_ptr<SegmentLog> stop();

  const RemoteWriteEndpoint& options() const { return options_; }

 private:
  boost::asio::awaitable<void> run();
  boost::asio::awaitable<void> sleepFor(std::chrono::milliseconds delay);
  void enforceLimits();
  void publish();
  std::int64_t nowMs() const;
  double uniform();

  boost::asio::any_io_executor executor_;
  RemoteWriteEndpoint options_;
  std::unique_ptr<SegmentLog> buffer_;
  std::shared_ptr<EndpointStats> stats_;
  SenderContext context_;
  TickEncoder encoder_;
  boost::asio::steady_timer wake_;   // new data
  boost::asio::steady_timer sleep_;  // backoff, pacing, send_interval
  std::mt19937_64 random_;
  bool stopped_ = false;
  bool failing_ = false;  // the receiver is unreachable or failing: logged once per outage
};

}  // namespace unyo::agent
