#include "agent/cli/cli_requester.h"

#include <pwd.h>
#include <unistd.h>

#include <array>

namespace unyo::agent {

std::string cliRequester() {
  struct passwd entry {};
  struct passwd* found = nullptr;
  std::array<char, 4096> buffer{};
  const uid_t uid = ::geteuid();
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) {
    return std::string("cli:") + found->pw_name;
  }
  return "cli:" + std::to_string(uid);
}

}  // namespace unyo::agent
