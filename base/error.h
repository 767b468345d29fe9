#pragma once

// Errors travel as values: every operation that can fail returns
// Expected<T>. Config and playbook errors also say where in which file.
// Callers that must tell errors apart look at the kind, never at the text.

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unyo {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based

  std::string toString() const;  // "FILE:LINE:COL"
};

// What went wrong, for a caller that reacts differently (an HTTP status, a
// retry); most errors are `failed` and are only shown to a person.
enum class ErrorKind {
  failed,    // anything else: reported as it is
  invalid,   // the request or input is wrong; asking again the same way fails again
  notFound,  // what was asked for does not exist
  conflict,  // the state does not allow it (already decided, already running)
  stopping,  // the agent is shutting down; another process may take it later
  busy,      // a limit on work in progress is reached; the same request may succeed later
};

struct Error {
  std::string message;
  std::optional<SourceLocation> where;
  ErrorKind kind = ErrorKind::failed;

  Error() = default;
  explicit Error(std::string msg, ErrorKind k = ErrorKind::failed)
      : message(std::move(msg)), kind(k) {}
  Error(SourceLocation loc, std::string msg)
      : message(std::move(msg)), where(std::move(loc)), kind(ErrorKind::invalid) {}

  // "FILE:LINE:COL: message", or just the message when there is no location.
  std::string toString() const;
};

// std::expected that must not be dropped: an ignored Expected is a lost
// error, so the compiler (warnings are errors) refuses to build one.
template <class T>
class [[nodiscard]] Expected : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Expected(const std::expected<T, Error>& other) : std::expected<T, Error>(other) {}
  Expected(std::expected<T, Error>&& other) : std::expected<T, Error>(std::move(other)) {}
};

inline std::unexpected<Error> fail(std::string message, ErrorKind kind = ErrorKind::failed) {
  return std::unexpected(Error(std::move(message), kind));
}

inline std::unexpected<Error> fail(SourceLocation where, std::string message) {
  return std::unexpected(Error(std::move(where), std::move(message)));
}

// "\"text\"": how a message quotes what the user wrote.
std::string inQuotes(std::string_view text);

// "PATH: WHAT: strerror(err)", the one way a failed system call is described.
std::string systemErrorText(const std::filesystem::path& path, std::string_view what, int err);

// Collects every error of a parse, so users see all of them at once.
class Diagnostics {
 public:
  void add(Error error) { errors_.push_back(std::move(error)); }
  void add(SourceLocation where, std::string message) {
    errors_.emplace_back(std::move(where), std::move(message));
  }
  void append(const Diagnostics& other) {
    errors_.insert(errors_.end(), other.errors_.begin(), other.errors_.end());
  }
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  const std::vector<Error>& errors() const { return errors_; }

  // Sorted by file, line, column; one error per line.
  std::string toString() const;

 private:
  std::vector<Error> errors_;
};

}  // namespace unyo
