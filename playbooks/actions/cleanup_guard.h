#pragma once

// Which directories file.cleanup may clean. A path must be absolute and
// plain (no "." or ".." parts); it is refused when it is, or resolves to:
//
//   - the root "/" itself, or
//   - a directory holding the system, or anything below one:
//       /bin /boot /dev /etc /lib /lib32 /lib64 /libx32 /proc /sbin /sys /usr
//   - a top-level directory whose subdirectories are fair game but which is
//     never cleaned as a whole:
//       /home /media /mnt /opt /root /run /srv /tmp /var
//
// so `/var/log/app` and `/srv/backup/old` are allowed, `/var`, `/etc/app`
// and `/usr/local/logs` are not.

#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo::playbooks {

// `path` without repeated or trailing slashes ("/var//log/" -> "/var/log"),
// or an error saying why it must not be cleaned ("file.cleanup refuses to
// clean /etc/app (inside /etc)").
Expected<std::string> checkCleanupRoot(std::string_view path);

// The absolute path of an open directory (from /proc/self/fd), or "" when
// the kernel cannot say.
std::string resolvedPathOf(int directoryFd);

}  // namespace unyo::playbooks
