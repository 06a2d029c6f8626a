// The ParkCall service end to end against pbx-sim, in both encodings: ParkCall on an
// established call parks the other party through the table's recipe (AMI Park, pbx-sim's
// manager_park), the parked party keeps its callID, a monitor on the slot sees it, another
// device retrieves it by dialling the slot; and the precise errors for what cannot be parked.
#include <catch2/catch.hpp>
#include <thread>

#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;
using State = csta::LocalConnectionState;
using Enc = CstaTestClient::Encoding;
using Op = csta::OperationError;
using SI = csta::StateIncompatibilityError;

namespace {

Options users(std::string devices) {
    Options o;
    o.users = "[user:crm]\nsecret = crmpass\ndevices = " + devices + "\nmax-monitors = 20\n";
    return o;
}

csta::ParkCall park(const std::string& call_id, const std::string& device, const std::string& to = "700") {
    csta::ParkCall p;
    p.parking = csta::ConnectionID(call_id, csta::DeviceID(device));
    p.parkTo = csta::DeviceID(to);
    return p;
}

// 1001 calls 1002, 1002 answers; the call's id.
std::string established_call(BridgeFixture& bridge, CstaTestClient& c) {
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(c, "1002", State::connected));
    return call_of(c, "1001");
}

}  // namespace

TEST_CASE("ParkCall: 1001 parks its call with 1002 at the lot 700: 1002 waits in slot 701 with its callID, "
          "1001 leaves, 1004 dials 701 and joins the parked call") {
    for (const auto enc : {Enc::xml, Enc::ber}) {
        DYNAMIC_SECTION((enc == Enc::xml ? "XML" : "BER")) {
            BridgeFixture bridge(users("1000-1999, 701-720"));
            auto c = bridge.client(enc);
            bridge.pbx_action("SimEndpoint", {{"Exten", "1004"}, {"Registered", "yes"}});
            Xrefs x;
            for (const char* d : {"1001", "1002", "1004", "701"}) x[d] = monitor_device(*c, d);
            const auto call_id = established_call(bridge, *c);
            auto r = c->call(park(call_id, "1001"));
            REQUIRE(r);
            INFO(bridge.logs());
            REQUIRE(std::holds_alternative<csta::ParkCallResponse>(*r));
            // Asterisk picks the slot after its answer: the response does not name it.
            CHECK_FALSE(std::get<csta::ParkCallResponse>(*r).parkedTo);
            REQUIRE(wait_device_state(*c, "701", State::queued));
            CHECK(call_of(*c, "701") == call_id);   // the parked party keeps its callID
            CHECK(call_of(*c, "1002") == call_id);
            // 1001 hears the slot number, then leaves: it has no call any more.
            auto gone = std::chrono::steady_clock::now() + 5s;
            bool left = false;
            while (!left && std::chrono::steady_clock::now() < gone) {
                auto s = c->call(csta::SnapshotDevice{csta::DeviceID("1001"), {}});
                auto* snap = s ? std::get_if<csta::SnapshotDeviceResponse>(&*s) : nullptr;
                left = snap && snap->snapshotData.empty();
                if (!left) std::this_thread::sleep_for(50ms);
            }
            REQUIRE(left);
            bridge.pbx_action("SimCall", {{"From", "1004"}, {"To", "701"}});
            auto deadline = std::chrono::steady_clock::now() + 5s;
            bool joined = false;
            while (!joined && std::chrono::steady_clock::now() < deadline) {
                auto s = c->call(csta::SnapshotDevice{csta::DeviceID("1004"), {}});
                auto* snap = s ? std::get_if<csta::SnapshotDeviceResponse>(&*s) : nullptr;
                joined = snap && snap->snapshotData.size() == 1 &&
                         snap->snapshotData.front().connectionIdentifier.callID == call_id;
                if (!joined) std::this_thread::sleep_for(50ms);
            }
            REQUIRE(joined);  // the retriever joined the parked call
            bridge.pbx_action("SimHangup", {{"Exten", "1004"}});
            // Written by hand from ECMA-269 ParkCall (the call moves from the parking device to
            // the parked-to device, where it is queued; the parking device's connection ends)
            // and CALL-MODEL flow 14, before running the test. Asterisk's Park action puts 1002
            // in the lot's first free slot, 701: QueuedEvent at 701, cause park, callingDevice
            // still 1001 (no transfer happened), seen by 1001, 1002 and 701. 1001 hears the slot
            // number and is hung up (cause 16): ConnectionCleared C1:1001 normalClearing. 1004's
            // own call C2 to 701 ends for it when it retrieves 1002 (cause park) and it is
            // Established in C1 (cause park); the slot's connection ends (park). 1004 hangs up
            // first, then 1002 is hung up (normalClearing), as in park-dial-retrieve.
            const std::map<std::string, std::vector<std::string>> expected{
                {"1001", {
                    "ServiceInitiatedEvent initiatedConnection=C1:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall",
                    "OriginatedEvent originatedConnection=C1:1001 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall",
                    "DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall",
                    "EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall",
                    "QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing",
                }},
                {"1002", {
                    "DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=alerting cause=newCall",
                    "EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall",
                    "QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing",
                    "EstablishedEvent establishedConnection=C1:1004 answeringDevice=1004 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=connected cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:1004 releasingDevice=1004 localConnectionInfo=connected cause=normalClearing",
                    "ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null cause=normalClearing",
                }},
                {"1004", {
                    "ServiceInitiatedEvent initiatedConnection=C2:1004 initiatingDevice=1004 localConnectionInfo=initiated cause=newCall",
                    "OriginatedEvent originatedConnection=C2:1004 callingDevice=1004 calledDevice=701 localConnectionInfo=connected cause=newCall",
                    "ConnectionClearedEvent droppedConnection=C2:1004 releasingDevice=1004 localConnectionInfo=null cause=park",
                    "EstablishedEvent establishedConnection=C1:1004 answeringDevice=1004 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=connected cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:1004 releasingDevice=1004 localConnectionInfo=null cause=normalClearing",
                }},
                {"701", {
                    "QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=queued cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=queued cause=normalClearing",
                    "EstablishedEvent establishedConnection=C1:1004 answeringDevice=1004 callingDevice=1001 calledDevice=701 localConnectionInfo=queued cause=park",
                    "ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=null cause=park",
                }}};
            auto events = collect(*c, [&](const Events& ev) { return has_golden_counts(ev, x, expected); }, 12s);
            INFO("events received:\n" << dump(events));
            auto got = rendered(events, x);
            for (const auto& [device, lines] : expected) {
                INFO("monitor of " << device);
                CHECK(got[device] == lines);
            }
        }
    }
}

