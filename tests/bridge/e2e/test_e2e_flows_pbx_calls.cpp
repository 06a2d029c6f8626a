// CALL-MODEL flows 12-14 end to end against pbx-sim: a call another AMI application
// originates (pbx-sim's admin connection sends the Originate, the bridge never sees it), calls
// the PBX answers itself (extension 300: Answer + Echo; Originate Application=Playback) and
// parking (blind transfer to 800, retrieval by dialling the slot, a monitor on the slot, the
// parking timeout). Where pbx-sim reproduces a recorded story, each monitor's events must be
// exactly the hand-written golden of that recording; both encodings where the story allows.
#include <catch2/catch.hpp>
#include <thread>

#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;
using State = csta::LocalConnectionState;
using Enc = CstaTestClient::Encoding;

namespace {


// Compares what each monitor got with the expected lines (a golden, or lines written here).
void expect_lines(BridgeFixture& b, CstaTestClient& c, const Xrefs& xrefs,
                  const std::map<std::string, std::vector<std::string>>& expected, const std::string& what) {
    auto events = collect(c, [&](const Events& ev) { return has_golden_counts(ev, xrefs, expected); }, 12s);
    INFO(what << "\nevents received:\n" << dump(events) << b.logs());
    auto got = rendered(events, xrefs);
    for (const auto& [device, xref] : xrefs) {
        INFO("monitor of " << device);
        auto e = expected.count(device) ? expected.at(device) : std::vector<std::string>{};
        auto g = got.count(device) ? got.at(device) : std::vector<std::string>{};
        CHECK(g == e);
    }
}

// The crm user of the fixture, allowed the parking slots too (a user sees only its devices).
Options with_slots(Options o = {}) {
    o.users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999, 701-720\nmax-monitors = 20\n";
    return o;
}

void admin_originate(BridgeFixture& b, std::vector<std::pair<std::string, std::string>> headers) {
    headers.insert(headers.begin(), {"Channel", "PJSIP/1002"});
    headers.emplace_back("Async", "true");
    b.pbx_action("Originate", headers);
}

}  // namespace

TEST_CASE("flow 12: another AMI application originates 1002 -> 1003 and both monitors see a MakeCall "
          "(golden other-app-originate)") {
    for (const auto enc : {Enc::xml, Enc::ber}) {
        DYNAMIC_SECTION((enc == Enc::xml ? "XML" : "BER")) {
            BridgeFixture bridge;
            auto c = bridge.client(enc);
            auto x = monitor_all(*c, {"1002", "1003"});
            admin_originate(bridge, {{"Context", "test"}, {"Exten", "1003"}, {"Priority", "1"}});
            REQUIRE(wait_device_state(*c, "1003", State::connected));
            bridge.pbx_action("SimHangup", {{"Exten", "1003"}});
            expect_lines(bridge, *c, x, golden("other-app-originate"), "other-app-originate");
        }
    }
}

TEST_CASE("flow 12: another application's Originate with Application=Playback gives ServiceInitiated and "
          "Originated (makeCall with no called number) but no Established and is cleared when Playback ends") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1002"});
    admin_originate(bridge, {{"Application", "Playback"}, {"Data", "demo-congrats"}});
    // Written from CALL-MODEL flows 12/13 like other-app-originate-application (Echo there);
    // pbx-sim's Playback ends after a short prompt and the PBX hangs the channel up (16).
    const std::map<std::string, std::vector<std::string>> expected{{"1002", {
        "ServiceInitiatedEvent initiatedConnection=C1:1002 initiatingDevice=1002 localConnectionInfo=initiated cause=makeCall",
        "OriginatedEvent originatedConnection=C1:1002 callingDevice=1002 calledDevice=- localConnectionInfo=connected cause=makeCall",
        "ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null cause=normalClearing",
    }}};
    expect_lines(bridge, *c, x, expected, "Originate Application=Playback");
}

TEST_CASE("flow 13: 1001 dials 300 (Answer then Echo) and is Originated and Established by 300 until 1001 "
          "hangs up (golden call-to-application)") {
    for (const auto enc : {Enc::xml, Enc::ber}) {
        DYNAMIC_SECTION((enc == Enc::xml ? "XML" : "BER")) {
            BridgeFixture bridge;
            auto c = bridge.client(enc);
            auto x = monitor_all(*c, {"1001"});
            bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "300"}});
            REQUIRE(wait_device_state(*c, "1001", State::connected));
            // Established comes with Echo, ~0.5 s after the answer.
            auto first = collect(*c, [&](const Events& ev) { return count(ev, "EstablishedEvent", x["1001"]) == 1; });
            bridge.pbx_action("SimHangup", {{"Exten", "1001"}});
            auto expected = golden("call-to-application");
            auto rest = collect(*c, [&](const Events& ev) { return count(ev, "ConnectionClearedEvent", x["1001"]) == 1; });
            first.insert(first.end(), rest.begin(), rest.end());
            INFO(dump(first) << bridge.logs());
            CHECK(rendered(first, x)["1001"] == expected["1001"]);
        }
    }
}

