// `unyo report [--from DATE] [--to DATE] [--format md|csv|html]
// [--lang en|ja] [--output FILE]`: labor saved and cost against the
// baseline for a period, from the state directory, with the assumptions
// behind the labor figures from the config and the playbooks. Needs no
// running daemon.

#include <unistd.h>

#include <cstdio>

#include "agent/cli/commands.h"
#include "agent/cli/config_for_command.h"
#include "agent/cli/report_output.h"
#include "agent/config/config.h"
#include "agent/report/report_builder.h"
#include "base/atomic_file.h"

namespace unyo::agent {
namespace {

using unyo::CivilDate;

// A period longer than this is a typo, not a report.
constexpr int kMaxReportDays = 3 * 366 + 1;

int usage(const std::string& message) {
  std::fprintf(stderr, "unyo report: %s\n", message.c_str());
  return kExitUsage;
}

// The period: --from and --to (inclusive); by default the current month
// up to today, in the playbooks' time zone.
std::optional<std::pair<CivilDate, CivilDate>> reportPeriod(const CommandLine& cli,
                                                            const CivilDate& today,
                                                            std::string& problem) {
  CivilDate to = today;
  if (auto text = cli.value("to")) {
    auto parsed = parseIsoDate(*text);
    if (!parsed) {
      problem = "--to takes a date as YYYY-MM-DD, not \"" + *text + "\"";
      return std::nullopt;
    }
    to = *parsed;
  }
  CivilDate from{to.year, to.month, 1};
  if (auto text = cli.value("from")) {
    auto parsed = parseIsoDate(*text);
    if (!parsed) {
      problem = "--from takes a date as YYYY-MM-DD, not \"" + *text + "\"";
      return std::nullopt;
    }
    from = *parsed;
  }
  if (to < from) {
    problem = "--from " + isoDate(from) + " is after --to " + isoDate(to);
    return std::nullopt;
  }
  if (unyo::addDays(from, kMaxReportDays) <= to) {
    problem = "the period is longer than " + std::to_string(kMaxReportDays) + " days";
    return std::nullopt;
  }
  return std::make_pair(from, to);
}

std::string render(const ReportData& data, ReportFormat format, ReportLanguage language) {
  switch (format) {
    case ReportFormat::csv:
      return renderCsvReport(data, language);
    case ReportFormat::html:
      return renderHtmlReport(data, language);
    case ReportFormat::markdown:
      break;
  }
  return renderMarkdownReport(data, language);
}

// The 7-day distribution, when there is one; a damaged one only costs the
// right-sizing section.
std::optional<UsageDistribution> loadDistribution(const std::filesystem::path& stateDir) {
  const auto file = stateDir / "usage-distribution.txt";
  auto text = unyo::readFileIfExists(file);
  if (!text || !*text) return std::nullopt;
  auto parsed = UsageDistribution::parse(**text);
  if (!parsed) {
    std::fprintf(stderr, "unyo report: %s: %s (right-sizing left out)\n", file.c_str(),
                 parsed.error().message.c_str());
    return std::nullopt;
  }
  return std::move(*parsed);
}

// What each configured playbook assumes about the labor it saves. Playbooks
// that do not load (one file with an error is enough) cost the report only
// these assumptions: it says why on stderr, and the report lists the
// ledger's playbooks as unknown and says the files could not be read.
std::optional<std::vector<ReportData::PlaybookAssumption>> loadAssumptions(const Config& config) {
  auto playbooks = loadConfiguredPlaybooks(config);
  if (!playbooks) {
    std::fprintf(stderr,
                 "unyo report: the playbooks could not be read; the report leaves out their "
                 "labor assumptions:\n%s",
                 playbooks.error().toString().c_str());
    return std::nullopt;
  }
  std::vector<ReportData::PlaybookAssumption> out;
  for (const auto& p : *playbooks) {
    ReportData::PlaybookAssumption assumption;
    assumption.playbook = p.name;
    assumption.known = true;
    assumption.description = p.description;
    assumption.descriptionJa = p.descriptionJa;
    assumption.manualMinutes = p.manualMinutes;
    assumption.credit = p.laborCredit == playbooks::LaborCredit::changed ? LaborCreditRule::changed
                                                                         : LaborCreditRule::success;
    assumption.basis = p.laborBasis;
    out.push_back(std::move(assumption));
  }
  return out;
}

}  // namespace

int runReportCommand(const CommandLine& cli, const Clock& clock) {
  const auto format = reportFormat(cli);
  if (!format) return usage("--format is md, csv or html");
  const auto language = reportLanguage(cli);
  if (!language) return usage("--lang is en or ja");
  auto config = loadConfigForCommand(cli, kExitUsage);
  if (!config) return config.error();
  auto zone = unyo::TimeZone::load(config->playbooks.timezone);
  if (!zone) return usage(zone.error().message);
  const auto now = clock.now();
  std::string problem;
  const auto period = reportPeriod(cli, zone->toCivil(now).date(), problem);
  if (!period) return usage(problem);

  const Ledger ledger(ledgerDir(config->state.dir));
  auto contents = ledger.load();
  if (!contents) {
    std::fprintf(stderr, "unyo report: %s\n", contents.error().message.c_str());
    return kExitFailure;
  }
  const auto distribution = loadDistribution(config->state.dir);

  ReportInputs inputs;
  inputs.identity = config->identity;
  inputs.cost = config->cost;
  inputs.labor = config->labor;
  inputs.playbooks = loadAssumptions(*config);
  inputs.zone = *zone;
  inputs.from = period->first;
  inputs.to = period->second;
  inputs.now = now;
  inputs.ledger = &*contents;
  inputs.distribution = distribution ? &*distribution : nullptr;
  inputs.vcpus = config->cost.compute && config->cost.compute->vcpus > 0
                     ? config->cost.compute->vcpus
                     : static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  inputs.sampleInterval = config->collectors.interval;
  const auto text = render(buildReport(inputs), *format, *language);

  if (auto output = cli.value("output")) {
    if (auto written = writeReportOutput(*output, text); !written) {
      std::fprintf(stderr, "unyo report: %s\n", written.error().message.c_str());
      return kExitFailure;
    }
    return kExitOk;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
}

}  // namespace unyo::agent
