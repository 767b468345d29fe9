// RemoteWriter end to end against a real HTTP receiver (the exporter's
// server on its own thread) that decodes every request and answers as the
// test scripts it.

#include "agent/remote_write/remote_writer.h"

#include <gtest/gtest.h>
#include <snappy.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <thread>

#include "agent/remote_write/remote.pb.h"
#include "exporter/http_server.h"
#include "exporter/router.h"
#include "support/child_process.h"
#include "support/file_size_limit.h"

namespace unyo::agent {
namespace {

using namespace std::chrono_literals;
using unyo::testing::TempDir;

struct Received {
  std::vector<std::int64_t> timestamps;  // of the unyo_tick series, in request order
  exporter::HttpHeaders headers;
  Clock::SteadyTime at;
};

class Receiver {
 public:
  Receiver() : server_(io_, exporter::ServerOptions{.listenAddress = "127.0.0.1:0"}, router_) {
    router_.addSync("POST", "/write",
                    [this](const exporter::HttpRequest& request) { return answer(request); });
    auto listening = server_.listen();
    if (!listening) throw std::runtime_error(listening.error());
    server_.start();
    loop_ = std::thread([this] { io_.run(); });
  }
  ~Receiver() {
    boost::asio::post(io_, [this] { server_.stop(); });
    loop_.join();
  }

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/write";
  }

  // The next answers, in order; then 204 for everything.
  void script(std::vector<exporter::HttpResponse> answers) {
    std::lock_guard lock(mutex_);
    for (auto& answer : answers) script_.push_back(std::move(answer));
  }

  void clearScript() {
    std::lock_guard lock(mutex_);
    script_.clear();
  }

  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

  // Every tick timestamp the receiver accepted (2xx), in arrival order.
  std::vector<std::int64_t> accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
  }

 private:
  exporter::HttpResponse answer(const exporter::HttpRequest& request) {
    Received got;
    got.headers = request.headers;
    got.at = std::chrono::steady_clock::now();
    std::string plain;
    prometheus::WriteRequest write;
    if (!snappy::Uncompress(request.body.data(), request.body.size(), &plain) ||
        !write.ParseFromString(plain)) {
      return exporter::HttpResponse::text(400, "not a snappy WriteRequest");
    }
    for (const auto& series : write.timeseries()) {
      for (const auto& label : series.labels()) {
        if (label.name() == "__name__" && label.value() == "unyo_tick") {
          got.timestamps.push_back(series.samples(0).timestamp());
        }
      }
    }
    std::lock_guard lock(mutex_);
    received_.push_back(got);
    exporter::HttpResponse response = exporter::HttpResponse::text(204, "");
    if (!script_.empty()) {
      response = std::move(script_.front());
      script_.pop_front();
    }
    if (response.status / 100 == 2) {
      accepted_.insert(accepted_.end(), got.timestamps.begin(), got.timestamps.end());
    }
    return response;
  }

  boost::asio::io_context io_;
  exporter::Router router_;
  exporter::HttpServer server_;
  std::thread loop_;
  mutable std::mutex mutex_;
  std::deque<exporter::HttpResponse> script_;
  std::vector<Received> received_;
  std::vector<std::int64_t> accepted_;
};

exporter::HttpResponse withRetryAfter(int status, std::string value) {
  auto response = exporter::HttpResponse::text(status, "slow down");
  response.headers.emplace_back("Retry-After", std::move(value));
  return response;
}

template <class Predicate>
bool eventually(Predicate predicate, std::chrono::seconds limit = 30s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return predicate();
}

class RemoteWriterTest : public ::testing::Test {
 protected:
  RemoteWriteEndpoint endpoint() const {
    RemoteWriteEndpoint e;
    e.url = receiver_.url();
    e.minBackoff = 50ms;
    e.maxBackoff = 200ms;
    e.rateLimitBytes = 0;
    return e;
  }

  std::unique_ptr<RemoteWriter> start(RemoteWriteEndpoint e) {
    auto writer = std::make_unique<RemoteWriter>(state_.path(), stats_,
                                                 SenderContext{clock_, log_, "unyo/test"});
    writer->configure({std::move(e)}, {{"job", "unyo"}}, std::chrono::seconds(15));
    return writer;
  }

