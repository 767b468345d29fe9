// `unyo fleet report --prometheus URL [--header 'Name: value']...
// [--ca-file FILE] [--month YYYY-MM] [--prefecture NN | --lg-code CODE]
// [--environment ENV] [--format md|csv|html] [--lang ja|en]
// [--output FILE] [--timeout 30s]`: a month's cost, estimate, yen per
// resident, labor saved and runs per municipality and business system,
// from the Prometheus-compatible store a prefecture's agents report to.
// Needs no config file and no state directory.

#include <cstdio>

#include "agent/cli/commands.h"
#include "agent/cli/report_output.h"
#include "agent/fleet/fleet_rows.h"
#include "agent/fleet/store_client.h"
#include "agent/report/report_builder.h"
#include "base/duration.h"

namespace unyo::agent {
namespace {

// Budgets, ledgers and the month boundaries are kept in Japan's time.
constexpr std::string_view kReportZone = "Asia/Tokyo";

int usageError(const std::string& message) {
  std::fprintf(stderr, "unyo fleet report: %s\n", message.c_str());
  return kExitUsage;
}

int failure(const std::string& message) {
  std::fprintf(stderr, "unyo fleet report: %s\n", message.c_str());
  return kExitFailure;
}

std::string render(const FleetReportData& data, ReportFormat format, ReportLanguage language) {
  switch (format) {
    case ReportFormat::csv:
      return renderFleetCsv(data, language);
    case ReportFormat::html:
      return renderFleetHtml(data, language);
    case ReportFormat::markdown:
      break;
  }
  return renderFleetMarkdown(data, language);
}

}  // namespace

int runFleetCommand(const CommandLine& cli, const Clock& clock) {
  const auto format = reportFormat(cli);
  if (!format) return usageError("--format is md, csv or html");
  const auto language = reportLanguage(cli);
  if (!language) return usageError("--lang is en or ja");
  const auto url = cli.value("prometheus");
  if (!url) return usageError("--prometheus URL is required (the store's base URL)");
  auto timeout = unyo::parseDuration(cli.value("timeout").value_or("30s"));
  if (!timeout) return usageError("--timeout: " + timeout.error().message);
  auto store =
      storeOptions(*url, cli.values("header"), cli.value("ca-file").value_or(""), *timeout);
  if (!store) return usageError(store.error().message);
  auto scope = fleetScope(cli.value("environment").value_or("production"),
                          cli.value("prefecture").value_or(""), cli.value("lg-code").value_or(""));
  if (!scope) return usageError(scope.error().message);
  auto zone = unyo::TimeZone::load(kReportZone);
  if (!zone) return failure(zone.error().message);
  const auto now = clock.now();
  const auto monthFlag = cli.value("month");
  auto period = fleetPeriod(monthFlag ? std::optional<std::string_view>(*monthFlag) : std::nullopt,
                            now, *zone);
  if (!period) return usageError(period.error().message);

  std::vector<std::string> warnings;
  auto answers = askStore(*store, fleetQueries(*scope, *period), clock, warnings);
  if (!answers) return failure(answers.error().message);
  auto data = buildFleetReport(*answers, *period, *scope);
  data.generatedAt = isoTimestamp(*zone, now);
  data.warnings = std::move(warnings);
  for (const auto& warning : data.warnings) {
    std::fprintf(stderr, "unyo fleet report: the store warned: %s\n", warning.c_str());
  }
  const auto text = render(data, *format, *language);

  if (auto output = cli.value("output")) {
    if (auto written = writeReportOutput(*output, text); !written) {
      return failure(written.error().message);
    }
    return kExitOk;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace unyo::agent
