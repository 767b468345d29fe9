#include "exporter/basic_auth.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>

#include "base/await_blocking.h"
#include "exporter/http_message.h"

namespace unyo::exporter {
namespace {

constexpr std::size_t kMaxRememberedVerdicts = 100;
// Credentials longer than this are refused unread: bcrypt reads 72 bytes
// and a header is bounded anyway; this bounds the work per request.
constexpr std::size_t kMaxCredentialBytes = 1024;
// bcrypt("fakepassword", cost 10): what an unknown user is checked against,
// so the answer takes as long as for a known one.
constexpr std::string_view kUnknownUserHash =
    "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

std::optional<std::string> decodeBase64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > kMaxCredentialBytes) {
    return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  std::size_t padding = 0;
  if (text.ends_with("==")) {
    padding = 2;
  } else if (text.ends_with('=')) {
    padding = 1;
  }
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

}  // namespace

std::optional<BasicCredentials> parseBasicAuthorization(std::string_view header) {
  constexpr std::string_view kScheme = "basic ";
  if (header.size() <= kScheme.size() ||
      !equalsIgnoringCase(header.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view encoded = header.substr(kScheme.size());
  while (!encoded.empty() && encoded.front() == ' ') encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  auto decoded = decodeBase64(encoded);
  if (!decoded || decoded->find('\0') != std::string::npos) return std::nullopt;
  const std::size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

bool bcryptMatches(const std::string& password, const std::string& hash) {
  // crypt_data is about 32 KiB: not for the stack of a pool thread.
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_r(password.c_str(), hash.c_str(), data.get());
  // libxcrypt answers "*0"/"*1" (or NULL) on failure: never equal to a hash.
  if (result == nullptr || std::strlen(result) != hash.size()) return false;
  return CRYPTO_memcmp(result, hash.data(), hash.size()) == 0;
}

BasicAuthVerifier::BasicAuthVerifier(std::chrono::milliseconds queueTimeout)
    : queueTimeout_(queueTimeout), bcryptThread_(std::make_unique<BlockingPool>(1)) {
  if (RAND_bytes(hmacKey_.data(), static_cast<int>(hmacKey_.size())) != 1) {
    // Without randomness the key is merely predictable; the memory still
    // never holds a password.
    std::fill(hmacKey_.begin(), hmacKey_.end(), std::uint8_t{0x5a});
  }
}

BasicAuthVerifier::~BasicAuthVerifier() = default;

BasicAuthVerifier::Key BasicAuthVerifier::cacheKey(const BasicCredentials& credentials,
                                                   const std::string& hash) const {
  std::string message = credentials.user;
  message += '\0';
  message += hash;
  message += '\0';
  message += credentials.password;
  Key key{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), hmacKey_.data(), static_cast<int>(hmacKey_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), key.data(), &length);
  OPENSSL_cleanse(message.data(), message.size());
  return key;
}

void BasicAuthVerifier::remember(const Key& key, bool allowed) {
  if (verdicts_.size() >= kMaxRememberedVerdicts) {
    // Keys are HMACs, so the first entries of the map are a random sample.
    auto last = verdicts_.begin();
    std::advance(last, static_cast<long>(kMaxRememberedVerdicts / 10));
    verdicts_.erase(verdicts_.begin(), last);
  }
  verdicts_[key] = allowed;
}

boost::asio::awaitable<BasicAuthVerifier::Verdict> BasicAuthVerifier::verify(
    const BasicAuthUsers& users, std::string_view authorization) {
  auto credentials = parseBasicAuthorization(authorization);
  if (!credentials) co_return Verdict::refused;
  const auto user = std::find_if(users.begin(), users.end(), [&](const auto& entry) {
    return entry.first == credentials->user;
  });
  const bool known = user != users.end();
  std::string hash = known ? user->second : std::string(kUnknownUserHash);

  const Key key = cacheKey(*credentials, hash);
  if (auto found = verdicts_.find(key); found != verdicts_.end()) {
    co_return found->second&& known ? Verdict::allowed : Verdict::refused;
  }
  auto check = [password = credentials->password, hash]() mutable {
    const bool matches = bcryptMatches(password, hash);
    OPENSSL_cleanse(password.data(), password.size());
    return matches;
  };
  OPENSSL_cleanse(credentials->password.data(), credentials->password.size());
  const std::optional<bool> matches =
      co_await awaitWithin(*bcryptThread_, queueTimeout_, std::move(check));
  if (!matches) co_return Verdict::busy;
  ++hashesComputed_;
  const bool allowed = known && *matches;
  remember(key, allowed);
  co_return allowed ? Verdict::allowed : Verdict::refused;
}

}  // namespace unyo::exporter
