// ECMA-285 ACSE clients as they log in: the Siemens/Unify OpenScape AARQ (user-information
// EXTERNAL with CSTAPrivateData "user=,passwd="), the X.227 calling-AP-title forms with the
// password alone, and the bridge's own "user:password" form; a greeted BER listener. Every
// AARQ is a byte string from tests/data/compat (README.md there: where each form was observed,
// and its dumpasn1 decoding), sent as is to the real csta-bridge in front of pbx-sim.
#include <catch2/catch.hpp>

#include "csta/ber/codec.hpp"
#include "tests/bridge/compat/raw_link.hpp"
#include "tests/bridge/e2e/bridge_fixture.hpp"

using namespace compat;
using e2e::BridgeFixture;

namespace {

e2e::Options ber_options(const std::string& extra_listener = {}) {
    e2e::Options o;
    o.extra_listener = extra_listener;
    // An AP-title form 2 names its user by object identifier.
    o.users += "[user:1.2.3.4]\nsecret = crmpass\ndevices = 1000-1999\n";
    return o;
}

// The association's answer: the AARE, decoded.
std::optional<csta::ber::Aare> aare_of(const Bytes& frame) {
    auto d = csta::ber::Codec{}.decode_apdu(std::span<const std::uint8_t>(frame).subspan(2));
    auto* apdu = std::get_if<csta::ber::Apdu>(&d);
    auto* aare = apdu ? std::get_if<csta::ber::Aare>(apdu) : nullptr;
    if (!aare) return std::nullopt;
    return *aare;
}

// After a login: a MonitorStart on 1001 is answered positively (the association is usable).
void monitor_works(RawLink& link) {
    csta::MonitorStart m;
    m.monitorObject = csta::DeviceID("1001");
    auto framed = csta::framing::encode_ber(csta::ber::Codec{}.encode(csta::ber::Apdu(csta::ber::Invoke{5, 0, m})));
    REQUIRE(framed);
    link.send(*framed);
    for (int i = 0; i < 5; ++i) {  // skip a systemStatus the bridge may send meanwhile
        auto f = link.frame();
        REQUIRE(f);
        auto d = csta::ber::Codec{}.decode_apdu(std::span<const std::uint8_t>(*f).subspan(2));
        auto* apdu = std::get_if<csta::ber::Apdu>(&d);
        REQUIRE(apdu);
        if (auto* r = std::get_if<csta::ber::Result>(apdu)) {
            CHECK(r->invoke_id == 5);
            CHECK(std::holds_alternative<csta::MonitorStartResponse>(r->response));
            return;
        }
    }
    FAIL("no answer to MonitorStart");
}

Bytes login_frame(const std::string& file) { return two_byte_frame(from_hex(compat_file(file))); }

}  // namespace

TEST_CASE("compat BER: the Siemens/Unify OpenScape AARQ (user-information EXTERNAL 1.3.12.2.218.1.1.1) logs in") {
    BridgeFixture bridge(ber_options());
    INFO(bridge.logs());
    auto probe = bridge.client(test_support::CstaTestClient::Encoding::ber);  // waits for the AMI link
    // Both encodings of the EXTERNAL's single-ASN1-type: [0] primitive as pyasn1 writes it
    // (OpenScapepythonconnector's acsespec.py), and [0] constructed as X.208 defines it.
    for (const char* file : {"siemens-aarq-pyasn1.hex", "siemens-aarq-x208.hex"}) {
        INFO(file);
        RawLink link(bridge.csta_port(), RawLink::Framing::ber);
        link.send(login_frame(file));
        auto f = link.frame();
        REQUIRE(f);
        auto aare = aare_of(*f);
        REQUIRE(aare);
        CHECK(aare->result == csta::ber::AssociateResult::accepted);
        CHECK(aare->application_context == "1.3.12.0.180.1");  // echoes the client's (ECMA-180) context
        monitor_works(link);
    }
}

TEST_CASE("compat BER: calling-AP-title forms 1, 2 and 3 name the user, calling-authentication-value is the password") {
    BridgeFixture bridge(ber_options());
    INFO(bridge.logs());
    auto probe = bridge.client(test_support::CstaTestClient::Encoding::ber);  // waits for the AMI link
    for (const char* file : {"ap-title-form1.hex", "ap-title-form2.hex", "ap-title-form3.hex"}) {
        INFO(file);
        RawLink link(bridge.csta_port(), RawLink::Framing::ber);
        link.send(login_frame(file));
        auto f = link.frame();
        REQUIRE(f);
        auto aare = aare_of(*f);
        REQUIRE(aare);
        CHECK(aare->result == csta::ber::AssociateResult::accepted);
        monitor_works(link);
    }
    CHECK(bridge.bridge().log().find("calling-AP-title form 2 (object identifier)") != std::string::npos);
}

