// The bridge end to end over CSTA BER (ECMA-285): ACSE login, ROSE requests, event reports.
#include <catch2/catch.hpp>

#include "csta/ber/codec.hpp"
#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"

using namespace e2e;
using namespace std::chrono_literals;
using Enc = CstaTestClient::Encoding;

TEST_CASE("BER client: AARQ login then monitor and MakeCall with event reports carrying the call id") {
    BridgeFixture bridge;
    auto c = bridge.client(Enc::ber);
    INFO(bridge.logs());
    csta::MonitorStart m;
    m.monitorObject = csta::DeviceID("1001");
    auto mr = c->call(m);
    REQUIRE(mr);
    auto* started = std::get_if<csta::MonitorStartResponse>(&*mr);
    REQUIRE(started);

    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c->call(mc);
    REQUIRE(r);
    auto* made = std::get_if<csta::MakeCallResponse>(&*r);
    REQUIRE(made);
    REQUIRE(made->callingDevice.callID);

    std::vector<std::string> names;
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline &&
           std::find(names.begin(), names.end(), "EstablishedEvent") == names.end()) {
        auto e = c->next_event(200ms);
        if (!e) continue;
        names.emplace_back(csta::name(*e));
        CHECK(csta::cross_ref_id(*e) == started->monitorCrossRefID);
        auto conn = subject_connection(*e);
        REQUIRE(conn);
        CHECK(conn->callID == made->callingDevice.callID);
    }
    CHECK(names == std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent", "EstablishedEvent"});
}

TEST_CASE("BER: a Siemens-style systemStatus heartbeat with the Phase II op code 52 is answered") {
    BridgeFixture bridge;
    auto c = bridge.client(Enc::ber);
    csta::ber::Codec codec;
    csta::SystemStatus hb;
    hb.systemStatus = csta::SystemStatusValue::normal;
    auto apdu = codec.encode(csta::ber::Apdu(csta::ber::Invoke{7, csta::ber::opcode::systemStatusPhase2, hb}));
    REQUIRE(apdu.size() > 8);
    CHECK(apdu[7] == 52);  // a1 len 02 01 07 02 01 34: the op code on the wire really is 52
    auto framed = csta::framing::encode_ber(apdu);
    REQUIRE(framed);
    c->send_raw(*framed);
    auto raw = c->next_frame();
    REQUIRE(raw);
    auto d = codec.decode_apdu(*raw);
    REQUIRE(std::holds_alternative<csta::ber::Apdu>(d));
    auto* result = std::get_if<csta::ber::Result>(&std::get<csta::ber::Apdu>(d));
    REQUIRE(result);
    CHECK(result->invoke_id == 7);
    CHECK(std::holds_alternative<csta::SystemStatusResponse>(result->response));
}

TEST_CASE("BER: wrong credentials give an AARE rejection with authentication-failure") {
    BridgeFixture bridge;
    CstaTestClient c(bridge.csta_port(), Enc::ber);
    std::string detail;
    CHECK_FALSE(c.login("crm", "nope", &detail));
    CHECK(detail == "diagnostic 13");
    CHECK(c.wait_closed(5s));
}
