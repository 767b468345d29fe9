#pragma once

// The HTTP side of one remote write request: the specification's headers
// (Content-Encoding: snappy, Content-Type: application/x-protobuf,
// X-Prometheus-Remote-Write-Version: 0.1.0, User-Agent), the endpoint's own
// headers, and its credentials, read from their files at every request so
// a rotated token is picked up without a reload.

#include <string>
#include <string_view>

#include "agent/remote_write/remote_write_options.h"
#include "base/error.h"
#include "playbooks/net/http_client.h"

namespace unyo::agent {

Expected<playbooks::net::HttpClientRequest> buildWriteRequest(const RemoteWriteEndpoint& endpoint,
                                                              std::string body,
                                                              std::string_view userAgent);

// The URL as metrics and logs show it: scheme, host, port and path, without
// the query (which may carry a token).
std::string urlLabel(std::string_view url);

// Standard base64 with padding (RFC 4648), for Basic credentials.
std::string base64Encode(std::string_view data);

}  // namespace unyo::agent
