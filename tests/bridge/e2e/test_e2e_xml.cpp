// The bridge end to end over CSTA XML: a CTI client logs in, monitors two phones of pbx-sim,
// makes a call between them and clears it.
#include <catch2/catch.hpp>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using e2e::flows::collect;
using e2e::flows::count;
using namespace std::chrono_literals;
using Enc = CstaTestClient::Encoding;

namespace {

void run_make_call(BridgeFixture& bridge, csta::xml::Edition edition) {
    auto c = bridge.client(Enc::xml, edition);
    INFO(bridge.logs());
    auto x1001 = e2e::flows::monitor_device(*c, "1001");
    auto x1002 = e2e::flows::monitor_device(*c, "1002");
    REQUIRE(x1001 != x1002);

    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c->call(mc);
    REQUIRE(r);
    auto* made = std::get_if<csta::MakeCallResponse>(&*r);
    REQUIRE(made);
    REQUIRE(made->callingDevice.callID);
    const auto call_id = *made->callingDevice.callID;
    CHECK(made->callingDevice.deviceID == csta::DeviceID("1001"));
    // The callID of the response can be monitored at once, before Asterisk reports a channel.
    csta::MonitorStart on_call;
    on_call.monitorObject = csta::ConnectionID(call_id, "1001");
    auto cm = c->call(on_call);
    REQUIRE(cm);
    auto* call_monitor = std::get_if<csta::MonitorStartResponse>(&*cm);
    REQUIRE(call_monitor);
    const auto xcall = call_monitor->monitorCrossRefID;

    auto events = collect(*c, [&](const auto& ev) {
        return count(ev, "EstablishedEvent", x1001) && count(ev, "EstablishedEvent", x1002) &&
               count(ev, "EstablishedEvent", xcall);
    });
    std::string seen;
    for (const auto& e : events) seen += csta::cross_ref_id(e) + " " + describe(e) + "\n";
    INFO(seen);
    // CALL-MODEL flow 2: the calling phone rings first (ServiceInitiated), answers
    // (Originated), then the called phone rings (Delivered) and answers (Established).
    CHECK(names_of(events, x1001) ==
          std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent", "EstablishedEvent"});
    CHECK(names_of(events, x1002) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    auto on_call_names = names_of(events, xcall);
    CHECK(std::count(on_call_names.begin(), on_call_names.end(), "EstablishedEvent") >= 1);
    for (const auto& e : events) {
        auto conn = subject_connection(e);
        REQUIRE(conn);
        CHECK(conn->callID == call_id);  // the callID of MakeCallResponse is the call's id
    }
    auto first_of_1001 = std::find_if(events.begin(), events.end(),
                                      [&](const csta::Event& e) { return csta::cross_ref_id(e) == x1001; });
    REQUIRE(first_of_1001 != events.end());
    auto& first = std::get<csta::ServiceInitiatedEvent>(*first_of_1001);
    CHECK(first.cause == csta::EventCause::makeCall);
    CHECK(first.localConnectionInfo == csta::LocalConnectionState::initiated);

    // The client clears the caller's connection: both monitors see it go.
    csta::ClearConnection cc;
    cc.connectionToBeCleared = csta::ConnectionID(call_id, "1001");
    auto cr = c->call(cc);
    REQUIRE(cr);
    CHECK(std::holds_alternative<csta::ClearConnectionResponse>(*cr));
    auto cleared = collect(*c, [&](const auto& ev) {
        return count(ev, "ConnectionClearedEvent", x1002) >= 2 && count(ev, "CallClearedEvent", xcall) >= 1;
    });
    std::string seen2;
    for (const auto& e : cleared) seen2 += csta::cross_ref_id(e) + " " + describe(e) + "\n";
    INFO(seen2);
    CHECK(count(cleared, "ConnectionClearedEvent", x1001) == 1);
    CHECK(count(cleared, "ConnectionClearedEvent", x1002) == 2);
    // The call monitor's last event is CallCleared (device monitors never get one) ...
    CHECK(count(cleared, "CallClearedEvent", x1001) == 0);
    CHECK(count(cleared, "CallClearedEvent", x1002) == 0);
    CHECK(names_of(cleared, xcall).back() == "CallClearedEvent");
    for (const auto& e : cleared)
        if (const auto* cc_ev = std::get_if<csta::CallClearedEvent>(&e)) {
            CHECK(cc_ev->clearedCall.callID == call_id);
            CHECK(cc_ev->cause == csta::EventCause::normalClearing);
        }
    // ... and the monitor ended with its call.
    auto stop = c->call(csta::MonitorStop{xcall, std::nullopt});
    REQUIRE(stop);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*stop));
    CHECK(std::get<csta::ErrorCode>(*stop) == csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID));
}

}  // namespace

TEST_CASE("XML ed6 client: MakeCall with monitors on both parties then ClearConnection") {
    BridgeFixture bridge;
    run_make_call(bridge, csta::xml::Edition::ed6);
}