TEST_CASE("compat BER: wrong credentials are refused with the same AARE whatever the login form") {
    BridgeFixture bridge(ber_options());
    INFO(bridge.logs());
    auto probe = bridge.client(test_support::CstaTestClient::Encoding::ber);  // waits for the AMI link
    // The bridge's own form, "user:password" in calling-authentication-value, as csta-cli sends it.
    csta::ber::Aarq plain;
    plain.application_context = "1.3.12.0.180.1";
    plain.password = "crm:crmpasX";
    std::vector<Bytes> refusals;
    for (const Bytes& request : {login_frame("siemens-aarq-wrong-password.hex"), login_frame("ap-title-form3-wrong-password.hex"),
                                 *csta::framing::encode_ber(csta::ber::Codec{}.encode(csta::ber::Apdu(plain)))}) {
        RawLink link(bridge.csta_port(), RawLink::Framing::ber);
        link.send(request);
        auto f = link.frame();
        REQUIRE(f);
        auto aare = aare_of(*f);
        REQUIRE(aare);
        CHECK(aare->result == csta::ber::AssociateResult::rejected_permanent);
        CHECK(aare->diagnostic == 13);  // X.227 acse-service-user authentication-failure
        CHECK(link.closed());
        // The AARE echoes the context, which differs between the requests: compare the rest.
        refusals.push_back(*f);
    }
    // Siemens and AP-title requests both use 1.3.12.0.180.1 / 1.3.12.0.218.200 contexts; the
    // AARE differs only in that echoed context, so compare what follows it (result, diagnostic).
    auto tail = [](const Bytes& f) { return Bytes(f.end() - 10, f.end()); };
    CHECK(tail(refusals[0]) == tail(refusals[1]));
    CHECK(tail(refusals[0]) == tail(refusals[2]));
}

TEST_CASE("compat BER: an AARQ whose login private data cannot be read is refused like wrong credentials") {
    BridgeFixture bridge(ber_options());
    INFO(bridge.logs());
    auto probe = bridge.client(test_support::CstaTestClient::Encoding::ber);  // waits for the AMI link
    // The Siemens EXTERNAL with manufacturer 1.3.12.2.218.201 instead of .200 (last OID byte 48 -> 49).
    auto hex = compat_file("siemens-aarq-pyasn1.hex");
    auto at = hex.find("02815a8148");
    REQUIRE(at != std::string::npos);
    hex.replace(at, 10, "02815a8149");
    RawLink link(bridge.csta_port(), RawLink::Framing::ber);
    link.send(two_byte_frame(from_hex(hex)));
    auto f = link.frame();
    REQUIRE(f);
    auto aare = aare_of(*f);
    REQUIRE(aare);
    CHECK(aare->result == csta::ber::AssociateResult::rejected_permanent);
    CHECK(aare->diagnostic == 13);
    CHECK(link.closed());
    CHECK(bridge.bridge().log().find("manufacturer 1.3.12.2.218.201") != std::string::npos);
}

TEST_CASE("compat BER: a greeted BER listener sends a systemStatus invoke before the AARQ") {
    BridgeFixture bridge(ber_options("encodings = ber\ngreeting = ber\n"));
    INFO(bridge.logs());
    RawLink link(bridge.csta_port(), RawLink::Framing::ber);
    auto f = link.frame(10s);
    REQUIRE(f);
    auto d = csta::ber::Codec{}.decode_apdu(std::span<const std::uint8_t>(*f).subspan(2));
    auto* apdu = std::get_if<csta::ber::Apdu>(&d);
    REQUIRE(apdu);
    auto* invoke = std::get_if<csta::ber::Invoke>(apdu);
    REQUIRE(invoke);
    auto* status = std::get_if<csta::SystemStatus>(&invoke->request);
    REQUIRE(status);
    CHECK(status->systemStatus == csta::SystemStatusValue::normal);
    // ROSE invoke [1], then invokeId; the op code on the wire is ECMA-285's systemStatus (211).
    CHECK((*f)[2] == 0xa1);
    // The client may ignore it and log in as usual.
    link.send(login_frame("siemens-aarq-pyasn1.hex"));
    auto answer = link.frame();
    REQUIRE(answer);
    auto aare = aare_of(*answer);
    REQUIRE(aare);
    CHECK(aare->result == csta::ber::AssociateResult::accepted);
}
