#include "agent/remote_write/endpoint_sender.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "agent/remote_write/remote_write_request.h"
#include "agent/remote_write/request_batch.h"
#include "agent/remote_write/retry_policy.h"
#include "playbooks/net/body_excerpt.h"

namespace unyo::agent {
namespace asio = boost::asio;
namespace net = playbooks::net;

EndpointSender::EndpointSender(asio::any_io_executor executor, RemoteWriteEndpoint options,
                               Labels identity, std::unique_ptr<SegmentLog> buffer,
                               std::shared_ptr<EndpointStats> stats, SenderContext context)
    : executor_(executor),
      options_(std::move(options)),
      buffer_(std::move(buffer)),
      stats_(std::move(stats)),
      context_(std::move(context)),
      encoder_(std::move(identity), options_.match, options_.maxSamplesPerSend),
      wake_(executor),
      sleep_(executor),
      random_(std::random_device{}()) {}

void EndpointSender::start() {
  publish();
  asio::co_spawn(
      executor_, [self = shared_from_this()] { return self->run(); }, asio::detached);
}

std::unique_ptr<SegmentLog> EndpointSender::stop() {
  stopped_ = true;
  wake_.cancel();
  sleep_.cancel();
  return std::move(buffer_);
}

std::int64_t EndpointSender::nowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             context_.clock.now().time_since_epoch())
      .count();
}

double EndpointSender::uniform() { return std::uniform_real_distribution<double>(0, 1)(random_); }

void EndpointSender::push(const std::vector<const prometheus::MetricFamily*>& families,
                          std::int64_t timestampMs) {
  if (stopped_) return;
  for (const EncodedRecord& record : encoder_.encode(families, timestampMs)) {
    auto written = buffer_->append(record.header, record.payload);
    if (!written) {
      stats_->droppedWriteFailed += record.header.samples;
      if (stats_->bufferWritable.exchange(false)) {
        context_.log.error(
            "remote write: cannot write to the buffer; samples are lost until "
            "it can be written again",
            {{"url", urlLabel(options_.url)}, {"err", written.error().message}});
      }
      continue;
    }
    if (!stats_->bufferWritable.exchange(true)) {
      context_.log.info("remote write: the buffer can be written again",
                        {{"url", urlLabel(options_.url)}});
    }
  }
  enforceLimits();
  publish();
  wake_.cancel();
}

void EndpointSender::enforceLimits() {
  const DroppedSamples dropped = buffer_->enforceLimits(nowMs());
  stats_->droppedBufferFull += dropped.bufferFull;
  stats_->droppedTooOld += dropped.tooOld;
  if (dropped.bufferFull + dropped.tooOld > 0) {
    context_.log.warn("remote write: buffer over its limits, oldest samples dropped",
                      {{"url", urlLabel(options_.url)},
                       {"buffer_full", static_cast<double>(dropped.bufferFull)},
                       {"too_old", static_cast<double>(dropped.tooOld)}});
  }
}

void EndpointSender::publish() {
  if (!buffer_) return;
  stats_->pendingSamples = buffer_->pendingSamples();
  stats_->bufferBytes = buffer_->bytes();
  stats_->oldestPendingUnix =
      buffer_->pending().empty()
          ? 0.0
          : static_cast<double>(buffer_->pending().front().header.timestampMs) / 1000.0;
}

