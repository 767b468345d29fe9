// The `tls.check` action.

#include "playbooks/actions/tls_check_action.h"

#include "playbooks/net/certificate_info.h"
#include "playbooks/net/pem_chain_verify.h"
#include "playbooks/net/tls_probe.h"

namespace unyo::playbooks {
namespace {

constexpr std::int64_t kDefaultMinDays = 30;
constexpr std::int64_t kHttpsPort = 443;
constexpr std::int64_t kHighestPort = 65535;

struct TlsCheck {
  std::string file;  // either a file...
  bool wholeChain = false;
  net::TlsProbeTarget server;  // ...or a server (host non-empty)
  std::string caFile;
  std::int64_t minDays = kDefaultMinDays;
};

Expected<TlsCheck> readCheck(const WithReader& with) {
  TlsCheck check;
  if (with.has("file") == with.has("host")) return fail("give either \"file\" or \"host\"");
  auto minDays = with.integer("min_days", kDefaultMinDays);
  if (!minDays) return std::unexpected(minDays.error());
  check.minDays = *minDays;
  auto caFile = with.string("ca_file");
  if (!caFile) return std::unexpected(caFile.error());
  check.caFile = std::move(*caFile);
  if (with.has("file")) {
    if (with.has("port") || with.has("server_name")) {
      return fail("\"port\" and \"server_name\" go with \"host\", not \"file\"");
    }
    auto file = with.requiredString("file");
    if (!file) return std::unexpected(file.error());
    check.file = std::move(*file);
    auto all = with.boolean("all", false);
    if (!all) return std::unexpected(all.error());
    check.wholeChain = *all;
    return check;
  }
  if (with.has("all")) return fail("\"all\" goes with \"file\", not \"host\"");
  auto host = with.requiredString("host");
  if (!host) return std::unexpected(host.error());
  check.server.host = std::move(*host);
  auto port = with.integer("port", kHttpsPort);
  if (!port) return std::unexpected(port.error());
  if (*port < 1 || *port > kHighestPort) {
    return fail("\"port\": expected 1-65535, got " + std::to_string(*port));
  }
  check.server.port = static_cast<std::uint16_t>(*port);
  auto serverName = with.string("server_name");
  if (!serverName) return std::unexpected(serverName.error());
  check.server.serverName = std::move(*serverName);
  check.server.caFile = check.caFile;
  return check;
}

// What a file holds, in the shape a server's probe reports.
Expected<net::TlsProbeResult> inspectFile(const TlsCheck& check, std::time_t now) {
  auto certificate = net::inspectPemFile(check.file, check.wholeChain);
  if (!certificate) return std::unexpected(certificate.error());
  auto verifyError = net::verifyPemChain(check.file, check.caFile, now);
  if (!verifyError) return std::unexpected(verifyError.error());
  net::TlsProbeResult result;
  result.certificate = std::move(*certificate);
  result.verifyError = std::move(*verifyError);
  result.verified = result.verifyError.empty();
  return result;
}

// Whom the certificate is for, as an operator would name it.
std::string certificateLabel(const TlsCheck& check, const net::CertificateInfo& certificate) {
  if (check.file.empty()) {
    return check.server.serverName.empty() ? check.server.host : check.server.serverName;
  }
  return certificate.commonName.empty() ? check.file : certificate.commonName;
}

std::string describeExpiry(std::int64_t days, const std::string& date) {
  if (days < 0) {
    return "expired " + std::to_string(-days) + (days == -1 ? " day" : " days") + " ago (on " +
           date + ")";
  }
  return "expires in " + std::to_string(days) + (days == 1 ? " day" : " days") + " (on " + date +
         ")";
}

class TlsCheckAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto check = readCheck(WithReader(request.with));
    if (!check) co_return ActionResult::failure(check.error().message);
    const auto now = system.clock.now();
    const std::time_t nowUnix = std::chrono::system_clock::to_time_t(now);
    const bool fromFile = !check->file.empty();
    const std::string source = fromFile
                                   ? "file:" + check->file
                                   : check->server.host + ":" + std::to_string(check->server.port);

    Expected<net::TlsProbeResult> inspected;
    if (fromFile) {
      inspected = inspectFile(*check, nowUnix);
    } else {
      check->server.verifyAt = nowUnix;
      auto probing = net::probeTlsCertificate(check->server, request.timeout);
      inspected = co_await std::move(probing);
    }
    ActionResult result;
    result.output.set("source", source);
    if (!inspected) co_return ActionResult::failure(inspected.error().message, result.output);

    const net::CertificateInfo& certificate = inspected->certificate;
    const std::int64_t days = net::daysLeft(certificate, now);
    const std::string notAfter = net::formatIsoUtc(certificate.notAfterUnix);
    result.output.set("subject", certificate.subject);
    result.output.set("issuer", certificate.issuer);
    result.output.set("not_after", notAfter);
    result.output.set("not_after_unix", certificate.notAfterUnix);
    result.output.set("days_left", days);
    result.output.set("verified", inspected->verified);
    result.output.set("verify_error", inspected->verifyError);

    const std::string name = certificateLabel(*check, certificate);
    const std::string expiry = describeExpiry(days, notAfter.substr(0, 10));
    result.summary = "certificate for " + name + " " + expiry;
    if (days < check->minDays) {
      result.ok = false;
      result.error = result.summary + ", less than " + std::to_string(check->minDays);
    }
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeTlsCheckAction() { return std::make_unique<TlsCheckAction>(); }

const ActionDescriptor& tlsCheckActionDescriptor() {
  static const ActionDescriptor descriptor{
      "tls.check",
      "Check how many days a certificate (a PEM file, or a TLS server's) has left",
      {
          {"file", ParamKind::string, false},
          {"all", ParamKind::boolean, false},
          {"host", ParamKind::string, false},
          {"port", ParamKind::integer, false},
          {"server_name", ParamKind::string, false},
          {"ca_file", ParamKind::string, false},
          {"min_days", ParamKind::integer, false},
      },
      &makeTlsCheckAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
