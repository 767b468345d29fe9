#pragma once

// The config file, parsed into each part's own options. No part reads the
// file itself: the agent hands every part its plain Options struct.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "agent/identity.h"
#include "collectors/error.h"
#include "collectors/options.h"
#include "playbooks/options.h"

namespace unyo::agent {

inline constexpr std::string_view kDefaultConfigPath = "/etc/unyo/unyo.yaml";

enum class ApiRole { read, operate, approve };

struct ApiToken {
  std::string name;
  std::string sha256Hex;  // lower-case hex of the token's SHA-256; the token itself is never stored
  ApiRole role = ApiRole::read;
};

// The `web:` section; becomes exporter::ServerOptions when the server is built.
struct WebOptions {
  std::string listenAddress = ":9877";
};

struct StateOptions {
  std::filesystem::path dir = "/var/lib/unyo";
  std::size_t maxRuns = 5000;
};

struct LaborOptions {
  double hourlyRateJpy = 5000;
};

struct Config {
  std::filesystem::path file;  // where it was read from; relative paths inside resolve against its folder
  Identity identity;
  WebOptions web;
  std::vector<ApiToken> apiTokens;
  collectors::Options collectors;
  playbooks::Options playbooks;
  StateOptions state;
  LaborOptions labor;
};

// Parses config text; `fileName` is used in error locations and to resolve
// relative paths. Every problem is reported, not just the first.
std::expected<Config, Diagnostics> parseConfig(std::string_view text,
                                               const std::filesystem::path& fileName);

// Reads and parses a config file.
std::expected<Config, Diagnostics> loadConfig(const std::filesystem::path& path);

}  // namespace unyo::agent