TEST_CASE("flow 14: SingleStepTransferCall to the parking extension parks 1002 in 701 and 1004 dials 701 and "
          "joins the parked call with a monitor on the slot (golden park-dial-retrieve)") {
    for (const auto enc : {Enc::xml, Enc::ber}) {
        DYNAMIC_SECTION((enc == Enc::xml ? "XML" : "BER")) {
            BridgeFixture bridge(with_slots());
            auto c = bridge.client(enc);
            bridge.pbx_action("SimEndpoint", {{"Exten", "1004"}, {"Registered", "yes"}});
            auto x = monitor_all(*c, {"1001", "1002", "1004", "701"});
            bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
            REQUIRE(wait_device_state(*c, "1002", State::connected));
            const auto call_id = call_of(*c, "1002");
            csta::SingleStepTransferCall sst;
            sst.activeCall = csta::ConnectionID(call_id, "1001");
            sst.transferredTo = csta::DeviceID("800");
            auto r = c->call(sst);
            REQUIRE(r);
            REQUIRE(std::holds_alternative<csta::SingleStepTransferCallResponse>(*r));
            REQUIRE(wait_device_state(*c, "701", State::queued));
            CHECK(call_of(*c, "701") == call_id);  // the parked party keeps its callID
            bridge.pbx_action("SimCall", {{"From", "1004"}, {"To", "701"}});
            auto deadline = std::chrono::steady_clock::now() + 5s;
            std::string joined;
            while (std::chrono::steady_clock::now() < deadline) {
                auto s = c->call(csta::SnapshotDevice{csta::DeviceID("1004"), {}});
                auto* snap = s ? std::get_if<csta::SnapshotDeviceResponse>(&*s) : nullptr;
                if (snap && snap->snapshotData.size() == 1 && snap->snapshotData.front().connectionIdentifier.callID == call_id) {
                    joined = call_id;
                    break;
                }
                std::this_thread::sleep_for(50ms);
            }
            REQUIRE(joined == call_id);  // the retriever joined the parked call
            bridge.pbx_action("SimHangup", {{"Exten", "1004"}});
            expect_lines(bridge, *c, x, golden("park-dial-retrieve"), "park-dial-retrieve");
        }
    }
}

TEST_CASE("flow 14: a parked call nobody retrieves times out so the slot's connection ends (timeout) and "
          "the parker is called back (recall)") {
    auto o = with_slots();
    o.pbx_args = "--answer-ms 300 --parking-timeout-ms 800";
    BridgeFixture bridge(o);
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1002", "701"});
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    csta::SingleStepTransferCall sst;
    sst.activeCall = csta::ConnectionID(call_of(*c, "1002"), "1001");
    sst.transferredTo = csta::DeviceID("800");
    REQUIRE(c->call(sst));
    // Written from CALL-MODEL flow 14 and res_parking (comebacktoorigin: Dial(PJSIP/1001) from
    // the parked channel when parkingtime runs out); 1001 answers after 300 ms. calledDevice is
    // the call's dialled number (CALL-MODEL flow 15): since the single-step transfer to the
    // parking extension that is the slot 701, not 1001, which alertingDevice/answeringDevice name.
    const std::map<std::string, std::vector<std::string>> expected{
        {"1002", {
            "DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=alerting cause=newCall",
            "EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall",
            "QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park",
            "TransferedEvent primaryOldCall=C1:1001 secondaryOldCall=- transferringDevice=1001 transferredToDevice=701 transferredConnections=[C1:1002>C1:1002,C1:701>C1:701] localConnectionInfo=connected cause=singleStepTransfer",
            "ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=connected cause=timeout",
            "DeliveredEvent connection=C1:1001 alertingDevice=1001 callingDevice=1002 calledDevice=701 localConnectionInfo=connected cause=recall",
            "EstablishedEvent establishedConnection=C1:1001 answeringDevice=1001 callingDevice=1002 calledDevice=701 localConnectionInfo=connected cause=recall",
        }},
        {"701", {
            "QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=queued cause=park",
            "TransferedEvent primaryOldCall=C1:1001 secondaryOldCall=- transferringDevice=1001 transferredToDevice=701 transferredConnections=[C1:1002>C1:1002,C1:701>C1:701] localConnectionInfo=queued cause=singleStepTransfer",
            "ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=null cause=timeout",
        }}};
    expect_lines(bridge, *c, x, expected, "park timeout");
}

TEST_CASE("GetSwitchingFunctionDevices for the park category lists the table's parking slots 701-720") {
    BridgeFixture bridge(with_slots());
    auto c = bridge.client();
    csta::GetSwitchingFunctionDevices req;
    req.requestedDeviceCategory = csta::ReqDeviceCategory::park;
    auto r = c->call(req);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::GetSwitchingFunctionDevicesResponse>(*r));
    std::vector<std::string> listed;
    auto deadline = std::chrono::steady_clock::now() + 5s;
    bool last = false;
    while (!last && std::chrono::steady_clock::now() < deadline) {
        auto req_in = c->next_server_request(200ms);
        if (!req_in) continue;
        auto* list = std::get_if<csta::SwitchingFunctionDevices>(&*req_in);
        if (!list) continue;
        for (const auto& d : list->deviceList) {
            listed.push_back(d.deviceID.value);
            CHECK(d.deviceCategory == csta::DeviceCategory::park);
        }
        last = list->lastSegment;
    }
    REQUIRE(listed.size() == 20);
    CHECK(listed.front() == "701");
    CHECK(listed.back() == "720");
}