  // One tick at `ms`: a gauge unyo_tick whose sample carries that timestamp.
  static void tick(RemoteWriter& writer, std::int64_t ms) {
    auto live = std::make_shared<Families>();
    auto family = gaugeFamily("unyo_tick", "a test series");
    addSample(family, static_cast<double>(ms));
    live->push_back(std::move(family));
    writer.push(nullptr, live, Clock::WallTime(std::chrono::milliseconds(ms)));
  }

  std::shared_ptr<EndpointStats> stats() { return stats_.forUrl(receiver_.url()); }

  // Now-ish, so the 7-day age cap keeps everything.
  std::int64_t base_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  Receiver receiver_;
  TempDir state_;
  SystemClock clock_;
  Logger log_{clock_, LogLevel::error, LogFormat::logfmt, -1};
  RemoteWriteStats stats_;
};

TEST_F(RemoteWriterTest, RequestsCarryTheSpecHeadersTheEndpointsOwnAndItsToken) {
  unyo::testing::writeFile(state_.path() / "token", "s3cret\n");
  auto e = endpoint();
  e.headers = {{"X-Scope-OrgID", "pref13"}};
  e.bearerTokenFile = state_.path() / "token";
  auto writer = start(e);
  tick(*writer, base_);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 1; }));
  const auto headers = receiver_.received().front().headers;
  auto value = [&](std::string_view name) {
    for (const auto& [n, v] : headers) {
      if (strcasecmp(n.c_str(), std::string(name).c_str()) == 0) return v;
    }
    return std::string();
  };
  EXPECT_EQ(value("Content-Encoding"), "snappy");
  EXPECT_EQ(value("Content-Type"), "application/x-protobuf");
  EXPECT_EQ(value("X-Prometheus-Remote-Write-Version"), "0.1.0");
  EXPECT_EQ(value("User-Agent"), "unyo/test");
  EXPECT_EQ(value("X-Scope-OrgID"), "pref13");
  EXPECT_EQ(value("Authorization"), "Bearer s3cret");
  EXPECT_TRUE(eventually([&] { return stats()->samples.load() == 1; }));
}

TEST_F(RemoteWriterTest, ABatchTheReceiverRefusesIsDroppedAndCounted) {
  receiver_.script({exporter::HttpResponse::text(400, "out of bounds")});
  auto writer = start(endpoint());
  tick(*writer, base_);
  ASSERT_TRUE(eventually([&] { return stats()->droppedRejected.load() == 1; }));
  tick(*writer, base_ + 1000);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 1; }));
  EXPECT_EQ(receiver_.accepted(), std::vector<std::int64_t>{base_ + 1000});
  EXPECT_EQ(stats()->retries.load(), 0U);
}

TEST_F(RemoteWriterTest, ServerErrorsAreRetriedUntilTheBatchIsTaken) {
  receiver_.script(
      {exporter::HttpResponse::text(500, "boom"), exporter::HttpResponse::text(503, "busy")});
  auto writer = start(endpoint());
  tick(*writer, base_);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 1; }));
  EXPECT_EQ(receiver_.received().size(), 3U);
  EXPECT_EQ(stats()->retries.load(), 2U);
  EXPECT_EQ(stats()->droppedRejected.load(), 0U);
  EXPECT_TRUE(eventually([&] { return stats()->pendingSamples.load() == 0; }));
}

TEST_F(RemoteWriterTest, TooManyRequestsWaitsAtLeastRetryAfter) {
  receiver_.script({withRetryAfter(429, "1")});
  auto writer = start(endpoint());
  tick(*writer, base_);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 1; }));
  const auto received = receiver_.received();
  ASSERT_EQ(received.size(), 2U);
  // A lower bound only: the retry must not come before the receiver said.
  EXPECT_GE(received[1].at - received[0].at, 1s);
}

TEST_F(RemoteWriterTest, ABacklogFromBeforeARestartIsSentInOrder) {
  {
    std::vector<exporter::HttpResponse> outage(1000, exporter::HttpResponse::text(503, "down"));
    receiver_.script(std::move(outage));
    auto writer = start(endpoint());
    for (int i = 0; i < 5; ++i) tick(*writer, base_ + i * 1000);
    ASSERT_TRUE(eventually([&] { return stats()->pendingSamples.load() == 5; }));
    writer->stop();
  }
  // The receiver comes back; a new process picks up the same buffer.
  receiver_.clearScript();
  auto writer = start(endpoint());
  tick(*writer, base_ + 5000);
  ASSERT_TRUE(eventually([&] { return stats()->pendingSamples.load() == 0; }));
  std::vector<std::int64_t> expected;
  for (int i = 0; i <= 5; ++i) expected.push_back(base_ + i * 1000);
  EXPECT_EQ(receiver_.accepted(), expected);
}

