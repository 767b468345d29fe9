#pragma once

// Errors travel as values: every operation that can fail returns
// Expected<T>. Config and playbook errors also say where in which file.

#include <expected>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace unyo {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based

  std::string toString() const;  // "FILE:LINE:COL"
};

struct Error {
  std::string message;
  std::optional<SourceLocation> where;

  Error() = default;
  explicit Error(std::string msg) : message(std::move(msg)) {}
  Error(SourceLocation loc, std::string msg) : message(std::move(msg)), where(std::move(loc)) {}

  // "FILE:LINE:COL: message", or just the message when there is no location.
  std::string toString() const;
};

template <class T>
using Expected = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) {
  return std::unexpected(Error(std::move(message)));
}

inline std::unexpected<Error> fail(SourceLocation where, std::string message) {
  return std::unexpected(Error(std::move(where), std::move(message)));
}

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
