// The bridge with [asterisk:pbx] transport = http: AMI over HTTP (/rawman, mansession_id
// cookie, WaitEvent long poll) against pbx-sim serving it; a call with its events, and the
// same resync as over TCP after the HTTP session is lost.
#include <catch2/catch.hpp>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using e2e::flows::collect;
using e2e::flows::count;
using namespace std::chrono_literals;

namespace {

Options over_http() {
    Options o;
    o.ami_over_http = true;
    return o;
}

// A call 1001 -> 1002 with monitors on both: every event of CALL-MODEL flow 2 arrives (through
// WaitEvent, the only way events come over HTTP).
void call_and_clear(CstaTestClient& c) {
    auto x1001 = e2e::flows::monitor_device(c, "1001");
    auto x1002 = e2e::flows::monitor_device(c, "1002");
    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c.call(mc);
    REQUIRE(r);
    auto* made = std::get_if<csta::MakeCallResponse>(&*r);
    REQUIRE(made);
    REQUIRE(made->callingDevice.callID);
    auto events = collect(c, [&](const auto& ev) {
        return count(ev, "EstablishedEvent", x1001) && count(ev, "EstablishedEvent", x1002);
    });
    INFO(e2e::flows::dump(events));
    CHECK(names_of(events, x1001) ==
          std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent", "EstablishedEvent"});
    CHECK(names_of(events, x1002) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});

    csta::ClearConnection clear;
    clear.connectionToBeCleared = csta::ConnectionID(*made->callingDevice.callID, "1001");
    auto cleared = c.call(clear);
    REQUIRE(cleared);
    CHECK(std::holds_alternative<csta::ClearConnectionResponse>(*cleared));
    auto after = collect(c, [&](const auto& ev) {
        return count(ev, "ConnectionClearedEvent", x1001) && count(ev, "ConnectionClearedEvent", x1002);
    });
    CHECK(count(after, "ConnectionClearedEvent", x1001) >= 1);
    CHECK(count(after, "ConnectionClearedEvent", x1002) >= 1);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("AMI over HTTP: login by cookie, a call and its events by WaitEvent, resync after the session is lost") {
    BridgeFixture bridge(over_http());
    auto c = bridge.client();
    INFO(bridge.logs());
    CHECK_THAT(bridge.logs(), Catch::Contains("connected: Asterisk Call Manager/HTTP (http://127.0.0.1:"));
    call_and_clear(*c);

    // pbx-sim forgets every HTTP session (as an Asterisk restart would): the bridge's WaitEvent
    // fails, the link goes down, the bridge logs in again with a new cookie and resyncs.
    bridge.pbx_action("SimDropLink", {{"Duration", "300"}});
    bool down = false;
    for (auto deadline = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < deadline && !down;) {
        auto r = c->next_server_request(200ms);
        down = r && std::holds_alternative<csta::SystemStatus>(*r) &&
               std::get<csta::SystemStatus>(*r).systemStatus == csta::SystemStatusValue::disabled;
    }
    CHECK(down);
    REQUIRE(wait_link_up(*c, 15s));
    const auto logs = bridge.logs();
    CHECK_THAT(logs, Catch::Contains("AMI link lost (link_lost: WaitEvent"));
    CHECK(occurrences(logs, "rebuilding the call state") == 2);  // the first login and the one after the loss
    auto again = bridge.client();  // a new session: its own monitors on the same phones
    call_and_clear(*again);
}
