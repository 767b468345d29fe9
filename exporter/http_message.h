#pragma once

// The request and response the exporter's handlers see: plain values, no
// Beast types, so handlers and their tests stay independent of the server.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace unyo::exporter {

// Header fields in arrival order; names compare case-insensitively.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive equality, as for header names and content codings.
bool equalsIgnoringCase(std::string_view a, std::string_view b);

// The value of the first field named `name`, or nullopt.
std::optional<std::string_view> findHeader(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method;                                      // as sent, e.g. "GET"
  std::string target;                                      // as sent, e.g. "/api/v1/runs?limit=5"
  std::string path;                                        // target's path, percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  HttpHeaders headers;
  std::string body;
  std::string remoteAddress;                                   // "ip:port", "[v6]:port" for IPv6
  std::map<std::string, std::string, std::less<>> pathParams;  // filled in by the Router

  // The first header named `name` (any case), or "" when absent.
  std::string_view header(std::string_view name) const;
  // The first query parameter named `name`, or nullopt.
  std::optional<std::string_view> queryParam(std::string_view name) const;
  // The `{name}` segment matched by the route, or "" when the route has none.
  std::string_view pathParam(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "text/plain; charset=utf-8";
  // Extra fields. The server owns framing: Content-Length, Transfer-Encoding
  // and Connection set here are ignored.
  HttpHeaders headers;
  std::string body;

  static HttpResponse text(int status, std::string body);
  static HttpResponse json(int status, const nlohmann::json& body);
  // docs/api.md's error shape: {"error": "...", "detail": ...}.
  static HttpResponse jsonError(int status, std::string_view error,
                                nlohmann::json detail = nullptr);
};

using HttpHandler = std::function<boost::asio::awaitable<HttpResponse>(const HttpRequest&)>;

}  // namespace unyo::exporter
