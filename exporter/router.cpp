#include "exporter/router.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace unyo::exporter {
namespace {

// "/" -> {}, "/a/b" -> {"a", "b"}, "/a/" -> {"a", ""}.
std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path == "/") return segments;
  if (path.front() == '/') path.remove_prefix(1);
  for (;;) {
    const auto slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

[[noreturn]] void badPattern(std::string_view pattern, const char* why) {
  std::fprintf(stderr, "unyo: invalid route pattern \"%.*s\": %s\n",
               static_cast<int>(pattern.size()), pattern.data(), why);
  std::abort();
}

}  // namespace

void Router::add(std::string method, std::string_view pattern, HttpHandler handler) {
  if (pattern.empty() || pattern.front() != '/') badPattern(pattern, "must start with '/'");
  Route route{.method = std::move(method),
              .pattern = std::string(pattern),
              .segments = {},
              .handler = std::move(handler)};
  for (std::string_view text : splitPath(pattern)) {
    const bool opens = text.starts_with('{');
    const bool closes = text.ends_with('}');
    if (opens != closes) badPattern(pattern, "unbalanced '{' '}'");
    if (opens && text.size() < 3) badPattern(pattern, "empty placeholder name");
    if (opens) text = text.substr(1, text.size() - 2);
    route.segments.push_back({.text = std::string(text), .isParam = opens});
  }
  for (const Route& existing : routes_) {
    if (existing.method == route.method && existing.pattern == route.pattern) {
      badPattern(pattern, "added twice for the same method");
    }
  }
  routes_.push_back(std::move(route));
}

void Router::addSync(std::string method, std::string_view pattern, SyncHandler handler) {
  add(std::move(method), pattern,
      [handler = std::move(handler)](const HttpRequest& request)
          -> boost::asio::awaitable<HttpResponse> { co_return handler(request); });
}

const Router::Route* Router::findRoute(std::string_view method,
                                       const std::vector<std::string_view>& path) const {
  const Route* best = nullptr;
  for (const Route& route : routes_) {
    if (route.method != method || route.segments.size() != path.size()) continue;
    bool matches = true;
    for (std::size_t i = 0; i < path.size() && matches; ++i) {
      const Segment& segment = route.segments[i];
      matches = segment.isParam ? !path[i].empty() : segment.text == path[i];
    }
    if (!matches) continue;
    if (best == nullptr) {
      best = &route;
      continue;
    }
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (best->segments[i].isParam == route.segments[i].isParam) continue;
      if (!route.segments[i].isParam) best = &route;
      break;
    }
  }
  return best;
}

std::string Router::allowedMethods(const std::vector<std::string_view>& path) const {
  std::vector<std::string_view> methods;
  for (const Route& route : routes_) {
    if (findRoute(route.method, path) != nullptr) methods.push_back(route.method);
  }
  if (std::ranges::find(methods, "GET") != methods.end()) methods.push_back("HEAD");
  std::ranges::sort(methods);
  const auto [first, last] = std::ranges::unique(methods);
  methods.erase(first, last);

  std::string allow;
  for (std::string_view method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

boost::asio::awaitable<HttpResponse> Router::handle(const HttpRequest& request) const {
  const std::vector<std::string_view> path = splitPath(request.path);
  const Route* route = findRoute(request.method, path);
  if (route == nullptr && request.method == "HEAD") route = findRoute("GET", path);

  if (route == nullptr) {
    std::string allow = allowedMethods(path);
    if (allow.empty()) {
      co_return HttpResponse::jsonError(404, "not_found", "no such path: " + request.path);
    }
    HttpResponse response = HttpResponse::jsonError(
        405, "method_not_allowed", request.method + " is not allowed here; allowed: " + allow);
    response.headers.emplace_back("Allow", std::move(allow));
    co_return response;
  }

  bool hasParams = std::ranges::any_of(route->segments, &Segment::isParam);
  if (!hasParams) co_return co_await route->handler(request);

  HttpRequest withParams = request;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (route->segments[i].isParam) withParams.pathParams[route->segments[i].text] = path[i];
  }
  co_return co_await route->handler(withParams);
}

HttpHandler Router::asHandler() const {
  return [this](const HttpRequest& request) { return handle(request); };
}

}  // namespace unyo::exporter
