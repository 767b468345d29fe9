#pragma once

// Opening a TCP connection within a time budget: resolve the host (a name or
// an IP address) with Asio's resolver, then try its addresses in turn.
// No proxy support: unyo runs in closed networks and talks to its neighbours
// directly.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string>

#include "base/error.h"
#include "playbooks/net/address_policy.h"
#include "playbooks/net/watchdog.h"

namespace unyo::playbooks::net {

// Both run on the calling coroutine's executor, within the watchdog's budget.
// "cannot resolve \"db01\": Host not found", "timed out after 5s".
boost::asio::awaitable<Expected<boost::asio::ip::tcp::resolver::results_type>> resolveHost(
    std::string host, std::uint16_t port, Watchdog& watchdog);
// Tries each address in turn. "connection refused", "timed out after 5s".
boost::asio::awaitable<Expected<boost::asio::ip::tcp::socket>> connectToAny(
    boost::asio::ip::tcp::resolver::results_type addresses, Watchdog& watchdog);

// resolveHost() then connectToAny().
boost::asio::awaitable<Expected<boost::asio::ip::tcp::socket>> connectTcp(std::string host,
                                                                          std::uint16_t port,
                                                                          Watchdog& watchdog);

// resolveHost(), then refuses when `policy` refuses any resolved address:
// the decision is on what the name resolved to, never on its text.
boost::asio::awaitable<Expected<boost::asio::ip::tcp::resolver::results_type>> resolveAllowed(
    std::string host, std::uint16_t port, const AddressPolicy& policy, Watchdog& watchdog);

// resolveAllowed(), then connectToAny() on exactly the addresses checked (no
// second lookup a DNS answer could change).
boost::asio::awaitable<Expected<boost::asio::ip::tcp::socket>> connectTcp(
    std::string host, std::uint16_t port, const AddressPolicy& policy, Watchdog& watchdog);

// The words an operator expects for common socket errors ("connection
// refused", "host unreachable"); the system's message otherwise.
std::string describeNetworkError(const boost::system::error_code& ec);

// Closes the socket, ignoring errors: what a Watchdog does on expiry.
void closeQuietly(boost::asio::ip::tcp::socket& socket);

}  // namespace unyo::playbooks::net
