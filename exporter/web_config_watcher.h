#pragma once

// The web config file in force, re-read when it or a certificate, key or
// client CA file it names changes: a rotated certificate is served to the
// next connection without a restart, and a changed user list applies to
// the next request. Changes are noticed by comparing each file's device,
// inode, size, modification and change times (a few stat calls per request
// and per connection; the change time also moves on chmod and chown);
// nothing polls in between.
//
// A change that does not load (a typo, a key written before its
// certificate) is reported and the last good config stays in force; the
// same files are not tried again until they change once more. TLS cannot be
// turned on or off without a restart: the listening socket speaks one or
// the other.
//
// Lives on the event loop: not thread-safe.

#include <sys/types.h>

#include <ctime>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/error.h"
#include "exporter/tls_context.h"
#include "exporter/web_config.h"

namespace unyo::exporter {

// A parsed web config and the TLS context built from it.
struct ActiveWebConfig {
  WebConfig config;
  TlsContextPtr tls;  // null: plain HTTP
};

// Reads `file` and builds its TLS context: every error, located.
std::expected<ActiveWebConfig, Diagnostics> loadWebConfig(const std::filesystem::path& file);

class WebConfigWatcher {
 public:
  // Told of every reload: `ok` false with the errors when the new files
  // were refused.
  using Reporter = std::function<void(bool ok, const std::string& message)>;
  // Asked before every read of the file, at open and at each reload: the
  // agent's "only root may write it" check (base/file_trust.h) when it runs
  // as root. A refusal keeps the running config.
  using FileCheck = std::function<Expected<void>(const std::filesystem::path&)>;

  static std::expected<std::shared_ptr<WebConfigWatcher>, Diagnostics> open(
      const std::filesystem::path& file, Reporter report = {}, FileCheck check = {});

  // The config to use now, re-read first when a file changed.
  std::shared_ptr<const ActiveWebConfig> current();
  // Whether connections must handshake TLS; fixed for the process.
  bool servesTls() const { return servesTls_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  struct Stamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = -1;
    timespec modified{};
    timespec changed{};
    bool operator==(const Stamp& other) const;
  };

  WebConfigWatcher(std::filesystem::path file, Reporter report, FileCheck check,
                   ActiveWebConfig active);
  static Stamp stampOf(const std::filesystem::path& path);
  std::vector<Stamp> stampWatched() const;
  void reload();

  std::filesystem::path file_;
  Reporter report_;
  FileCheck check_;
  std::shared_ptr<const ActiveWebConfig> active_;
  bool servesTls_ = false;
  std::vector<Stamp> seen_;                     // of the files last tried, good or bad
  std::vector<std::filesystem::path> watched_;  // the config file first, then its PEM files
};

}  // namespace unyo::exporter
