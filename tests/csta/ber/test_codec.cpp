// csta model <-> ECMA-285 BER. Golden vectors are written by hand from the ECMA-285 modules and
// the README (never produced by this code) and cross-checked with dumpasn1.
#include <catch2/catch.hpp>

#include "csta/ber/codec.hpp"
#include "tests/csta/ber/bytes.hpp"
#include "tests/csta/ber/codec_helpers.hpp"
#include "tests/csta/ber/dumpasn1.hpp"

using namespace csta;
using namespace csta::ber;
using csta_test::b;
using csta_test::call_only;
using csta_test::codec;
using csta_test::decode_as;
using csta_test::decode_error;
using csta_test::dumpasn1;

namespace {

// README: Invoke { invokeId 1, makeCall(10), MakeCallArgument { callingDevice { dialingNumber
// [0] "1001" }, calledDirectoryNumber { [0] "1002" } } } (without the 2-byte frame length).
const Bytes make_call_invoke = b({0xa1, 0x18, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0a, 0x30, 0x10, 0x30, 0x06, 0x80, 0x04,
                                  0x31, 0x30, 0x30, 0x31, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x32});

// Invoke { invokeId 7, cSTAEventReport(21), CSTAEventReportArgument {
//   crossRefIdentifier [APPLICATION 21] IMPLICIT 00 05,
//   eventSpecificInfo callControlEvents [0] { delivered [4] IMPLICIT DeliveredEvent {
//     connection [APPLICATION 11] { both { callID [0] "7", deviceID [1] { staticID { [0] "1002" } } } },
//     alertingDevice [APPLICATION 3] { [0] "1002" }, callingDevice [APPLICATION 1] { [0] "1001" },
//     calledDevice [APPLICATION 2] { [0] "1002" }, lastRedirectionDevice [APPLICATION 4] { notKnown [7] },
//     localConnectionInfo [APPLICATION 14] alerting(2), cause newCall(22) } } } }
const Bytes delivered_report = b({
    0xa1, 0x49, 0x02, 0x01, 0x07, 0x02, 0x01, 0x15,
    0x30, 0x41, 0x55, 0x02, 0x00, 0x05,
    0xa0, 0x3b, 0xa4, 0x39,
    0x6b, 0x0f, 0x30, 0x0d, 0x80, 0x01, 0x37, 0xa1, 0x08, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x32,
    0x63, 0x08, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x32,
    0x61, 0x08, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x31,
    0x62, 0x08, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x32,
    0x64, 0x02, 0x87, 0x00,
    0x4e, 0x01, 0x02,
    0x0a, 0x01, 0x16});

// ReturnError { invokeId 1, universalFailure(1), operation [0] { invalidDeviceID(12) } }
const Bytes universal_failure = b({0xa3, 0x0b, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0xa0, 0x03, 0x0a, 0x01, 0x0c});

DeliveredEvent delivered_model() {
    DeliveredEvent e;
    e.monitorCrossRefID = std::string("\x00\x05", 2);
    e.connection = ConnectionID("7", "1002");
    e.alertingDevice = "1002";
    e.callingDevice = "1001";
    e.calledDevice = "1002";
    e.localConnectionInfo = LocalConnectionState::alerting;
    e.cause = EventCause::newCall;
    return e;
}

}  // namespace

TEST_CASE("golden makeCall Invoke: decodes to MakeCall 1001 -> 1002, encodes to the same bytes") {
    const auto invoke = decode_as<Invoke>(make_call_invoke);
    CHECK(invoke.invoke_id == 1);
    CHECK(invoke.opcode == opcode::makeCall);
    REQUIRE(std::holds_alternative<MakeCall>(invoke.request));
    const auto& mc = std::get<MakeCall>(invoke.request);
    CHECK(mc.callingDevice == DeviceID("1001"));
    CHECK(mc.calledDirectoryNumber == DeviceID("1002"));
    CHECK_FALSE(mc.autoOriginate);
    CHECK(codec.encode(Invoke{1, 0, MakeCall{.callingDevice = "1001", .calledDirectoryNumber = "1002"}}) == make_call_invoke);
}

