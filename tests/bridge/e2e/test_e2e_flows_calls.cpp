// CALL-MODEL flows end to end: pbx-sim's phones make the calls (SimCall/SimHangup/SimHold) or
// the CSTA client asks for a service, the real csta-bridge reports them to an XML ed6 client
// with a device monitor on every party. Where pbx-sim reproduces a recorded Asterisk story,
// each monitor's events must be exactly the hand-written tests/golden/<story>.csta.txt.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"
#include "tests/support/fixtures.hpp"

using namespace e2e;
using namespace e2e::flows;
using State = csta::LocalConnectionState;

namespace {


void sim(BridgeFixture& b, const std::string& action, std::vector<std::pair<std::string, std::string>> headers) {
    b.pbx_action(action, headers);
}

// The callID of the device's first call, or "" when it has none.
std::string call_of_or_empty(CstaTestClient& c, const std::string& device) {
    auto r = c.call(csta::SnapshotDevice{csta::DeviceID(device), {}});
    auto* s = r ? std::get_if<csta::SnapshotDeviceResponse>(&*r) : nullptr;
    if (!s || s->snapshotData.empty()) return {};
    return s->snapshotData.front().connectionIdentifier.callID.value_or("");
}

// Collects until every monitor has what the golden gives it, then compares line by line.
void expect_golden(BridgeFixture& b, CstaTestClient& c, const Xrefs& xrefs, const std::string& scenario,
                   Events already = {}) {
    const auto expected = golden(scenario);
    auto more = collect(c, [&](const Events& ev) {
        Events all = already;
        all.insert(all.end(), ev.begin(), ev.end());
        return has_golden_counts(all, xrefs, expected);
    });
    already.insert(already.end(), more.begin(), more.end());
    INFO("scenario " << scenario << "\nevents received:\n" << dump(already) << b.logs());
    auto got = rendered(already, xrefs);
    for (const auto& [device, xref] : xrefs) {
        INFO("monitor of " << device);
        auto e = expected.count(device) ? expected.at(device) : std::vector<std::string>{};
        auto g = got.count(device) ? got.at(device) : std::vector<std::string>{};
        CHECK(g == e);
    }
}

}  // namespace

TEST_CASE("flow 1: phone 1001 calls 1002, 1002 answers, 1001 hangs up (golden sip-call-answered-caller-hangs-up)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002"});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    expect_golden(bridge, *c, x, "sip-call-answered-caller-hangs-up");
}

