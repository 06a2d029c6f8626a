// The AARQ login forms (csta/ber/acse_login.hpp) on the byte strings of tests/data/compat:
// every vector is first checked by the independent decoder dumpasn1, then decoded by the
// bridge's envelope decoder and read for its user and password.
#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <sstream>

#include "csta/ber/acse_login.hpp"
#include "tests/csta/ber/dumpasn1.hpp"
#include "tests/support/fixtures.hpp"

using namespace csta::ber;
using csta_test::dumpasn1;

namespace {

Bytes vector_of(const std::string& name) {
    std::ifstream in(test_support::data_dir() + "/compat/" + name);
    REQUIRE(in);
    std::string digits;
    for (char c; in.get(c);)
        if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
    Bytes out;
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    return out;
}

Aarq aarq_of(const Bytes& apdu) {
    auto d = decode_envelope(apdu);
    REQUIRE(std::holds_alternative<Envelope>(d));
    auto* a = std::get_if<Aarq>(&std::get<Envelope>(d));
    REQUIRE(a);
    return *a;
}

}  // namespace

TEST_CASE("Siemens/Unify AARQ: user-information EXTERNAL 1.3.12.2.218.1.1.1 with CSTAPrivateData user=,passwd=") {
    for (const char* file : {"siemens-aarq-pyasn1.hex", "siemens-aarq-x208.hex"}) {
        INFO(file);
        const auto bytes = vector_of(file);
        const auto d = dumpasn1(bytes);
        CHECK(d.status == 0);
        CHECK_THAT(d.text, Catch::Contains("EXTERNAL"));
        CHECK_THAT(d.text, Catch::Contains("1 3 12 2 218 1 1 1"));
        const auto aarq = aarq_of(bytes);
        CHECK(aarq.application_context == "1.3.12.0.180.1");
        REQUIRE(aarq.user_information.size() == 1);
        CHECK(aarq.user_information[0].direct_reference == "1.3.12.2.218.1.1.1");
        const auto login = login_from_aarq(aarq);
        CHECK(login.error.empty());
        CHECK(login.has_credentials);
        CHECK(login.user == "crm");
        CHECK(login.password == "crmpass");
    }
    // The X.208 form's contents are visible to dumpasn1 as the CSTAPrivateData itself.
    CHECK_THAT(dumpasn1(vector_of("siemens-aarq-x208.hex")).text, Catch::Contains("'user=crm,passwd=crmpass'"));
}

TEST_CASE("calling-AP-title forms 1, 2, 3 name the user, calling-authentication-value is the password") {
    struct Case {
        const char* file;
        const char* user;
        const char* dump;
    };
    for (const auto& c : {Case{"ap-title-form1.hex", "crm", "commonName"}, Case{"ap-title-form2.hex", "1.2.3.4", "'1 2 3 4'"},
                          Case{"ap-title-form3.hex", "crm", "PrintableString 'crm'"}}) {
        INFO(c.file);
        const auto bytes = vector_of(c.file);
        const auto d = dumpasn1(bytes);
        CHECK(d.status == 0);
        CHECK_THAT(d.text, Catch::Contains(c.dump));
        const auto login = login_from_aarq(aarq_of(bytes));
        CHECK(login.error.empty());
        CHECK(login.user == c.user);
        CHECK(login.password == "crmpass");  // the whole value, no "user:" split
    }
}

TEST_CASE("the plain form: calling-authentication-value user:password") {
    Aarq a{"1.3.12.0.218.200", "crm:pa:ss", {}, {}};
    const auto login = login_from_aarq(aarq_of(encode_envelope(a)));
    CHECK(login.user == "crm");
    CHECK(login.password == "pa:ss");
    Aarq none{"1.3.12.0.218.200", std::nullopt, {}, {}};
    CHECK_FALSE(login_from_aarq(aarq_of(encode_envelope(none))).has_credentials);
}

TEST_CASE("AARQ logins that cannot be read are errors, not anonymous logins") {
    // AP-title with no password.
    Aarq a{"1.3.12.0.218.200", std::nullopt, Bytes{0x13, 0x03, 'c', 'r', 'm'}, {}};
    CHECK_THAT(login_from_aarq(a).error, Catch::Contains("no calling-authentication-value"));
    // A directory name without a commonName (only countryName 2.5.4.6).
    a = Aarq{"1.3.12.0.218.200", "x", Bytes{0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 'D', 'E'}, {}};
    CHECK_THAT(dumpasn1(a.calling_ap_title).text, Catch::Contains("countryName"));
    CHECK_THAT(login_from_aarq(a).error, Catch::Contains("has no commonName"));
    // Not one of the three forms (an INTEGER: AP-title is extensible, so it reads as an
    // unknown later form).
    a = Aarq{"1.3.12.0.218.200", "x", Bytes{0x02, 0x01, 0x05}, {}};
    CHECK_THAT(login_from_aarq(a).error, Catch::Contains("calling-AP-title in a form the bridge does not know"));
    // Not a TLV at all.
    a = Aarq{"1.3.12.0.218.200", "x", Bytes{0x13, 0x09, 'c'}, {}};
    CHECK_THAT(login_from_aarq(a).error, Catch::Contains("not an X.227 AP-title"));
    // Siemens EXTERNAL: another manufacturer, or a string without user=/passwd=.
    auto siemens = aarq_of(vector_of("siemens-aarq-pyasn1.hex"));
    auto other = siemens;
    other.user_information[0].value.back() = 'X';  // still a CSTAPrivateData; the string ends differently
    CHECK(login_from_aarq(other).password == "crmpasX");
    auto bad = siemens;
    // 7d 22 06 07 2b 0c 02 81 5a 81 48 ...: manufacturer 1.3.12.2.218.200 -> .201
    bad.user_information[0].value[10] = 0x49;
    CHECK_THAT(login_from_aarq(bad).error, Catch::Contains("manufacturer 1.3.12.2.218.201"));
    auto garbled = siemens;
    garbled.user_information[0].value[13] = 'U';  // "User=crm,..."
    CHECK_THAT(login_from_aarq(garbled).error, Catch::Contains("user=NAME,passwd=SECRET"));
}
