// The `notify.webhook` action.

#include "playbooks/actions/notify_webhook_action.h"

#include <nlohmann/json.hpp>

#include "base/duration.h"
#include "playbooks/net/http_client.h"
#include "playbooks/net/http_step_options.h"

namespace unyo::playbooks {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kText = "text/plain; charset=utf-8";

struct Webhook {
  net::HttpClientRequest http;
  std::vector<int> expectedStatuses;  // empty: any 2xx
  Value body;                         // as the playbook wrote it, for a dry run
};

// The body's bytes and their default content type.
std::pair<std::string, std::string_view> encodeBody(const Value& body) {
  if (body.isNull()) return {"", kText};
  if (body.isMap() || body.isList()) {
    // Invalid UTF-8 (a template filled from a Shift_JIS file) must not throw.
    const std::string json =
        body.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return {json, kJson};
  }
  return {body.toText(), kText};
}

Expected<Webhook> readWebhook(const ActionRequest& request) {
  const WithReader with(request.with);
  Webhook hook;
  net::HttpClientRequest& http = hook.http;
  auto url = net::readUrl(with);
  if (!url) return std::unexpected(url.error());
  http.url = std::move(*url);
  auto method = net::readMethod(with, "POST", {"POST", "PUT"});
  if (!method) return std::unexpected(method.error());
  http.method = std::move(*method);
  auto headers = net::readHeaders(with);
  if (!headers) return std::unexpected(headers.error());
  http.headers = std::move(*headers);
  auto tls = net::readTlsOptions(with);
  if (!tls) return std::unexpected(tls.error());
  http.tls = std::move(*tls);
  auto addresses = net::readAddressPolicy(with);
  if (!addresses) return std::unexpected(addresses.error());
  http.addresses = *addresses;
  auto statuses = net::readExpectedStatuses(with);
  if (!statuses) return std::unexpected(statuses.error());
  hook.expectedStatuses = std::move(*statuses);
  auto contentType = with.string("content_type");
  if (!contentType) return std::unexpected(contentType.error());
  if (contentType->find_first_of("\r\n") != std::string::npos) {
    return fail("\"content_type\" must not contain a line break");
  }
  if (const Value* body = with.raw("body")) hook.body = *body;

  auto [bytes, defaultType] = encodeBody(hook.body);
  http.body = std::move(bytes);
  if (!contentType->empty()) {
    std::erase_if(http.headers, [](const auto& field) {
      return net::headerNameEquals(field.first, "content-type");
    });
    http.headers.emplace_back("Content-Type", *contentType);
  } else if (net::findHeaderValue(http.headers, "content-type").empty()) {
    http.headers.emplace_back("Content-Type", std::string(defaultType));
  }
  http.timeout = request.timeout;
  http.maxBody = 64 * 1024;  // a webhook's answer is read only for its status
  return hook;
}

class NotifyWebhookAction final : public Action {
 public:
  boost::asio::awaitable<ActionResult> run(const ActionRequest& request,
                                           SystemAccess& system) override {
    auto hook = readWebhook(request);
    if (!hook) co_return ActionResult::failure(hook.error().message);
    const std::string url = hook->http.url.toString();
    const std::string what =
        hook->http.method + " " + std::to_string(hook->http.body.size()) + " bytes to " + url;
    ActionResult result;
    result.output.set("url", url);
    if (request.dryRun) {
      result.output.set("would_send", hook->body);
      result.summary = "would " + what;
      co_return result;
    }

    const auto started = system.clock.steadyNow();
    boost::asio::awaitable<Expected<net::HttpClientResponse>> pending =
        net::sendHttpRequest(hook->http);
    const Expected<net::HttpClientResponse> response = co_await std::move(pending);
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(system.clock.steadyNow() - started);
    result.output.set("latency_ms", static_cast<std::int64_t>(latency.count()));
    if (!response) co_return ActionResult::failure(response.error().message, result.output);

    result.changed = true;  // the receiver has the message, whatever it answered
    result.output.set("status", response->status);
    result.summary =
        "sent " + what + ": " + std::to_string(response->status) + " in " + formatDuration(latency);
    if (!net::statusMatches(response->status, hook->expectedStatuses)) {
      result.ok = false;
      result.error = net::describeStatusMismatch(response->status, hook->expectedStatuses);
    }
    co_return result;
  }
};

}  // namespace

std::unique_ptr<Action> makeNotifyWebhookAction() {
  return std::make_unique<NotifyWebhookAction>();
}

const ActionDescriptor& notifyWebhookActionDescriptor() {
  static const ActionDescriptor descriptor{
      "notify.webhook",
      "Send a message (JSON or text) to a webhook",
      {
          {"url", ParamKind::string, true},
          {"body", ParamKind::any, false},
          {"headers", ParamKind::map, false},
          {"method", ParamKind::string, false},
          {"content_type", ParamKind::string, false},
          {"expect_status", ParamKind::any, false},
          {"ca_file", ParamKind::string, false},
          {"insecure_skip_verify", ParamKind::boolean, false},
          {"allow_link_local", ParamKind::boolean, false},
      },
      &makeNotifyWebhookAction,
  };
  return descriptor;
}

}  // namespace unyo::playbooks
