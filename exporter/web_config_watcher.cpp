#include "exporter/web_config_watcher.h"

#include <sys/stat.h>

#include <utility>

namespace unyo::exporter {
namespace {

// The config file first, then the PEM files it names.
std::vector<std::filesystem::path> filesNamedBy(const std::filesystem::path& file,
                                                const WebConfig& config) {
  std::vector<std::filesystem::path> files{file};
  if (config.tls) {
    for (const PemSource* pem : {&config.tls->cert, &config.tls->key, &config.tls->clientCa}) {
      if (!pem->file.empty()) files.push_back(pem->file);
    }
  }
  return files;
}

// The TLS context for a parsed config.
std::expected<ActiveWebConfig, Diagnostics> activate(WebConfig config) {
  ActiveWebConfig active;
  if (config.tls) {
    // Asio throws where OpenSSL cannot even allocate a context; that must
    // not escape into the accept loop that asked for a reload.
    std::expected<TlsContextPtr, Diagnostics> context;
    try {
      context = buildTlsContext(*config.tls);
    } catch (const std::exception& e) {
      Diagnostics diagnostics;
      diagnostics.add(Error(config.file.string() + ": cannot set up TLS: " + e.what()));
      return std::unexpected(std::move(diagnostics));
    }
    if (!context) return std::unexpected(std::move(context.error()));
    active.tls = std::move(*context);
  }
  active.config = std::move(config);
  return active;
}

}  // namespace

bool WebConfigWatcher::Stamp::operator==(const Stamp& other) const {
  const auto same = [](const timespec& a, const timespec& b) {
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
  };
  return device == other.device && inode == other.inode && size == other.size &&
         same(modified, other.modified) && same(changed, other.changed);
}

std::expected<ActiveWebConfig, Diagnostics> loadWebConfig(const std::filesystem::path& file) {
  auto config = readWebConfig(file);
  if (!config) return std::unexpected(std::move(config.error()));
  return activate(std::move(*config));
}

std::expected<std::shared_ptr<WebConfigWatcher>, Diagnostics> WebConfigWatcher::open(
    const std::filesystem::path& file, Reporter report, FileCheck check) {
  const std::filesystem::path absolute = std::filesystem::absolute(file);
  if (check) {
    if (auto trusted = check(absolute); !trusted) {
      Diagnostics diagnostics;
      diagnostics.add(trusted.error());
      return std::unexpected(std::move(diagnostics));
    }
  }
  auto active = loadWebConfig(absolute);
  if (!active) return std::unexpected(std::move(active.error()));
  return std::shared_ptr<WebConfigWatcher>(
      new WebConfigWatcher(absolute, std::move(report), std::move(check), std::move(*active)));
}

WebConfigWatcher::WebConfigWatcher(std::filesystem::path file, Reporter report, FileCheck check,
                                   ActiveWebConfig active)
    : file_(std::move(file)),
      report_(std::move(report)),
      check_(std::move(check)),
      servesTls_(active.tls != nullptr) {
  watched_ = filesNamedBy(file_, active.config);
  seen_ = stampWatched();
  active_ = std::make_shared<const ActiveWebConfig>(std::move(active));
}

WebConfigWatcher::Stamp WebConfigWatcher::stampOf(const std::filesystem::path& path) {
  Stamp stamp;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    stamp = {info.st_dev, info.st_ino, info.st_size, info.st_mtim, info.st_ctim};
  }
  return stamp;
}

std::vector<WebConfigWatcher::Stamp> WebConfigWatcher::stampWatched() const {
  std::vector<Stamp> out;
  out.reserve(watched_.size());
  for (const auto& path : watched_) out.push_back(stampOf(path));
  return out;
}

std::shared_ptr<const ActiveWebConfig> WebConfigWatcher::current() {
  if (stampWatched() != seen_) reload();
  return active_;
}

void WebConfigWatcher::reload() {
  // Each file is stamped before it is read: a change made while we read is
  // seen on the next call.
  const Stamp configStamp = stampOf(file_);
  if (check_) {
    if (auto trusted = check_(file_); !trusted) {
      seen_ = stampWatched();
      seen_.front() = configStamp;
      if (report_) report_(false, trusted.error().toString());
      return;
    }
  }
  auto config = readWebConfig(file_);
  if (config) watched_ = filesNamedBy(file_, *config);
  seen_ = stampWatched();
  seen_.front() = configStamp;
  const auto refuse = [this](const std::string& why) {
    if (report_) report_(false, why);
  };
  if (!config) return refuse(config.error().toString());
  if (config->tls.has_value() != servesTls_) {
    return refuse(file_.string() + ": tls_server_config was " + (servesTls_ ? "removed" : "added") +
                  "; turning TLS on or off needs a restart, keeping the running web config");
  }
  auto active = activate(std::move(*config));
  if (!active) return refuse(active.error().toString());
  active_ = std::make_shared<const ActiveWebConfig>(std::move(*active));
  if (report_) report_(true, file_.string());
}

}  // namespace unyo::exporter
