#pragma once

// `http.check`: requests a URL and checks the answer: status, a substring of
// the body, and how long it took.
//
//   with: {url: "https://app01.example.lg.jp/health", method: GET,
//          headers: {Authorization: "Bearer {{ params.token }}"}, body: "",
//          expect_status: [200, 204], expect_body: OK, max_latency: 2s,
//          ca_file: /etc/unyo/tls/ca.pem, max_body: 1MiB, follow_redirects: false,
//          insecure_skip_verify: false}   # true for tests only: trusts anyone
//
// Output: url, status, latency_ms, body_excerpt (the first 512 bytes as
// UTF-8), bytes (body bytes read, at most max_body), truncated. The whole
// check (connect, TLS handshake, request, response) is bounded by the step's
// timeout. Read-only: a dry run checks for real, except a POST, which it
// only describes.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeHttpCheckAction();
const ActionDescriptor& httpCheckActionDescriptor();

}  // namespace unyo::playbooks