TEST_CASE("golden DeliveredEvent report: standard tags, decodes and encodes byte for byte") {
    CHECK(codec.encode(EventReport{7, delivered_model()}) == delivered_report);
    const auto report = decode_as<EventReport>(delivered_report);
    CHECK(report.invoke_id == 7);
    REQUIRE(std::holds_alternative<DeliveredEvent>(report.event));
    CHECK(std::get<DeliveredEvent>(report.event) == delivered_model());

    const auto d = dumpasn1(delivered_report);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("[APPLICATION 21]"));
    CHECK_THAT(d.text, Catch::Contains("[APPLICATION 11]"));
    CHECK_THAT(d.text, Catch::Contains("'1001'"));
    CHECK_THAT(d.text, Catch::Contains("ENUMERATED 22"));
}

TEST_CASE("golden universalFailure: ErrorCode <-> ReturnError errcode 1") {
    const ErrorCode invalid(ErrorCategory::operation, "invalidDeviceID");
    CHECK(codec.encode(ReturnError{1, invalid}) == universal_failure);
    CHECK(codec.encode(Result{1, Response{invalid}}) == universal_failure);
    const auto e = decode_as<ReturnError>(universal_failure);
    CHECK(e.invoke_id == 1);
    CHECK(e.error.category == ErrorCategory::operation);
    CHECK(e.error.value == "invalidDeviceID");
}

TEST_CASE("every error category round-trips through UniversalFailure") {
    for (auto c : {ErrorCategory::operation, ErrorCategory::security, ErrorCategory::stateIncompatibility,
                   ErrorCategory::systemResourceAvailibility, ErrorCategory::subscribedResourceAvailability,
                   ErrorCategory::performanceManagement, ErrorCategory::privateData}) {
        for (auto value : error_values(c)) {
            const ErrorCode in(c, std::string(value));
            const auto out = decode_as<ReturnError>(codec.encode(ReturnError{3, in}));
            INFO(to_string(c) << " " << value);
            CHECK(out.error.category == c);
            // A value ECMA-285 lacks is sent as the category's generic(1).
            CHECK((out.error.value == value || out.error.value == "generic"));
        }
    }
}

TEST_CASE("systemStatus is accepted as 52 (Phase II) and 211, and answered in the same dialect") {
    // Invoke { 9, 52, SystemStatusArg { systemStatus normal(2) } }: 30 03 0a 01 02
    const Bytes phase2 = b({0xa1, 0x0b, 0x02, 0x01, 0x09, 0x02, 0x01, 0x34, 0x30, 0x03, 0x0a, 0x01, 0x02});
    const auto invoke = decode_as<Invoke>(phase2);
    CHECK(invoke.opcode == 52);
    REQUIRE(std::holds_alternative<SystemStatus>(invoke.request));
    CHECK(std::get<SystemStatus>(invoke.request).systemStatus == SystemStatusValue::normal);
    CHECK(codec.encode(invoke) == phase2);
    Bytes phase3 = phase2;
    phase3[7] = 0xd3;  // 211 does not fit one positive INTEGER octet: 02 02 00 d3
    phase3 = b({0xa1, 0x0c, 0x02, 0x01, 0x09, 0x02, 0x02, 0x00, 0xd3, 0x30, 0x03, 0x0a, 0x01, 0x02});
    CHECK(decode_as<Invoke>(phase3).opcode == 211);
}

