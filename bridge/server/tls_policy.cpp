#include "bridge/server/tls_policy.hpp"

namespace bridge {

std::string restrict_tls(SSL_CTX* ctx, const std::string& min_version, const std::string& ciphers) {
    const int min = min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION;
    if (SSL_CTX_set_min_proto_version(ctx, min) != 1) return "tls-min-version " + min_version + " not supported by OpenSSL";
    if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) return "tls-ciphers '" + ciphers + "' names no cipher OpenSSL knows";
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    return {};
}

}  // namespace bridge
