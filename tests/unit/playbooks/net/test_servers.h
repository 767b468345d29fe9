#pragma once

// Real servers for the network actions' tests, each on 127.0.0.1, an
// ephemeral port and (where it runs code) its own io_context thread:
//   BackgroundHttpServer: exporter::HttpServer with a test's routes
//   FixedResponseServer:  one fixed response to every request, over TLS
//                         with given credentials or plain
//   SilentListener:       accepts connections (the kernel's backlog) and
//                         never answers
//   closedPort():         a port nothing listens on

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "exporter/http_server.h"
#include "exporter/router.h"
#include "unit/playbooks/net/test_certificates.h"

namespace unyo::testing {

class BackgroundHttpServer {
 public:
  explicit BackgroundHttpServer(const std::function<void(exporter::Router&)>& addRoutes);
  ~BackgroundHttpServer();
  BackgroundHttpServer(const BackgroundHttpServer&) = delete;
  BackgroundHttpServer& operator=(const BackgroundHttpServer&) = delete;

  std::uint16_t port() const { return server_.port(); }
  std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT/path"

 private:
  boost::asio::io_context io_;
  exporter::Router router_;
  exporter::HttpServer server_;
  std::thread loop_;
};

inline constexpr const char* kOkResponse =
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK";

class FixedResponseServer {
 public:
  // Answers every request with `response`, bytes as given (a whole HTTP/1.1
  // response), then closes. With `tls`, over TLS with those credentials.
  explicit FixedResponseServer(std::string response = kOkResponse,
                               const PemCredentials* tls = nullptr);
  ~FixedResponseServer();
  FixedResponseServer(const FixedResponseServer&) = delete;
  FixedResponseServer& operator=(const FixedResponseServer&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  struct Loop;
  std::unique_ptr<Loop> loop_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// A port that was free a moment ago: connecting to it is refused.
std::uint16_t closedPort();

}  // namespace unyo::testing