TEST_CASE("requests round-trip through BER") {
    const ConnectionID c1("C1", "1001");
    const ConnectionID c2("C2", DeviceID("1002"));
    std::vector<Request> requests{
        MakeCall{.callingDevice = "1001", .calledDirectoryNumber = DeviceID("+4930123", TypeOfNumber::explicitPublic_international),
                 .accountCode = "acc", .autoOriginate = AutoOriginate::doNotPrompt,
                 .correlatorData = OpaqueData{OpaqueData::Form::string, "corr"}, .reason = EventCause::newCall},
        ClearConnection{.connectionToBeCleared = c1},
        ClearCall{.callToBeCleared = ConnectionID{std::string("C1"), DeviceID("dyn-7", TypeOfNumber::dynamic)}},
        SingleStepTransferCall{.activeCall = c1, .transferredTo = "1003"},
        ConsultationCall{.existingCall = c1, .consultedDevice = "1003", .connectionReservation = true},
        TransferCall{.heldCall = c1, .activeCall = c2},
        ConferenceCall{.heldCall = c1, .activeCall = c2},
        AlternateCall{.heldCall = c1, .activeCall = c2},
        ReconnectCall{.activeCall = c2, .heldCall = c1},
        HoldCall{.callToBeHeld = c1},
        RetrieveCall{.callToBeRetrieved = c1},
        AnswerCall{.callToBeAnswered = c2},
        DeflectCall{.callToBeDiverted = c2, .newDestination = DeviceID("17", TypeOfNumber::deviceNumber)},
        GenerateDigits{.connectionToSendDigits = c1, .charactersToSend = "123#", .toneDuration = 100},
        MonitorStart{.monitorObject = DeviceID("1001")},
        MonitorStart{.monitorObject = c1, .monitorType = MonitorType::call},
        MonitorStop{.monitorCrossRefID = "m1"},
        SystemStatus{.systemStatus = SystemStatusValue::disabled},
        SetAgentState{.device = "1001", .requestedAgentState = ReqAgentState::loggedOn, .agentID = "4711",
                      .password = "pw", .group = DeviceID("q-test")},
        GetAgentState{.device = "1001"},
        SetDoNotDisturb{.device = "1001", .doNotDisturbOn = true},
        GetDoNotDisturb{.device = "1001"},
        SetForwarding{.device = "1001", .forwardingType = ForwardingType::forwardBusy, .activateForward = true,
                      .forwardDN = DeviceID("1009"), .ringCount = 3},
        GetForwarding{.device = "1001"},
        RequestSystemStatus{},
    };
    long id = 1;
    for (const auto& r : requests) {
        INFO(name(r));
        REQUIRE(Codec::supported(r));
        const auto back = decode_as<Invoke>(codec.encode(Invoke{id, 0, r}));
        CHECK(back.invoke_id == id);
        CHECK(back.request == r);
        ++id;
    }
}

TEST_CASE("responses round-trip through BER") {
    const ConnectionID c1("C1", "1001");
    ConnectionList list{ConnectionListItem{ConnectionID("C2", "1002"), ConnectionID("C1", "1002"), ExtendedDeviceID("1002")},
                        ConnectionListItem{std::nullopt, ConnectionID("C1", "1001"), ExtendedDeviceID::with_status(DeviceIDStatus::restricted)}};
    std::vector<Response> responses{
        MakeCallResponse{.callingDevice = c1},
        ConsultationCallResponse{.initiatedCall = ConnectionID("C2", "1001")},
        TransferCallResponse{.transferredCall = ConnectionID("C2", "1002"), .connections = list},
        ConferenceCallResponse{.conferenceCall = c1, .connections = list},
        SingleStepTransferCallResponse{.transferredCall = ConnectionID("C3", "1003")},
        MonitorStartResponse{.monitorCrossRefID = "m1", .monitorExistingCalls = false},
        ClearConnectionResponse{}, ClearCallResponse{}, AlternateCallResponse{}, ReconnectCallResponse{},
        HoldCallResponse{}, RetrieveCallResponse{}, AnswerCallResponse{}, DeflectCallResponse{},
        GenerateDigitsResponse{}, MonitorStopResponse{}, SystemStatusResponse{},
        SetAgentStateResponse{.pendingAgentState = PendingAgentState::agentNotReady},
        GetAgentStateResponse{.agentStateList = {AgentStateEntry{.agentID = "4711", .loggedOnState = true,
                                                                 .agentInfo = {AgentInfo{.acdGroup = DeviceID("q-test"),
                                                                                         .agentState = AgentState::agentReady}}},
                                                 AgentStateEntry{.loggedOnState = false}}},
        SetDoNotDisturbResponse{}, GetDoNotDisturbResponse{.doNotDisturbOn = true}, SetForwardingResponse{},
        GetForwardingResponse{.forwardingList = {ForwardListItem{.forwardingType = ForwardingType::forwardNoAns,
                                                                 .forwardStatus = true, .forwardDN = DeviceID("1009"),
                                                                 .ringCount = 4}}},
        RequestSystemStatusResponse{.systemStatus = SystemStatusValue::normal},
    };
    for (const auto& r : responses) {
        INFO(name(r));
        const auto back = decode_as<Result>(codec.encode(Result{11, r}));
        CHECK(back.invoke_id == 11);
        CHECK(back.response == r);
    }
    // A result without data is NULL: ReturnResult { 11, { holdCall(9), NULL } }.
    CHECK(codec.encode(Result{11, HoldCallResponse{}}) == b({0xa2, 0x0a, 0x02, 0x01, 0x0b, 0x30, 0x05, 0x02, 0x01, 0x09, 0x05, 0x00}));
}

