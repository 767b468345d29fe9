#include "agent/cli/report_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "base/atomic_file.h"
#include "base/file_lock.h"

namespace unyo::agent {

// `--lang` when given; else Japanese when the locale is Japanese.
std::optional<ReportLanguage> reportLanguage(const CommandLine& cli) {
  if (auto lang = cli.value("lang")) {
    if (*lang == "en") return ReportLanguage::en;
    if (*lang == "ja") return ReportLanguage::ja;
    return std::nullopt;
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') continue;
    return std::string_view(value).starts_with("ja") ? ReportLanguage::ja : ReportLanguage::en;
  }
  return ReportLanguage::en;
}

std::optional<ReportFormat> reportFormat(const CommandLine& cli) {
  const auto format = cli.value("format").value_or("md");
  if (format == "md" || format == "markdown") return ReportFormat::markdown;
  if (format == "csv") return ReportFormat::csv;
  if (format == "html") return ReportFormat::html;
  return std::nullopt;
}

Expected<void> writeReportOutput(const std::filesystem::path& path, std::string_view text) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status)) return fail(path.string() + ": is a folder");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return fail(unyo::systemErrorText(path, "cannot open", errno));
    unyo::UniqueFd owned(fd);
    return unyo::writeAll(fd, text, path);
  }
  // Follow links (also one to a file not written yet) to the file itself.
  auto target = path;
  for (int hops = 0; hops < 40 && std::filesystem::is_symlink(target, ec); ++hops) {
    const auto next = std::filesystem::read_symlink(target, ec);
    if (ec) break;
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  return unyo::replaceFileAtomically(target, text);
}

}  // namespace unyo::agent
