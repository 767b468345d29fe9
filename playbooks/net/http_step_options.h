#pragma once

// The `with:` keys http.check and notify.webhook share (url, method,
// headers, expect_status, ca_file, insecure_skip_verify, allow_link_local), read and checked
// the same way for both. Errors name the key and never echo a header value:
// an Authorization header must not reach outputs, logs or run history.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "playbooks/actions/action.h"
#include "playbooks/net/http_client.h"

namespace unyo::playbooks::net {

Expected<Url> readUrl(const WithReader& with);  // "url", required

// "method", upper-cased, one of `allowed`; `fallback` when absent.
Expected<std::string> readMethod(const WithReader& with, std::string fallback,
                                 std::initializer_list<std::string_view> allowed);

// "headers": a map of Name: value.
Expected<HeaderList> readHeaders(const WithReader& with);

// "ca_file" and "insecure_skip_verify".
Expected<TlsOptions> readTlsOptions(const WithReader& with);

// "allow_link_local" (false): whether link-local and cloud metadata
// addresses may be connected to (address_policy.h).
Expected<AddressPolicy> readAddressPolicy(const WithReader& with);

// "expect_status": a status or a list of them; empty when absent.
Expected<std::vector<int>> readExpectedStatuses(const WithReader& with);

// Whether `status` is one of `expected`; any 2xx when `expected` is empty.
bool statusMatches(int status, const std::vector<int>& expected);

// "expected status 200, got 503", "expected status 200 or 204, got 503",
// "expected a 2xx status, got 500".
std::string describeStatusMismatch(int status, const std::vector<int>& expected);

}  // namespace unyo::playbooks::net
