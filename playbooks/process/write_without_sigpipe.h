#pragma once

// write(2) to a pipe whose reader is gone raises SIGPIPE, which ends the
// agent unless it ignores SIGPIPE, a process-wide choice that is not the
// process runner's to make. This write blocks SIGPIPE on the calling thread
// for the call and swallows the signal it raised; the caller sees EPIPE.

#include <sys/types.h>

#include <cstddef>

namespace unyo::playbooks {

ssize_t writeWithoutSigpipe(int fd, const char* data, std::size_t size);

}  // namespace unyo::playbooks
