#include "unit/playbooks/net/test_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <stdexcept>

namespace unyo::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

constexpr auto kStopDeadline = std::chrono::seconds(10);

// A bound IPv4 TCP socket on 127.0.0.1 and an ephemeral port.
int boundLoopbackSocket(std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    ::close(fd);
    throw std::runtime_error("bind() failed");
  }
  port = ntohs(address.sin_port);
  return fd;
}

}  // namespace

BackgroundHttpServer::BackgroundHttpServer(const std::function<void(exporter::Router&)>& addRoutes)
    : server_(io_, exporter::ServerOptions{.listenAddress = "127.0.0.1:0"}, router_) {
  addRoutes(router_);
  auto listening = server_.listen();
  if (!listening) throw std::runtime_error("test server: " + listening.error());
  server_.start();
  loop_ = std::thread([this] { io_.run(); });
}

BackgroundHttpServer::~BackgroundHttpServer() {
  server_.stop();
  // A test that failed half-way must not hang the suite.
  auto joined = std::async(std::launch::async, [this] { loop_.join(); });
  if (joined.wait_for(kStopDeadline) != std::future_status::ready) io_.stop();
  joined.wait();
}

std::string BackgroundHttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path;
}

struct FixedResponseServer::Loop {
  asio::io_context io;  // first: destroyed last, after what runs on it
  asio::ssl::context context{asio::ssl::context::tls_server};
  tcp::acceptor acceptor{io};
  std::string response;
};

namespace {

template <class Stream>
asio::awaitable<void> answer(Stream& stream, const std::string& response) {
  error_code ec;
  std::string request;
  co_await asio::async_read_until(stream, asio::dynamic_buffer(request), "\r\n\r\n",
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  co_await asio::async_write(stream, asio::buffer(response),
                             asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> serveOne(tcp::socket socket, asio::ssl::context* tls,
                               const std::string& response) {
  if (tls == nullptr) {
    co_await answer(socket, response);
    co_return;
  }
  asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls);
  error_code ec;
  co_await stream.async_handshake(asio::ssl::stream_base::server,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;  // the client refused the certificate, or only wanted to see it
  co_await answer(stream, response);
}

asio::awaitable<void> acceptLoop(tcp::acceptor& acceptor, asio::ssl::context* tls,
                                 const std::string& response) {
  for (;;) {
    error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), serveOne(std::move(socket), tls, response),
                   asio::detached);
  }
}

}  // namespace

FixedResponseServer::FixedResponseServer(std::string response, const PemCredentials* tls)
    : loop_(std::make_unique<Loop>()) {
  loop_->response = std::move(response);
  if (tls != nullptr) {
    loop_->context.use_certificate_chain(asio::buffer(tls->certificatePem));
    loop_->context.use_private_key(asio::buffer(tls->privateKeyPem), asio::ssl::context::pem);
  }
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  loop_->acceptor.open(endpoint.protocol());
  loop_->acceptor.bind(endpoint);
  loop_->acceptor.listen();
  port_ = loop_->acceptor.local_endpoint().port();
  asio::co_spawn(
      loop_->io,
      acceptLoop(loop_->acceptor, tls != nullptr ? &loop_->context : nullptr, loop_->response),
      asio::detached);
  thread_ = std::thread([this] { loop_->io.run(); });
}

FixedResponseServer::~FixedResponseServer() {
  loop_->io.stop();
  thread_.join();
}

SilentListener::SilentListener() {
  fd_ = boundLoopbackSocket(port_);
  if (::listen(fd_, 16) != 0) {
    ::close(fd_);
    throw std::runtime_error("listen() failed");
  }
}

SilentListener::~SilentListener() { ::close(fd_); }

std::uint16_t closedPort() {
  std::uint16_t port = 0;
  ::close(boundLoopbackSocket(port));
  return port;
}

}  // namespace unyo::testing