TEST_CASE("call control events round-trip through cSTAEventReport") {
    const ConnectionID c1("C1", "1001");
    std::vector<Event> events{
        ServiceInitiatedEvent{.monitorCrossRefID = "m", .initiatedConnection = c1, .initiatingDevice = "1001",
                              .localConnectionInfo = LocalConnectionState::initiated, .cause = EventCause::makeCall},
        OriginatedEvent{.monitorCrossRefID = "m", .originatedConnection = c1, .callingDevice = "1001", .calledDevice = "1002",
                        .localConnectionInfo = LocalConnectionState::connected},
        // A call from a trunk carries what the network gave (CALL-MODEL flow 15).
        OriginatedEvent{.monitorCrossRefID = "m", .originatedConnection = c1, .callingDevice = "1001", .calledDevice = "750",
                        .networkCallingDevice = NetworkCallingDeviceID("+4930123456"),
                        .networkCalledDevice = NetworkCalledDeviceID("5551750")},
        delivered_model(),
        EstablishedEvent{.monitorCrossRefID = "m", .establishedConnection = ConnectionID("C1", "1002"), .answeringDevice = "1002",
                         .callingDevice = "1001", .calledDevice = "1002",
                         .lastRedirectionDevice = ExtendedDeviceID("1005")},
        ConnectionClearedEvent{.monitorCrossRefID = "m", .droppedConnection = c1, .releasingDevice = "1001",
                               .localConnectionInfo = LocalConnectionState::null},
        CallClearedEvent{.monitorCrossRefID = "m", .clearedCall = call_only("C1")},
        FailedEvent{.monitorCrossRefID = "m", .failedConnection = ConnectionID("C1", "1002"), .failingDevice = "1002",
                    .callingDevice = "1001", .calledDevice = "1002", .cause = EventCause::busy},
        HeldEvent{.monitorCrossRefID = "m", .heldConnection = c1, .holdingDevice = "1001"},
        RetrievedEvent{.monitorCrossRefID = "m", .retrievedConnection = c1, .retrievingDevice = "1001"},
        TransferredEvent{.monitorCrossRefID = "m", .primaryOldCall = c1, .transferringDevice = "1001",
                         .transferredToDevice = "1003",
                         .transferredConnections = {ConnectionListItem{ConnectionID("C2", "1002"), ConnectionID("C1", "1002"), std::nullopt}},
                         .cause = EventCause::singleStepTransfer},
        ConferencedEvent{.monitorCrossRefID = "m", .primaryOldCall = c1, .secondaryOldCall = ConnectionID("C2", "1001"),
                         .conferencingDevice = "1001", .addedParty = "1003"},
        DivertedEvent{.monitorCrossRefID = "m", .connection = c1, .divertingDevice = "1002", .newDestination = "1003",
                      .callingDevice = CallingDeviceID("1001")},
        DivertedEvent{.monitorCrossRefID = "m", .connection = c1, .divertingDevice = "1002", .newDestination = "1003",
                      .callingDevice = CallingDeviceID("+4930123456"), .calledDevice = CalledDeviceID("5551000"),
                      .networkCallingDevice = NetworkCallingDeviceID("+4930123456"),
                      .networkCalledDevice = NetworkCalledDeviceID("5551000"),
                      .associatedCallingDevice = AssociatedCallingDeviceID("trunk-carrier")},
        QueuedEvent{.monitorCrossRefID = "m", .queuedConnection = c1, .queue = "q-test", .callingDevice = "1001",
                    .calledDevice = "q-test", .numberQueued = 2},
        QueuedEvent{.monitorCrossRefID = "m", .queuedConnection = c1, .queue = "q-test", .callingDevice = "+4930123456",
                    .calledDevice = "5551750", .networkCallingDevice = NetworkCallingDeviceID("+4930123456"),
                    .networkCalledDevice = NetworkCalledDeviceID("5551750"),
                    .associatedCalledDevice = AssociatedCalledDeviceID::with_status(DeviceIDStatus::notKnown)},
        NetworkReachedEvent{.monitorCrossRefID = "m", .outboundConnection = c1, .networkInterfaceUsed = "trunk",
                            .callingDevice = "1001", .calledDevice = CalledDeviceID::with_status(DeviceIDStatus::restricted)},
    };
    for (const auto& e : events) {
        INFO(name(e));
        REQUIRE(Codec::supported(e));
        const auto back = decode_as<EventReport>(codec.encode(EventReport{99, e}));
        CHECK(back.event == e);
    }
}

