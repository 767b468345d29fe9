#pragma once

// Durations ("500ms", "15s", "5m", "2h", "7d", "1h30m") and byte sizes
// ("512KiB", "10GiB", "100MB", "4096"), as config files and playbooks write them.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"

namespace unyo {

// A duration is one or more <number><unit> parts, unit one of ms s m h d w.
// The error message says what was wrong, without location (callers add it).
Expected<std::chrono::milliseconds> parseDuration(std::string_view text);

// Bytes: a plain integer, or a number with B, KB/MB/GB/TB (powers of 1000) or
// KiB/MiB/GiB/TiB (powers of 1024).
Expected<std::uint64_t> parseByteSize(std::string_view text);

// The shortest exact spelling: 90000ms -> "1m30s", 0 -> "0s".
std::string formatDuration(std::chrono::milliseconds d);

}  // namespace unyo
