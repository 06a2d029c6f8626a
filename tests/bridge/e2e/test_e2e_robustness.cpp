// What must not knock the bridge over: garbage, hostile XML, a lost AMI link, slow clients.
#include <catch2/catch.hpp>
#include <thread>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"

using namespace e2e;
using namespace std::chrono_literals;
using Enc = CstaTestClient::Encoding;

TEST_CASE("garbage on a new connection closes only that connection") {
    BridgeFixture bridge;
    auto good = bridge.client();
    CstaTestClient junk(bridge.csta_port(), Enc::xml, csta::xml::Edition::ed6);
    junk.send_raw({'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n'});
    CHECK(junk.wait_closed(5s));
    auto r = good->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("neither CSTA XML framing nor a BER"));
}

TEST_CASE("an XXE document gets a CSTAErrorCode and the session goes on") {
    BridgeFixture bridge;
    auto c = bridge.client();
    std::string xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        "<MakeCall xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\">"
        "<callingDevice>&x;</callingDevice><calledDirectoryNumber>1002</calledDirectoryNumber></MakeCall>";
    auto framed = csta::framing::encode_xml(xxe, 17);
    REQUIRE(framed);
    c->send_raw(*framed);
    auto raw = c->next_frame();
    REQUIRE(raw);
    std::string answer(raw->begin(), raw->end());
    INFO(answer);
    CHECK_THAT(answer, Catch::Contains("<CSTAErrorCode"));
    CHECK_THAT(answer, !Catch::Contains("root:"));  // nothing of /etc/passwd came back
    auto r = c->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
}

namespace {
// The next SystemStatus push with that value; earlier pushes (the "enabled" of the bridge's own
// start-up, which may reach a client that logged in early) are skipped.
bool wait_system_status(CstaTestClient& c, csta::SystemStatusValue value, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto r = c.next_server_request(200ms);
        if (r && std::holds_alternative<csta::SystemStatus>(*r) && std::get<csta::SystemStatus>(*r).systemStatus == value)
            return true;
    }
    return false;
}
}  // namespace

TEST_CASE("AMI link loss: SystemStatus disabled and requests fail fast until enabled again") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    bridge.pbx_action("SimDropLink", {{"Duration", "1500"}});
    REQUIRE(wait_system_status(*c, csta::SystemStatusValue::disabled, 5s));

    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c->call(mc, 3s);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::SystemResourceAvailabilityError::resourceOutOfService));

    CHECK(wait_system_status(*c, csta::SystemStatusValue::enabled, 15s));
    CHECK(wait_link_up(*c, 5s));
}

TEST_CASE("SystemStatus heartbeats: a client that answers stays, a silent one is closed") {
    Options o;
    o.extra_listener = "heartbeat-seconds = 1\nheartbeat-misses = 2\n";
    BridgeFixture bridge(o);
    auto alive = bridge.client();
    alive->auto_answer_heartbeats(true);
    auto silent = bridge.client(Enc::ber);
    // The silent client receives heartbeats (requests of the bridge) and answers none.
    auto hb = silent->next_server_request(3s);
    REQUIRE(hb);
    CHECK(std::holds_alternative<csta::SystemStatus>(*hb));
    bool silent_closed = false;
    auto deadline = std::chrono::steady_clock::now() + 8s;
    while (!silent_closed && std::chrono::steady_clock::now() < deadline) {
        alive->next_event(100ms);  // reads, and so answers, the heartbeats
        silent_closed = silent->wait_closed(100ms);
    }
    CHECK(silent_closed);
    // Meanwhile the answering client kept its session.
    auto r = alive->call(csta::RequestSystemStatus{});
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::RequestSystemStatusResponse>(*r));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("SystemStatus heartbeats unanswered"));
}
