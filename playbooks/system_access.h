#pragma once

// Everything a playbook run touches outside its own memory, bundled in one
// object so tests can fake time, processes and the metrics snapshot.

#include <boost/asio/any_io_executor.hpp>
#include <filesystem>
#include <functional>
#include <vector>

#include "base/blocking_pool.h"
#include "base/clock.h"
#include "base/logger.h"
#include "collectors/snapshot.h"
#include "playbooks/options.h"
#include "playbooks/process/process_runner.h"

namespace unyo::playbooks {

// Where the actions that take a folder to act on (file.cleanup,
// backup.verify) may act: set by the agent, never by a playbook. A path is
// accepted when its real path (symlinks resolved) lies inside one of
// `allowed` and inside none of `forbidden`.
struct FileGuardRails {
  std::vector<std::filesystem::path> allowed = defaultAllowedPaths();
  // The agent's own folders (state directory, config folder, playbook
  // folders): refused even when an allowed folder holds them.
  std::vector<std::filesystem::path> forbidden;
};

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
  // Read on the loop when a step starts; the agent updates it on reload.
  FileGuardRails fileRails;
};

}  // namespace unyo::playbooks
