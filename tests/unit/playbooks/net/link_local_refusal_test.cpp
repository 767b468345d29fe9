// http.check and notify.webhook refuse link-local and cloud metadata
// addresses unless the step sets allow_link_local. Nothing here may reach
// beyond this host, even if the refusal broke: the actions are only ever
// pointed at fe80::1 without an interface, which the kernel refuses to
// connect to (EINVAL) without sending a packet, and every other address form
// (169.254.169.254, its decimal and hex spellings, 100.100.100.200, …) goes
// through resolveAllowed(), which resolves and decides but never connects.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "playbooks/actions/http_check_action.h"
#include "playbooks/actions/notify_webhook_action.h"
#include "playbooks/net/connect.h"
#include "unit/playbooks/process/coroutine_support.h"
#include "unit/playbooks/net/net_test_system.h"
#include "unit/playbooks/net/test_servers.h"

namespace unyo::playbooks {
namespace {

using exporter::HttpRequest;
using exporter::HttpResponse;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::with;

constexpr auto kShort = std::chrono::milliseconds(500);
constexpr const char* kHowToAllow = "set allow_link_local: true on the step to allow it";

class LinkLocalRefusalTest : public ::testing::Test {
 protected:
  ActionResult check(Value withValue) {
    return system_.run(httpCheckActionDescriptor(), std::move(withValue), false, kShort);
  }
  ActionResult notify(Value withValue) {
    return system_.run(notifyWebhookActionDescriptor(), std::move(withValue), false, kShort);
  }
  std::string localhostUrl(const std::string& path) const {
    return "http://localhost:" + std::to_string(server_.port()) + path;
  }

  std::atomic<int> requests_{0};
  testing::NetTestSystem system_;
  testing::BackgroundHttpServer server_{[this](exporter::Router& router) {
    router.addSync("GET", "/health", [this](const HttpRequest&) {
      ++requests_;
      return HttpResponse::text(200, "status: OK");
    });
    router.addSync("POST", "/hook", [this](const HttpRequest&) {
      ++requests_;
      return HttpResponse::text(200, "noted");
    });
    router.addSync("GET", "/to-metadata", [](const HttpRequest&) {
      HttpResponse response = HttpResponse::text(302, "");
      response.headers.emplace_back("Location", "http://[fe80::1]:9/latest/meta-data/");
      return response;
    });
  }};
};

// What the name resolves to decides, with the host and the address named.
std::string refusalOf(const std::string& host) {
  boost::asio::io_context io;
  net::Watchdog watchdog(io.get_executor(), std::chrono::seconds(5));
  const net::AddressPolicy policy;
  auto resolved = testing::runToCompletion(io, net::resolveAllowed(host, 9, policy, watchdog));
  return resolved ? std::string() : resolved.error().message;
}

TEST(LinkLocalResolveTest, TheMetadataAddressIsRefusedWithTheHostAddressAndTheWayOut) {
  EXPECT_EQ(refusalOf("169.254.169.254"),
            "refusing to connect to \"169.254.169.254\" (169.254.169.254): a cloud metadata "
            "address; set allow_link_local: true on the step to allow it");
}

TEST(LinkLocalResolveTest, EveryLinkLocalOrMetadataFormIsRefused) {
  for (const char* host : {"169.254.0.1", "169.254.255.255", "100.100.100.200", "fe80::1",
                           "fd00:ec2::254", "::ffff:169.254.169.254"}) {
    EXPECT_THAT(refusalOf(host), HasSubstr(kHowToAllow)) << host;
  }
  EXPECT_EQ(refusalOf("127.0.0.1"), "");
  EXPECT_EQ(refusalOf("localhost"), "");
}

// Names that are not an address to a check on the text of the URL, but that
// the resolver turns into 169.254.169.254: the decision is on what resolved.
TEST(LinkLocalResolveTest, ANameThatResolvesToTheMetadataAddressIsRefused) {
  for (const char* host : {"2852039166", "0xa9fea9fe", "169.254.43518"}) {
    EXPECT_EQ(refusalOf(host), "refusing to connect to \"" + std::string(host) +
                                   "\" (169.254.169.254): a cloud metadata address; " +
                                   kHowToAllow)
        << host;
  }
}

TEST_F(LinkLocalRefusalTest, TheActionsRefuseALinkLocalUrlBeforeConnecting) {
  for (const char* url : {"http://[fe80::1]:9/", "https://[fe80::1]:9/"}) {
    const ActionResult r = check(with({{"url", url}}));
    EXPECT_FALSE(r.ok) << url;
    EXPECT_EQ(r.error, "refusing to connect to \"fe80::1\" (fe80::1): a link-local address; " +
                           std::string(kHowToAllow))
        << url;
  }
}

TEST_F(LinkLocalRefusalTest, ARedirectToALinkLocalAddressIsRefused) {
  const ActionResult r =
      check(with({{"url", server_.url("/to-metadata")}, {"follow_redirects", true}}));
  EXPECT_FALSE(r.ok);
  EXPECT_THAT(r.error, HasSubstr("\"fe80::1\" (fe80::1)"));
  EXPECT_THAT(r.error, HasSubstr(kHowToAllow));
}

TEST_F(LinkLocalRefusalTest, NotifyWebhookRefusesTooAndSendsNothing) {
  const ActionResult r = notify(with({{"url", "http://[fe80::1]:9/hook"}}));
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.changed);
  EXPECT_THAT(r.error, HasSubstr(kHowToAllow));
}

// fe80::1 has no interface: the connection fails in the kernel, no packet
// leaves, but it fails for another reason than the refusal.
TEST_F(LinkLocalRefusalTest, AllowLinkLocalLiftsTheRefusal) {
  const Value url("http://[fe80::1]:9/");
  const ActionResult refused = check(with({{"url", url}}));
  EXPECT_THAT(refused.error, HasSubstr(kHowToAllow));

  const ActionResult checked = check(with({{"url", url}, {"allow_link_local", true}}));
  EXPECT_FALSE(checked.ok);
  EXPECT_THAT(checked.error, Not(HasSubstr("refusing to connect")));
  const ActionResult notified = notify(with({{"url", url}, {"allow_link_local", true}}));
  EXPECT_FALSE(notified.ok);
  EXPECT_THAT(notified.error, Not(HasSubstr("refusing to connect")));
}

TEST_F(LinkLocalRefusalTest, AllowLinkLocalMustBeABoolean) {
  EXPECT_THAT(check(with({{"url", server_.url("/health")}, {"allow_link_local", "maybe"}})).error,
              HasSubstr("\"allow_link_local\""));
  EXPECT_THAT(notify(with({{"url", server_.url("/hook")}, {"allow_link_local", "maybe"}})).error,
              HasSubstr("\"allow_link_local\""));
  EXPECT_EQ(requests_, 0);
}

TEST_F(LinkLocalRefusalTest, LoopbackByAddressOrByNameIsAllowed) {
  const ActionResult byAddress = check(with({{"url", server_.url("/health")}}));
  EXPECT_TRUE(byAddress.ok) << byAddress.error;
  const ActionResult byName = check(with({{"url", localhostUrl("/health")}}));
  EXPECT_TRUE(byName.ok) << byName.error;
  const ActionResult hook = notify(with({{"url", localhostUrl("/hook")}, {"body", "hi"}}));
  EXPECT_TRUE(hook.ok) << hook.error;
  EXPECT_EQ(requests_, 3);
}

}  // namespace
}  // namespace unyo::playbooks
