#include "server_fixture.h"

#include <gtest/gtest.h>

#include <charconv>
#include <stdexcept>

#include "support/http_client.h"

namespace unyo::exporter::testing {

using ::unyo::testing::kGenerousDeadline;

ServerOptions testServerOptions() {
  ServerOptions options;
  options.listenAddress = "127.0.0.1:0";
  return options;
}

ServerFixture::ServerFixture(ServerOptions options, const std::function<void(Router&)>& moreRoutes)
    : server_(io_, std::move(options), router_.asHandler(),
              [this](std::string_view event, std::string_view detail) {
                std::lock_guard lock(eventsMutex_);
                events_.push_back(std::string(event) + ": " + std::string(detail));
              }) {
  router_.addSync("GET", "/hello",
                  [](const HttpRequest&) { return HttpResponse::text(200, "hello"); });
  router_.addSync("POST", "/echo",
                  [](const HttpRequest& request) { return HttpResponse::text(200, request.body); });
  router_.addSync("GET", "/throw", [](const HttpRequest&) -> HttpResponse {
    throw std::runtime_error("broken on purpose");
  });
  router_.addSync("GET", "/status/{code}", [](const HttpRequest& request) {
    const std::string_view text = request.pathParam("code");
    int code = 0;
    std::from_chars(text.data(), text.data() + text.size(), code);
    return HttpResponse{.status = code, .contentType = {}, .headers = {}, .body = {}};
  });
  router_.addSync("GET", "/whoami", [](const HttpRequest& request) {
    return HttpResponse::text(200, request.remoteAddress);
  });
  if (moreRoutes) moreRoutes(router_);

  auto listening = server_.listen();
  EXPECT_TRUE(listening.has_value()) << listening.error();
  server_.start();
  std::promise<void> done;
  loopDone_ = done.get_future();
  loop_ = std::thread([this, done = std::move(done)]() mutable {
    io_.run();
    done.set_value();
  });
}

ServerFixture::~ServerFixture() {
  if (!stopAndWait()) io_.stop();  // a failed test must not hang the suite
  loop_.join();
}

bool ServerFixture::stopAndWait() {
  server_.stop();
  return loopDone_.wait_for(kGenerousDeadline) == std::future_status::ready;
}

std::vector<std::string> ServerFixture::events() const {
  std::lock_guard lock(eventsMutex_);
  return events_;
}

}  // namespace unyo::exporter::testing