TEST_CASE("flow 3: called phone busy -> Failed(busy) at the caller, nothing at 1002 (golden sip-call-busy)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002"});
    sim(bridge, "SimEndpoint", {{"Exten", "1002"}, {"Mode", "busy"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    expect_golden(bridge, *c, x, "sip-call-busy");
}

TEST_CASE("flow 3: caller gives up while 1002 rings -> both cleared normalClearing (golden sip-call-no-answer)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002"});
    sim(bridge, "SimEndpoint", {{"Exten", "1002"}, {"Mode", "noanswer"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::alerting));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    expect_golden(bridge, *c, x, "sip-call-no-answer");
}

TEST_CASE("flow 3: unregistered 1004 -> Failed(destNotObtainable) at the caller, nothing at 1004 (golden sip-call-unavailable)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1004"});
    sim(bridge, "SimEndpoint", {{"Exten", "1004"}, {"Mode", "unavailable"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1004"}});
    expect_golden(bridge, *c, x, "sip-call-unavailable");
}

namespace {

// Flow 8 as each party sees it: Diverted(diverting 1002, newDestination 1003,
// lastRedirectionDevice 1002) at every party's monitor, 1002's connection gone with it, then
// Delivered/Established at 1003, all in the same call.
void expect_diverted_to_1003(BridgeFixture& bridge, CstaTestClient& c, Xrefs& x) {
    auto events = collect(c, [&](const Events& ev) {
        return count(ev, "EstablishedEvent", x["1001"]) > 0 && count(ev, "EstablishedEvent", x["1003"]) > 0;
    });
    INFO(dump(events) << bridge.logs());
    CHECK(names(events, x["1001"]) == std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent",
                                                               "DivertedEvent", "DeliveredEvent", "EstablishedEvent"});
    CHECK(names(events, x["1002"]) == std::vector<std::string>{"DeliveredEvent", "DivertedEvent"});
    CHECK(names(events, x["1003"]) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    std::string call_id;
    for (const auto& e : events) {
        if (const auto* d = std::get_if<csta::DivertedEvent>(&e)) {
            CHECK(d->divertingDevice.device.value == "1002");
            CHECK(d->newDestination.device.value == "1003");
            REQUIRE(d->callingDevice);
            CHECK(d->callingDevice->device.value == "1001");
            CHECK(d->cause == csta::EventCause::redirected);
            REQUIRE(d->connection.callID);
            if (call_id.empty()) call_id = *d->connection.callID;
            CHECK(*d->connection.callID == call_id);  // the call keeps its id
            if (d->monitorCrossRefID == x["1002"]) CHECK(d->localConnectionInfo == State::null);
        }
        if (const auto* dl = std::get_if<csta::DeliveredEvent>(&e); dl && dl->alertingDevice.device.value == "1003") {
            CHECK(dl->connection.callID == call_id);
            // The number 1001 dialled stays the calledDevice: 1002 (CALL-MODEL flow 15, ECMA-269
            // originally called device); alertingDevice says that 1003 rings.
            CHECK(dl->calledDevice.device.value == "1002");
        }
    }
}

}  // namespace

TEST_CASE("flow 8: 1002 forwards the ringing call (SIP 302) to 1003 -> Diverted, then 1003 rings and answers") {
    // No recording of a forward: pbx-sim follows app_dial's do_forward() (DialBegin of the new
    // leg, DialEnd CANCEL with Forward, Hangup of the old leg).
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    sim(bridge, "SimEndpoint", {{"Exten", "1002"}, {"Mode", "forward"}, {"Forward", "1003"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    expect_diverted_to_1003(bridge, *c, x);
}

TEST_CASE("flow 8: DeflectCall of 1002's ringing connection to 1003 -> the same Diverted as a forward") {
    // The recipe Redirects the channel whose Dial() rings 1002 (the caller's) to 1003: its Dial
    // ends (DialEnd CANCEL), and it dials 1003. pbx-sim follows app_dial/pbx.c (no recording).
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    sim(bridge, "SimEndpoint", {{"Exten", "1002"}, {"Mode", "noanswer"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::alerting));
    const auto call_id = call_of(*c, "1002");

    // Only a ringing connection can be deflected: the caller's is refused precisely.
    csta::DeflectCall wrong;
    wrong.callToBeDiverted = csta::ConnectionID(call_id, "1001");
    wrong.newDestination = csta::DeviceID("1003");
    CHECK(error_answer(*c, wrong) == csta::ErrorCode(csta::StateIncompatibilityError::invalidDivertingDeviceState));

    csta::DeflectCall d;
    d.callToBeDiverted = csta::ConnectionID(call_id, "1002");
    d.newDestination = csta::DeviceID("1003");
    auto r = c->call(d);
    REQUIRE(r);
    INFO("DeflectCall answered " << csta::name(*r) << "\n" << bridge.logs());
    CHECK(std::holds_alternative<csta::DeflectCallResponse>(*r));
    expect_diverted_to_1003(bridge, *c, x);
    CHECK(call_of(*c, "1003") == call_id);
    CHECK_THAT(bridge.logs(), Catch::Contains("pbx-sim: action Redirect"));
}

TEST_CASE("flow 4: hold and retrieve from the phone -> Held/Retrieved on both monitors (golden hold-retrieve)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002"});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    sim(bridge, "SimHold", {{"Exten", "1001"}});
    REQUIRE(wait_device_state(*c, "1001", State::hold));
    sim(bridge, "SimUnhold", {{"Exten", "1001"}});
    REQUIRE(wait_device_state(*c, "1001", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    expect_golden(bridge, *c, x, "hold-retrieve");
}

TEST_CASE("flow 5: SingleStepTransferCall of 1001's call to 1003 (golden blind-transfer)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    const auto call_id = call_of(*c, "1001");

    csta::SingleStepTransferCall sst;
    sst.activeCall = csta::ConnectionID(call_id, "1001");
    sst.transferredTo = csta::DeviceID("1003");
    auto r = c->call(sst);
    REQUIRE(r);
    INFO("SingleStepTransferCall answered " << csta::name(*r));
    auto* ok = std::get_if<csta::SingleStepTransferCallResponse>(&*r);
    REQUIRE(ok);
    CHECK(ok->transferredCall.callID == call_id);  // Asterisk keeps the transferee's channel and call

    REQUIRE(wait_device_state(*c, "1003", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1003"}});
    expect_golden(bridge, *c, x, "blind-transfer");
}

namespace {

struct Consultation {
    std::string held_call, consult_call;
};

// Flows 6 and 7 start alike: 1001 calls 1002, 1002 answers, then ConsultationCall from 1001 to
// 1003 (Atxfer), and 1003 answers.
Consultation consult_1003(BridgeFixture& bridge, CstaTestClient& c) {
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(c, "1002", State::connected));
    Consultation out;
    out.held_call = call_of(c, "1001");

    csta::ConsultationCall cc;
    cc.existingCall = csta::ConnectionID(out.held_call, "1001");
    cc.consultedDevice = csta::DeviceID("1003");
    auto r = c.call(cc);
    REQUIRE(r);
    INFO("ConsultationCall answered " << csta::name(*r) << "\n" << bridge.logs());
    auto* ok = std::get_if<csta::ConsultationCallResponse>(&*r);
    REQUIRE(ok);
    CHECK(ok->initiatedCall.deviceID == csta::DeviceID("1001"));
    REQUIRE(wait_device_state(c, "1003", State::connected));
    out.consult_call = call_of(c, "1003");
    CHECK(out.consult_call != out.held_call);
    // ECMA-269: initiatedCall is the consultation call's connection at the consulting device
    // (the bridge waits for the Originated event of the new leg before it answers).
    REQUIRE(ok->initiatedCall.callID);
    CHECK(*ok->initiatedCall.callID == out.consult_call);
    return out;
}

// Waits until 1003's call is the held call: the consultation has merged into it.
void wait_merged(CstaTestClient& c, const Consultation& k) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (call_of_or_empty(c, "1003") != k.held_call && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    REQUIRE(call_of_or_empty(c, "1003") == k.held_call);  // the resulting call keeps the held call's id
}

// ConferenceCall(held, consultation) at 1001: answered with the held call (it survives), and
// 1003 ends up in it.
void conference_1003(BridgeFixture& bridge, CstaTestClient& c, const Consultation& k) {
    csta::ConferenceCall conf;
    conf.heldCall = csta::ConnectionID(k.held_call, "1001");
    conf.activeCall = csta::ConnectionID(k.consult_call, "1001");
    auto r = c.call(conf);
    REQUIRE(r);
    INFO("ConferenceCall answered " << csta::name(*r) << "\n" << bridge.logs());
    auto* ok = std::get_if<csta::ConferenceCallResponse>(&*r);
    REQUIRE(ok);
    CHECK(ok->conferenceCall.callID == k.held_call);
    CHECK(ok->conferenceCall.deviceID == csta::DeviceID("1001"));
    wait_merged(c, k);
}

}  // namespace

TEST_CASE("flow 6: ConsultationCall from 1001 to 1003, the phone completes the transfer by hanging up "
          "(golden attended-transfer)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    const auto k = consult_1003(bridge, *c);
    // The transferer hangs up: Asterisk merges the calls (AttendedTransfer); then 1003 hangs up.
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    wait_merged(*c, k);
    sim(bridge, "SimHangup", {{"Exten", "1003"}});
    expect_golden(bridge, *c, x, "attended-transfer");
}

TEST_CASE("flow 6: ConsultationCall then TransferCall (atxfercomplete keyed by the bridge) reports exactly "
          "what the phone's own completion does (golden attended-transfer)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    const auto k = consult_1003(bridge, *c);

    // Wrong requests first: a precise error each, and the consultation goes on.
    csta::TransferCall swapped;
    swapped.heldCall = csta::ConnectionID(k.consult_call, "1001");
    swapped.activeCall = csta::ConnectionID(k.held_call, "1001");
    CHECK(error_answer(*c, swapped) == csta::ErrorCode(csta::StateIncompatibilityError::invalidHeldConnectionState));
    csta::TransferCall other_device;
    other_device.heldCall = csta::ConnectionID(k.held_call, "1002");
    other_device.activeCall = csta::ConnectionID(k.consult_call, "1001");
    CHECK(error_answer(*c, other_device) == csta::ErrorCode(csta::OperationError::invalidConnectionID));

    csta::TransferCall tc;
    tc.heldCall = csta::ConnectionID(k.held_call, "1001");
    tc.activeCall = csta::ConnectionID(k.consult_call, "1001");
    auto t = c->call(tc);
    REQUIRE(t);
    INFO("TransferCall answered " << csta::name(*t) << "\n" << bridge.logs());
    auto* ok = std::get_if<csta::TransferCallResponse>(&*t);
    REQUIRE(ok);
    CHECK(ok->transferredCall.callID == k.held_call);
    CHECK_THAT(bridge.logs(), Catch::Contains("PlayDTMF"));
    wait_merged(*c, k);
    sim(bridge, "SimHangup", {{"Exten", "1003"}});
    expect_golden(bridge, *c, x, "attended-transfer");
}

TEST_CASE("flow 7: ConsultationCall then ConferenceCall (atxferthreeway) -> Conferenced at every party, "
          "the conferencing device leaves, the others stay (golden sim/threeway-conference)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    const auto k = consult_1003(bridge, *c);
    conference_1003(bridge, *c, k);

    // Three parties in one call: SnapshotCall lists them all, connected.
    auto s = c->call(csta::SnapshotCall{csta::ConnectionID(k.held_call, "1002"), {}});
    REQUIRE(s);
    auto* sc = std::get_if<csta::SnapshotCallResponse>(&*s);
    REQUIRE(sc);
    std::map<std::string, std::optional<State>> parties;
    for (const auto& p : sc->snapshotData) parties[p.deviceOnCall.device.value] = p.localConnectionInfo;
    CHECK(parties == std::map<std::string, std::optional<State>>{
                         {"1001", State::connected}, {"1002", State::connected}, {"1003", State::connected}});

    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!call_of_or_empty(*c, "1001").empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    CHECK(call_of_or_empty(*c, "1001").empty());
    CHECK(call_of_or_empty(*c, "1003") == k.held_call);  // 1002 and 1003 still talk
    sim(bridge, "SimHangup", {{"Exten", "1003"}});
    expect_golden(bridge, *c, x, "sim/threeway-conference");
}

TEST_CASE("GenerateDigits on a connected call is answered positively") {
    BridgeFixture bridge;
    auto c = bridge.client();
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    csta::GenerateDigits g;
    g.connectionToSendDigits = csta::ConnectionID(call_of(*c, "1001"), "1001");
    g.charactersToSend = "123#";
    auto r = c->call(g);
    REQUIRE(r);
    INFO("GenerateDigits answered " << csta::name(*r) << "\n" << bridge.logs());
    CHECK(std::holds_alternative<csta::GenerateDigitsResponse>(*r));
    CHECK_THAT(bridge.logs(), Catch::Contains("PlayDTMF"));
}

TEST_CASE("SnapshotDevice / SnapshotCall during a call, GetSwitchingFunctionDevices lists 1001-1004") {
    BridgeFixture bridge;
    auto c = bridge.client();
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));

    auto d = c->call(csta::SnapshotDevice{csta::DeviceID("1001"), {}});
    REQUIRE(d);
    auto* sd = std::get_if<csta::SnapshotDeviceResponse>(&*d);
    REQUIRE(sd);
    REQUIRE(sd->snapshotData.size() == 1);
    const auto& item = sd->snapshotData.front();
    REQUIRE(item.connectionIdentifier.callID);
    CHECK(item.connectionIdentifier.deviceID == csta::DeviceID("1001"));
    REQUIRE(item.localCallState);
    CHECK(item.localCallState->compound == std::vector<State>{State::connected});
    const auto call_id = *item.connectionIdentifier.callID;

    auto s = c->call(csta::SnapshotCall{csta::ConnectionID(call_id, "1001"), {}});
    REQUIRE(s);
    auto* sc = std::get_if<csta::SnapshotCallResponse>(&*s);
    REQUIRE(sc);
    std::map<std::string, std::optional<State>> parties;
    for (const auto& p : sc->snapshotData) {
        REQUIRE(p.deviceOnCall.status == csta::DeviceIDStatus::known);
        parties[p.deviceOnCall.device.value] = p.localConnectionInfo;
        REQUIRE(p.callIdentifier);
        CHECK(p.callIdentifier->callID == call_id);
    }
    CHECK(parties == std::map<std::string, std::optional<State>>{{"1001", State::connected}, {"1002", State::connected}});
    REQUIRE(sc->callingDevice);
    CHECK(sc->callingDevice->device.value == "1001");
    REQUIRE(sc->calledDevice);
    CHECK(sc->calledDevice->device.value == "1002");

    // An idle phone has no calls; an unknown call is invalidCallID.
    auto idle = c->call(csta::SnapshotDevice{csta::DeviceID("1003"), {}});
    REQUIRE(idle);
    REQUIRE(std::holds_alternative<csta::SnapshotDeviceResponse>(*idle));
    CHECK(std::get<csta::SnapshotDeviceResponse>(*idle).snapshotData.empty());
    auto none = c->call(csta::SnapshotCall{csta::ConnectionID("no-such-call", "1001"), {}});
    REQUIRE(none);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*none));
    CHECK(std::get<csta::ErrorCode>(*none) == csta::ErrorCode(csta::OperationError::invalidCallID));

    auto g = c->call(csta::GetSwitchingFunctionDevices{});
    REQUIRE(g);
    auto* gr = std::get_if<csta::GetSwitchingFunctionDevicesResponse>(&*g);
    REQUIRE(gr);
    std::set<std::string> devices;
    bool last = false;
    while (!last) {
        auto req = c->next_server_request(5s);
        REQUIRE(req);
        auto* list = std::get_if<csta::SwitchingFunctionDevices>(&*req);
        if (!list) continue;  // e.g. a SystemStatus
        CHECK(list->serviceCrossRefID == gr->serviceCrossRefID);
        for (const auto& dev : list->deviceList) devices.insert(dev.deviceID.value);
        last = list->lastSegment;
    }
    CHECK(devices == std::set<std::string>{"1001", "1002", "1003", "1004"});
}

TEST_CASE("MonitorStop ends a monitor's events, ChangeMonitorFilter without Delivered removes them") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    auto stop = c->call(csta::MonitorStop{x["1003"], {}});
    REQUIRE(stop);
    CHECK(std::holds_alternative<csta::MonitorStopResponse>(*stop));
    csta::ChangeMonitorFilter change;
    change.monitorCrossRefID = x["1002"];
    change.requestedFilterList.callcontrol.set(csta::CallControlEvent::delivered);  // set = filtered out
    auto ch = c->call(change);
    REQUIRE(ch);
    CHECK(std::holds_alternative<csta::ChangeMonitorFilterResponse>(*ch));

    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1003"}});  // 1003: stopped monitor
    REQUIRE(wait_device_state(*c, "1003", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});  // 1002: filtered monitor
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    auto events = collect(*c, [&](const Events& ev) { return count(ev, "ConnectionClearedEvent", x["1002"]) >= 2; });
    INFO(dump(events) << bridge.logs());
    CHECK(names(events, x["1003"]).empty());
    CHECK(names(events, x["1002"]) ==
          std::vector<std::string>{"EstablishedEvent", "ConnectionClearedEvent", "ConnectionClearedEvent"});
    CHECK(count(events, "DeliveredEvent", x["1001"]) == 2);  // the unfiltered monitor still gets both calls
    auto again = c->call(csta::MonitorStop{x["1003"], {}});
    REQUIRE(again);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*again));
    CHECK(std::get<csta::ErrorCode>(*again) == csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID));
}

