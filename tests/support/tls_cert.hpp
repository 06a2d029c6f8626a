#pragma once
// A throw-away self-signed certificate for TLS tests, generated at run time with OpenSSL
// (EC P-256 key, CA:TRUE so it is its own trust anchor, subjectAltName DNS:<name>).
#include <string>

namespace test_support {

struct TlsCert {
    std::string dir;        // fresh temporary directory holding both files
    std::string cert_file;  // PEM certificate (also the CA file the client trusts)
    std::string key_file;   // PEM private key
};

// Throws std::runtime_error with OpenSSL's reason on failure.
TlsCert make_self_signed_cert(const std::string& dns_name = "localhost");

}  // namespace test_support
