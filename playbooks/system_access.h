#pragma once

// Everything a playbook run touches outside its own memory, bundled in one
// object so tests can fake time, processes and the metrics snapshot.

#include <boost/asio/any_io_executor.hpp>
#include <functional>

#include "base/blocking_pool.h"
#include "base/clock.h"
#include "base/logger.h"
#include "collectors/snapshot.h"
#include "playbooks/process/process_runner.h"

namespace unyo::playbooks {

struct SystemAccess {
  boost::asio::any_io_executor executor;  // the event loop; actions resume on it
  const Clock& clock;
  Logger& log;
  ProcessRunner& processes;
  // For work that blocks (directory walks, checksums of big files, statfs):
  // run it with awaitBlocking/awaitWithin (base/await_blocking.h), never on
  // the loop.
  BlockingPool& blocking;
  // The latest sample of the host's metrics (null before the first).
  std::function<collectors::SnapshotPtr()> latestSnapshot;
};

}  // namespace unyo::playbooks
