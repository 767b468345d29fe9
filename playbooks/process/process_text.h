#pragma once

// How a command and its outcome read in summaries and errors.

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "playbooks/process/process_runner.h"

namespace unyo::playbooks {

// argv as a shell would need it typed, for people to read (never run):
// {"echo", "a b", "it's"} -> echo 'a b' 'it'\''s'
std::string formatCommandLine(std::span<const std::string> argv);

// "exited with status 3", "killed by signal 9 (SIGKILL)", "timed out after 30s".
std::string describeOutcome(const ProcessResult& result, std::chrono::milliseconds timeout);

// describeOutcome plus the last line of stderr, when there is one:
// "exited with status 3: rsync: connection refused".
std::string describeFailure(const ProcessResult& result, std::chrono::milliseconds timeout);

// The last non-empty line, without the truncation marker, cut to `max` bytes.
std::string lastLine(std::string_view text, std::size_t max = 200);

}  // namespace unyo::playbooks
