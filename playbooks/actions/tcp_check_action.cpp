// The `tcp.check` action.

#include "playbooks/actions/tcp_check_action.h"

#include <boost/asio/this_coro.hpp>

#include "base/duration.h"
#include "playbooks/net/connect.h"
#include "playbooks/net/watchdog.h"

namespace unyo::playbooks {
namespace {

constexpr std::int64_t kHighestPort = 65535;

struct TcpCheck {
  std::string host;
  std::uint16_t port = 0;
  bool expectClosed = false;
};

Expected<TcpCheck> readCheck(const WithReader& with) {
  TcpCheck check;
  auto host = with.requiredString("host");
  if (!host) return std::unexpected(host.error());
  check.host = std::move(*host);
  if (!with.has("port")) return fail("\"port\" is required");
  auto port = with.integer("port");
  if (!port) return std::unexpected(port.error());
  if (*port < 1 || *port > kHighestPort) {
    return fail("\"port\": expected 1-65535, got " + std::to_string(*port));
  }
  check.port = static_cast<std::uint16_t>(*port);
  auto expectClosed = with.boolean("expect_closed", false);
  if (!expectClosed) return std::unexpected(expectClosed.error());
  check.expectClosed = *expectClosed;
  return check;
}

class TcpCheckAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto check = readCheck(WithReader(request.with));
    if (!check) co_return ActionResult::failure(check.error().message);
    const std::string where = check->host + ":" + std::to_string(check->port);

    const auto executor = co_await boost::asio::this_coro::executor;
    net::Watchdog watchdog(executor, request.timeout);
    auto resolving = net::resolveHost(check->host, check->port, watchdog);
    auto addresses = co_await std::move(resolving);
    // A misspelt host is an error whatever the expectation, not a closed port.
    if (!addresses) co_return ActionResult::failure(addresses.error().message);

    const auto started = system.clock.steadyNow();
    auto connecting = net::connectToAny(std::move(*addresses), watchdog);
    Expected<boost::asio::ip::tcp::socket> socket = co_await std::move(connecting);
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(system.clock.steadyNow() - started);
    if (socket) net::closeQuietly(*socket);
    const bool open = socket.has_value();

    ActionResult result;
    result.output.set("host", check->host);
    result.output.set("port", static_cast<std::int64_t>(check->port));
    result.output.set("open", open);
    result.output.set("latency_ms", static_cast<std::int64_t>(latency.count()));
    if (open) {
      result.summary = where + " is open (connected in " + formatDuration(latency) + ")";
      if (check->expectClosed) {
        result.ok = false;
        result.error = where + " is open, expected closed";
      }
    } else {
      result.summary = where + " is not open: " + socket.error().message;
      if (!check->expectClosed) {
        result.ok = false;
        result.error = "cannot connect to " + where + ": " + socket.error().message;
      }
    }
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeTcpCheckAction() { return std::make_unique<TcpCheckAction>(); }

const ActionDescriptor& tcpCheckActionDescriptor() {
  static const ActionDescriptor descriptor{
      "tcp.check",
      "Check that a TCP port accepts connections (or, with expect_closed, that it does not)",
      {
          {"host", ParamKind::string, true},
          {"port", ParamKind::integer, true},
          {"expect_closed", ParamKind::boolean, false},
      },
      &makeTcpCheckAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
