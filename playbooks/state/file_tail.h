#pragma once

// The last bytes of a file, from the first line that starts within them:
// what a bounded read of an append-only log (runs.jsonl) needs.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "base/error.h"

namespace unyo::playbooks {

// At most `maxBytes` from the end of the file, without the partial line the
// cut falls into; nullopt when the file does not exist.
Expected<std::optional<std::string>> readFileTail(const std::filesystem::path& path,
                                                  std::size_t maxBytes);

}  // namespace unyo::playbooks
