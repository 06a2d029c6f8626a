// BER mapping of the snapshot, system (SystemRegister, GetSwitchingFunctionDevices,
// SwitchingFunctionDevices) and Escape services. Golden vectors are written by hand from the
// ECMA-285 modules (csta/asn1) and cross-checked with dumpasn1, never produced by this code.
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
using csta_test::dumpasn1;

namespace {

// Invoke { invokeId 2, snapshotDevice(74), SnapshotDeviceArgument { snapshotObject DeviceID {
//   dialingNumber [0] "1001" } } }
const Bytes snapshot_device_invoke = b({0xa1, 0x10, 0x02, 0x01, 0x02, 0x02, 0x01, 0x4a,
                                        0x30, 0x08, 0x30, 0x06, 0x80, 0x04, '1', '0', '0', '1'});

// ReturnResult { invokeId 2, { snapshotDevice(74), SnapshotDeviceResult {
//   crossRefIDorSnapshotData snapshotData [APPLICATION 22] IMPLICIT SEQUENCE OF {
//     SnapshotDeviceResponseInfo {
//       connectionIdentifier [APPLICATION 11] { both { callID [0] "7", deviceID [1] { staticID { [0] "1001" } } } },
//       endpointDevice [3] IMPLICIT SubjectDeviceID (a CHOICE: the tag stays explicit) { [0] "1002" },
//       localCallState compoundCallState [0] IMPLICIT { [APPLICATION 14] connected(3),
//                                                       [APPLICATION 14] alerting(2) } } } } } }
const Bytes snapshot_device_result = b({
    0xa2, 0x31, 0x02, 0x01, 0x02,
    0x30, 0x2c, 0x02, 0x01, 0x4a,
    0x30, 0x27, 0x76, 0x25, 0x30, 0x23,
    0x6b, 0x0f, 0x30, 0x0d, 0x80, 0x01, '7', 0xa1, 0x08, 0x30, 0x06, 0x80, 0x04, '1', '0', '0', '1',
    0xa3, 0x08, 0x30, 0x06, 0x80, 0x04, '1', '0', '0', '2',
    0xa0, 0x06, 0x4e, 0x01, 0x03, 0x4e, 0x01, 0x02});

SnapshotDeviceResponse snapshot_device_model() {
    return SnapshotDeviceResponse{
        .snapshotData = {SnapshotDeviceResponseInfo{
            .connectionIdentifier = ConnectionID("7", "1001"),
            .endpointDevice = ExtendedDeviceID("1002"),
            .localCallState = CallState{{LocalConnectionState::connected, LocalConnectionState::alerting}}}}};
}

// Invoke { invokeId 3, systemRegister(207), SystemRegisterArgument {
//   requestTypes BIT STRING { systemStatus(0), requestSystemStatus(1) } -> 06 c0,
//   requestedStatusFilter BIT STRING { overloadReached(7) } -> 00 01 } }
const Bytes system_register_invoke = b({0xa1, 0x11, 0x02, 0x01, 0x03, 0x02, 0x02, 0x00, 0xcf,
                                        0x30, 0x08, 0x03, 0x02, 0x06, 0xc0, 0x03, 0x02, 0x00, 0x01});

// Invoke { invokeId 9, cSTAEventReport(21), CSTAEventReportArgument {
//   crossRefIdentifier [APPLICATION 21] IMPLICIT 00 05,
//   eventSpecificInfo callAssociatedEvents [1] { digitsGeneratedEvent [2] IMPLICIT {
//     connection [APPLICATION 11] { callID [0] "7" }, digitGeneratedList IA5String "12",
//     digitDurationList [0] IMPLICIT SEQUENCE OF { INTEGER 100 } } } } }
const Bytes digits_generated_report = b({0xa1, 0x1e, 0x02, 0x01, 0x09, 0x02, 0x01, 0x15,
                                         0x30, 0x16, 0x55, 0x02, 0x00, 0x05,
                                         0xa1, 0x10, 0xa2, 0x0e,
                                         0x6b, 0x03, 0x80, 0x01, '7',
                                         0x16, 0x02, '1', '2',
                                         0xa0, 0x03, 0x02, 0x01, 0x64});

}  // namespace

