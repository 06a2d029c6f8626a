#pragma once
// The TLS policy every server socket of the bridge uses (CSTA listeners and the HTTP endpoint):
// forward secrecy and authenticated encryption only. TLS 1.2 with ECDHE key exchange and
// AES-GCM / ChaCha20-Poly1305 by default (tls-ciphers), no static-RSA key exchange, no CBC;
// TLS 1.3 suites are all of that kind. The minimum version is tls-min-version ("1.2", "1.3").
#include <openssl/ssl.h>

#include <string>

namespace bridge {

// Applies the policy to ctx; "" when done, else which setting OpenSSL refused.
std::string restrict_tls(SSL_CTX* ctx, const std::string& min_version, const std::string& ciphers);

}  // namespace bridge
