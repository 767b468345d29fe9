#pragma once

// Where a path someone else wrote really leads, for checks such as "only
// below /var/log" (playbook params of type path). A check on the text alone
// is fooled by a symbolic link inside the allowed folder that points out of
// it, so the part of the path that exists is resolved the way the kernel
// will resolve it; the part that does not exist yet cannot be a link and is
// appended as written.

#include <filesystem>
#include <string_view>

#include "base/error.h"

namespace unyo {

// The text as a clean absolute path: "." and empty components (doubled and
// trailing slashes) dropped. Refused (ErrorKind::invalid): empty, relative
// (we do not resolve against any directory: the caller's working directory
// is not ours), or any ".." component.
Expected<std::filesystem::path> normalAbsolutePath(std::string_view text);

// normalAbsolutePath, then the longest existing prefix replaced by its real
// path (every symbolic link resolved) and the missing tail appended.
// Refused: what normalAbsolutePath refuses, a dangling or looping link, a
// component that is not a directory, a prefix we may not read.
Expected<std::filesystem::path> resolveRealPath(std::string_view text);

// Whether `path` is `root` or lies below it, by whole components (so
// /var/logs is not under /var/log). Both must be clean absolute paths.
bool isPathUnder(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace unyo
