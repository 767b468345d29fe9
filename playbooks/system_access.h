#pragma once

// Everything a playbook run touches outside its own memory, bundled in one
// object so tests can fake time, processes and the metrics snapshot.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>

#include "collectors/clock.h"
#include "collectors/logger.h"
#include "collectors/snapshot.h"
#include "playbooks/process_runner.h"

namespace unyo::playbooks {

struct SystemAccess {
  boost::asio::any_io_executor executor;  // the event loop; actions resume on it
  const Clock& clock;
  Logger& log;
  ProcessRunner& processes;
  // For work that blocks (directory walks, checksums of big files): run it
  // with offload() (playbooks/offload.h), never on the loop.
  boost::asio::thread_pool& blocking;
  // The latest sample of the host's metrics (null before the first).
  std::function<collectors::SnapshotPtr()> latestSnapshot;
};

}  // namespace unyo::playbooks
