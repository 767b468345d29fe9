#pragma once

// What the report commands (`unyo report`, `unyo fleet report`) share on
// the command line: --lang (else the locale), --format, and --output.

#include <filesystem>
#include <optional>
#include <string_view>

#include "agent/cli/cli.h"
#include "agent/report/report_data.h"
#include "base/error.h"

namespace unyo::agent {

// `--lang` when given (nullopt when neither en nor ja); else Japanese when
// LC_ALL, LC_MESSAGES or LANG (the first set) starts with "ja".
std::optional<ReportLanguage> reportLanguage(const CommandLine& cli);

// `--format` md (default), markdown, csv or html; nullopt for anything else.
std::optional<ReportFormat> reportFormat(const CommandLine& cli);

// Writes a report to `--output`. A regular file (or a new one) is replaced
// atomically, through a symbolic link to its target; anything else —
// /dev/stdout, a FIFO, /dev/null — is written to in place: renaming a new
// file over a device node would replace the device.
Expected<void> writeReportOutput(const std::filesystem::path& path, std::string_view text);

}  // namespace unyo::agent
