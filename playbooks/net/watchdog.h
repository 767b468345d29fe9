#pragma once

// One time budget over several asynchronous steps (resolve, connect, TLS
// handshake, write, read). When it runs out, the watchdog aborts whatever the
// current step waits on (closes the socket, cancels the resolver), so that
// step completes with an error and the caller reports the timeout:
//
//   Watchdog watchdog(executor, request.timeout);
//   auto watching = watchdog.watch(abortFn);   // a named callable
//   co_await socket.async_connect(...);
//   if (watchdog.expired()) ... watchdog.timeoutMessage() ...
//
// Boost 1.74's Asio has no awaitable operators to race a timer against an
// operation, hence this. It lives on one thread with its coroutine (the
// event loop's): the timer's handler and the coroutine never run at once.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace unyo::playbooks::net {

class Watchdog {
 public:
  // Starts the budget now.
  Watchdog(boost::asio::any_io_executor executor, std::chrono::milliseconds budget);
  // Stops the timer; a late expiry no longer touches anything.
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // While it lives, the watchdog runs its abort function on expiry.
  class [[nodiscard]] Watch {
   public:
    Watch(Watchdog& owner, std::uint64_t id) : owner_(owner), id_(id) {}
    ~Watch() { owner_.unwatch(id_); }
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

   private:
    Watchdog& owner_;
    std::uint64_t id_;
  };

  // `abort` replaces the previous one; it runs at once when time is already up.
  Watch watch(std::function<void()> abort);

  bool expired() const;
  std::chrono::milliseconds budget() const { return budget_; }
  std::string timeoutMessage() const;  // "timed out after 5s"

 private:
  struct State;
  void unwatch(std::uint64_t id);

  std::chrono::milliseconds budget_;
  std::shared_ptr<State> state_;
};

}  // namespace unyo::playbooks::net
