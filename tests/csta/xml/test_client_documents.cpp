// Documents written by hand the way real clients send them (Avaya AES ed3, Unify OpenScape
// ed4, Microsoft-style ed3, DMCC session login): namespaces, whitespace, shuffled children,
// unknown elements; and the precise CSTAErrorCode for broken requests.
#include <catch2/catch.hpp>

#include "csta/xml/codec.hpp"

using namespace csta;
using csta::xml::Codec;
using csta::xml::Edition;

namespace {
template <class T>
const T& as(const xml::DecodeResult& r) {
    REQUIRE(r.ok());
    const auto* outer = std::get_if<Request>(&*r.message);
    REQUIRE(outer != nullptr);
    const auto* m = std::get_if<T>(outer);
    REQUIRE(m != nullptr);
    return *m;
}
bool warned_about(const xml::DecodeResult& r, const std::string& what) {
    for (const auto& w : r.warnings)
        if (w.find(what) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("Avaya-style ed3 MakeCall with pretty printing and typeOfNumber attributes") {
    Codec codec;
    const auto r = codec.decode(R"(<?xml version="1.0" encoding="UTF-8"?>
<MakeCall xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3">
  <callingDevice typeOfNumber="other" mediaClass="voice" bitRate="constant">1001:CM1::0</callingDevice>
  <calledDirectoryNumber typeOfNumber="explicitPublic:international">+4930123456</calledDirectoryNumber>
  <autoOriginate>doNotPrompt</autoOriginate>
</MakeCall>)");
    const auto& m = as<MakeCall>(r);
    CHECK(r.edition == Edition::ed3);
    CHECK(m.callingDevice.value == "1001:CM1::0");
    CHECK(m.callingDevice.typeOfNumber == TypeOfNumber::other);
    CHECK(m.callingDevice.mediaClass == "voice");
    CHECK(m.calledDirectoryNumber.value == "+4930123456");
    CHECK(m.calledDirectoryNumber.typeOfNumber == TypeOfNumber::explicitPublic_international);
    CHECK(m.autoOriginate == AutoOriginate::doNotPrompt);
    CHECK(warned_about(r, "bitRate"));  // attribute we do not model, reported, not fatal
}

TEST_CASE("OpenScape-style ed4 MonitorStart with a filter, children shuffled, unknown elements") {
    Codec codec;
    const auto r = codec.decode(
        "<MonitorStart xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed4\">"
        "<monitorType>device</monitorType>"
        "<vendorHint>fast</vendorHint>"
        "<requestedMonitorFilter>"
        "  <logicalDeviceFeature><agentReady>true</agentReady><doNotDisturb>false</doNotDisturb></logicalDeviceFeature>"
        "  <callcontrol><offered>true</offered><bridged>1</bridged><networkCapabilitiesChanged>true"
        "</networkCapabilitiesChanged><futureEvent>true</futureEvent></callcontrol>"
        "</requestedMonitorFilter>"
        "<monitorObject><deviceObject>+15551234567</deviceObject></monitorObject>"
        "</MonitorStart>");
    const auto& m = as<MonitorStart>(r);
    CHECK(r.edition == Edition::ed4);
    REQUIRE(std::holds_alternative<DeviceID>(m.monitorObject));
    CHECK(std::get<DeviceID>(m.monitorObject).value == "+15551234567");
    CHECK(m.monitorType == MonitorType::device);
    REQUIRE(m.requestedMonitorFilter);
    const auto& f = *m.requestedMonitorFilter;
    CHECK(f.callcontrol == FlagSet<CallControlEvent>{CallControlEvent::offered, CallControlEvent::bridged,
                                                      CallControlEvent::networkCapabilitiesChanged});
    CHECK(f.logicalDeviceFeature == FlagSet<LogicalDeviceFeatureEvent>{LogicalDeviceFeatureEvent::agentReady});
    CHECK(warned_about(r, "<vendorHint>"));
    CHECK(warned_about(r, "<futureEvent>"));
}

TEST_CASE("ClearConnection, AnswerCall and SnapshotDevice as clients write them") {
    Codec codec;
    auto r = codec.decode(
        "<ClearConnection xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\">"
        "<connectionToBeCleared><deviceID>1001</deviceID><callID>42</callID></connectionToBeCleared>"
        "</ClearConnection>");
    CHECK(as<ClearConnection>(r).connectionToBeCleared == ConnectionID("42", DeviceID("1001")));

    r = codec.decode(
        "<AnswerCall xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\">"
        "<callToBeAnswered><callID>7</callID><deviceID typeOfNumber=\"dynamic\">D1</deviceID></callToBeAnswered>"
        "</AnswerCall>");
    const auto& a = as<AnswerCall>(r);
    REQUIRE(a.callToBeAnswered.deviceID);
    CHECK(a.callToBeAnswered.deviceID->typeOfNumber == TypeOfNumber::dynamic);

    r = codec.decode(
        "<SnapshotDevice xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed5\">"
        "<snapshotObject>1002</snapshotObject></SnapshotDevice>");
    CHECK(as<SnapshotDevice>(r).snapshotObject.value == "1002");
    CHECK(r.edition == Edition::ed5);
}

TEST_CASE("ECMA-354 StartApplicationSession as Avaya DMCC sends it") {
    Codec codec;
    const auto r = codec.decode(R"(<?xml version="1.0" encoding="UTF-8"?>
<StartApplicationSession xmlns="http://www.ecma-international.org/standards/ecma-354/appl_session">
  <applicationInfo>
    <applicationID>TestApp</applicationID>
    <applicationSpecificInfo>
      <ns1:SessionLoginInfo xmlns:ns1="http://www.avaya.com/csta" xsi:type="ns1:SessionLoginInfo"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <ns1:userName>cti</ns1:userName>
        <ns1:userPassword>s3cr&amp;t</ns1:userPassword>
        <ns1:sessionCleanupDelay>60</ns1:sessionCleanupDelay>
      </ns1:SessionLoginInfo>
    </applicationSpecificInfo>
  </applicationInfo>
  <requestedProtocolVersions>
    <protocolVersion>http://www.ecma-international.org/standards/ecma-323/csta/ed3/priv2</protocolVersion>
  </requestedProtocolVersions>
  <requestedSessionDuration>180</requestedSessionDuration>
</StartApplicationSession>)");
    REQUIRE(r.ok());
    CHECK_FALSE(r.edition.has_value());
    const auto& s = std::get<StartApplicationSession>(std::get<SessionMessage>(*r.message));
    CHECK(s.applicationID == "TestApp");
    REQUIRE(s.credentials);
    CHECK(s.credentials->userName == "cti");
    CHECK(s.credentials->password == "s3cr&t");
    CHECK(s.credentials->sessionCleanupDelay == 60L);
    CHECK_FALSE(s.credentials->sessionID);  // a new session, not a recovery
    CHECK(s.requestedProtocolVersions ==
          std::vector<std::string>{"http://www.ecma-international.org/standards/ecma-323/csta/ed3/priv2"});
    CHECK(s.requestedSessionDuration == 180);
}

TEST_CASE("a negative response from a server decodes, whatever its root is called") {
    Codec codec;
    for (const char* root : {"CSTAErrorCode", "UniversalFailure"}) {
        const auto r = codec.decode(std::string("<") + root +
                                    " xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\">"
                                    "<stateIncompatibility>invalidConnectionState</stateIncompatibility></" +
                                    root + ">");
        REQUIRE(r.ok());
        CHECK(std::get<ErrorCode>(std::get<Response>(*r.message)) ==
              ErrorCode(StateIncompatibilityError::invalidConnectionState));
    }
}

TEST_CASE("missing mandatory elements are answered with the most precise ECMA error") {
    Codec codec;
    const std::string ns = " xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\"";
    struct Case {
        std::string doc;
        ErrorCode expected;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"<MakeCall" + ns + "><calledDirectoryNumber>1002</calledDirectoryNumber></MakeCall>",
         OperationError::invalidCallingDeviceID, "missing mandatory element <callingDevice> in <MakeCall>"},
        {"<MakeCall" + ns + "><callingDevice>1001</callingDevice></MakeCall>", OperationError::invalidCalledDeviceID,
         "<calledDirectoryNumber>"},
        {"<ClearConnection" + ns + "/>", OperationError::invalidConnectionID, "<connectionToBeCleared>"},
        {"<ClearConnection" + ns + "><connectionToBeCleared/></ClearConnection>", OperationError::invalidConnectionID,
         "neither <callID> nor <deviceID>"},
        {"<TransferCall" + ns + "><activeCall><callID>1</callID></activeCall></TransferCall>",
         OperationError::invalidHeldConnectionID, "<heldCall>"},
        {"<MonitorStart" + ns + "/>", OperationError::invalidMonitorObject, "<monitorObject>"},
        {"<MonitorStop" + ns + "/>", OperationError::invalidMonitorCrossRefID, "<monitorCrossRefID>"},
        {"<SingleStepTransferCall" + ns + "><activeCall><callID>1</callID></activeCall></SingleStepTransferCall>",
         OperationError::invalidDestinationDeviceID, "<transferredTo>"},
        {"<SetForwarding" + ns + "><device>1001</device><forwardingType>forwardEverything</forwardingType>"
                                 "<activateForward>true</activateForward></SetForwarding>",
         OperationError::invalidForwardingType, "'forwardEverything'"},
        {"<SetAgentState" + ns + "><device>1001</device><requestedAgentState>sleeping</requestedAgentState>"
                                 "</SetAgentState>",
         OperationError::invalidAgentState, "'sleeping'"},
        {"<MakeCall" + ns + "><callingDevice>1001</callingDevice><calledDirectoryNumber>2</calledDirectoryNumber>"
                            "<reason>becauseISaySo</reason></MakeCall>",
         OperationError::valueOutOfRange, "<reason>"},
        {"<MakeCall" + ns + "><callingDevice typeOfNumber=\"bogus\">1001</callingDevice>"
                            "<calledDirectoryNumber>2</calledDirectoryNumber></MakeCall>",
         OperationError::invalidDeviceID, "typeOfNumber"},
        {"<MakeCall" + ns + "><callingDevice></callingDevice><calledDirectoryNumber>2</calledDirectoryNumber>"
                            "</MakeCall>",
         OperationError::invalidDeviceID, "empty device identifier"},
        {"<GenerateDigits" + ns + "><connectionToSendDigits><callID>1</callID></connectionToSendDigits>"
                                  "<charactersToSend>1</charactersToSend><toneDuration>ten</toneDuration>"
                                  "</GenerateDigits>",
         OperationError::invalidParameterValue, "not an integer"},
        {"<SetDoNotDisturb" + ns + "><device>1001</device><doNotDisturbOn>maybe</doNotDisturbOn></SetDoNotDisturb>",
         OperationError::invalidParameterValue, "not a boolean"},
        {"<SetDoNotDisturb" + ns + "><device>1001</device></SetDoNotDisturb>", OperationError::invalidDoNotDisturb,
         "<doNotDisturbOn>"},
        {"<IntrudeCall" + ns + "/>", OperationError::serviceNotSupported, "unsupported message <IntrudeCall>"},
        {"<ParkCall" + ns + "><parking><callID>1</callID><deviceID>1001</deviceID></parking></ParkCall>",
         OperationError::invalidParkToDeviceID, "<parkTo>"},
    };
    for (const auto& c : cases) {
        INFO(c.doc);
        const auto r = codec.decode(c.doc);
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.error);
        CHECK(r.error->code == c.expected);
        CHECK(r.error->reason.find(c.reason) != std::string::npos);
        CHECK_FALSE(r.error->malformed);
        CHECK(r.edition == Edition::ed3);
        CHECK_FALSE(r.root.empty());
    }
}

TEST_CASE("documents without a CSTA namespace are accepted with a warning") {
    Codec codec;
    const auto r = codec.decode("<MonitorStop><monitorCrossRefID>5</monitorCrossRefID></MonitorStop>");
    CHECK(as<MonitorStop>(r).monitorCrossRefID == "5");
    CHECK_FALSE(r.edition.has_value());
    CHECK(warned_about(r, "no namespace"));
}

TEST_CASE("lenient forms seen from older peers: bare device numbers and bare correlator text") {
    Codec codec;
    const auto r = codec.decode(
        "<DeliveredEvent xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed2\">"
        "<monitorCrossRefID>3</monitorCrossRefID>"
        "<connection><callID>9</callID><deviceID>1002</deviceID></connection>"
        "<alertingDevice>1002</alertingDevice>"
        "<callingDevice><deviceIdentifier>1001</deviceIdentifier></callingDevice>"
        "<calledDevice><deviceIdentifier>1002</deviceIdentifier></calledDevice>"
        "<lastRedirectionDevice><notRequired/></lastRedirectionDevice>"
        "<correlatorData>abc</correlatorData>"
        "<cause>newCall</cause></DeliveredEvent>");
    REQUIRE(r.ok());
    CHECK(r.edition == Edition::ed2);
    const auto& e = std::get<DeliveredEvent>(std::get<Event>(*r.message));
    CHECK(e.alertingDevice == ExtendedDeviceID("1002"));
    CHECK(e.lastRedirectionDevice == ExtendedDeviceID::with_status(DeviceIDStatus::notRequired));
    REQUIRE(e.correlatorData);
    CHECK(e.correlatorData->bytes == "abc");
    CHECK(warned_about(r, "bare number"));
    CHECK(warned_about(r, "holds text instead of <string>"));
}

TEST_CASE("a document in the www.ecma.ch namespace is read, and the answer can go back in it") {
    Codec codec;
    // pyssimist's tests/Features/CstaEndpoint-Basic_CSTA_MakeCall.py ClearConnection template.
    const auto r = codec.decode(
        "<ClearConnection xmlns=\"http://www.ecma.ch/standards/ecma-323/csta/ed2\">"
        "<connectionToBeCleared><deviceID>1001</deviceID><callID>7</callID></connectionToBeCleared></ClearConnection>");
    REQUIRE(r.ok());
    CHECK(r.edition == Edition::ed2);
    CHECK(r.host == csta::xml::NamespaceHost::ecma_ch);
    CHECK(r.root_ns == "http://www.ecma.ch/standards/ecma-323/csta/ed2");
    const auto answer = Codec::encode(Response(ClearConnectionResponse{}), Edition::ed2, csta::xml::NamespaceHost::ecma_ch);
    CHECK(answer.find("<ClearConnectionResponse xmlns=\"http://www.ecma.ch/standards/ecma-323/csta/ed2\"") != std::string::npos);
}
