#pragma once

// A real HttpServer on 127.0.0.1, an ephemeral port and its own io_context
// thread, with a few test routes:
//   GET  /hello  -> "hello"
//   POST /echo   -> the request body
//   GET  /throw  -> the handler throws
//   GET  /status/{code} -> an empty response with that status
//   GET  /whoami -> the request's remote address

#include <boost/asio/io_context.hpp>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "exporter/http_server.h"
#include "exporter/router.h"

namespace unyo::exporter::testing {

ServerOptions testServerOptions();

class ServerFixture {
 public:
  // `moreRoutes` adds a test's own routes before the server starts.
  explicit ServerFixture(ServerOptions options = testServerOptions(),
                         const std::function<void(Router&)>& moreRoutes = {});
  ~ServerFixture();
  ServerFixture(const ServerFixture&) = delete;
  ServerFixture& operator=(const ServerFixture&) = delete;

  std::uint16_t port() const { return server_.port(); }
  HttpServer& server() { return server_; }

  // stop() and wait for io_context::run() to return; false if it did not
  // within a generous deadline.
  bool stopAndWait();

  // The server's events so far, as "event: detail".
  std::vector<std::string> events() const;

 private:
  boost::asio::io_context io_;
  Router router_;
  mutable std::mutex eventsMutex_;
  std::vector<std::string> events_;
  HttpServer server_;
  std::future<void> loopDone_;
  std::thread loop_;
};

}  // namespace unyo::exporter::testing
