#pragma once

// `disk.check`: is there headroom on the filesystem holding `path`?
//
//   with: {path: /var, max_used_ratio: 0.85, min_free_bytes: 5GiB, min_free_inodes_ratio: 0.1}
//
//   path                   required, absolute; any file or directory on the filesystem
//   max_used_ratio         fail when used / (used + available) is above it, as df's Use%
//   min_free_bytes         fail when less is available to unprivileged users (df's Avail)
//   min_free_inodes_ratio  fail when a smaller share of inodes is free; filesystems
//                          that report no inode count (btrfs) pass
//
// At least one limit is required. statvfs runs off the loop and may hang on
// a dead NFS server: the action gives up after the step's timeout.
//
// Output: path, size_bytes, free_bytes, avail_bytes, used_ratio,
// inodes_free_ratio (null without inode counts). Read-only, so a dry run
// checks for real. Failure: "/var is 91.2% full (limit 85%)".

#include <memory>

#include "collectors/statfs.h"
#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeDiskCheckAction();
// For tests: statvfs answers from `statFs` (shared: a hung call may outlive the action).
std::unique_ptr<Action> makeDiskCheckAction(std::shared_ptr<collectors::StatFs> statFs);
const ActionDescriptor& diskCheckActionDescriptor();

}  // namespace unyo::playbooks
