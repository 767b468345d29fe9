#pragma once

// Maps method + path pattern to a handler. Patterns are absolute paths whose
// segments are literals or `{name}` placeholders, e.g.
// "/api/v1/playbooks/{name}/runs"; a placeholder matches one non-empty
// segment of the decoded path. When several patterns match, the one with a
// literal at the first differing segment wins ("/runs/latest" beats
// "/runs/{id}").

#include <string>
#include <string_view>
#include <vector>

#include "exporter/http_message.h"

namespace unyo::exporter {

class Router {
 public:
  using SyncHandler = std::function<HttpResponse(const HttpRequest&)>;

  // A malformed pattern, or the same method and pattern twice, is a
  // programming error and aborts.
  void add(std::string method, std::string_view pattern, HttpHandler handler);
  // For handlers that never wait: runs `handler` inside a coroutine.
  void addSync(std::string method, std::string_view pattern, SyncHandler handler);

  // Runs the matching route with `pathParams` filled in. HEAD runs the GET
  // route unless a HEAD route exists (the server drops the body). An unknown
  // path answers 404, a known path with another method 405 with `Allow`.
  // `request` must outlive the returned awaitable.
  boost::asio::awaitable<HttpResponse> handle(const HttpRequest& request) const;

  // A handler for HttpServer that dispatches through this router, which must
  // outlive it.
  HttpHandler asHandler() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the placeholder's name
    bool isParam = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    HttpHandler handler;
  };

  const Route* findRoute(std::string_view method, const std::vector<std::string_view>& path) const;
  std::string allowedMethods(const std::vector<std::string_view>& path) const;

  std::vector<Route> routes_;
};

}  // namespace unyo::exporter
