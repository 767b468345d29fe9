#pragma once

// Structured logs on stderr for journald: logfmt
//   ts=2026-11-28T09:00:00.123Z level=info msg="config reloaded" playbooks=8
// or one JSON object per line. The level is checked before anything is
// formatted, so a disabled debug line costs one comparison.

#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/clock.h"

namespace unyo {

enum class LogLevel { debug, info, warn, error };
enum class LogFormat { logfmt, json };

std::optional<LogLevel> parseLogLevel(std::string_view text);
std::optional<LogFormat> parseLogFormat(std::string_view text);

// A field value; holds views, so build fields in the log call itself.
class LogValue {
 public:
  LogValue(std::string_view v) : value_(v) {}
  LogValue(const std::string& v) : value_(std::string_view(v)) {}
  LogValue(const char* v) : value_(std::string_view(v)) {}
  LogValue(bool v) : value_(v) {}
  LogValue(double v) : value_(v) {}
  template <class I>
  requires(std::is_integral_v<I> && !std::is_same_v<I, bool>) LogValue(I v)
      : value_(static_cast<std::int64_t>(v)) {}

  const std::variant<std::string_view, bool, double, std::int64_t>& value() const { return value_; }

 private:
  std::variant<std::string_view, bool, double, std::int64_t> value_;
};

struct LogField {
  std::string_view key;
  LogValue value;
};

class Logger {
 public:
  // Writes each line with a single write(2) to `fd`; fd < 0 discards (tests).
  Logger(const Clock& clock, LogLevel level = LogLevel::info, LogFormat format = LogFormat::logfmt,
         int fd = 2);

  void setLevel(LogLevel level) { level_ = level; }
  void setFormat(LogFormat format) { format_ = format; }
  bool enabled(LogLevel level) const { return level >= level_; }

  void log(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields = {});
  void debug(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    if (enabled(LogLevel::debug)) write(LogLevel::debug, msg, fields);
  }
  void info(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    if (enabled(LogLevel::info)) write(LogLevel::info, msg, fields);
  }
  void warn(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    if (enabled(LogLevel::warn)) write(LogLevel::warn, msg, fields);
  }
  void error(std::string_view msg, std::initializer_list<LogField> fields = {}) {
    if (enabled(LogLevel::error)) write(LogLevel::error, msg, fields);
  }

  // The line as it would be written, without the trailing newline; for tests.
  std::string format(LogLevel level, std::string_view msg,
                     std::initializer_list<LogField> fields) const;

 private:
  void write(LogLevel level, std::string_view msg, std::initializer_list<LogField> fields);

  const Clock& clock_;
  LogLevel level_;
  LogFormat format_;
  int fd_;
  std::mutex writeMutex_;  // the sampler thread logs too
};

}  // namespace unyo
