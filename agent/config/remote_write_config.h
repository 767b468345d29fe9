#pragma once

// Reads the config's `remote_write:` list into RemoteWriteOptions. Kept
// apart from config_loader.cpp: an endpoint has rules of its own (reserved
// headers, one kind of credentials, TLS only over https).

#include <filesystem>

#include "agent/remote_write/remote_write_options.h"
#include "base/yaml_reader.h"

namespace unyo::agent {

// Reads `remote_write:` from the top-level mapping, if present; relative
// file paths resolve against `base` (the config file's folder). Every
// problem goes to `top.file()`'s diagnostics as FILE:LINE:COL.
void readRemoteWrite(yaml::YamlMap& top, RemoteWriteOptions& out,
                     const std::filesystem::path& base);

}  // namespace unyo::agent
