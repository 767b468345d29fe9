#pragma once

// `unyo playbook run` prints each step as it finishes, so an operator
// watching a terminal sees the run move (and what a dry run would do: with
// `showDiff`, every change each step would make, dry_run_diff.h).

#include <cstdio>

#include "playbooks/engine/run_listener.h"

namespace unyo::agent {

class RunProgressPrinter final : public playbooks::RunListener {
 public:
  explicit RunProgressPrinter(std::FILE* out, bool showDiff = false)
      : out_(out), showDiff_(showDiff) {}

  void runChanged(const playbooks::RunRecord& run) override;
  void stepFinished(const playbooks::RunRecord& run, const playbooks::StepRecord& step) override;
  void runFinished(const playbooks::RunRecord& run) override;

 private:
  std::FILE* out_;
  bool showDiff_;
  playbooks::RunStatus lastStatus_ = playbooks::RunStatus::queued;
  bool announced_ = false;
};

}  // namespace unyo::agent
