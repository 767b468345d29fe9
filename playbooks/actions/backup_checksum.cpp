// SHA-256 of a file and its sidecar (declared in backup_checksum.h).

#include "playbooks/actions/backup_checksum.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "base/unique_fd.h"

namespace unyo::playbooks {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kSha256HexLength = 64;
constexpr off_t kMaxSidecarBytes = 64 * 1024;
constexpr int kOpenFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;

struct DigestContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

std::string toHex(const unsigned char* data, unsigned int length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kDigits[data[i] >> 4];
    hex += kDigits[data[i] & 0xf];
  }
  return hex;
}

bool isSha256Hex(std::string_view text) {
  if (text.size() != kSha256HexLength) return false;
  for (const char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string_view baseName(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

Expected<std::string> sha256OfFile(int fd, const std::function<bool()>& inTime) {
  std::unique_ptr<EVP_MD_CTX, DigestContextFree> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return fail("cannot start SHA-256 (OpenSSL)");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<unsigned char> chunk(kChunkBytes);
  while (true) {
    if (!inTime()) return fail("ran out of time");
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(std::string("read failed: ") + std::strerror(errno));
    }
    if (got == 0) break;
    if (EVP_DigestUpdate(context.get(), chunk.data(), static_cast<std::size_t>(got)) != 1) {
      return fail("SHA-256 update failed (OpenSSL)");
    }
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1) {
    return fail("SHA-256 final failed (OpenSSL)");
  }
  return toHex(digest.data(), length);
}

Expected<std::string> parseSha256Sidecar(std::string_view text, std::string_view fileName) {
  std::vector<std::pair<std::string_view, std::string_view>> entries;  // (hex, name)
  while (!text.empty()) {
    const auto newline = text.find('\n');
    const std::string_view line = trim(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.find_first_of(" \t");
    const std::string_view hex = line.substr(0, space);
    if (!isSha256Hex(hex)) return fail("not in sha256sum format (\"HEX  NAME\" or \"HEX\")");
    std::string_view name = space == std::string_view::npos ? "" : trim(line.substr(space));
    if (name.starts_with('*')) name.remove_prefix(1);  // sha256sum --binary
    entries.emplace_back(hex, name);
  }
  if (entries.empty()) return fail("is empty");
  for (const auto& [hex, name] : entries) {
    if (baseName(name) == fileName) return lowercase(hex);
  }
  if (entries.size() == 1 && entries.front().second.empty())
    return lowercase(entries.front().first);
  return fail("has no line for " + std::string(fileName));
}

SidecarCheck checkAgainstSidecar(int directoryFd, const std::string& name, ino_t inode,
                                 const std::function<bool()>& inTime) {
  SidecarCheck check;
  const std::string sidecarName = name + ".sha256";
  const UniqueFd sidecar(::openat(directoryFd, sidecarName.c_str(), kOpenFlags));
  if (!sidecar.valid()) {
    if (errno != ENOENT) check.problem = sidecarName + ": " + std::strerror(errno);
    return check;
  }
  check.sidecarFound = true;
  struct stat st {};
  if (::fstat(sidecar.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxSidecarBytes) {
    check.problem = sidecarName + ": not a small regular file";
    return check;
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  const ssize_t got = ::pread(sidecar.get(), text.data(), text.size(), 0);
  if (got < 0) {
    check.problem = sidecarName + ": " + std::strerror(errno);
    return check;
  }
  text.resize(static_cast<std::size_t>(got));
  auto expected = parseSha256Sidecar(text, name);
  if (!expected) {
    check.problem = sidecarName + " " + expected.error().message;
    return check;
  }
  check.expected = std::move(*expected);

  const UniqueFd file(::openat(directoryFd, name.c_str(), kOpenFlags));
  if (!file.valid() || ::fstat(file.get(), &st) != 0) {
    check.problem = name + ": " + std::strerror(errno);
    return check;
  }
  if (!S_ISREG(st.st_mode) || st.st_ino != inode) {
    check.problem = name + ": replaced while being checked";
    return check;
  }
  auto actual = sha256OfFile(file.get(), inTime);
  if (!actual) {
    check.problem = "checksum of " + name + ": " + actual.error().message;
    return check;
  }
  check.actual = std::move(*actual);
  return check;
}

}  // namespace unyo::playbooks
