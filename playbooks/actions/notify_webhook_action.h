#pragma once

// `notify.webhook`: sends a message to a webhook (a chat bridge, a ticket
// system, an on-call relay).
//
//   with: {url: "http://127.0.0.1:8080/hook", method: POST,
//          body: {text: "{{ playbook.name }} failed: {{ run.error }}"},
//          headers: {Authorization: "Bearer {{ params.token }}"},
//          content_type: application/json, expect_status: [200, 202],
//          ca_file: /etc/unyo/tls/ca.pem, insecure_skip_verify: false}
//
// A map or list body is sent as JSON (application/json); a string as it is
// (text/plain; charset=utf-8), unless content_type or a Content-Type header
// says otherwise. Any 2xx succeeds unless expect_status is given.
//
// Output: url, status, latency_ms. changed = true once a message was sent.
// A dry run sends nothing: output.would_send holds the body. Header values
// (an Authorization token) never appear in outputs or errors.

#include <memory>

#include "playbooks/actions/action.h"

namespace unyo::playbooks {

std::unique_ptr<Action> makeNotifyWebhookAction();
const ActionDescriptor& notifyWebhookActionDescriptor();

}  // namespace unyo::playbooks
