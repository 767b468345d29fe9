#pragma once

#include <string>
#include <string_view>

namespace unyo::agent {

std::string_view version();
// "unyo 0.1.0 (built 2026-11-28 with g++ 12.2.0, Boost 1.74, ...)"
std::string buildInfo();

}  // namespace unyo::agent
