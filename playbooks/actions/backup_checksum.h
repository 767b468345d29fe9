#pragma once

// SHA-256 of a (possibly very large) file, and the `sha256sum` sidecar that
// vouches for it. Blocking: run off the loop.

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo::playbooks {

// Lowercase hex SHA-256 of what `fd` reads from its current offset to the
// end, in 1 MiB chunks. Fails on a read error, or when `inTime` turns false
// between chunks.
Expected<std::string> sha256OfFile(int fd, const std::function<bool()>& inTime);

// The digest a sidecar states for `fileName`. Accepts what sha256sum
// writes ("HEX  name", "HEX *name", one line per file; the line whose name,
// without directories, is `fileName` counts) and a bare "HEX". Hex digits
// may be in either case; the result is lowercase.
Expected<std::string> parseSha256Sidecar(std::string_view text, std::string_view fileName);

// What a backup's sidecar `NAME.sha256` (in the same directory) says and
// what the file hashes to. The file is opened by name relative to
// `directoryFd`, without following symlinks, and must still be `inode`.
struct SidecarCheck {
  bool sidecarFound = false;
  std::string expected;  // lowercase hex, from the sidecar
  std::string actual;    // lowercase hex, computed; empty when not computed
  std::string problem;   // the sidecar or the file could not be read
};

SidecarCheck checkAgainstSidecar(int directoryFd, const std::string& name, ino_t inode,
                                 const std::function<bool()>& inTime);

}  // namespace unyo::playbooks