TEST_CASE("flow 7: three phones dial the ConfBridge room (900) -> each joiner's call merges into the room's call "
          "with Conferenced (golden sim/confbridge-room)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "900"}});
    REQUIRE(wait_device_state(*c, "1001", State::connected));
    const auto room_call = call_of(*c, "1001");
    sim(bridge, "SimCall", {{"From", "1002"}, {"To", "900"}});
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (call_of_or_empty(*c, "1002") != room_call && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    REQUIRE(call_of_or_empty(*c, "1002") == room_call);
    sim(bridge, "SimCall", {{"From", "1003"}, {"To", "900"}});
    while (call_of_or_empty(*c, "1003") != room_call && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    REQUIRE(call_of_or_empty(*c, "1003") == room_call);
    // The first to join leaves; the room (and its call) goes on until the last one leaves.
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    sim(bridge, "SimHangup", {{"Exten", "1002"}});
    sim(bridge, "SimHangup", {{"Exten", "1003"}});
    expect_golden(bridge, *c, x, "sim/confbridge-room");
}

TEST_CASE("a call monitor on the consultation call follows it into the conference, to its CallCleared") {
    BridgeFixture bridge;
    auto c = bridge.client();
    const auto k = consult_1003(bridge, *c);
    auto m = try_monitor_call(*c, k.consult_call);
    REQUIRE(m);
    auto* started = std::get_if<csta::MonitorStartResponse>(&*m);
    REQUIRE(started);
    const auto xcall = started->monitorCrossRefID;
    conference_1003(bridge, *c, k);
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1003"}});
    auto events = collect(*c, [&](const Events& ev) { return count(ev, "CallClearedEvent", xcall) > 0; });
    INFO(dump(events) << bridge.logs());
    // The Conferenced is the first event with the resulting call's id; then that call's events.
    CHECK(names(events, xcall) == std::vector<std::string>{"ConferencedEvent", "ConnectionClearedEvent",
                                                           "ConnectionClearedEvent", "ConnectionClearedEvent",
                                                           "CallClearedEvent"});
    for (const auto& e : events) {
        if (csta::cross_ref_id(e) != xcall) continue;
        if (const auto* cf = std::get_if<csta::ConferencedEvent>(&e)) {
            REQUIRE(cf->secondaryOldCall);
            CHECK(cf->secondaryOldCall->callID == k.consult_call);
            CHECK(cf->primaryOldCall.callID == k.held_call);
        }
        if (const auto* cc = std::get_if<csta::CallClearedEvent>(&e)) CHECK(cc->clearedCall.callID == k.held_call);
    }
    CHECK_THAT(bridge.logs(), Catch::Contains("call monitor(s) follow it"));
}

TEST_CASE("the phone-remote-control overlay gives AnswerCall, HoldCall and RetrieveCall a recipe (PJSIPNotify)") {
    Options o;
    o.asterisk_extra = "mapping-overlays = " + test_support::source_dir() + "/mappings/examples/phone-remote-control.xml\n";
    BridgeFixture bridge(o);
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002"});
    // 1002 does not answer by itself, but obeys NOTIFY Event talk/hold.
    sim(bridge, "SimEndpoint", {{"Exten", "1002"}, {"Mode", "noanswer"}, {"remote_control", "yes"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*c, "1002", State::alerting));
    const auto call_id = call_of(*c, "1002");
    auto ok = [&](const csta::Request& req) {
        auto r = c->call(req);
        REQUIRE(r);
        INFO(csta::name(req) << " answered " << csta::name(*r) << "\n" << bridge.logs());
        CHECK_FALSE(std::holds_alternative<csta::ErrorCode>(*r));
    };
    ok(csta::AnswerCall{csta::ConnectionID(call_id, "1002"), {}, {}, {}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    ok(csta::HoldCall{csta::ConnectionID(call_id, "1002"), {}, {}});
    REQUIRE(wait_device_state(*c, "1002", State::hold));
    ok(csta::RetrieveCall{csta::ConnectionID(call_id, "1002"), {}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    auto events = collect(*c, [&](const Events& ev) { return count(ev, "ConnectionClearedEvent", x["1002"]) >= 2; });
    INFO(dump(events));
    CHECK(names(events, x["1002"]) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent", "HeldEvent",
                                                               "RetrievedEvent", "ConnectionClearedEvent",
                                                               "ConnectionClearedEvent"});
    CHECK_THAT(bridge.logs(), Catch::Contains("pbx-sim: action PJSIPNotify"));
}

// A user that may also watch the queues (ACD group devices).
Options queue_watcher() {
    Options o;
    o.users = "[user:crm]\nsecret = crmpass\ndevices = 1000-1999, q-*\nmax-monitors = 20\n";
    return o;
}

TEST_CASE("flow 9: 1001 dials the queue (750, ringall 1002+1003), 1002 answers, 1001 hangs up (golden sim/queue-answered)") {
    BridgeFixture bridge(queue_watcher());
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003", "q-test"});
    sim(bridge, "SimEndpoint", {{"Exten", "1003"}, {"Mode", "noanswer"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "750"}});
    REQUIRE(wait_device_state(*c, "1002", State::connected));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    expect_golden(bridge, *c, x, "sim/queue-answered");
}

TEST_CASE("flow 9: the caller abandons while both queue members ring (golden sim/queue-abandoned)") {
    BridgeFixture bridge(queue_watcher());
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003", "q-test"});
    sim(bridge, "SimEndpoint", {{"Exten", "1002"}, {"Mode", "noanswer"}});
    sim(bridge, "SimEndpoint", {{"Exten", "1003"}, {"Mode", "noanswer"}});
    sim(bridge, "SimCall", {{"From", "1001"}, {"To", "750"}});
    REQUIRE(wait_device_state(*c, "1002", State::alerting));
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    expect_golden(bridge, *c, x, "sim/queue-abandoned");
}

TEST_CASE("flow 6: AlternateCall twice (atxferswap) then ReconnectCall (atxferabort) during a consultation "
          "(golden sim/alternate-reconnect)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto x = monitor_all(*c, {"1001", "1002", "1003"});
    const auto k = consult_1003(bridge, *c);
    auto state_of = [&](const std::string& call_id) {
        auto s = c->call(csta::SnapshotCall{csta::ConnectionID(call_id, "1001"), {}});
        REQUIRE(s);
        auto* sc = std::get_if<csta::SnapshotCallResponse>(&*s);
        std::optional<State> st;
        if (sc)
            for (const auto& p : sc->snapshotData)
                if (p.deviceOnCall.device.value == "1001") st = p.localConnectionInfo;
        return st;
    };
    auto wait_state = [&](const std::string& call_id, State want) {
        for (auto until = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < until;) {
            if (state_of(call_id) == want) return true;
            std::this_thread::sleep_for(50ms);
        }
        return false;
    };
    auto ok = [&](const csta::Request& req) {
        auto r = c->call(req);
        REQUIRE(r);
        INFO(csta::name(req) << " answered " << csta::name(*r) << "\n" << bridge.logs());
        REQUIRE_FALSE(std::holds_alternative<csta::ErrorCode>(*r));
    };
    // ReconnectCall must end the consultation: with the original call active it is refused.
    csta::AlternateCall swap1;
    swap1.heldCall = csta::ConnectionID(k.held_call, "1001");
    swap1.activeCall = csta::ConnectionID(k.consult_call, "1001");
    ok(swap1);
    REQUIRE(wait_state(k.consult_call, State::hold));
    REQUIRE(wait_state(k.held_call, State::connected));
    csta::ReconnectCall wrong;
    wrong.activeCall = csta::ConnectionID(k.held_call, "1001");
    wrong.heldCall = csta::ConnectionID(k.consult_call, "1001");
    CHECK(error_answer(*c, wrong) == csta::ErrorCode(csta::StateIncompatibilityError::invalidActiveConnectionState));

    csta::AlternateCall swap2;
    swap2.heldCall = csta::ConnectionID(k.consult_call, "1001");
    swap2.activeCall = csta::ConnectionID(k.held_call, "1001");
    ok(swap2);
    REQUIRE(wait_state(k.held_call, State::hold));
    REQUIRE(wait_state(k.consult_call, State::connected));

    csta::ReconnectCall back;
    back.activeCall = csta::ConnectionID(k.consult_call, "1001");
    back.heldCall = csta::ConnectionID(k.held_call, "1001");
    ok(back);
    REQUIRE(wait_state(k.held_call, State::connected));
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!call_of_or_empty(*c, "1003").empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    sim(bridge, "SimHangup", {{"Exten", "1001"}});
    expect_golden(bridge, *c, x, "sim/alternate-reconnect");
}
