#include "tests/support/tls_cert.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace test_support {

namespace {

[[noreturn]] void openssl_fail(const std::string& what) {
    char buf[256];
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    throw std::runtime_error("make_self_signed_cert: " + what + ": " + buf);
}

void check(int rc, const char* what) {
    if (rc <= 0) openssl_fail(what);
}

void add_ext(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) openssl_fail("extension " + value);
    check(X509_add_ext(cert, ext, -1), "X509_add_ext");
    X509_EXTENSION_free(ext);
}

void write_pem(const std::string& path, const std::function<int(FILE*)>& writer) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) throw std::runtime_error("make_self_signed_cert: cannot write " + path);
    check(writer(f.get()), ("PEM write " + path).c_str());
}

}  // namespace

TlsCert make_self_signed_cert(const std::string& dns_name) {
    std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    if (!key) openssl_fail("EC key generation");

    std::unique_ptr<X509, void (*)(X509*)> cert(X509_new(), &X509_free);
    if (!cert) openssl_fail("X509_new");
    check(X509_set_version(cert.get(), 2), "X509_set_version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(std::rand() & 0x7fffffff) + 1),
          "serial");
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600);
    check(X509_set_pubkey(cert.get(), key.get()), "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(dns_name.c_str()), -1, -1, 0),
          "subject CN");
    check(X509_set_issuer_name(cert.get(), name), "issuer");
    add_ext(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign");
    add_ext(cert.get(), NID_subject_alt_name, "DNS:" + dns_name);
    check(X509_sign(cert.get(), key.get(), EVP_sha256()), "X509_sign");

    std::string tmpl = (std::filesystem::temp_directory_path() / "csta-tls-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("make_self_signed_cert: mkdtemp failed");
    TlsCert out;
    out.dir = buf.data();
    out.cert_file = out.dir + "/cert.pem";
    out.key_file = out.dir + "/key.pem";
    write_pem(out.cert_file, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
    write_pem(out.key_file, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    return out;
}

}  // namespace test_support
