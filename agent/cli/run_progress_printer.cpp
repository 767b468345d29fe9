#include "agent/cli/run_progress_printer.h"

#include <chrono>
#include <string>

#include "agent/cli/dry_run_diff.h"
#include "playbooks/engine/labor_credit.h"

namespace unyo::agent {
namespace {

double seconds(const playbooks::StepRecord& step) {
  return std::chrono::duration<double>(step.finishedAt - step.startedAt).count();
}

}  // namespace

void RunProgressPrinter::runChanged(const playbooks::RunRecord& run) {
  if (!announced_) {
    announced_ = true;
    std::fprintf(out_, "run %s: %s%s\n", run.id.c_str(), run.playbook.c_str(),
                 run.dryRun ? " (dry run: nothing is changed)" : "");
  }
  if (run.status == lastStatus_) return;
  lastStatus_ = run.status;
  if (run.status == playbooks::RunStatus::pending) {
    std::fprintf(out_,
                 "  waiting for approval: unyo runs approve %s (or reject), or the API;\n"
                 "  it expires unanswered\n",
                 run.id.c_str());
  } else if (run.status == playbooks::RunStatus::queued) {
    std::fprintf(out_, "  queued\n");
  }
  std::fflush(out_);
}

void RunProgressPrinter::stepFinished(const playbooks::RunRecord&,
                                      const playbooks::StepRecord& step) {
  std::string line = "  " + std::string(playbooks::stepStatusName(step.status));
  line.resize(12, ' ');
  std::string id = step.id;
  id.resize(std::max<std::size_t>(id.size() + 1, 18), ' ');
  std::string action = step.action;
  action.resize(std::max<std::size_t>(action.size() + 1, 17), ' ');
  std::string detail = step.summary;
  if (step.attempts > 1) {
    detail += (detail.empty() ? "" : " ") + std::string("(") + std::to_string(step.attempts) +
              " attempts)";
  }
  if (!step.error.empty()) detail += (detail.empty() ? "" : ": ") + step.error;
  line += id + action + detail;
  char took[32];
  std::snprintf(took, sizeof took, "  [%.2fs]", seconds(step));
  std::fprintf(out_, "%s%s\n", line.c_str(), took);
  if (showDiff_) {
    for (const auto& change : dryRunDiffLines(step)) {
      std::fprintf(out_, "              %s\n", change.c_str());
    }
  }
  std::fflush(out_);
}

void RunProgressPrinter::runFinished(const playbooks::RunRecord& run) {
  if (!announced_) runChanged(run);
  std::fprintf(out_, "result: %s", std::string(playbooks::runStatusName(run.status)).c_str());
  if (run.startedAt && run.finishedAt) std::fprintf(out_, " in %.2fs", run.durationSeconds());
  if (!run.error.empty()) {
    // A dry run does not fail; what would have failed is worth knowing.
    std::fprintf(out_, " - %s%s", run.dryRun ? "would have failed: " : "", run.error.c_str());
  }
  if (run.laborCredited && run.laborMinutes > 0) {
    std::fprintf(out_, " (saved %.0f operator minutes, %s)", run.laborMinutes,
                 playbooks::isAssisted(run.trigger) ? "assisted" : "automated");
  }
  std::fprintf(out_, "\n");
  std::fflush(out_);
}

}  // namespace unyo::agent