asio::awaitable<void> EndpointSender::sleepFor(std::chrono::milliseconds delay) {
  boost::system::error_code ec;
  sleep_.expires_after(delay);
  co_await sleep_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> EndpointSender::run() {
  auto self = shared_from_this();  // alive while the coroutine is
  const std::string url = urlLabel(options_.url);
  int attempt = 0;
  Clock::SteadyTime lastSend{};
  while (!stopped_) {
    enforceLimits();
    publish();
    if (buffer_->pending().empty()) {
      boost::system::error_code ec;
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    // With send_interval, samples gather until the interval is up (or a
    // full batch is waiting); a retry keeps its own timing.
    const auto sinceLast = context_.clock.steadyNow() - lastSend;
    if (attempt == 0 && options_.sendInterval.count() > 0 && sinceLast < options_.sendInterval &&
        buffer_->pendingSamples() < options_.maxSamplesPerSend) {
      co_await sleepFor(
          std::chrono::duration_cast<std::chrono::milliseconds>(options_.sendInterval - sinceLast));
      continue;
    }

    auto batch = nextRequestBatch(*buffer_, options_.maxSamplesPerSend);
    if (!batch) continue;
    if (batch->damagedSamples > 0) {
      stats_->droppedCorrupt += batch->damagedSamples;
      context_.log.warn("remote write: damaged records in the buffer skipped",
                        {{"url", url},
                         {"samples", static_cast<double>(batch->damagedSamples)},
                         {"err", batch->damage}});
    }
    if (batch->body.empty()) {
      (void)buffer_->discardThrough(batch->lastSeq);
      continue;
    }
    const std::size_t bodySize = batch->body.size();
    auto request = buildWriteRequest(options_, std::move(batch->body), context_.userAgent);
    SendOutcome outcome = SendOutcome::retry;
    std::optional<std::chrono::milliseconds> retryAfter;
    std::string problem;
    lastSend = context_.clock.steadyNow();
    if (!request) {
      problem = request.error().message;
    } else {
      auto response = co_await net::sendHttpRequest(std::move(*request));
      if (stopped_) co_return;  // the buffer belongs to a successor now
      if (!response) {
        problem = response.error().message;
      } else {
        outcome = classifyStatus(response->status);
        problem = "HTTP " + std::to_string(response->status) + ": " +
                  net::utf8Excerpt(response->body, 512);
        if (response->status == 429 || response->status == 503) {
          retryAfter = parseRetryAfter(net::findHeaderValue(response->headers, "retry-after"),
                                       context_.clock.now());
        }
      }
    }

    switch (outcome) {
      case SendOutcome::sent:
        stats_->samples += batch->samples;
        stats_->sentBytes += bodySize;
        stats_->lastSuccessUnix = toUnixSeconds(context_.clock.now());
        (void)buffer_->acknowledgeThrough(batch->lastSeq);
        if (failing_) {
          context_.log.info(
              "remote write: the receiver answers again",
              {{"url", url}, {"pending_samples", static_cast<double>(buffer_->pendingSamples())}});
          failing_ = false;
        }
        attempt = 0;
        // Catching up: pace the backlog with jitter (0.5x to 1.5x the
        // time these bytes take at rate_limit).
        if (!buffer_->pending().empty() && options_.rateLimitBytes > 0) {
          const double seconds = static_cast<double>(bodySize) /
                                 static_cast<double>(options_.rateLimitBytes) * (0.5 + uniform());
          co_await sleepFor(std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000)));
        }
        break;
      case SendOutcome::rejected:
        stats_->droppedRejected += batch->samples;
        context_.log.warn(
            "remote write: the receiver refused a batch; it is dropped",
            {{"url", url}, {"samples", static_cast<double>(batch->samples)}, {"err", problem}});
        (void)buffer_->discardThrough(batch->lastSeq);
        attempt = 0;
        break;
      case SendOutcome::retry: {
        ++attempt;
        ++stats_->retries;
        auto delay = backoffDelay(attempt, options_.minBackoff, options_.maxBackoff, uniform());
        // The receiver said when; a little jitter on top still spreads a fleet.
        if (retryAfter) {
          delay = *retryAfter + std::chrono::milliseconds(static_cast<std::int64_t>(
                                    static_cast<double>(options_.minBackoff.count()) * uniform()));
        }
        if (!failing_) {
          context_.log.warn("remote write: sending failed; retrying with backoff",
                            {{"url", url}, {"err", problem}});
          failing_ = true;
        } else {
          context_.log.debug("remote write: sending failed again",
                             {{"url", url}, {"err", problem}, {"attempt", attempt}});
        }
        co_await sleepFor(delay);
        break;
      }
    }
  }
}

}  // namespace unyo::agent