TEST_CASE("ParkCall errors: an unknown call, a call not answered yet, a device the user may not use, a "
          "parkTo that is not the lot") {
    for (const auto enc : {Enc::xml, Enc::ber}) {
        DYNAMIC_SECTION((enc == Enc::xml ? "XML" : "BER")) {
            auto o = users("1001, 701-720");
            o.pbx_args = "--answer-ms 60000";  // 1003 answers when told (SimAnswer)
            BridgeFixture bridge(o);
            auto c = bridge.client(enc);
            CHECK(error_answer(*c, park("no-such-call", "1001")) == csta::ErrorCode(Op::invalidCallID));
            bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1003"}});
            REQUIRE(wait_device_state(*c, "1001", State::connected));
            const auto call_id = call_of(*c, "1001");
            // 1003 rings: the call is not established, there is nothing to park yet.
            CHECK(error_answer(*c, park(call_id, "1001")) == csta::ErrorCode(SI::invalidCallToParkDeviceState));
            auto deadline = std::chrono::steady_clock::now() + 5s;
            bool answered = false;
            std::string seen;
            while (!answered && std::chrono::steady_clock::now() < deadline) {
                // SimAnswer answers a leg that rings: until 1003 is told ringing, ask again.
                bridge.pbx_action("SimAnswer", {{"Exten", "1003"}});
                auto s = c->call(csta::SnapshotCall{csta::ConnectionID(call_id, csta::DeviceID("1001")), {}});
                auto* snap = s ? std::get_if<csta::SnapshotCallResponse>(&*s) : nullptr;
                seen = snap ? "" : "no SnapshotCallResponse";
                if (snap)
                    for (const auto& item : snap->snapshotData) {
                        seen += item.deviceOnCall.device.value + "=" +
                                std::string(item.localConnectionInfo ? csta::to_string(*item.localConnectionInfo) : "-") + " ";
                        answered |= item.deviceOnCall.device.value == "1003" &&
                                    item.localConnectionInfo == State::connected;
                    }
                if (!answered) std::this_thread::sleep_for(100ms);
            }
            INFO("SnapshotCall: " << seen << bridge.logs());
            REQUIRE(answered);
            // 1003 is not one of this user's devices.
            CHECK(error_answer(*c, park(call_id, "1003")) == csta::ErrorCode(Op::privilegeViolationCallToParkDevice));
            // Asterisk's Park picks the slot: a slot as parkTo is refused, not silently moved.
            CHECK(error_answer(*c, park(call_id, "1001", "705")) == csta::ErrorCode(Op::invalidParkToDeviceID));
            CHECK(error_answer(*c, park(call_id, "1001", "1003")) == csta::ErrorCode(Op::invalidParkToDeviceID));
            // None of this reached Asterisk: 1001 is still in its call, nobody is parked.
            CHECK(call_of(*c, "1001") == call_id);
            auto slot = c->call(csta::SnapshotDevice{csta::DeviceID("701"), {}});
            REQUIRE(slot);
            REQUIRE(std::holds_alternative<csta::SnapshotDeviceResponse>(*slot));
            CHECK(std::get<csta::SnapshotDeviceResponse>(*slot).snapshotData.empty());
        }
    }
}