TEST_CASE("golden snapshotDevice Invoke: decodes to SnapshotDevice 1001, encodes to the same bytes") {
    const auto invoke = decode_as<Invoke>(snapshot_device_invoke);
    CHECK(invoke.invoke_id == 2);
    CHECK(invoke.opcode == opcode::snapshotDevice);
    REQUIRE(std::holds_alternative<SnapshotDevice>(invoke.request));
    CHECK(std::get<SnapshotDevice>(invoke.request).snapshotObject == DeviceID("1001"));
    CHECK(codec.encode(Invoke{2, 0, SnapshotDevice{.snapshotObject = "1001"}}) == snapshot_device_invoke);

    const auto d = dumpasn1(snapshot_device_invoke);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("INTEGER 74"));
    CHECK_THAT(d.text, Catch::Contains("'1001'"));
}

TEST_CASE("golden snapshotDevice ReturnResult: inline SnapshotDeviceData, byte for byte") {
    CHECK(codec.encode(Result{2, snapshot_device_model()}) == snapshot_device_result);
    const auto result = decode_as<Result>(snapshot_device_result);
    CHECK(result.invoke_id == 2);
    REQUIRE(std::holds_alternative<SnapshotDeviceResponse>(result.response));
    CHECK(std::get<SnapshotDeviceResponse>(result.response) == snapshot_device_model());

    const auto d = dumpasn1(snapshot_device_result);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("[APPLICATION 22]"));
    CHECK_THAT(d.text, Catch::Contains("[APPLICATION 11]"));
    CHECK_THAT(d.text, Catch::Contains("[APPLICATION 14]"));
    CHECK_THAT(d.text, Catch::Contains("'1002'"));
}

TEST_CASE("golden systemRegister Invoke: named bits by ECMA-285 bit number") {
    const SystemRegister reg{.requestTypes = FlagSet<RequestType>{RequestType::systemStatus, RequestType::requestSystemStatus},
                             .requestedStatusFilter = FlagSet<StatusFilterFlag>{StatusFilterFlag::overloadReached}};
    CHECK(codec.encode(Invoke{3, 0, reg}) == system_register_invoke);
    const auto invoke = decode_as<Invoke>(system_register_invoke);
    CHECK(invoke.opcode == opcode::systemRegister);
    REQUIRE(std::holds_alternative<SystemRegister>(invoke.request));
    CHECK(std::get<SystemRegister>(invoke.request) == reg);

    const auto d = dumpasn1(system_register_invoke);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("BIT STRING"));
}

