#pragma once

// One output stream of a child, kept up to a cap; the rest is read and
// dropped (so the child never blocks on a full pipe) and a marker line at
// the end says so.

#include <cstddef>
#include <string>
#include <string_view>

namespace unyo::playbooks {

class CappedOutput {
 public:
  explicit CappedOutput(std::size_t cap) : cap_(cap) {}

  void append(std::string_view data);
  bool truncated() const { return dropped_ > 0; }
  std::size_t droppedBytes() const { return dropped_; }

  // The kept text, cut back to a whole UTF-8 character and followed by
  // "\n[... output truncated at 65536 bytes ...]\n" when something was dropped.
  std::string take();

 private:
  std::size_t cap_;
  std::size_t dropped_ = 0;
  std::string text_;
};

}  // namespace unyo::playbooks