TEST_CASE("XML ed3 client (Avaya/Microsoft namespace) gets answers in ed3") {
    BridgeFixture bridge;
    auto c = bridge.client(Enc::xml, csta::xml::Edition::ed3);
    csta::MonitorStart m;
    m.monitorObject = csta::DeviceID("1001");
    auto frame_ok = c->call(m);
    REQUIRE(frame_ok);
    CHECK(std::holds_alternative<csta::MonitorStartResponse>(*frame_ok));
    // The raw answer to the next request names the ed3 namespace.
    std::string doc = csta::xml::Codec::encode(csta::Request(csta::SnapshotDevice{csta::DeviceID("1001"), {}}),
                                               csta::xml::Edition::ed3);
    auto framed = csta::framing::encode_xml(doc, 42);
    REQUIRE(framed);
    c->send_raw(*framed);
    auto raw = c->next_frame();
    REQUIRE(raw);
    std::string answer(raw->begin(), raw->end());
    INFO(answer);
    CHECK_THAT(answer, Catch::Contains("<SnapshotDeviceResponse"));
    CHECK_THAT(answer, Catch::Contains("http://www.ecma-international.org/standards/ecma-323/csta/ed3"));
}

TEST_CASE("precise errors for unknown device / foreign device / unknown call / unknown monitor / no recipe") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    auto error_of = [&](const csta::Request& req) {
        auto r = c->call(req);
        REQUIRE(r);
        auto* e = std::get_if<csta::ErrorCode>(&*r);
        INFO(csta::name(req) << " answered " << csta::name(*r));
        REQUIRE(e);
        return *e;
    };
    csta::MonitorStart unknown;
    unknown.monitorObject = csta::DeviceID("1999");  // crm may use it, pbx-sim has no such phone
    CHECK(error_of(unknown) == csta::ErrorCode(csta::OperationError::invalidDeviceID));
    csta::MonitorStart foreign;
    foreign.monitorObject = csta::DeviceID("2001");  // outside crm's devices 1000-1999
    CHECK(error_of(foreign) == csta::ErrorCode(csta::OperationError::privilegeViolationSpecifiedDevice));
    csta::ClearConnection cc;
    cc.connectionToBeCleared = csta::ConnectionID("no-such-call", "1001");
    CHECK(error_of(cc) == csta::ErrorCode(csta::OperationError::invalidCallID));
    CHECK(error_of(csta::MonitorStop{"77", {}}) == csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID));
    csta::HoldCall hold;
    hold.callToBeHeld = csta::ConnectionID("x", "1001");
    CHECK(error_of(hold) == csta::ErrorCode(csta::OperationError::serviceNotSupported));
}

TEST_CASE("monitor limit per user gives overallMonitorLimitExceeded") {
    BridgeFixture bridge;
    auto c = std::make_unique<CstaTestClient>(bridge.csta_port(), Enc::xml);
    REQUIRE(c->login("limited", "limitedpass"));
    REQUIRE(wait_link_up(*c, 10s));
    csta::MonitorStart m;
    m.monitorObject = csta::DeviceID("1001");
    REQUIRE(c->call(m));
    REQUIRE(c->call(m));
    auto third = c->call(m);
    REQUIRE(third);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*third));
    CHECK(std::get<csta::ErrorCode>(*third) ==
          csta::ErrorCode(csta::SystemResourceAvailabilityError::overallMonitorLimitExceeded));
}

TEST_CASE("bad credentials are refused and the connection closed while other sessions go on") {
    BridgeFixture bridge;
    auto good = bridge.client();
    CstaTestClient bad(bridge.csta_port(), Enc::xml);
    std::string detail;
    CHECK_FALSE(bad.login("crm", "wrong", &detail));
    CHECK(detail == "invalidApplicationInfo");
    CHECK(bad.wait_closed(5s));
    CHECK(good->call(csta::RequestSystemStatus{}));
    CHECK_THAT(bridge.bridge().log(), Catch::Contains("refused: invalid user name or password"));
}

TEST_CASE("an overlay that disables MonitorStart (handling notSupported) makes MonitorStart answer serviceNotSupported") {
    // The shipped table says handling="bridge" for MonitorStart; this overlay replaces that
    // entry. The other bridge-local services keep theirs.
    test_support::TempDir dir;
    const auto overlay = dir.file("no-monitors.xml",
                                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                  "<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\"\n"
                                  "              description=\"no monitors\">\n"
                                  "  <services>\n"
                                  "    <service name=\"MonitorStart\" handling=\"notSupported\"/>\n"
                                  "  </services>\n"
                                  "</mappingTable>\n");
    Options o;
    o.asterisk_extra = "mapping-overlays = " + overlay + "\n";
    BridgeFixture bridge(o);
    auto c = bridge.client();
    INFO(bridge.logs());
    csta::MonitorStart start;
    start.monitorObject = csta::DeviceID("1001");
    auto r = c->call(start);
    REQUIRE(r);
    INFO("MonitorStart answered " << csta::name(*r));
    const auto* error = std::get_if<csta::ErrorCode>(&*r);
    REQUIRE(error);
    CHECK(*error == csta::ErrorCode(csta::OperationError::serviceNotSupported));
    auto snapshot = c->call(csta::SnapshotDevice{csta::DeviceID("1001"), {}});
    REQUIRE(snapshot);
    CHECK(std::holds_alternative<csta::SnapshotDeviceResponse>(*snapshot));  // still offered
    CHECK_THAT(bridge.logs(), Catch::Contains("MonitorStart #") && Catch::Contains("not offered"));
}
