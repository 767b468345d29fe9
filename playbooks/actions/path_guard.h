#pragma once

// The agent's guard rails for actions that take a folder to act on
// (file.cleanup, backup.verify): the folder's real path must lie inside one
// of playbooks.allowed_paths and outside the agent's own folders. Resolving
// touches the filesystem: call it off the loop, in the action's blocking job.

#include <filesystem>
#include <string>
#include <string_view>

#include "base/error.h"
#include "playbooks/system_access.h"

namespace unyo::playbooks {

// The real path of `path` (the part that exists resolved, the rest as
// written), or an error naming the path, the allowed list and the config key
// when the rails refuse it. `recursive`: the action would also enter the
// folders below `path`, so a forbidden folder below it is refused too.
// `action` names the action in the error ("file.cleanup").
Expected<std::filesystem::path> checkAgainstRails(std::string_view action, std::string_view path,
                                                  const FileGuardRails& rails, bool recursive);

// "[/var/log, /srv]" for an error message.
std::string describeAllowed(const FileGuardRails& rails);

}  // namespace unyo::playbooks
