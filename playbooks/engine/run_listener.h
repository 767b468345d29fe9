#pragma once

// Who wants to hear about runs as they happen: `unyo playbook run` prints
// each step's progress live; the daemon logs.

#include "playbooks/run_record.h"

namespace unyo::playbooks {

class RunListener {
 public:
  virtual ~RunListener() = default;
  virtual void runChanged(const RunRecord& /*run*/) {}  // created, pending, queued, running
  virtual void stepStarted(const RunRecord& /*run*/, const std::string& /*stepId*/,
                           int /*attempt*/) {}
  virtual void stepFinished(const RunRecord& /*run*/, const StepRecord& /*step*/) {}
  virtual void runFinished(const RunRecord& /*run*/) {}
};

}  // namespace unyo::playbooks
