#include "csta/ber/acse_login.hpp"

#include <Login-AP-title.h>
#include <Login-AttributeTypeAndValue.h>
#include <Login-RelativeDistinguishedName.h>
#include <Login-DirectoryString.h>
#include <Login-PrivateData.h>

#include "csta/ber/asn1_support.hpp"

namespace csta::ber {
namespace {

using namespace asn1;

constexpr const char* kCommonName = "2.5.4.3";  // X.520 id-at-commonName

// The string of a commonName value (X.520 DirectoryString in one of its 8-bit forms).
std::optional<std::string> directory_string(const ANY_t& value) {
    auto d = decode(asn_DEF_Login_DirectoryString, std::span<const std::uint8_t>(value.buf, static_cast<std::size_t>(value.size)));
    if (!d.error.empty()) return std::nullopt;
    auto s = adopt<Login_DirectoryString_t>(asn_DEF_Login_DirectoryString, d.value);
    switch (s->present) {
        case Login_DirectoryString_PR_teletexString: return text(s->choice.teletexString);
        case Login_DirectoryString_PR_printableString: return text(s->choice.printableString);
        case Login_DirectoryString_PR_ia5String: return text(s->choice.ia5String);
        case Login_DirectoryString_PR_utf8String: return text(s->choice.utf8String);
        default: return std::nullopt;
    }
}

// The user an AP-title names, or an error.
struct Named {
    std::string user, form, error;
};
Named user_of_ap_title(const Bytes& tlv) {
    auto d = decode(asn_DEF_Login_AP_title, tlv);
    if (!d.error.empty()) return {"", "", "calling-AP-title is not an X.227 AP-title: " + d.error};
    auto t = adopt<Login_AP_title_t>(asn_DEF_Login_AP_title, d.value);
    switch (t->present) {
        case Login_AP_title_PR_ap_title_form1: {
            // The most specific commonName of the directory name (the last RDN that has one).
            std::optional<std::string> cn;
            const auto& rdns = t->choice.ap_title_form1.choice.rdnSequence.list;
            for (int i = 0; i < rdns.count; ++i)
                for (int j = 0; rdns.array[i] && j < rdns.array[i]->list.count; ++j) {
                    const auto* atv = rdns.array[i]->list.array[j];
                    if (atv && oid_to_string(atv->type) == kCommonName)
                        if (auto v = directory_string(atv->value)) cn = v;
                }
            if (!cn) return {"", "", "calling-AP-title (form 1, a directory name) has no commonName"};
            return {*cn, "calling-AP-title form 1 (commonName)", ""};
        }
        case Login_AP_title_PR_ap_title_form2: {
            auto oid = oid_to_string(t->choice.ap_title_form2);
            if (oid.empty()) return {"", "", "calling-AP-title (form 2) is not a valid object identifier"};
            return {oid, "calling-AP-title form 2 (object identifier)", ""};
        }
        case Login_AP_title_PR_ap_title_form3:
            return {text(t->choice.ap_title_form3), "calling-AP-title form 3 (string)", ""};
        default: return {"", "", "calling-AP-title in a form the bridge does not know"};
    }
}

// "user=NAME,passwd=SECRET" (the password runs to the end, so it may hold commas).
bool split_siemens(const std::string& s, AcseLogin& out) {
    static constexpr std::string_view kUser = "user=", kPass = ",passwd=";
    if (s.compare(0, kUser.size(), kUser) != 0) return false;
    const auto p = s.find(kPass, kUser.size());
    if (p == std::string::npos) return false;
    out.user = s.substr(kUser.size(), p - kUser.size());
    out.password = s.substr(p + kPass.size());
    return true;
}

// The Siemens login EXTERNAL, if the AARQ has one: credentials or an error in `out`.
bool siemens_login(const Aarq& aarq, AcseLogin& out) {
    for (const auto& e : aarq.user_information) {
        if (e.direct_reference != kSiemensLoginReference) continue;
        out.has_credentials = true;
        out.form = "user-information EXTERNAL " + std::string(kSiemensLoginReference) + " (CSTAPrivateData user=,passwd=)";
        auto d = decode(asn_DEF_Login_PrivateData, e.value);
        if (!d.error.empty()) {
            out.error = "the " + std::string(kSiemensLoginReference) + " EXTERNAL does not hold a CSTAPrivateData: " + d.error;
            return true;
        }
        auto p = adopt<Login_PrivateData_t>(asn_DEF_Login_PrivateData, d.value);
        const auto manufacturer = oid_to_string(p->manufacturer);
        if (manufacturer != kSiemensManufacturer) {
            out.error = "login private data of manufacturer " + manufacturer + ", not " + kSiemensManufacturer;
            return true;
        }
        if (p->data.present != Login_PrivateData__data_PR_string || !split_siemens(text(p->data.choice.string), out))
            out.error = "login private data is not the string \"user=NAME,passwd=SECRET\"";
        return true;
    }
    return false;
}

}  // namespace

AcseLogin login_from_aarq(const Aarq& aarq) {
    AcseLogin out;
    if (siemens_login(aarq, out)) return out;
    if (!aarq.calling_ap_title.empty()) {
        out.has_credentials = true;
        auto named = user_of_ap_title(aarq.calling_ap_title);
        if (!named.error.empty()) {
            out.error = named.error;
            return out;
        }
        if (!aarq.password) {
            out.error = "calling-AP-title names user '" + named.user + "' but there is no calling-authentication-value (password)";
            return out;
        }
        out.user = named.user;
        out.form = named.form + " + calling-authentication-value (password)";
        out.password = *aarq.password;
        return out;
    }
    if (aarq.password) {
        // One field for both: "user:secret".
        out.has_credentials = true;
        out.form = "calling-authentication-value \"user:password\"";
        const auto colon = aarq.password->find(':');
        out.user = colon == std::string::npos ? std::string() : aarq.password->substr(0, colon);
        out.password = colon == std::string::npos ? *aarq.password : aarq.password->substr(colon + 1);
    }
    return out;
}

std::string describe_login_forms() {
    return "calling-authentication-value \"user:password\"; calling-AP-title (form 1 directory name: its commonName, "
           "form 2 object identifier: dotted, form 3 string) naming the user with calling-authentication-value = the "
           "password; user-information EXTERNAL " +
           std::string(kSiemensLoginReference) + " with CSTAPrivateData (manufacturer " + kSiemensManufacturer +
           ") \"user=NAME,passwd=SECRET\" (Siemens/Unify OpenScape)";
}

}  // namespace csta::ber
