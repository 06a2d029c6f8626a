// The printer's lines for hand-built messages, against lines written by hand from the ECMA-323
// element names (short keys: Device suffix dropped, the primary connection as conn=call:device).
#include <catch2/catch.hpp>

#include "tools/csta-cli/printer.hpp"

namespace {
csta::ConnectionID conn(const char* call, const char* device) { return csta::ConnectionID(call, device); }
}  // namespace

TEST_CASE("call control events: one line, schema order, short keys") {
    csta_cli::Printer p;
    csta::DeliveredEvent d;
    d.monitorCrossRefID = "1";
    d.connection = conn("C1", "1002");
    d.alertingDevice = "1002";
    d.callingDevice = "1001";
    d.calledDevice = "1002";
    d.localConnectionInfo = csta::LocalConnectionState::alerting;
    d.cause = csta::EventCause::newCall;
    CHECK(p.event(d) == "event 1 DeliveredEvent conn=C1:1002 alerting=1002 calling=1001 called=1002 local=alerting cause=newCall");

    csta::EstablishedEvent e;
    e.monitorCrossRefID = "2";
    e.establishedConnection = conn("C1", "1002");
    e.answeringDevice = "1002";
    e.callingDevice = "1001";
    e.calledDevice = "1002";
    e.lastRedirectionDevice = csta::RedirectionDeviceID("1005");  // shown when known
    e.localConnectionInfo = csta::LocalConnectionState::connected;
    e.cause = csta::EventCause::normal;
    CHECK(p.event(e) ==
          "event 2 EstablishedEvent conn=C1:1002 answering=1002 calling=1001 called=1002 lastRedirection=1005 "
          "local=connected cause=normal");

    csta::ServiceInitiatedEvent s;
    s.monitorCrossRefID = "1";
    s.initiatedConnection = conn("C1", "1001");
    s.initiatingDevice = "1001";
    s.localConnectionInfo = csta::LocalConnectionState::initiated;
    s.cause = csta::EventCause::makeCall;
    CHECK(p.event(s) == "event 1 ServiceInitiatedEvent conn=C1:1001 initiating=1001 local=initiated cause=makeCall");

    csta::ConnectionClearedEvent c;
    c.monitorCrossRefID = "1";
    c.droppedConnection = conn("C1", "1001");
    c.releasingDevice = "1001";
    c.localConnectionInfo = csta::LocalConnectionState::null;
    CHECK(p.event(c) == "event 1 ConnectionClearedEvent conn=C1:1001 releasing=1001 local=null cause=normalClearing");

    csta::CallClearedEvent cc;
    cc.monitorCrossRefID = "3";
    cc.clearedCall.callID = "C1";
    CHECK(p.event(cc) == "event 3 CallClearedEvent conn=C1: cause=normalClearing");
}

TEST_CASE("devices that are not known or restricted print the reason") {
    csta_cli::Printer p;
    csta::FailedEvent f;
    f.monitorCrossRefID = "9";
    f.failedConnection = conn("C4", "1003");
    f.failingDevice = "1003";
    f.callingDevice = csta::CallingDeviceID::with_status(csta::DeviceIDStatus::restricted);
    f.calledDevice = csta::CalledDeviceID::with_status(csta::DeviceIDStatus::notKnown);
    f.localConnectionInfo = csta::LocalConnectionState::fail;
    f.cause = csta::EventCause::busy;
    CHECK(p.event(f) == "event 9 FailedEvent conn=C4:1003 failing=1003 calling=restricted called=notKnown local=fail cause=busy");
}

TEST_CASE("feature and agent events") {
    csta_cli::Printer p;
    csta::DoNotDisturbEvent d;
    d.monitorCrossRefID = "5";
    d.device = "1001";
    d.doNotDisturbOn = true;
    CHECK(p.event(d) == "event 5 DoNotDisturbEvent device=1001 doNotDisturbOn=true");

    csta::AgentReadyEvent a;
    a.monitorCrossRefID = "6";
    a.agentDevice = "1004";
    CHECK(p.event(a) == "event 6 AgentReadyEvent agent=1004");
}

TEST_CASE("responses, errors and server requests") {
    csta_cli::Printer p;
    csta::MakeCallResponse m;
    m.callingDevice = conn("C1", "1001");
    CHECK(p.response(m) == "response MakeCallResponse calling=C1:1001");

    csta::MonitorStartResponse mon;
    mon.monitorCrossRefID = "7";
    CHECK(p.response(mon) == "response MonitorStartResponse xref=7");

    // A monitor filter lists the flags that are on (the events filtered out); parts with none on
    // are left out, and so is a filter that filters nothing.
    csta::MonitorFilter filter;
    filter.callcontrol = {csta::CallControlEvent::delivered, csta::CallControlEvent::callCleared};
    mon.actualMonitorFilter = filter;
    CHECK(p.response(mon) == "response MonitorStartResponse xref=7 actualMonitorFilter={callcontrol=callCleared,delivered}");
    mon.actualMonitorFilter = csta::MonitorFilter{};
    CHECK(p.response(mon) == "response MonitorStartResponse xref=7");

    CHECK(p.response(csta::ClearConnectionResponse{}) == "response ClearConnectionResponse");
    CHECK(p.response(csta::RequestSystemStatusResponse{}) == "response RequestSystemStatusResponse status=normal");
    CHECK(p.response(csta::ErrorCode(csta::OperationError::invalidDeviceID)) == "error operation/invalidDeviceID");
    CHECK(p.response(csta::ErrorCode(csta::SecurityError::securityInfoViolated)) == "error security/securityInfoViolated");

    csta::SystemStatus s;
    s.systemStatus = csta::SystemStatusValue::disabled;
    CHECK(p.request(s) == "request SystemStatus status=disabled");
}

TEST_CASE("hex dump: offset, 16 bytes a line, printable characters") {
    const std::vector<std::uint8_t> bytes{0x00, 0x00, 0x00, 0x1a, '0', '0', '0', '1', '<', 'a', '/', '>', 0x0a,
                                          0xff, 0x7f, 0x20, 'x'};
    CHECK(csta_cli::hex_dump(bytes, "< ") ==
          "< 0000  00 00 00 1a 30 30 30 31 3c 61 2f 3e 0a ff 7f 20  ....0001<a/>... \n"
          "< 0010  78                                               x\n");
    CHECK(csta_cli::hex_dump({}, "> ").empty());
}
