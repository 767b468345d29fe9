#pragma once

// Sizes and ages as an operator reads them in a summary or an error:
// "3.4 MiB", "2d3h". Exact spellings for `with:` values are duration.h's.

#include <chrono>
#include <cstdint>
#include <string>

namespace unyo::playbooks {

// Bytes in binary units with one decimal from KiB up: "512 bytes",
// "1 byte", "3.4 MiB", "1.0 GiB".
std::string formatBytes(std::uint64_t bytes);

// An age rounded down to its two largest units: 2d3h, 5h12m, 2d, 4m, 42s.
// Negative ages (a file dated in the future) read as "0s".
std::string formatAge(std::chrono::seconds age);

}  // namespace unyo::playbooks
