#include "exporter/http_message.h"

#include <algorithm>
#include <cctype>

namespace unyo::exporter {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string_view> findHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [fieldName, value] : headers) {
    if (equalsIgnoringCase(fieldName, name)) return value;
  }
  return std::nullopt;
}

std::string_view HttpRequest::header(std::string_view name) const {
  return findHeader(headers, name).value_or(std::string_view{});
}

std::optional<std::string_view> HttpRequest::queryParam(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string_view HttpRequest::pathParam(std::string_view name) const {
  const auto it = pathParams.find(name);
  return it == pathParams.end() ? std::string_view{} : std::string_view(it->second);
}

HttpResponse HttpResponse::text(int status, std::string body) {
  return HttpResponse{.status = status,
                      .contentType = "text/plain; charset=utf-8",
                      .headers = {},
                      .body = std::move(body)};
}

HttpResponse HttpResponse::json(int status, const nlohmann::json& body) {
  // Replace invalid UTF-8 rather than throw: an error message quoting a
  // client's bytes must still produce a response.
  // API answers hold run records and command output: no cache, shared or
  // private, keeps a copy.
  return HttpResponse{.status = status,
                      .contentType = "application/json",
                      .headers = {{"Cache-Control", "no-store"}},
                      .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

HttpResponse HttpResponse::jsonError(int status, std::string_view error, nlohmann::json detail) {
  return json(status, {{"error", error}, {"detail", std::move(detail)}});
}

}  // namespace unyo::exporter
