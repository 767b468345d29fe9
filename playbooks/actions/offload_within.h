#pragma once

// offload() (playbooks/offload.h) with a limit on the wait, for calls that
// can hang in the kernel, such as statvfs on a dead NFS server:
//
//   auto stat = [fs, path] { return fs->stat(path); };        // a named callable
//   auto pending = offloadWithin(system.blocking, 10s, std::move(stat));
//   std::optional<Expected<Usage>> answer = co_await std::move(pending);   // nullopt: no answer
//
// A job that does not finish in time keeps its pool thread until it
// returns; its result is dropped. The job never touches the coroutine or
// its executor once the coroutine has stopped waiting, so it may outlive
// both: capture what it needs by value (shared_ptr for shared objects).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

namespace unyo::playbooks {

namespace offload_detail {

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

}  // namespace offload_detail

template <class F>
boost::asio::awaitable<std::optional<std::invoke_result_t<F&>>> offloadWithin(
    boost::asio::thread_pool& pool, std::chrono::milliseconds timeout, F job) {
  using Result = std::invoke_result_t<F&>;
  using Rendezvous = offload_detail::Rendezvous<Result>;
  auto executor = co_await boost::asio::this_coro::executor;
  boost::asio::steady_timer timer(executor, timeout);
  auto rendezvous = std::make_shared<Rendezvous>();
  rendezvous->timer = &timer;
  std::optional<Result> answer;
  {
    offload_detail::StopWaiting<Result> stopWaiting{rendezvous};
    auto wake = [rendezvous] {
      std::lock_guard lock(rendezvous->mutex);
      if (rendezvous->timer != nullptr) rendezvous->timer->cancel();
    };
    auto task = [rendezvous, executor, wake, job = std::move(job)]() mutable {
      Result result = job();
      std::lock_guard lock(rendezvous->mutex);
      if (!rendezvous->waiting) return;
      rendezvous->result.emplace(std::move(result));
      boost::asio::post(executor, wake);
    };
    boost::asio::post(pool, std::move(task));
    boost::system::error_code ec;  // cancelled when the answer came first
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }
  std::lock_guard lock(rendezvous->mutex);
  answer = std::move(rendezvous->result);
  co_return answer;
}

}  // namespace unyo::playbooks
