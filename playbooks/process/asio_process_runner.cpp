// AsioProcessRunner: prepare, launch, watch; one ChildSession per run.

#include "playbooks/process/asio_process_runner.h"

#include <unistd.h>

#include "playbooks/process/child_session.h"
#include "playbooks/process/launch.h"

namespace unyo::playbooks {
namespace asio = boost::asio;

AsioProcessRunner::AsioProcessRunner(asio::any_io_executor executor, Logger& log)
    : executor_(std::move(executor)), log_(log), clock_(systemClock_) {}

AsioProcessRunner::AsioProcessRunner(asio::any_io_executor executor, Logger& log,
                                     const Clock& clock)
    : executor_(std::move(executor)), log_(log), clock_(clock) {}

AsioProcessRunner::~AsioProcessRunner() = default;

asio::awaitable<Expected<ProcessResult>> AsioProcessRunner::run(ProcessSpec spec) {
  auto plan = prepareLaunch(spec, ::geteuid() == 0);
  if (!plan) co_return std::unexpected(plan.error());
  auto child = launch(*plan);
  if (!child) co_return std::unexpected(child.error());
  const pid_t pid = child->pid;
  auto session = ChildSession::create(executor_, std::move(*child), std::move(spec), log_, clock_);
  if (!session) co_return std::unexpected(session.error());
  std::erase_if(children_, [](const auto& entry) { return entry.second.expired(); });
  children_[pid] = *session;
  log_.debug("process started", {{"pid", pid}, {"program", plan->program.native()}});

  asio::awaitable<SessionOutcome> finished = (*session)->wait();
  SessionOutcome outcome = co_await std::move(finished);
  children_.erase(pid);
  if (outcome.launchFailure) co_return fail(describeChildFailure(*outcome.launchFailure, *plan));
  const ProcessResult& r = outcome.result;
  log_.debug("process finished", {{"pid", pid},
                                  {"exit_code", r.exitCode},
                                  {"signal", r.signal},
                                  {"timed_out", r.timedOut},
                                  {"duration_ms", r.duration.count()}});
  co_return std::move(outcome.result);
}

void AsioProcessRunner::terminateAll(std::chrono::milliseconds maxGrace) {
  for (auto& [pid, weak] : children_) {
    if (auto session = weak.lock()) session->terminate(maxGrace);
  }
}

std::size_t AsioProcessRunner::running() const {
  std::size_t count = 0;
  for (const auto& [pid, weak] : children_) {
    if (auto session = weak.lock(); session && !session->reaped()) ++count;
  }
  return count;
}

bool AsioProcessRunner::owns(pid_t pid) const {
  const auto it = children_.find(pid);
  if (it == children_.end()) return false;
  const auto session = it->second.lock();
  return session && !session->reaped();
}

}  // namespace unyo::playbooks
