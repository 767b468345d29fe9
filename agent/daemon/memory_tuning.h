#pragma once

namespace unyo::agent {

// Tunes glibc's allocator for a small long-running daemon: keep freed
// memory for the next scrape instead of handing it back to the kernel and
// faulting it in again, and use few arenas so idle threads hold no memory.
void tuneAllocatorForDaemon();

}  // namespace unyo::agent
