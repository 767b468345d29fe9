#pragma once

// Files the agent acts on as root — its config, the playbooks and their
// folders, `from_file` secrets — must not be writable by anyone but root:
// whoever can change a playbook can make root run anything. When the agent
// runs as root, a file or its folder that is writable by group or others,
// or owned by another non-root user, is refused with the path and the
// command that fixes it. Run as another user, the agent gains nothing from
// the files, so nothing is checked.

#include <sys/types.h>

#include <filesystem>

#include "base/error.h"

namespace unyo {

// Checks `path` (a file or a folder; symlinks followed) and, for a file,
// the folder that really holds it. `euid` is the agent's effective user
// (::geteuid(); a parameter so tests can say "not root").
Expected<void> checkTrustedPath(const std::filesystem::path& path, uid_t euid);

}  // namespace unyo
