#pragma once

// Who a command run from a shell acts for, as run records and approvals
// name it: "cli:" and the effective user's name ("cli:root"), or the uid
// when the name cannot be looked up.

#include <string>

namespace unyo::agent {

std::string cliRequester();

}  // namespace unyo::agent
