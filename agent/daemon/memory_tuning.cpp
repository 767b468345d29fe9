#include "agent/daemon/memory_tuning.h"

#include <malloc.h>

namespace unyo::agent {

void tuneAllocatorForDaemon() {
  // Every scrape allocates and frees the same few hundred KiB (exposition
  // text, gzip state). With glibc's defaults the top of the heap is trimmed
  // after each one and faulted back in by the next: measurable kernel time
  // per scrape. Keep up to 4 MiB instead.
  mallopt(M_TRIM_THRESHOLD, 4 << 20);
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_TOP_PAD, 256 << 10);
  // The loop, the sampler and the statfs threads: two arenas are plenty, and
  // each further arena would keep its own free memory resident.
  mallopt(M_ARENA_MAX, 2);
}

}  // namespace unyo::agent
