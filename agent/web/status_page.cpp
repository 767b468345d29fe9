#include "agent/web/status_page.h"

#include <cmath>
#include <ctime>

namespace unyo::agent {
namespace {

std::string utcTime(double unixSeconds) {
  const std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

std::string formatMillis(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f ms", seconds * 1000.0);
  return buf;
}

void appendRow(std::string& html, std::string_view key, std::string_view value) {
  html += "<tr><th>";
  html += htmlEscape(key);
  html += "</th><td>";
  html += htmlEscape(value);
  html += "</td></tr>\n";
}

void appendCollectors(std::string& html, const collectors::Snapshot& snapshot) {
  const auto* success = snapshot.find("unyo_collector_success");
  const auto* duration = snapshot.find("unyo_collector_duration_seconds");
  if (!success) return;
  html += "<h2>Collectors</h2>\n<table>\n<tr><th>collector</th><th>state</th><th>took</th></tr>\n";
  for (std::size_t i = 0; i < success->metric.size(); ++i) {
    const auto& m = success->metric[i];
    const bool ok = m.gauge.value == 1;
    html += "<tr><td>";
    html += htmlEscape(labelValue(m, "collector"));
    html += ok ? "</td><td class=ok>ok</td><td>" : "</td><td class=bad>failing</td><td>";
    if (duration && i < duration->metric.size()) {
      html += formatMillis(duration->metric[i].gauge.value);
    }
    html += "</td></tr>\n";
  }
  html += "</table>\n";
}

// "¥1,234,567": whole yen with thousands separators.
std::string formatYen(double yen) {
  const auto whole = static_cast<long long>(std::llround(yen));
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  for (auto at = static_cast<long long>(digits.size()) - 3; at > 0; at -= 3) {
    digits.insert(static_cast<std::size_t>(at), ",");
  }
  return std::string(whole < 0 ? "-" : "") + "\u00a5" + digits;
}

void appendCost(std::string& html, const StatusPageCost& cost) {
  html += "<h2>Cost</h2>\n<table>\n";
  appendRow(html, "now", formatYen(cost.yenPerHour) + " per hour");
  std::string projected = formatYen(cost.projectedYenPerMonth) + " per month at this rate";
  if (cost.baselineYenPerMonth && *cost.baselineYenPerMonth > 0) {
    char percent[32];
    std::snprintf(percent, sizeof percent, "%+.1f%%",
                  (cost.projectedYenPerMonth / *cost.baselineYenPerMonth - 1) * 100);
    projected += " (" + std::string(percent) + " against the baseline)";
  }
  appendRow(html, "projected", projected);
  if (cost.baselineYenPerMonth) {
    std::string baseline = formatYen(*cost.baselineYenPerMonth) + " per month";
    if (!cost.baselineSource.empty()) baseline += " \u2014 " + cost.baselineSource;
    appendRow(html, "baseline", baseline);
  }
  appendRow(html, "accrued", formatYen(cost.accruedYen) + " since the ledger began");
  if (cost.suggestedVcpus > 0) {
    appendRow(html, "right-sizing", std::to_string(cost.currentVcpus) + " \u2192 " +
                                        std::to_string(cost.suggestedVcpus) +
                                        " vCPUs (p95 of the last 7 days under 70%)");
  }
  html += "</table>\n<p>Monthly report: <code>unyo report --format html --output report.html</code></p>\n";
}

}  // namespace

std::string formatUptime(double seconds) {
  auto total = static_cast<long long>(std::max(0.0, std::floor(seconds)));
  const long long days = total / 86400;
  const long long hours = total % 86400 / 3600;
  const long long minutes = total % 3600 / 60;
  std::string out;
  if (days > 0) out += std::to_string(days) + "d ";
  if (days > 0 || hours > 0) out += std::to_string(hours) + "h ";
  out += std::to_string(minutes) + "m";
  if (days == 0 && hours == 0) out += " " + std::to_string(total % 60) + "s";
  return out;
}

std::string renderStatusPage(const StatusPageData& data) {
  const auto& id = data.identity;
  std::string html;
  html.reserve(4096);
  html += R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>unyo )";
  html += htmlEscape(id.lgCode + " " + id.system);
  html += R"(</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:50em;color:#222}
table{border-collapse:collapse;margin-bottom:1.5em}th,td{text-align:left;padding:.2em 1em .2em 0}
.ok{color:#176a2a}.bad{color:#b00020;font-weight:bold}
</style></head><body>
<h1>unyo 運用</h1>
<table>
)";
  std::string system = id.system;
  if (const auto* known = findBusinessSystem(id.system)) {
    system += " (" + std::string(known->nameJa) + ")";
  }
  appendRow(html, "lg_code", id.lgCode);
  appendRow(html, "system", system);
  appendRow(html, "environment", id.environment);
  if (!id.csp.empty()) appendRow(html, "csp", id.csp);
  if (!id.vendor.empty()) appendRow(html, "vendor", id.vendor);
  appendRow(html, "version", data.version);
  appendRow(html, "config", data.configFile);
  appendRow(html, "up since", utcTime(data.startedAtUnixSeconds) + " (" +
                                  formatUptime(data.nowUnixSeconds - data.startedAtUnixSeconds) +
                                  ")");
  appendRow(html, "last reload", data.reload.lastSuccessful ? "successful" : "FAILED (see log)");
  if (data.snapshot) {
    appendRow(html, "last sample", utcTime(std::chrono::duration<double>(
                                               data.snapshot->takenAt.time_since_epoch())
                                               .count()));
  } else {
    appendRow(html, "last sample", "none yet");
  }
  html += "</table>\n";
  if (data.cost) appendCost(html, *data.cost);
  if (data.snapshot) appendCollectors(html, *data.snapshot);
  html += R"(<h2>Links</h2>
<ul>
<li><a href="/metrics">/metrics</a> Prometheus metrics</li>
<li><a href="/healthz">/healthz</a> liveness</li>
<li><a href="/readyz">/readyz</a> readiness</li>
</ul>
</body></html>
)";
  return html;
}

}  // namespace unyo::agent
