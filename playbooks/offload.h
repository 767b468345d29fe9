#pragma once

// Runs a blocking function on a thread pool and resumes the calling
// coroutine on its own executor with the result:
//
//   auto walk = offload(system.blocking, std::move(job));   // job: a named callable
//   Result r = co_await std::move(walk);
//
// Build the callable as a named variable, never as a lambda written inside
// the co_await expression: GCC 12 destroys a lambda temporary in a co_await
// expression twice (a use-after-free under ASan).

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <type_traits>
#include <utility>

namespace unyo::playbooks {

template <class F>
boost::asio::awaitable<std::invoke_result_t<F&>> offload(boost::asio::thread_pool& pool, F job) {
  using Result = std::invoke_result_t<F&>;
  auto initiation = [&pool, job = std::move(job)](auto handler) mutable {
    // Keeps the loop's run() from returning while the job is away.
    auto work = boost::asio::make_work_guard(boost::asio::get_associated_executor(handler));
    boost::asio::post(pool, [job = std::move(job), handler = std::move(handler),
                             work = std::move(work)]() mutable {
      Result result = job();
      auto executor = work.get_executor();
      boost::asio::post(executor, [handler = std::move(handler),
                                   result = std::move(result)]() mutable {
        std::move(handler)(std::move(result));
      });
    });
  };
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(Result)>(
      std::move(initiation), boost::asio::use_awaitable);
}

}  // namespace unyo::playbooks
