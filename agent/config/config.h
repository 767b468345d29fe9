#pragma once

// The config file, parsed into each part's own options. No part reads the
// file itself: the agent hands every part its plain Options struct.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "agent/config/identity.h"
#include "agent/cost/cost_options.h"
#include "agent/remote_write/remote_write_options.h"
#include "base/error.h"
#include "collectors/options.h"
#include "exporter/bearer_auth.h"
#include "playbooks/options.h"
#include "playbooks/playbook.h"

namespace unyo::agent {

inline constexpr std::string_view kDefaultConfigPath = "/etc/unyo/unyo.yaml";

// The `web:` section; becomes exporter::ServerOptions when the server is built.
struct WebOptions {
  std::string listenAddress = ":9877";
  // The exporter-toolkit web config (TLS, basic auth); empty: plain HTTP.
  // --web.config.file overrides it.
  std::filesystem::path configFile;
  // Serve API tokens over plain HTTP on a non-loopback address anyway.
  bool allowInsecureApi = false;
};

struct StateOptions {
  std::filesystem::path dir = "/var/lib/unyo";
  std::size_t maxRuns = 5000;
};

struct LaborOptions {
  double hourlyRateJpy = 5000;
  // Where the rate comes from ("2026年度 委託単価表"), printed beside it in
  // the report so a reader can check it.
  std::string hourlyRateSource;
  // Whether runs a person started (CLI, API) count toward "saved by
  // automation" in the report; by default they are shown apart, as assisted.
  bool countManualRuns = false;
};

struct Config {
  std::filesystem::path file;  // where it was read from; relative paths inside resolve against its folder
  Identity identity;
  WebOptions web;
  std::vector<exporter::ApiTokenEntry> apiTokens;  // only SHA-256s: tokens are never stored
  collectors::Options collectors;
  playbooks::Options playbooks;
  bool playbookPathsConfigured = false;  // playbooks.paths written in the file (else the default)
  StateOptions state;
  LaborOptions labor;
  CostOptions cost;
  RemoteWriteOptions remoteWrite;
};

// Parses config text; `fileName` is used in error locations and to resolve
// relative paths. Every problem is reported, not just the first.
std::expected<Config, Diagnostics> parseConfig(std::string_view text,
                                               const std::filesystem::path& fileName);

// The playbooks the config points at. A missing default folder
// (/etc/unyo/playbooks on a fresh install) means no playbooks; a missing
// folder the config names is an error.
std::expected<std::vector<playbooks::Playbook>, Diagnostics> loadConfiguredPlaybooks(
    const Config& config);

// Reads and parses a config file.
std::expected<Config, Diagnostics> loadConfig(const std::filesystem::path& path);

// Refuses API tokens sent in clear text over the network: tokens set, a
// listen address others can reach, no TLS, and no web.allow_insecure_api.
// The error says why and the ways out.
Expected<void> checkApiExposure(const Config& config, bool tls);

}  // namespace unyo::agent
