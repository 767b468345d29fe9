// Resolve and connect, bounded by a Watchdog.

#include "playbooks/net/connect.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace unyo::playbooks::net {

namespace asio = boost::asio;
using asio::ip::tcp;

std::string describeNetworkError(const boost::system::error_code& ec) {
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::connection_reset) return "connection reset by peer";
  if (ec == asio::error::host_unreachable) return "host unreachable";
  if (ec == asio::error::network_unreachable) return "network unreachable";
  if (ec == asio::error::timed_out) return "connection timed out";
  if (ec == asio::error::eof) return "the server closed the connection";
  return ec.message();
}

void closeQuietly(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.close(ignored);
}

namespace {

// Asio's resolver runs getaddrinfo() on a thread of its own, and cancel()
// cannot interrupt it: with an unreachable DNS server the answer may come
// long after the budget. So the coroutine waits on a signal that either the
// answer or the watchdog fires; a late answer lands here, unread.
struct PendingResolve {
  explicit PendingResolve(const asio::any_io_executor& executor)
      : resolver(executor), signal(executor, asio::steady_timer::time_point::max()) {}

  tcp::resolver resolver;
  asio::steady_timer signal;
  bool done = false;
  boost::system::error_code ec;
  tcp::resolver::results_type addresses;
};

}  // namespace

asio::awaitable<Expected<tcp::resolver::results_type>> resolveHost(std::string host,
                                                                   std::uint16_t port,
                                                                   Watchdog& watchdog) {
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  auto pending = std::make_shared<PendingResolve>(co_await asio::this_coro::executor);
  auto onResolved = [pending](const boost::system::error_code& ec,
                              tcp::resolver::results_type addresses) {
    pending->done = true;
    pending->ec = ec;
    pending->addresses = std::move(addresses);
    pending->signal.cancel();
  };
  pending->resolver.async_resolve(host, std::to_string(port), std::move(onResolved));
  auto abortResolve = [pending] { pending->signal.cancel(); };
  auto watching = watchdog.watch(std::move(abortResolve));
  boost::system::error_code woken;  // operation_aborted, by design
  co_await pending->signal.async_wait(asio::redirect_error(asio::use_awaitable, woken));
  if (!pending->done) co_return fail(watchdog.timeoutMessage());
  if (pending->ec) co_return fail("cannot resolve \"" + host + "\": " + pending->ec.message());
  co_return std::move(pending->addresses);
}

asio::awaitable<Expected<tcp::socket>> connectToAny(tcp::resolver::results_type addresses,
                                                    Watchdog& watchdog) {
  // async_connect opens the socket itself: an abort before it starts would be lost.
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  tcp::socket socket(co_await asio::this_coro::executor);
  auto abortConnect = [&socket] { closeQuietly(socket); };
  auto watching = watchdog.watch(std::move(abortConnect));
  boost::system::error_code ec;
  co_await asio::async_connect(socket, addresses, asio::redirect_error(asio::use_awaitable, ec));
  if (watchdog.expired()) co_return fail(watchdog.timeoutMessage());
  if (ec) co_return fail(describeNetworkError(ec));
  co_return std::move(socket);
}

asio::awaitable<Expected<tcp::socket>> connectTcp(std::string host, std::uint16_t port,
                                                  Watchdog& watchdog) {
  auto addresses = co_await resolveHost(std::move(host), port, watchdog);
  if (!addresses) co_return std::unexpected(addresses.error());
  co_return co_await connectToAny(std::move(*addresses), watchdog);
}

asio::awaitable<Expected<tcp::resolver::results_type>> resolveAllowed(std::string host,
                                                                      std::uint16_t port,
                                                                      const AddressPolicy& policy,
                                                                      Watchdog& watchdog) {
  auto addresses = co_await resolveHost(host, port, watchdog);
  if (!addresses) co_return std::unexpected(addresses.error());
  for (const auto& entry : *addresses) {
    std::string refused = refusalReason(host, entry.endpoint().address(), policy);
    if (!refused.empty()) co_return fail(std::move(refused));
  }
  co_return std::move(*addresses);
}

asio::awaitable<Expected<tcp::socket>> connectTcp(std::string host, std::uint16_t port,
                                                  const AddressPolicy& policy, Watchdog& watchdog) {
  auto addresses = co_await resolveAllowed(std::move(host), port, policy, watchdog);
  if (!addresses) co_return std::unexpected(addresses.error());
  co_return co_await connectToAny(std::move(*addresses), watchdog);
}

}  // namespace unyo::playbooks::net
