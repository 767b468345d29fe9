#pragma once

// HTTP Basic authentication against the web config's basic_auth_users,
// whose passwords are bcrypt hashes, as exporter-toolkit does it:
//
// - libcrypt's crypt_r checks the password (no hand-written crypto);
// - an unknown user is checked against a fixed hash, so the time taken
//   does not tell which user names exist;
// - bcrypt takes tens of milliseconds on purpose, so it runs on its own
//   thread, one check at a time, never on the event loop; a check that has
//   not started within `queueTimeout` is given up (the caller answers 503);
// - verdicts are remembered (at most 100), so a scraper that sends the same
//   credentials every 15 seconds pays bcrypt once. The memory is keyed by
//   an HMAC under a key made at start, never by the password itself.

#include <array>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/blocking_pool.h"

namespace unyo::exporter {

using BasicAuthUsers = std::vector<std::pair<std::string, std::string>>;  // user, bcrypt hash

struct BasicCredentials {
  std::string user;
  std::string password;
};

// "Basic dXNlcjpwYXNz" -> {user, pass}; nullopt for any other scheme,
// bad base64, no colon, or a NUL byte (crypt_r would stop reading there).
std::optional<BasicCredentials> parseBasicAuthorization(std::string_view header);

// True when `password` hashes to `hash` (a bcrypt hash); false for any
// error. Blocks for as long as bcrypt's cost says.
bool bcryptMatches(const std::string& password, const std::string& hash);

class BasicAuthVerifier {
 public:
  enum class Verdict { allowed, refused, busy };

  explicit BasicAuthVerifier(std::chrono::milliseconds queueTimeout = std::chrono::seconds(10));
  ~BasicAuthVerifier();
  BasicAuthVerifier(const BasicAuthVerifier&) = delete;
  BasicAuthVerifier& operator=(const BasicAuthVerifier&) = delete;

  // Whether `authorization` (the header's value, maybe empty) names one of
  // `users` with the right password. Call from the event loop.
  boost::asio::awaitable<Verdict> verify(const BasicAuthUsers& users,
                                         std::string_view authorization);

  // bcrypt checks actually run (not answered from memory); for tests.
  std::uint64_t hashesComputed() const { return hashesComputed_; }
  std::size_t rememberedVerdicts() const { return verdicts_.size(); }

 private:
  using Key = std::array<std::uint8_t, 32>;
  Key cacheKey(const BasicCredentials& credentials, const std::string& hash) const;
  void remember(const Key& key, bool allowed);

  std::chrono::milliseconds queueTimeout_;
  std::array<std::uint8_t, 32> hmacKey_{};
  std::map<Key, bool> verdicts_;
  std::uint64_t hashesComputed_ = 0;
  std::unique_ptr<BlockingPool> bcryptThread_;  // last: its thread may still use nothing else
};

}  // namespace unyo::exporter
