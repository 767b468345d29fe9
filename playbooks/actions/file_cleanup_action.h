#pragma once

// `file.cleanup`: deletes old files under one directory.
//
//   with: {path: /var/log/app, pattern: "*.log", older_than: 30d, recursive: true,
//          keep_newest: 5, max_delete: 10000, remove_empty_dirs: false}
//
//   path               required; absolute; refused when it is (or resolves to) "/",
//                      a system directory or a top-level one (see cleanup_guard.h)
//   pattern            fnmatch(3) glob on the file name, default "*" (dot files match too)
//   older_than         required; a file is old enough when its mtime is at least this
//                      long before now. Deleting everything takes an explicit 0s;
//                      files dated in the future are never old enough.
//   recursive          also look in subdirectories (default false)
//   keep_newest        the N newest files matching the pattern, old or not, are kept
//                      (default 0)
//   max_delete         delete at most this many, the oldest first, and report
//                      limited: true (default 10000)
//   remove_empty_dirs  remove a subdirectory this run left empty; never `path`
//                      itself, never a directory that was empty before (default false)
//
// Only regular files are deleted: never symlinks (nor what they point to),
// devices, sockets or fifos, and symlinked directories are not entered
// (the walk uses directory fds only; see directory_walk.h).
//
// Output: path, files_matched, files_deleted, bytes_freed, files_kept
// (matched but not deleted), dirs_removed, limited, dry_run, sample (the
// first 20 paths deleted; in a dry run the first 100 it would delete),
// errors (files that could not be examined or deleted: not fatal) and
// first_errors. A dry run walks and chooses the same way, deletes nothing
// and adds would_delete, would_free_bytes and would_remove_dirs.
// changed = something was deleted.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeFileCleanupAction();
const ActionDescriptor& fileCleanupActionDescriptor();

}  // namespace unyo::playbooks