// A full disk, made with RLIMIT_FSIZE (a write past it fails with EFBIG):
// the tick is lost and counted, the agent says so, and carries on when
// the disk has room again.
TEST_F(RemoteWriterTest, AFullDiskLosesTicksCountedAndSaysSoThenRecovers) {
  auto writer = start(endpoint());
  tick(*writer, base_);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 1; }));
  std::uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(state_.path())) {
    if (entry.path().extension() == ".seg") largest = std::max(largest, entry.file_size());
  }
  bool noticed = false;
  bool flagged = false;
  {
    unyo::testing::FileSizeLimit full(largest + 8);
    ASSERT_TRUE(full.ok());
    tick(*writer, base_ + 1000);
    noticed = eventually([&] { return stats()->droppedWriteFailed.load() == 1; });
    flagged = !stats()->bufferWritable.load();
  }
  ASSERT_TRUE(noticed);
  EXPECT_TRUE(flagged);

  tick(*writer, base_ + 2000);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 2; }));
  EXPECT_EQ(receiver_.accepted(), (std::vector<std::int64_t>{base_, base_ + 2000}));
  EXPECT_TRUE(stats()->bufferWritable.load());
}

// A reload that changes an endpoint's settings restarts it on the same
// buffer: what waited for the old settings goes out with the new ones.
TEST_F(RemoteWriterTest, AReloadKeepsTheBacklogAndAppliesTheNewSettings) {
  receiver_.script(
      std::vector<exporter::HttpResponse>(1000, exporter::HttpResponse::text(503, "down")));
  auto writer = start(endpoint());
  tick(*writer, base_);
  tick(*writer, base_ + 1000);
  ASSERT_TRUE(eventually([&] { return stats()->pendingSamples.load() == 2; }));
  receiver_.clearScript();
  auto changed = endpoint();
  changed.headers = {{"X-Scope-OrgID", "pref27"}};
  writer->configure({changed}, {{"job", "unyo"}}, std::chrono::seconds(15));
  tick(*writer, base_ + 2000);
  ASSERT_TRUE(eventually([&] { return stats()->pendingSamples.load() == 0; }));
  // A request the old settings had in flight may also have arrived: a
  // repeat of the same samples, which receivers accept.
  auto accepted = receiver_.accepted();
  std::sort(accepted.begin(), accepted.end());
  accepted.erase(std::unique(accepted.begin(), accepted.end()), accepted.end());
  EXPECT_EQ(accepted, (std::vector<std::int64_t>{base_, base_ + 1000, base_ + 2000}));
  bool tenant = false;
  for (const auto& request : receiver_.received()) {
    const bool newest = std::find(request.timestamps.begin(), request.timestamps.end(),
                                  base_ + 2000) != request.timestamps.end();
    for (const auto& [name, value] : request.headers) {
      tenant = tenant || (newest && name == "X-Scope-OrgID" && value == "pref27");
    }
  }
  EXPECT_TRUE(tenant);
}

// Scrapes take samples of their own; only one per interval is pushed.
TEST_F(RemoteWriterTest, SamplesTakenForScrapesBetweenIntervalsAreNotPushed) {
  auto writer = start(endpoint());
  const auto at = [&](int seconds) {
    auto snapshot = std::make_shared<collectors::Snapshot>();
    snapshot->takenAtSteady = Clock::SteadyTime(std::chrono::seconds(1000 + seconds));
    snapshot->takenAt = Clock::WallTime(std::chrono::milliseconds(base_ + seconds * 1000));
    auto live = std::make_shared<Families>();
    auto family = gaugeFamily("unyo_tick", "a test series");
    addSample(family, 1);
    live->push_back(std::move(family));
    writer->push(snapshot, live, snapshot->takenAt);
  };
  for (int seconds : {0, 1, 2, 13, 14, 20, 29}) at(seconds);
  ASSERT_TRUE(eventually([&] { return receiver_.accepted().size() == 3; }));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(receiver_.accepted(), (std::vector<std::int64_t>{base_, base_ + 14000, base_ + 29000}));
}

}  // namespace
}  // namespace unyo::agent