TEST_CASE("snapshot, system, escape and monitor filter requests round-trip through BER") {
    DeviceListDevice phone{.deviceID = "1001", .deviceCategory = DeviceCategory::station,
                           .namedDeviceTypes = NamedDeviceType::station,
                           .deviceAttributes = FlagSet<DeviceAttribute>{DeviceAttribute::mediaAccessDevice, DeviceAttribute::groupPick},
                           .deviceModelName = "PJSIP"};
    MonitorFilter filter;
    filter.callcontrol.set(CallControlEvent::held).set(CallControlEvent::retrieved);
    filter.logicalDeviceFeature.set(LogicalDeviceFeatureEvent::doNotDisturb);
    DeviceListDevice queue{.deviceID = DeviceID("q-test"), .deviceCategory = DeviceCategory::acd};
    std::vector<Request> requests{
        SnapshotDevice{.snapshotObject = DeviceID("+4930123", TypeOfNumber::explicitPublic_international)},
        SnapshotCall{.snapshotObject = ConnectionID("C1", "1001")},
        SnapshotCall{.snapshotObject = call_only("C9")},
        SystemRegister{.requestTypes = FlagSet<RequestType>{RequestType::switchingFunctionDevicesChanged}},
        SystemRegister{.requestTypes = FlagSet<RequestType>{},
                       .requestedStatusFilter = FlagSet<StatusFilterFlag>{StatusFilterFlag::initializing, StatusFilterFlag::overloadRelieved}},
        GetSwitchingFunctionDevices{},
        GetSwitchingFunctionDevices{.requestedDeviceID = DeviceID("1001"), .requestedDeviceCategory = ReqDeviceCategory::groupUser},
        SwitchingFunctionDevices{.serviceCrossRefID = "x1", .segmentID = 2, .lastSegment = false, .deviceList = {phone, queue}},
        SwitchingFunctionDevices{.serviceCrossRefID = "x1", .lastSegment = true},
        Escape{.escapeRegisterID = "e1", .privateData = OpaqueData{OpaqueData::Form::string, "vendor blob"}},
        Escape{.privateData = OpaqueData{OpaqueData::Form::private_, ""}},
        ChangeMonitorFilter{.monitorCrossRefID = std::string("\x00\x07", 2), .requestedFilterList = filter},
        ChangeMonitorFilter{.monitorCrossRefID = "m2"},
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

TEST_CASE("snapshot, system, escape and monitor filter responses round-trip through BER") {
    MonitorFilter filter;
    filter.callcontrol.set(CallControlEvent::delivered);
    std::vector<Response> responses{
        snapshot_device_model(),
        SnapshotDeviceResponse{},  // idle device: empty inline data
        SnapshotDeviceResponse{.serviceCrossRefID = "s1"},
        SnapshotDeviceResponse{.snapshotData = {SnapshotDeviceResponseInfo{.connectionIdentifier = ConnectionID("C2", "1001"),
                                                                           .localCallState = CallState{}}}},
        SnapshotCallResponse{
            .snapshotData = {SnapshotCallResponseInfo{.deviceOnCall = ExtendedDeviceID("1001"),
                                                      .callIdentifier = ConnectionID("C1", "1001"),
                                                      .localConnectionInfo = LocalConnectionState::connected},
                             SnapshotCallResponseInfo{.deviceOnCall = ExtendedDeviceID::with_status(DeviceIDStatus::notKnown)}},
            .callingDevice = ExtendedDeviceID("1001"),
            .calledDevice = ExtendedDeviceID("1002"),
            .correlatorData = OpaqueData{OpaqueData::Form::string, "corr"}},
        SnapshotCallResponse{.serviceCrossRefID = "s2"},
        SystemRegisterResponse{.sysStatRegisterID = "r1"},
        SystemRegisterResponse{.sysStatRegisterID = "r2", .actualStatusFilter = FlagSet<StatusFilterFlag>{StatusFilterFlag::messageLost}},
        GetSwitchingFunctionDevicesResponse{.serviceCrossRefID = "x1"},
        EscapeResponse{},
        ChangeMonitorFilterResponse{},
        ChangeMonitorFilterResponse{.actualFilterList = filter},
    };
    for (const auto& r : responses) {
        INFO(name(r));
        REQUIRE(Codec::supported(r));
        const auto back = decode_as<Result>(codec.encode(Result{12, r}));
        CHECK(back.invoke_id == 12);
        CHECK(back.response == r);
    }
}

TEST_CASE("snapshot CallState: a received simpleCallState reads as its two connection states") {
    // ReturnResult { 2, { snapshotDevice(74), SnapshotDeviceResult { snapshotData [APPLICATION 22] {
    //   { connectionIdentifier [APPLICATION 11] { callID [0] "7" },
    //     localCallState simpleCallState [1] IMPLICIT callDelivered('23'H = alerting, connected) } } } } }
    const Bytes apdu = b({0xa2, 0x16, 0x02, 0x01, 0x02, 0x30, 0x11, 0x02, 0x01, 0x4a, 0x30, 0x0c, 0x76, 0x0a, 0x30, 0x08,
                          0x6b, 0x03, 0x80, 0x01, '7', 0x81, 0x01, 0x23});
    CHECK(dumpasn1(apdu).status == 0);
    const auto result = decode_as<Result>(apdu);
    REQUIRE(std::holds_alternative<SnapshotDeviceResponse>(result.response));
    const auto& data = std::get<SnapshotDeviceResponse>(result.response).snapshotData;
    REQUIRE(data.size() == 1);
    CHECK(data[0].localCallState ==
          std::optional<CallState>(CallState{{LocalConnectionState::alerting, LocalConnectionState::connected}}));
}

TEST_CASE("SwitchingFunctionDevices deviceCategory is DEFAULT station: left out, read back as station") {
    const SwitchingFunctionDevices with_station{.serviceCrossRefID = "x", .deviceList = {DeviceListDevice{.deviceID = "1001", .deviceCategory = DeviceCategory::station}}};
    const SwitchingFunctionDevices without{.serviceCrossRefID = "x", .deviceList = {DeviceListDevice{.deviceID = "1001"}}};
    const Bytes apdu = codec.encode(Invoke{1, 0, without});
    CHECK(codec.encode(Invoke{1, 0, with_station}) == apdu);
    // SwitchingFunctionDevicesArgument { serviceCrossRefID "x", lastSegment TRUE, deviceList { { deviceID { [0] "1001" } } } }
    const Bytes argument = b({0x30, 0x12, 0x04, 0x01, 'x', 0x01, 0x01, 0xff, 0x30, 0x0a, 0x30, 0x08, 0x30, 0x06, 0x80, 0x04, '1', '0', '0', '1'});
    REQUIRE(apdu.size() > argument.size());
    CHECK(Bytes(apdu.end() - static_cast<std::ptrdiff_t>(argument.size()), apdu.end()) == argument);
    CHECK(std::get<SwitchingFunctionDevices>(decode_as<Invoke>(apdu).request) == with_station);
}

TEST_CASE("values ECMA-285 cannot carry are refused on encode") {
    SECTION("Escape without privateData (mandatory in ECMA-285)") {
        CHECK_THROWS_AS(codec.encode(Invoke{1, 0, Escape{}}), EncodeError);
    }
    SECTION("Escape with vendor private content (ECMA-285 has only a NULL placeholder)") {
        CHECK_THROWS_AS(codec.encode(Invoke{1, 0, Escape{.privateData = OpaqueData{OpaqueData::Form::private_, "<x/>"}}}), EncodeError);
    }
    SECTION("deviceAttributes groupUser (no ECMA-285 bit)") {
        const SwitchingFunctionDevices s{.serviceCrossRefID = "x",
                                         .deviceList = {DeviceListDevice{.deviceID = "1001",
                                                                         .deviceAttributes = FlagSet<DeviceAttribute>{DeviceAttribute::groupUser}}}};
        CHECK_THROWS_AS(codec.encode(Invoke{1, 0, s}), EncodeError);
    }
}

TEST_CASE("golden DigitsGeneratedEvent report: callAssociatedEvents [1] / digitsGeneratedEvent [2]") {
    DigitsGeneratedEvent e{.monitorCrossRefID = std::string("\x00\x05", 2), .connection = call_only("7"),
                           .digitGeneratedList = "12", .digitDurationList = {100}};
    CHECK(codec.encode(EventReport{9, e}) == digits_generated_report);
    const auto report = decode_as<EventReport>(digits_generated_report);
    CHECK(report.invoke_id == 9);
    REQUIRE(std::holds_alternative<DigitsGeneratedEvent>(report.event));
    CHECK(std::get<DigitsGeneratedEvent>(report.event) == e);
    const auto d = dumpasn1(digits_generated_report);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("IA5String"));

    const DigitsGeneratedEvent full{.monitorCrossRefID = "m", .connection = ConnectionID("C1", "1001"),
                                    .digitGeneratedList = "123#", .digitDurationList = {80, 90}, .pauseDurationList = {50}};
    CHECK(std::get<DigitsGeneratedEvent>(decode_as<EventReport>(codec.encode(EventReport{3, full})).event) == full);
    // digitGeneratedList is mandatory in ECMA-285.
    CHECK_THROWS_AS(codec.encode(EventReport{3, DigitsGeneratedEvent{.monitorCrossRefID = "m", .connection = call_only("7")}}), EncodeError);
}
