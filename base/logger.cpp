#include "base/logger.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <ctime>

#include "base/iso_time.h"

namespace unyo {
namespace {

std::string_view levelName(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

void appendNumber(std::string& out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void appendNumber(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

bool needsQuotes(std::string_view s) {
  if (s.empty()) return true;
  for (char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      return true;
  }
  return false;
}

// Escapes quotes, backslashes and control characters; shared by logfmt
// quoting and JSON strings.
void appendEscaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
}

void appendLogfmtString(std::string& out, std::string_view s) {
  if (!needsQuotes(s)) {
    out += s;
    return;
  }
  out += '"';
  appendEscaped(out, s);
  out += '"';
}

void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  appendEscaped(out, s);
  out += '"';
}

void appendValue(std::string& out, const LogValue& value, LogFormat format) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          format == LogFormat::json ? appendJsonString(out, v) : appendLogfmtString(out, v);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          // JSON has no NaN or infinities; logfmt readers take them as text too.
          if (!std::isfinite(v)) {
            appendJsonString(out, std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
          } else {
            appendNumber(out, v);
          }
        } else {
          appendNumber(out, v);
        }
      },
      value.value());
}

}  // namespace

std::optional<LogLevel> parseLogLevel(std::string_view text) {
  if (text == "debug") return LogLevel::debug;
  if (text == "info") return LogLevel::info;
  if (text == "warn") return LogLevel::warn;
  if (text == "error") return LogLevel::error;
  return std::nullopt;
}

std::optional<LogFormat> parseLogFormat(std::string_view text) {
  if (text == "logfmt") return LogFormat::logfmt;
  if (text == "json") return LogFormat::json;
  return std::nullopt;
}

Logger::Logger(const Clock& clock, LogLevel level, LogFormat format, int fd)
    : clock_(clock), level_(level), format_(format), fd_(fd) {}

void Logger::log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (enabled(level)) write(level, msg, fields);
}

std::string Logger::format(LogLevel level, std::string_view msg,
                           std::initializer_list<LogField> fields) const {
  std::string out;
  out.reserve(128);
  const std::string ts = formatIsoTime(clock_.now());
  if (format_ == LogFormat::json) {
    out += "{\"ts\":\"" + ts + "\",\"level\":\"";
    out += levelName(level);
    out += "\",\"msg\":";
    appendJsonString(out, msg);
    for (const auto& f : fields) {
      out += ',';
      appendJsonString(out, f.key);
      out += ':';
      appendValue(out, f.value, format_);
    }
    out += '}';
  } else {
    out += "ts=" + ts + " level=";
    out += levelName(level);
    out += " msg=";
    appendLogfmtString(out, msg);
    for (const auto& f : fields) {
      out += ' ';
      out += f.key;
      out += '=';
      appendValue(out, f.value, format_);
    }
  }
  return out;
}

void Logger::write(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields) {
  if (fd_ < 0) return;
  std::string line = format(level, msg, fields);
  line += '\n';
  std::lock_guard lock(writeMutex_);
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n <= 0) return;  // stderr is gone; nothing better to do with a log line
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace unyo
