#pragma once

// `tcp.check`: whether something accepts connections on host:port, or with
// expect_closed, that nothing does (a port that must stay shut).
//
//   with: {host: db01.example.lg.jp, port: 5432, expect_closed: false}
//
// Output: host, port, open, latency_ms. The attempt is bounded by the step's
// timeout; a port that never answers counts as not open. Read-only.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeTcpCheckAction();
const ActionDescriptor& tcpCheckActionDescriptor();

}  // namespace unyo::playbooks
