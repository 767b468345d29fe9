// writeWithoutSigpipe: see the header.

#include "playbooks/process/write_without_sigpipe.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace unyo::playbooks {

ssize_t writeWithoutSigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipeOnly;
  sigset_t previous;
  sigset_t pending;
  ::sigemptyset(&pipeOnly);
  ::sigaddset(&pipeOnly, SIGPIPE);
  // A SIGPIPE pending from elsewhere is not ours to swallow.
  ::sigpending(&pending);
  const bool alreadyPending = ::sigismember(&pending, SIGPIPE) == 1;
  ::pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous);
  const ssize_t n = ::write(fd, data, size);
  const int err = errno;
  if (n < 0 && err == EPIPE && !alreadyPending) {
    const struct timespec noWait {};
    while (::sigtimedwait(&pipeOnly, nullptr, &noWait) < 0 && errno == EINTR) {
    }
  }
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = err;
  return n;
}

}  // namespace unyo::playbooks
