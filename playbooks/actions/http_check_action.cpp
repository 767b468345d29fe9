// The `http.check` action.

#include "playbooks/actions/http_check_action.h"

#include "base/duration.h"
#include "playbooks/net/body_excerpt.h"
#include "playbooks/net/http_client.h"
#include "playbooks/net/http_step_options.h"

namespace unyo::playbooks {
namespace {

struct HttpCheck {
  net::HttpClientRequest http;
  std::vector<int> expectedStatuses{200};
  std::string expectBody;
  std::chrono::milliseconds maxLatency{0};  // 0: no limit
};

Expected<HttpCheck> readCheck(const ActionRequest& request) {
  const WithReader with(request.with);
  HttpCheck check;
  net::HttpClientRequest& http = check.http;
  auto url = net::readUrl(with);
  if (!url) return std::unexpected(url.error());
  http.url = std::move(*url);
  auto method = net::readMethod(with, "GET", {"GET", "HEAD", "POST"});
  if (!method) return std::unexpected(method.error());
  http.method = std::move(*method);
  auto headers = net::readHeaders(with);
  if (!headers) return std::unexpected(headers.error());
  http.headers = std::move(*headers);
  auto body = with.string("body");
  if (!body) return std::unexpected(body.error());
  http.body = std::move(*body);
  auto tls = net::readTlsOptions(with);
  if (!tls) return std::unexpected(tls.error());
  http.tls = std::move(*tls);
  auto addresses = net::readAddressPolicy(with);
  if (!addresses) return std::unexpected(addresses.error());
  http.addresses = *addresses;
  auto maxBody = with.size("max_body", net::kDefaultMaxBody);
  if (!maxBody) return std::unexpected(maxBody.error());
  http.maxBody = static_cast<std::size_t>(*maxBody);
  auto follow = with.boolean("follow_redirects", false);
  if (!follow) return std::unexpected(follow.error());
  http.followRedirects = *follow;
  http.timeout = request.timeout;

  auto statuses = net::readExpectedStatuses(with);
  if (!statuses) return std::unexpected(statuses.error());
  if (!statuses->empty()) check.expectedStatuses = std::move(*statuses);
  auto expectBody = with.string("expect_body");
  if (!expectBody) return std::unexpected(expectBody.error());
  check.expectBody = std::move(*expectBody);
  auto maxLatency = with.duration("max_latency");
  if (!maxLatency) return std::unexpected(maxLatency.error());
  check.maxLatency = *maxLatency;
  return check;
}

// Why the response does not pass, or "".
std::string findProblem(const HttpCheck& check, const net::HttpClientResponse& response,
                        std::chrono::milliseconds latency) {
  if (!net::statusMatches(response.status, check.expectedStatuses)) {
    return net::describeStatusMismatch(response.status, check.expectedStatuses);
  }
  if (!check.expectBody.empty() && response.body.find(check.expectBody) == std::string::npos) {
    return "body does not contain \"" + check.expectBody + "\"";
  }
  if (check.maxLatency.count() > 0 && latency > check.maxLatency) {
    return "took " + formatDuration(latency) + ", more than max_latency " +
           formatDuration(check.maxLatency);
  }
  return "";
}

class HttpCheckAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto check = readCheck(request);
    if (!check) co_return ActionResult::failure(check.error().message);
    const std::string url = check->http.url.toString();
    const std::string method = check->http.method;
    ActionResult result;
    result.output.set("url", url);
    if (request.dryRun && method == "POST") {
      result.output.set("would_send", check->http.body);
      result.summary = "would POST " + std::to_string(check->http.body.size()) + " bytes to " + url;
      co_return result;
    }

    const auto started = system.clock.steadyNow();
    boost::asio::awaitable<Expected<net::HttpClientResponse>> pending =
        net::sendHttpRequest(check->http);
    const Expected<net::HttpClientResponse> response = co_await std::move(pending);
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(system.clock.steadyNow() - started);
    result.output.set("latency_ms", static_cast<std::int64_t>(latency.count()));
    if (!response) co_return ActionResult::failure(response.error().message, result.output);

    result.output.set("status", response->status);
    result.output.set("body_excerpt", net::utf8Excerpt(response->body));
    result.output.set("bytes", static_cast<std::uint64_t>(response->body.size()));
    result.output.set("truncated", response->truncated);
    result.summary = method + " " + url + ": " + std::to_string(response->status) + " in " +
                     formatDuration(latency);
    const std::string problem = findProblem(*check, *response, latency);
    if (!problem.empty()) {
      result.ok = false;
      result.error = problem;
    }
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeHttpCheckAction() { return std::make_unique<HttpCheckAction>(); }

const ActionDescriptor& httpCheckActionDescriptor() {
  static const ActionDescriptor descriptor{
      "http.check",
      "Request a URL and check its status, body and latency",
      {
          {"url", ParamKind::string, true},
          {"method", ParamKind::string, false},
          {"headers", ParamKind::map, false},
          {"body", ParamKind::string, false},
          {"expect_status", ParamKind::any, false},
          {"expect_body", ParamKind::string, false},
          {"max_latency", ParamKind::duration, false},
          {"ca_file", ParamKind::string, false},
          {"insecure_skip_verify", ParamKind::boolean, false},
          {"allow_link_local", ParamKind::boolean, false},
          {"max_body", ParamKind::size, false},
          {"follow_redirects", ParamKind::boolean, false},
      },
      &makeHttpCheckAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