TEST_CASE("agent, do-not-disturb and forwarding events round-trip through cSTAEventReport") {
    std::vector<Event> events{
        AgentLoggedOnEvent{.monitorCrossRefID = "m", .agentDevice = "1001", .agentID = "4711", .acdGroup = DeviceID("q-test"),
                           .cause = EventCause::normal},
        AgentLoggedOffEvent{.monitorCrossRefID = "m", .agentDevice = "1001", .agentID = "4711"},
        AgentReadyEvent{.monitorCrossRefID = "m", .agentDevice = "1001"},
        AgentNotReadyEvent{.monitorCrossRefID = "m", .agentDevice = "1001", .agentID = "4711"},
        AgentBusyEvent{.monitorCrossRefID = "m", .agentDevice = "1001", .pendingAgentState = PendingAgentState::agentReady},
        AgentWorkingAfterCallEvent{.monitorCrossRefID = "m", .agentDevice = "1001"},
        DoNotDisturbEvent{.monitorCrossRefID = "m", .device = "1002", .doNotDisturbOn = true},
        ForwardingEvent{.monitorCrossRefID = "m", .device = "1002", .forwardingType = ForwardingType::forwardDND,
                        .forwardStatus = true, .forwardTo = DeviceID("1003")},
    };
    for (const auto& e : events) {
        INFO(name(e));
        REQUIRE(Codec::supported(e));
        CHECK(decode_as<EventReport>(codec.encode(EventReport{5, e})).event == e);
    }
    // AgentReadyEvent { agentDevice [APPLICATION 3] { [0] "1001" } } in logicalDeviceFeatureEvents
    // [4] / agentReady [4], crossRefIdentifier "m": standard tags, written by hand.
    CHECK(codec.encode(EventReport{5, AgentReadyEvent{.monitorCrossRefID = "m", .agentDevice = "1001"}}) ==
          b({0xa1, 0x19, 0x02, 0x01, 0x05, 0x02, 0x01, 0x15, 0x30, 0x11, 0x55, 0x01, 'm', 0xa4, 0x0c, 0xa4, 0x0a,
             0x63, 0x08, 0x30, 0x06, 0x80, 0x04, '1', '0', '0', '1'}));
}

