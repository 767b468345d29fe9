// Basic auth against bcrypt hashes: libcrypt decides, unknown users are
// refused after the same work, and a scraper's repeated credentials cost
// bcrypt once.

#include "exporter/basic_auth.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace unyo::exporter {
namespace {

// bcrypt("secret", cost 4) in the three prefixes htpasswd, Go and PHP write.
constexpr std::string_view kSecret2y =
    "$2y$04$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS";
constexpr std::string_view kSecret2a =
    "$2a$04$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS";
constexpr std::string_view kSecret2b =
    "$2b$04$cw0tlR37jOVYQ25eDbNd2OoEPpKB8oU7ekmSRiL9jca3nS4P5NWhS";

// "Basic " + base64("alice:secret") and friends, encoded outside the code.
constexpr std::string_view kAliceSecret = "Basic YWxpY2U6c2VjcmV0";
constexpr std::string_view kAliceWrong = "Basic YWxpY2U6d3Jvbmc=";         // alice:wrong
constexpr std::string_view kMallorySecret = "Basic bWFsbG9yeTpzZWNyZXQ=";  // mallory:secret

// The test's own base64, so the parser is not checked against itself.
std::string basicHeader(const std::string& user, const std::string& password) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = user + ":" + password;
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t chunk = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      chunk = (chunk << 8) | (j < n ? static_cast<unsigned char>(in[i + j]) : 0U);
    }
    for (std::size_t j = 0; j < 4; ++j) {
      out += j <= n ? kAlphabet[(chunk >> (18 - 6 * j)) & 0x3F] : '=';
    }
  }
  return "Basic " + out;
}

BasicAuthVerifier::Verdict verify(BasicAuthVerifier& verifier, const BasicAuthUsers& users,
                                  std::string_view header) {
  boost::asio::io_context io;
  BasicAuthVerifier::Verdict verdict = BasicAuthVerifier::Verdict::busy;
  boost::asio::co_spawn(io, verifier.verify(users, header),
                        [&](std::exception_ptr error, BasicAuthVerifier::Verdict v) {
                          EXPECT_FALSE(error);
                          verdict = v;
                        });
  io.run();
  return verdict;
}

TEST(BasicAuthTest, ParsesTheHeaderAsRfc7617Says) {
  auto credentials = parseBasicAuthorization(kAliceSecret);
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->user, "alice");
  EXPECT_EQ(credentials->password, "secret");
  EXPECT_EQ(basicHeader("alice", "secret"), kAliceSecret);
  // The scheme is case-insensitive; the password may hold colons.
  credentials = parseBasicAuthorization("basic YWxpY2U6czpl");  // alice:s:e
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->password, "s:e");
  EXPECT_FALSE(parseBasicAuthorization("Bearer YWxpY2U6c2VjcmV0"));
  EXPECT_FALSE(parseBasicAuthorization("Basic not*base64"));
  EXPECT_FALSE(parseBasicAuthorization("Basic YWxpY2U="));              // "alice": no colon
  EXPECT_FALSE(parseBasicAuthorization("Basic YWxpY2U6AHNlY3JldA=="));  // NUL in the password
  EXPECT_FALSE(parseBasicAuthorization("Basic " + std::string(2000, 'A')));
  EXPECT_FALSE(parseBasicAuthorization(""));
}

TEST(BasicAuthTest, LibcryptChecksEveryBcryptPrefix) {
  for (std::string_view hash : {kSecret2y, kSecret2a, kSecret2b}) {
    EXPECT_TRUE(bcryptMatches("secret", std::string(hash))) << hash;
    EXPECT_FALSE(bcryptMatches("Secret", std::string(hash))) << hash;
  }
  EXPECT_FALSE(bcryptMatches("secret", "not a hash"));
  EXPECT_FALSE(bcryptMatches("secret", ""));
}

TEST(BasicAuthTest, AllowsTheRightPasswordOnly) {
  BasicAuthVerifier verifier;
  const BasicAuthUsers users{{"alice", std::string(kSecret2y)}};
  EXPECT_EQ(verify(verifier, users, kAliceSecret), BasicAuthVerifier::Verdict::allowed);
  EXPECT_EQ(verify(verifier, users, kAliceWrong), BasicAuthVerifier::Verdict::refused);
  EXPECT_EQ(verify(verifier, users, ""), BasicAuthVerifier::Verdict::refused);
}

TEST(BasicAuthTest, AnUnknownUserCostsABcryptCheckAndIsRefused) {
  BasicAuthVerifier verifier;
  const BasicAuthUsers users{{"alice", std::string(kSecret2y)}};
  // Same password as alice's: the fixed stand-in hash is what is checked.
  EXPECT_EQ(verify(verifier, users, kMallorySecret), BasicAuthVerifier::Verdict::refused);
  EXPECT_EQ(verifier.hashesComputed(), 1U);
}

TEST(BasicAuthTest, RepeatedCredentialsAreCheckedOnce) {
  BasicAuthVerifier verifier;
  const BasicAuthUsers users{{"alice", std::string(kSecret2y)}};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(verify(verifier, users, kAliceSecret), BasicAuthVerifier::Verdict::allowed);
    EXPECT_EQ(verify(verifier, users, kAliceWrong), BasicAuthVerifier::Verdict::refused);
  }
  EXPECT_EQ(verifier.hashesComputed(), 2U);
}

TEST(BasicAuthTest, AChangedHashIsCheckedAfresh) {
  BasicAuthVerifier verifier;
  EXPECT_EQ(verify(verifier, {{"alice", std::string(kSecret2y)}}, kAliceSecret),
            BasicAuthVerifier::Verdict::allowed);
  // The password was changed in the file: the remembered verdict must not
  // let the old password in.
  const std::string otherHash = "$2y$04$AAAAAAAAAAAAAAAAAAAAAOmFYdQk6EKGEBLlUFiBkKD3Oy4ZnqTSm";
  EXPECT_EQ(verify(verifier, {{"alice", otherHash}}, kAliceSecret),
            BasicAuthVerifier::Verdict::refused);
  EXPECT_EQ(verifier.hashesComputed(), 2U);
}

TEST(BasicAuthTest, RemembersABoundedNumberOfVerdicts) {
  BasicAuthVerifier verifier;
  const BasicAuthUsers users{{"alice", std::string(kSecret2y)}};
  for (int i = 0; i < 150; ++i) {
    EXPECT_EQ(verify(verifier, users, basicHeader("alice", "guess" + std::to_string(i))),
              BasicAuthVerifier::Verdict::refused);
  }
  EXPECT_EQ(verifier.hashesComputed(), 150U);
  EXPECT_LE(verifier.rememberedVerdicts(), 100U);
  EXPECT_EQ(verify(verifier, users, kAliceSecret), BasicAuthVerifier::Verdict::allowed);
}

}  // namespace
}  // namespace unyo::exporter
