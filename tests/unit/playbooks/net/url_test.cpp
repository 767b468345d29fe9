#include "playbooks/net/url.h"

#include <gtest/gtest.h>

namespace unyo::playbooks::net {
namespace {

Url parsed(std::string_view text) {
  auto url = parseUrl(text);
  EXPECT_TRUE(url.has_value()) << text << ": " << url.error().message;
  return url.value_or(Url{});
}

std::string problem(std::string_view text) {
  auto url = parseUrl(text);
  return url ? "(parsed)" : url.error().message;
}

TEST(UrlTest, SplitsSchemeHostPortAndTarget) {
  const Url url = parsed("HTTPS://App01.Example.lg.jp:8443/health?full=1#top");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "app01.example.lg.jp");
  EXPECT_EQ(url.port, 8443);
  EXPECT_EQ(url.target, "/health?full=1");
  EXPECT_EQ(url.authority(), "app01.example.lg.jp:8443");
  EXPECT_EQ(url.toString(), "https://app01.example.lg.jp:8443/health?full=1");
}

TEST(UrlTest, DefaultsPortAndPath) {
  EXPECT_EQ(parsed("http://10.0.0.5").port, 80);
  EXPECT_EQ(parsed("http://10.0.0.5").target, "/");
  EXPECT_EQ(parsed("https://example.org?q=1").target, "/?q=1");
  EXPECT_EQ(parsed("https://example.org:443/").authority(), "example.org");
}

TEST(UrlTest, ReadsBracketedIpv6) {
  const Url url = parsed("http://[::1]:9877/metrics");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 9877);
  EXPECT_EQ(url.authority(), "[::1]:9877");
}

TEST(UrlTest, ExplainsWhatIsWrong) {
  EXPECT_EQ(problem("example.org/health"), "expected an http:// or https:// URL");
  EXPECT_EQ(problem("ftp://example.org/"),
            "only http:// and https:// URLs are supported, not ftp://");
  EXPECT_EQ(problem("http:///path"), "the URL has no host");
  EXPECT_EQ(problem("http://host:0/"), "the port must be a number from 1 to 65535");
  EXPECT_EQ(problem("http://host:99999/"), "the port must be a number from 1 to 65535");
  EXPECT_EQ(problem("http://host:/"), "the port must be a number from 1 to 65535");
  EXPECT_EQ(problem("http://[::1/"), "an IPv6 address needs a closing ']'");
  EXPECT_EQ(problem("http://a b/"), "the URL must not contain spaces or control characters");
  EXPECT_EQ(problem("http://admin:hunter2@host/"),
            "credentials in the URL are not supported; send them in \"headers\"");
}

TEST(UrlTest, ResolvesRedirectLocations) {
  const Url base = parsed("http://host:8080/app/health?x=1");
  auto at = [&](std::string_view location) {
    auto next = resolveLocation(base, location);
    return next ? next->toString() : "error: " + next.error().message;
  };
  EXPECT_EQ(at("https://other/x"), "https://other/x");
  EXPECT_EQ(at("//other:81/x"), "http://other:81/x");
  EXPECT_EQ(at("/login"), "http://host:8080/login");
  EXPECT_EQ(at("ready"), "http://host:8080/app/ready");
  EXPECT_EQ(at("?y=2"), "http://host:8080/app/health?y=2");
  EXPECT_EQ(at("/next#frag"), "http://host:8080/next");
}

}  // namespace
}  // namespace unyo::playbooks::net
