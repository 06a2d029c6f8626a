// CALL-MODEL flow 15 end to end: an outside caller (+4930123456) calls a DID over pbx-sim's
// carrier trunk (trunk-carrier, context from-trunk, calibrated on the recordings
// trunk-inbound-answered / trunk-inbound-queue), the real csta-bridge reports it to a client
// monitoring the agents, in both encodings. Every monitor must receive exactly the
// hand-written golden of the recorded story, and its first Delivered must say who calls
// (callingDevice / networkCallingDevice) and which number was dialled (calledDevice /
// networkCalledDevice = the DID).
#include <catch2/catch.hpp>

#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;
using State = csta::LocalConnectionState;

namespace {


Options agents_and_queue() {
    Options o;
    o.users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999, q-*\nmax-monitors = 20\n";
    // The site names its trunk (the default table's ^PJSIP/trunk rule would too).
    o.asterisk_extra = "trunk-endpoints = trunk-carrier\n";
    return o;
}

std::string ext(const std::optional<csta::ExtendedDeviceID>& d) { return d && d->known() ? d->device.value : "-"; }
std::string ext(const csta::ExtendedDeviceID& d) { return d.known() ? d.device.value : "-"; }

// Every monitor gets its golden; the first Delivered of each says who calls and what was dialled.
void expect_story(BridgeFixture& b, CstaTestClient& c, const Xrefs& xrefs, const std::string& scenario,
                  const std::string& did) {
    const auto expected = golden(scenario);
    auto events = collect(c, [&](const Events& ev) { return has_golden_counts(ev, xrefs, expected); });
    INFO("scenario " << scenario << "\nevents received:\n" << dump(events) << b.logs());
    const auto got = rendered(events, xrefs);
    for (const auto& [device, xref] : xrefs) {
        INFO("monitor of " << device);
        CHECK((got.count(device) ? got.at(device) : std::vector<std::string>{}) ==
              (expected.count(device) ? expected.at(device) : std::vector<std::string>{}));
        const csta::DeliveredEvent* first = nullptr;
        for (const auto& e : events)
            if (auto* d = std::get_if<csta::DeliveredEvent>(&e); d && !first && d->monitorCrossRefID == xref) first = d;
        REQUIRE(first);
        CHECK(ext(first->callingDevice) == "+4930123456");
        CHECK(ext(first->calledDevice) == did);
        CHECK(ext(first->networkCallingDevice) == "+4930123456");
        CHECK(ext(first->networkCalledDevice) == did);
    }
}

void answered_by_phone(CstaTestClient::Encoding enc) {
    BridgeFixture bridge(agents_and_queue());
    auto c = bridge.client(enc);
    auto x = monitor_all(*c, {"1002"});
    bridge.pbx_action("SimTrunkCall", {{"Trunk", "trunk-carrier"}, {"From", "+4930123456"}, {"To", "5551000"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    // SnapshotCall says it too: calledDevice is the number dialled, not the phone that answered.
    auto d = c->call(csta::SnapshotDevice{csta::DeviceID("1002"), {}});
    REQUIRE(d);
    auto* sd = std::get_if<csta::SnapshotDeviceResponse>(&*d);
    REQUIRE(sd);
    REQUIRE(sd->snapshotData.size() == 1);
    REQUIRE(sd->snapshotData.front().connectionIdentifier.callID);
    auto r = c->call(csta::SnapshotCall{sd->snapshotData.front().connectionIdentifier, {}});
    REQUIRE(r);
    auto* sc = std::get_if<csta::SnapshotCallResponse>(&*r);
    REQUIRE(sc);
    CHECK(ext(sc->calledDevice) == "5551000");
    CHECK(ext(sc->callingDevice) == "+4930123456");
    bridge.pbx_action("SimHangup", {{"Exten", "trunk-carrier"}});
    expect_story(bridge, *c, x, "trunk-inbound-answered", "5551000");
}

void answered_from_queue(CstaTestClient::Encoding enc) {
    BridgeFixture bridge(agents_and_queue());
    auto c = bridge.client(enc);
    auto x = monitor_all(*c, {"1002", "1003", "q-test"});
    bridge.pbx_action("SimEndpoint", {{"Exten", "1002"}, {"Mode", "noanswer"}});  // 1003 answers, as recorded
    bridge.pbx_action("SimTrunkCall", {{"Trunk", "trunk-carrier"}, {"From", "+4930123456"}, {"To", "5551750"}});
    REQUIRE(wait_device_state(*c, "1003", State::connected));
    bridge.pbx_action("SimHangup", {{"Exten", "trunk-carrier"}});
    expect_story(bridge, *c, x, "trunk-inbound-queue", "5551750");
}

}  // namespace

TEST_CASE("flow 15, XML: a trunk call to DID 5551000 rings 1002, who answers (golden trunk-inbound-answered)") {
    answered_by_phone(CstaTestClient::Encoding::xml);
}

TEST_CASE("flow 15, BER: a trunk call to DID 5551000 rings 1002, who answers (golden trunk-inbound-answered)") {
    answered_by_phone(CstaTestClient::Encoding::ber);
}

TEST_CASE("flow 15, XML: a trunk call to DID 5551750 is queued in q-test, 1003 answers (golden trunk-inbound-queue)") {
    answered_from_queue(CstaTestClient::Encoding::xml);
}

TEST_CASE("flow 15, BER: a trunk call to DID 5551750 is queued in q-test, 1003 answers (golden trunk-inbound-queue)") {
    answered_from_queue(CstaTestClient::Encoding::ber);
}
