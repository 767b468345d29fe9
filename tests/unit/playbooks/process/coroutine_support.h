#pragma once

// Running a coroutine to completion in a test, and the SystemAccess an
// action needs, on a real io_context.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>

#include "base/blocking_pool.h"
#include "base/logger.h"
#include "fakes/fake_clock.h"
#include "playbooks/process/asio_process_runner.h"
#include "playbooks/system_access.h"

namespace unyo::testing {

template <class T>
boost::asio::awaitable<void> storeResult(boost::asio::awaitable<T> task, std::optional<T>& out) {
  out = co_await std::move(task);
}

// co_spawns `task` on `io` and runs the loop until nothing is left to do.
template <class T>
T runToCompletion(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> out;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, storeResult(std::move(task), out),
                        [&failure](std::exception_ptr e) { failure = e; });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  if (!out) throw std::runtime_error("the coroutine did not complete");
  return std::move(*out);
}

// An io_context, a quiet logger and a SystemAccess around a given runner,
// or around a real AsioProcessRunner on that io_context.
struct TestSystem {
  explicit TestSystem(playbooks::ProcessRunner& runner)
      : access{io.get_executor(), clock, log, runner, pool, {}, {}} {}
  TestSystem()
      : realRunner(std::make_unique<playbooks::AsioProcessRunner>(io.get_executor(), log)),
        access{io.get_executor(), clock, log, *realRunner, pool, {}, {}} {}

  boost::asio::io_context io;
  FakeClock clock;
  Logger log{clock, LogLevel::error, LogFormat::logfmt, -1};
  BlockingPool pool{1};
  std::unique_ptr<playbooks::AsioProcessRunner> realRunner;
  playbooks::SystemAccess access;
};

}  // namespace unyo::testing
