#pragma once

// Whether a certificate file on disk would pass verification: its first
// certificate checked against the trusted store, the file's other
// certificates serving as intermediates (as a server sending that file as
// its chain would present them). tls.check reports this for files the way
// it reports a server's handshake.

#include <ctime>
#include <string>

#include "base/error.h"

namespace unyo::playbooks::net {

// OpenSSL's reason the chain does not verify at time `at` ("certificate has
// expired", "unable to get local issuer certificate"), "" when it does. Trusts
// `caFile` when given, otherwise the system's store. An error only when the
// file or the store cannot be read.
Expected<std::string> verifyPemChain(const std::string& path, const std::string& caFile,
                                     std::time_t at);

}  // namespace unyo::playbooks::net
