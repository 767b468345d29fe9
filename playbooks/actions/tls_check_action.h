#pragma once

// `tls.check`: how long until a certificate expires, from a PEM file or from
// what a TLS server presents.
//
//   with: {file: /etc/nginx/tls/fullchain.pem, all: true, min_days: 30}
//   with: {host: www.example.lg.jp, port: 443, server_name: www.example.lg.jp,
//          ca_file: /etc/unyo/tls/ca.pem, min_days: 30}
//
// A file: its first certificate, or with all: true the one of the chain that
// expires first. A server: its certificate, read even when verification
// fails (an expired certificate is what this check is for); `verified` says
// whether the chain and name verified (for a file: whether the chain
// verifies against the trusted store) and `verify_error` why not. ca_file
// replaces the system's trusted store.
//
// Output: source ("file:/path" or "host:port"), subject, issuer, not_after
// (ISO-8601 UTC), not_after_unix, days_left (rounded down), verified,
// verify_error. ok when days_left >= min_days (default 30). Read-only.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeTlsCheckAction();
const ActionDescriptor& tlsCheckActionDescriptor();

}  // namespace unyo::playbooks
