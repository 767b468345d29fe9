#pragma once

// `backup.verify`: is last night's backup there, fresh, non-empty and intact?
//
//   with: {path: /backup, pattern: "db-*.tar.gz", max_age: 1d, min_size: 1KiB,
//          checksum: true, require_checksum: false, recursive: false}
//
//   path              required, absolute directory (it may be a symlink, e.g. to a mount)
//   pattern           fnmatch(3) glob on the file name, default "*"
//   max_age           required; the newest match must be modified within it
//   min_size          default 1 byte
//   checksum          verify FILE.sha256 next to the file when it exists (default true)
//   require_checksum  fail when FILE.sha256 is missing (default false)
//   recursive         also look in subdirectories (default false)
//
// The newest regular file matching `pattern` (by mtime; *.sha256 files and
// symlinks never count) is checked for age, then size, then checksum: its
// SHA-256, read in 1 MiB chunks off the loop, must equal the sidecar's
// (sha256sum's "HEX  NAME" or a bare HEX, any case).
//
// Output: file, size_bytes, age_seconds, sha256 (null when not computed),
// checksum_verified, files_matched. Read-only, so a dry run checks for real.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeBackupVerifyAction();
const ActionDescriptor& backupVerifyActionDescriptor();

}  // namespace unyo::playbooks
