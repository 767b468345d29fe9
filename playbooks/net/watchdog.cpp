// The Watchdog: a steady timer whose handler shares only a small state with
// the coroutine, so it may fire late (after the coroutine moved on) safely.

#include "playbooks/net/watchdog.h"

#include <boost/asio/steady_timer.hpp>

#include "base/duration.h"

namespace unyo::playbooks::net {

struct Watchdog::State {
  explicit State(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}

  boost::asio::steady_timer timer;
  std::function<void()> abort;
  std::uint64_t watchId = 0;
  bool expired = false;
  bool retired = false;  // the Watchdog is gone
};

Watchdog::Watchdog(boost::asio::any_io_executor executor, std::chrono::milliseconds budget)
    : budget_(budget), state_(std::make_shared<State>(std::move(executor))) {
  state_->timer.expires_after(budget);
  state_->timer.async_wait([state = state_](const boost::system::error_code& ec) {
    // A wait that completed before cancel() still arrives with success.
    if (ec || state->retired) return;
    state->expired = true;
    if (state->abort) state->abort();
  });
}

Watchdog::~Watchdog() {
  state_->retired = true;
  state_->abort = nullptr;
  state_->timer.cancel();
}

Watchdog::Watch Watchdog::watch(std::function<void()> abort) {
  state_->abort = std::move(abort);
  const std::uint64_t id = ++state_->watchId;
  if (state_->expired && state_->abort) state_->abort();
  return Watch(*this, id);
}

void Watchdog::unwatch(std::uint64_t id) {
  if (state_->watchId == id) state_->abort = nullptr;
}

bool Watchdog::expired() const { return state_->expired; }

std::string Watchdog::timeoutMessage() const {
  return "timed out after " + formatDuration(budget_);
}

}  // namespace unyo::playbooks::net