TEST_CASE("PrivateEvent: vendorSpecEvents [7] / privateEvent [0], privateData string OCTET STRING") {
    const PrivateEvent e{.monitorCrossRefID = "m", .privateData = OpaqueData{OpaqueData::Form::string, "ab"}};
    REQUIRE(Codec::supported(Event{e}));
    // Written by hand from ECMA-285 CSTA-event-report-definitions (vendorSpecEvents [7]
    // VendorSpecEvents, a CHOICE: explicit; privateEvent [0] IMPLICIT PrivateEvent) and
    // CSTA-private-event (SEQUENCE { security OPTIONAL, privateData CSTAPrivateData }, the
    // CHOICE alternative string = universal OCTET STRING 04): invoke 5, cSTAEventReport 21,
    // crossRefIdentifier [APPLICATION 21] "m".
    CHECK(codec.encode(EventReport{5, e}) ==
          b({0xa1, 0x13, 0x02, 0x01, 0x05, 0x02, 0x01, 0x15, 0x30, 0x0b, 0x55, 0x01, 'm', 0xa7, 0x06, 0xa0, 0x04,
             0x04, 0x02, 'a', 'b'}));
    CHECK(decode_as<EventReport>(codec.encode(EventReport{5, e})).event == Event{e});
    // AMI header text with CR/LF and '<' '&' goes as the same octets.
    const PrivateEvent text{.monitorCrossRefID = "m",
                            .privateData = OpaqueData{OpaqueData::Form::string, "UserEvent: X\nNote: <a> & b\r\n"}};
    CHECK(decode_as<EventReport>(codec.encode(EventReport{6, text})).event == Event{text});
}

TEST_CASE("every model cause and connection state has its ECMA-285 value") {
    const ConnectionID c1("C1", "1001");
    for (std::size_t i = 0; i < literals<EventCause>().size(); ++i) {
        const auto cause = static_cast<EventCause>(i);
        INFO(to_string(cause));
        ConnectionClearedEvent e{.monitorCrossRefID = "m", .droppedConnection = c1, .releasingDevice = "1001", .cause = cause};
        CHECK(std::get<ConnectionClearedEvent>(decode_as<EventReport>(codec.encode(EventReport{1, e})).event).cause == cause);
    }
    for (std::size_t i = 0; i < literals<LocalConnectionState>().size(); ++i) {
        const auto state = static_cast<LocalConnectionState>(i);
        HeldEvent e{.monitorCrossRefID = "m", .heldConnection = c1, .holdingDevice = "1001", .localConnectionInfo = state};
        CHECK(std::get<HeldEvent>(decode_as<EventReport>(codec.encode(EventReport{1, e})).event).localConnectionInfo == state);
    }
}

