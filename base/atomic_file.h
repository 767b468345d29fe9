#pragma once

// Whole-file reads and writes for the state directory that a crash, a
// power cut or a second process cannot leave half done: a new file is
// written beside the old one, flushed to disk, then renamed (or linked)
// into place, and the directory is flushed so the rename survives too.
// A state file that is a symbolic link is refused (O_NOFOLLOW): nobody can
// point the agent's writes, or its reads of approvals, somewhere else.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo {

// Creates `dir` and its parents when missing.
Expected<void> ensureDirectory(const std::filesystem::path& dir);

// Everything left to read from `fd`; `path` names it in errors.
Expected<std::string> readAll(int fd, const std::filesystem::path& path);

// The whole file, or nullopt when it does not exist.
Expected<std::optional<std::string>> readFileIfExists(const std::filesystem::path& path);

// Writes all of `data`, retrying short writes and EINTR.
Expected<void> writeAll(int fd, std::string_view data, const std::filesystem::path& path);

// How far a write must have got when the call returns.
enum class Durability {
  onDisk,     // flushed (fsync): survives a power cut
  pageCache,  // handed to the kernel: survives the process crashing, not
              // necessarily a power cut; for data that can be rebuilt
};

// Replaces (or creates) `path` with `contents`: readers see the old file or
// the new one, never a mix.
Expected<void> replaceFileAtomically(const std::filesystem::path& path, std::string_view contents,
                                     Durability durability = Durability::onDisk);

// Creates `path` with `contents` only if no such file exists, complete or
// not at all. false (and nothing changed) when it already existed.
Expected<bool> createFileAtomically(const std::filesystem::path& path, std::string_view contents);

// Flushes a directory, so renames and links in it survive a power cut.
Expected<void> syncDirectory(const std::filesystem::path& dir);

}  // namespace unyo
