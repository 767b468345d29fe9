#include "agent/fleet/store_client.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <optional>

#include "base/duration.h"

namespace unyo::agent {
namespace {

namespace asio = boost::asio;
namespace net = playbooks::net;

// Queries in flight at once: enough to overlap the store's work, few
// enough not to load a shared store with one report.
constexpr std::size_t kParallelQueries = 4;

std::string formEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

Expected<std::pair<std::string, std::string>> parseHeader(std::string_view text) {
  const auto colon = text.find(':');
  const auto name = text.substr(0, colon);
  if (colon == std::string_view::npos || name.empty() ||
      !std::all_of(name.begin(), name.end(), isTokenChar)) {
    return fail("--header takes \"Name: value\"", ErrorKind::invalid);
  }
  auto value = text.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.find_first_of("\r\n") != std::string_view::npos ||
      value.find('\0') != std::string_view::npos) {
    return fail("--header " + std::string(name) + ": the value may not hold a line break",
                ErrorKind::invalid);
  }
  return std::make_pair(std::string(name), std::string(value));
}

std::string unixText(Clock::WallTime at) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", toUnixSeconds(at));
  return text;
}

struct Run {
  const StoreOptions& options;
  const std::vector<FleetQuery>& queries;
  const Clock& clock;
  Clock::SteadyTime deadline;
  std::vector<std::optional<PromVector>> answers;
  std::optional<Error> firstError;
  std::size_t next = 0;

  std::string where(std::size_t index) const {
    return "query " + std::to_string(index + 1) + " of " + std::to_string(queries.size()) + " (" +
           queries[index].promql + ")";
  }

  asio::awaitable<void> worker() {
    while (!firstError && next < queries.size()) {
      const std::size_t index = next++;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.steadyNow());
      if (left.count() <= 0) {
        firstError = Error("no answer from the store within " +
                           unyo::formatDuration(options.timeout) + " (--timeout)");
        co_return;
      }
      net::HttpClientRequest request;
      request.method = "POST";
      request.url = options.base;
      request.url.target += "/api/v1/query";
      request.headers = options.headers;
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      request.headers.emplace_back("Accept", "application/json");
      request.body = queryForm(queries[index]);
      request.maxBody = kMaxAnswerBytes;
      request.tls.caFile = options.caFile;
      request.timeout = left;
      auto response = co_await net::sendHttpRequest(std::move(request));
      if (!response) {
        if (!firstError) {
          firstError = Error("cannot get an answer from the store at " + options.base.toString() +
                             ": " + response.error().message);
        }
        co_return;
      }
      if (response->truncated) {
        firstError = Error(where(index) + ": the store's answer is larger than " +
                           std::to_string(kMaxAnswerBytes >> 20) +
                           " MiB; narrow the report with --prefecture or --lg-code");
        co_return;
      }
      auto parsed = parseVectorAnswer(response->body, response->status);
      if (!parsed) {
        if (!firstError) firstError = Error(where(index) + ": " + parsed.error().message);
        co_return;
      }
      answers[index] = std::move(*parsed);
    }
  }
};

}  // namespace

Expected<StoreOptions> storeOptions(std::string_view url, const std::vector<std::string>& headers,
                                    std::string caFile, std::chrono::milliseconds timeout) {
  StoreOptions options;
  auto base = net::parseUrl(url);
  if (!base) return fail("--prometheus: " + base.error().message, ErrorKind::invalid);
  if (base->target.find('?') != std::string::npos) {
    return fail("--prometheus takes the store's base URL, without a query", ErrorKind::invalid);
  }
  // "/api/v1/query" goes after the base's own path ("/select/0/prometheus").
  while (!base->target.empty() && base->target.back() == '/') base->target.pop_back();
  options.base = std::move(*base);
  for (const auto& text : headers) {
    auto header = parseHeader(text);
    if (!header) return std::unexpected(header.error());
    options.headers.push_back(std::move(*header));
  }
  if (timeout.count() <= 0) return fail("--timeout must be positive", ErrorKind::invalid);
  options.caFile = std::move(caFile);
  options.timeout = timeout;
  return options;
}

std::string queryForm(const FleetQuery& query) {
  return "query=" + formEncode(query.promql) + "&time=" + unixText(query.at);
}

Expected<std::vector<PromVector>> askStore(const StoreOptions& options,
                                           const std::vector<FleetQuery>& queries,
                                           const Clock& clock, std::vector<std::string>& warnings) {
  Run run{options, queries, clock, clock.steadyNow() + options.timeout, {}, std::nullopt, 0};
  run.answers.resize(queries.size());
  asio::io_context io;
  for (std::size_t i = 0; i < std::min(kParallelQueries, queries.size()); ++i) {
    // A named callable: GCC 12 destroys a lambda temporary in co_spawn twice.
    auto work = [&run]() { return run.worker(); };
    asio::co_spawn(io, work, asio::detached);
  }
  io.run();
  if (run.firstError) return std::unexpected(*run.firstError);
  std::vector<PromVector> answers;
  for (auto& answer : run.answers) {
    if (!answer) return fail("the store left a query unanswered");
    for (auto& w : answer->warnings) warnings.push_back(std::move(w));
    answers.push_back(std::move(*answer));
  }
  return answers;
}

}  // namespace unyo::agent