TEST_CASE("undecodable requests map to the precise ROSE Reject") {
    SECTION("unknown operation code -> invoke unrecognizedOperation") {
        const auto e = decode_error(b({0xa1, 0x08, 0x02, 0x01, 0x04, 0x02, 0x01, 0x63, 0x05, 0x00}));
        REQUIRE(e.reject);
        CHECK(e.reject->invoke_id == 4);
        CHECK(e.reject->kind == ProblemKind::invoke);
        CHECK(e.reject->problem == problem::unrecognizedOperation);
    }
    SECTION("snapshotDevice with a NULL where its SEQUENCE belongs -> invoke mistypedArgument") {
        const auto e = decode_error(b({0xa1, 0x08, 0x02, 0x01, 0x04, 0x02, 0x01, 0x4a, 0x05, 0x00}));
        REQUIRE(e.reject);
        CHECK(e.reject->invoke_id == 4);
        CHECK(e.reject->problem == problem::mistypedArgument);
    }
    SECTION("makeCall with a broken argument -> invoke mistypedArgument") {
        // MakeCallArgument with only one DeviceID.
        const auto e = decode_error(b({0xa1, 0x10, 0x02, 0x01, 0x05, 0x02, 0x01, 0x0a, 0x30, 0x08, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x31}));
        REQUIRE(e.reject);
        CHECK(e.reject->invoke_id == 5);
        CHECK(e.reject->kind == ProblemKind::invoke);
        CHECK(e.reject->problem == problem::mistypedArgument);
    }
    SECTION("an unknown EventCause value -> mistypedArgument") {
        // ClearConnection { connectionToBeCleared callID "1", reason [9]?? no: EventCause 999 }
        const auto e = decode_error(b({0xa1, 0x11, 0x02, 0x01, 0x06, 0x02, 0x01, 0x05, 0x30, 0x09,
                                        0x6b, 0x03, 0x80, 0x01, 0x31, 0x0a, 0x02, 0x03, 0xe7}));
        REQUIRE(e.reject);
        CHECK(e.reject->problem == problem::mistypedArgument);
    }
    SECTION("a hostile length inside the argument") {
        const auto e = decode_error(b({0xa1, 0x0d, 0x02, 0x01, 0x07, 0x02, 0x01, 0x0a, 0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00}));
        REQUIRE(e.reject);
        CHECK(e.reject->kind == ProblemKind::general);
    }
    SECTION("deeply nested argument is refused, the stack survives") {
        Bytes arg;
        for (int i = 0; i < 5000; ++i) arg.insert(arg.end(), {0x30, 0x80});
        for (int i = 0; i < 5000; ++i) arg.insert(arg.end(), {0x00, 0x00});
        Bytes apdu = b({0xa1, 0x80, 0x02, 0x01, 0x08, 0x02, 0x01, 0x0a});
        apdu.insert(apdu.end(), arg.begin(), arg.end());
        apdu.insert(apdu.end(), {0x00, 0x00});
        auto r = codec.decode_apdu(apdu);
        REQUIRE(std::holds_alternative<DecodeError>(r));
        CHECK(std::get<DecodeError>(r).reject.has_value());
    }
}

TEST_CASE("MonitorStart filter: named bits by ECMA-285 bit number") {
    MonitorFilter filter;
    filter.callcontrol.set(CallControlEvent::delivered).set(CallControlEvent::offered);
    filter.logicalDeviceFeature.set(LogicalDeviceFeatureEvent::forwarding);
    const MonitorStart start{.monitorObject = DeviceID("1001"), .requestedMonitorFilter = filter};
    const Bytes apdu = codec.encode(Invoke{4, 0, start});
    // MonitorStartArgument { deviceObject {[0] "1001"}, requestedMonitorFilter [0] {
    //   callControl [0] IMPLICIT BIT STRING: delivered(3), offered(17) -> 3 octets, 6 unused bits
    //   10 00 00 / 00 00 40 -> 06 10 00 40; logicalDeviceFeature [9]: forwarding(12) -> 03 00 08 } }
    const Bytes argument = b({0x30, 0x15, 0x30, 0x06, 0x80, 0x04, '1', '0', '0', '1',
                              0xa0, 0x0b, 0x80, 0x04, 0x06, 0x10, 0x00, 0x40, 0x89, 0x03, 0x03, 0x00, 0x08});
    REQUIRE(apdu.size() > argument.size());
    CHECK(Bytes(apdu.end() - static_cast<std::ptrdiff_t>(argument.size()), apdu.end()) == argument);
    CHECK(std::get<MonitorStart>(decode_as<Invoke>(apdu).request) == start);
    CHECK(dumpasn1(argument).status == 0);
}

TEST_CASE("supported() covers every request, response and event of the model") {
    const auto all_supported = []<class Variant>(Variant*) {
        return []<std::size_t... I>(std::index_sequence<I...>) {
            return (Codec::supported(Variant{std::variant_alternative_t<I, Variant>{}}) && ...);
        }(std::make_index_sequence<std::variant_size_v<Variant>>{});
    };
    CHECK(all_supported(static_cast<Request*>(nullptr)));
    CHECK(all_supported(static_cast<Response*>(nullptr)));
    CHECK(all_supported(static_cast<Event*>(nullptr)));
}
