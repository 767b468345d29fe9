#pragma once

// unyo_tls_cert_expiry_timestamp_seconds{source}: when each certificate a
// tls.check step looked at expires, so Prometheus can alert on it between
// runs. Fed by finished steps; restored from the run history at start.

#include <map>
#include <string>

#include "base/metric_family.h"
#include "playbooks/engine/run_listener.h"
#include "playbooks/state/run_history.h"

namespace unyo::agent {

class TlsExpiryGauge final : public playbooks::RunListener {
 public:
  void stepFinished(const playbooks::RunRecord& run, const playbooks::StepRecord& step) override;
  // The latest tls.check results found in the history (the newest `limit` runs).
  void restore(const playbooks::RunHistory& history, std::size_t limit = 500);
  void appendMetrics(Families& out) const;

 private:
  void take(const playbooks::StepRecord& step);
  void takeOutput(const playbooks::Value& output);
  std::map<std::string, double> expiry_;  // source -> not_after, Unix seconds
};

}  // namespace unyo::agent
