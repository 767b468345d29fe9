#pragma once

// A coroutine's way onto the BlockingPool (base/blocking_pool.h):
//
//   auto stat = [fs, path] { return fs->stat(path); };          // a named callable
//   auto pending = awaitWithin(pool, 10s, std::move(stat));
//   std::optional<Expected<Usage>> answer = co_await std::move(pending);  // nullopt: no answer
//
//   auto walk = Walk{...};
//   Result r = co_await awaitBlocking(pool, std::move(walk));    // no deadline
//
// The coroutine resumes on its own executor. A job that does not finish in
// time keeps its pool thread until it returns and its result is dropped; a
// job that had not started by then never runs. The job never touches the
// coroutine or its executor once the coroutine has stopped waiting, so it
// may outlive both: capture what it needs by value (shared_ptr for shared
// objects).
//
// Build the callable as a named variable, never as a lambda written inside
// the co_await expression: GCC 12 destroys a lambda temporary in a co_await
// expression twice (a use-after-free under ASan).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "base/blocking_pool.h"

namespace unyo {

namespace await_detail {

template <class Result>
struct Rendezvous {
  std::mutex mutex;
  bool waiting = true;  // the coroutine still waits (so its executor is alive)
  std::optional<Result> result;
  boost::asio::steady_timer* timer = nullptr;  // the coroutine's, while it waits
};

// Ends the wait when the coroutine resumes or is destroyed.
template <class Result>
struct StopWaiting {
  std::shared_ptr<Rendezvous<Result>> rendezvous;
  ~StopWaiting() {
    std::lock_guard lock(rendezvous->mutex);
    rendezvous->waiting = false;
    rendezvous->timer = nullptr;
  }
};

template <class F>
boost::asio::awaitable<std::optional<std::invoke_result_t<F&>>> awaitUntil(
    BlockingPool& pool, std::chrono::steady_clock::time_point deadline, F job) {
  using Result = std::invoke_result_t<F&>;
  using Meeting = Rendezvous<Result>;
  auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer timer(executor);
  timer.expires_at(deadline);
  auto rendezvous = std::make_shared<Meeting>();
  rendezvous->timer = &timer;
  {
    StopWaiting<Result> stopWaiting{rendezvous};
    auto wake = [rendezvous] {
      std::lock_guard lock(rendezvous->mutex);
      if (rendezvous->timer != nullptr) rendezvous->timer->cancel();
    };
    // Shared so that a move-only callable fits in std::function.
    auto shared = std::make_shared<F>(std::move(job));
    auto task = [rendezvous, executor, wake, shared]() {
      {
        std::lock_guard lock(rendezvous->mutex);
        if (!rendezvous->waiting) return;  // nobody waits any more: do not start
      }
      Result result = (*shared)();
      std::lock_guard lock(rendezvous->mutex);
      if (!rendezvous->waiting) return;
      rendezvous->result.emplace(std::move(result));
      boost::asio::post(executor, wake);
    };
    if (pool.post(std::move(task))) {
      boost::system::error_code ec;  // cancelled when the answer came first
      co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }
  }
  std::lock_guard lock(rendezvous->mutex);
  std::optional<Result> answer = std::move(rendezvous->result);
  co_return answer;
}

}  // namespace await_detail

// Runs `job` on the pool; nullopt when it has not returned within `timeout`.
template <class F>
boost::asio::awaitable<std::optional<std::invoke_result_t<F&>>> awaitWithin(
    BlockingPool& pool, std::chrono::milliseconds timeout, F job) {
  return await_detail::awaitUntil(pool, std::chrono::steady_clock::now() + timeout,
                                  std::move(job));
}

// Runs `job` on the pool and waits for it however long it takes. nullopt
// only when the pool is being destroyed (the agent is exiting).
template <class F>
boost::asio::awaitable<std::optional<std::invoke_result_t<F&>>> awaitBlocking(BlockingPool& pool,
                                                                             F job) {
  return await_detail::awaitUntil(pool, std::chrono::steady_clock::time_point::max(),
                                  std::move(job));
}

}  // namespace unyo
