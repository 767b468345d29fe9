#include "agent/daemon/tls_expiry_gauge.h"

namespace unyo::agent {

void TlsExpiryGauge::takeOutput(const playbooks::Value& output) {
  const playbooks::Value* source = output.find("source");
  const playbooks::Value* notAfter = output.find("not_after_unix");
  if (source == nullptr || !source->isString() || notAfter == nullptr || !notAfter->isNumber()) {
    return;
  }
  expiry_[source->asString()] = notAfter->asNumber();
}

void TlsExpiryGauge::take(const playbooks::StepRecord& step) {
  if (step.action != "tls.check" || step.dryRun) return;
  if (!step.looped) return takeOutput(step.output);
  // A loop over certificates: one source per item.
  for (const auto& item : step.items) takeOutput(item.output);
}

void TlsExpiryGauge::stepFinished(const playbooks::RunRecord&, const playbooks::StepRecord& step) {
  take(step);
}

void TlsExpiryGauge::restore(const playbooks::RunHistory& history, std::size_t limit) {
  auto runs = history.list(std::nullopt, limit);
  if (!runs) return;
  // Oldest first, so the newest result for a source wins.
  for (auto it = runs->rbegin(); it != runs->rend(); ++it) {
    for (const auto& step : it->steps) take(step);
  }
}

void TlsExpiryGauge::appendMetrics(Families& out) const {
  if (expiry_.empty()) return;
  auto family = gaugeFamily("unyo_tls_cert_expiry_timestamp_seconds",
                            "When the certificate a tls.check step last inspected expires "
                            "(notAfter, Unix seconds).");
  for (const auto& [source, notAfter] : expiry_) addSample(family, notAfter, {{"source", source}});
  out.push_back(std::move(family));
}

}  // namespace unyo::agent
