#include "tests/csta/xml/samples.hpp"

namespace csta_test {

using namespace csta;

namespace {

DeviceID dev(const char* n) {
    DeviceID d(n, TypeOfNumber::dialingNumber);
    d.mediaClass = "voice";
    d.privateNumber = false;
    d.privateName = true;
    return d;
}
ConnectionID conn(const char* call, const char* device) { return ConnectionID(call, dev(device)); }
OpaqueData text(const char* s) { return OpaqueData{OpaqueData::Form::string, s}; }
Extensions ext() {
    // Private data as another vendor would send it, with its own namespace.
    return Extensions{OpaqueData{OpaqueData::Form::private_,
                                 "<v:flag xmlns:v=\"urn:vendor\" level=\"2\">on &amp; off</v:flag>"}};
}
ConnectionList connections() {
    ConnectionListItem a{conn("C1", "1001"), conn("C2", "1001"), ExtendedDeviceID(dev("1001"))};
    ConnectionListItem b{conn("C2", "1003"), std::nullopt,
                         ExtendedDeviceID::with_status(DeviceIDStatus::restricted)};
    return {a, b};
}
ServicesPermitted services() {
    return ServicesPermitted{{CallControlService::clearConnection, CallControlService::holdCall}};
}
MonitorFilter filter() {
    MonitorFilter f;
    f.callcontrol = {CallControlEvent::bridged, CallControlEvent::offered};
    f.callAssociated = {CallAssociatedEvent::charging};
    f.mediaAttachment = {MediaAttachmentEvent::mediaAttached};
    f.physicalDeviceFeature = FlagSet<PhysicalDeviceFeatureEvent>::all();
    f.logicalDeviceFeature = {LogicalDeviceFeatureEvent::presenceState};
    f.maintenance = {DeviceMaintenanceEvent::outOfService};
    f.voice = FlagSet<VoiceEvent>::all();
    return f;
}
ExtendedDeviceID redirection() { return ExtendedDeviceID(dev("1009")); }

}  // namespace

std::vector<Message> full_samples() {
    std::vector<Message> out;
    auto req = [&](auto m) { out.emplace_back(Request{std::move(m)}); };
    auto rsp = [&](auto m) { out.emplace_back(Response{std::move(m)}); };
    auto evt = [&](auto m) { out.emplace_back(Event{std::move(m)}); };
    auto ses = [&](auto m) { out.emplace_back(SessionMessage{std::move(m)}); };

    // ---- call control requests ----
    req(MakeCall{dev("1001"), dev("1002 <x>&\"'"), "acct", "auth", AutoOriginate::doNotPrompt, text("corr-1"),
                 text("user data"), "subject", "en", EventCause::makeCall, ext()});
    req(ClearConnection{conn("C1", "1001"), text("c"), text("u"), EventCause::normalClearing, ext()});
    req(ClearCall{conn("C1", "1001"), text("u"), EventCause::normalClearing, ext()});
    req(SingleStepTransferCall{conn("C1", "1001"), dev("1003"), "a", "b", text("c"), text("u"), "s", "de",
                               EventCause::singleStepTransfer, ext()});
    req(ConsultationCall{conn("C1", "1001"), dev("1003"), true, "a", "b", text("c"), text("u"), "s", "fr", ext()});
    req(TransferCall{conn("C1", "1001"), conn("C2", "1001"), ext()});
    req(ConferenceCall{conn("C1", "1001"), conn("C2", "1001"), ext()});
    req(AlternateCall{conn("C1", "1001"), conn("C2", "1001"), false, ext()});
    req(ReconnectCall{conn("C2", "1001"), conn("C1", "1001"), ext()});
    req(HoldCall{conn("C1", "1001"), true, ext()});
    req(RetrieveCall{conn("C1", "1001"), ext()});
    req(AnswerCall{conn("C1", "1002"), text("c"), text("u"), ext()});
    req(ParkCall{conn("C1", "1001"), dev("700"), text("corr"), "subject", "en", ext()});
    req(DeflectCall{conn("C1", "1002"), dev("1005"), text("c"), text("u"), "s", "it", EventCause::redirected, ext()});
    req(GenerateDigits{conn("C1", "1001"), DigitMode::dTMF, "12#*", 100, 10, 50, ext()});
    // ---- logical device features ----
    req(SetAgentState{dev("1004"), ReqAgentState::loggedOn, "agent7", "secret", dev("600"), ext()});
    req(GetAgentState{dev("1004"), dev("600"), ext()});
    req(SetDoNotDisturb{dev("1001"), true, ext()});
    req(GetDoNotDisturb{dev("1001"), ext()});
    req(SetForwarding{dev("1001"), ForwardingType::forwardBusy, true, dev("1009"), 4, ext()});
    req(GetForwarding{dev("1001"), ext()});
    // ---- snapshot, system, monitoring ----
    req(SnapshotDevice{dev("1001"), ext()});
    req(SnapshotCall{conn("C1", "1001"), ext()});
    req(GetSwitchingFunctionDevices{dev("1001"), ReqDeviceCategory::station, ext()});
    req(MonitorStart{MonitorObject{dev("1001")}, filter(), MonitorType::device,
                     FlagSet<MonitorMediaClassFlag>{MonitorMediaClassFlag::voice, MonitorMediaClassFlag::im}, ext()});
    req(MonitorStart{MonitorObject{conn("C7", "1001")}, MonitorFilter{}, MonitorType::call,
                     FlagSet<MonitorMediaClassFlag>{}, std::nullopt});
    req(MonitorStop{"M1", ext()});
    req(ChangeMonitorFilter{"M1", filter(), ext()});
    req(SystemStatus{"R1", SystemStatusValue::disabled, ext()});
    req(SystemRegister{FlagSet<RequestType>{RequestType::systemStatus},
                       FlagSet<StatusFilterFlag>{StatusFilterFlag::messageLost}, ext()});
    req(RequestSystemStatus{"R1", ext()});
    req(Escape{"E1", OpaqueData{OpaqueData::Form::private_, "<cmd xmlns=\"urn:x\">reboot</cmd>"}});
    req(SwitchingFunctionDevices{"X1", 1, true,
                                 {DeviceListDevice{dev("1001"), DeviceCategory::station, NamedDeviceType::station,
                                                   FlagSet<DeviceAttribute>{DeviceAttribute::mediaAccessDevice},
                                                   "PJSIP phone"},
                                  DeviceListDevice{dev("600")}},
                                 ext()});

    // ---- responses ----
    rsp(MakeCallResponse{conn("C1", "1001"), ext()});
    rsp(ClearConnectionResponse{ext()});
    rsp(ClearCallResponse{ext()});
    rsp(SingleStepTransferCallResponse{conn("C3", "1003"), connections(), ext()});
    rsp(ConsultationCallResponse{conn("C2", "1001"), ext()});
    rsp(TransferCallResponse{conn("C3", "1003"), connections(), ext()});
    rsp(ConferenceCallResponse{conn("C1", "1001"), connections(), ext()});
    rsp(AlternateCallResponse{ext()});
    rsp(ReconnectCallResponse{ext()});
    rsp(HoldCallResponse{ext()});
    rsp(RetrieveCallResponse{ext()});
    rsp(AnswerCallResponse{ext()});
    rsp(DeflectCallResponse{ext()});
    rsp(ParkCallResponse{conn("C1", "701"), ext()});
    rsp(ParkCallResponse{});
    rsp(GenerateDigitsResponse{ext()});
    rsp(SetAgentStateResponse{PendingAgentState::agentReady, ext()});
    rsp(GetAgentStateResponse{
        {AgentStateEntry{"agent7", true,
                         {AgentInfo{dev("600"), AgentState::agentReady, PendingAgentState::agentNotReady,
                                    AgentStateCondition::forcedPause},
                          AgentInfo{dev("601"), AgentState::agentBusy, std::nullopt, std::nullopt}}}},
        ext()});
    rsp(SetDoNotDisturbResponse{ext()});
    rsp(GetDoNotDisturbResponse{true, ext()});
    rsp(SetForwardingResponse{ext()});
    rsp(GetForwardingResponse{{ForwardListItem{ForwardingType::forwardImmediate, true, dev("1009"),
                                               ForwardDefault::forwardDN, 3},
                               ForwardListItem{ForwardingType::forwardNoAns, false}},
                              ext()});
    rsp(SnapshotDeviceResponse{std::nullopt,
                               {SnapshotDeviceResponseInfo{conn("C1", "1001"), ExtendedDeviceID(dev("1002")),
                                                           CallState{{LocalConnectionState::connected,
                                                                      LocalConnectionState::alerting}},
                                                           services()}},
                               ext()});
    rsp(SnapshotDeviceResponse{"S1", {}, std::nullopt});
    rsp(SnapshotCallResponse{std::nullopt,
                             {SnapshotCallResponseInfo{ExtendedDeviceID(dev("1001")), conn("C1", "1001"),
                                                       LocalConnectionState::hold, services()},
                              SnapshotCallResponseInfo{ExtendedDeviceID::with_status(DeviceIDStatus::notKnown)}},
                             ExtendedDeviceID(dev("1001")), ExtendedDeviceID(dev("1002")), text("corr"), ext()});
    rsp(GetSwitchingFunctionDevicesResponse{"X1", ext()});
    rsp(MonitorStartResponse{"M1", filter(), FlagSet<MonitorMediaClassFlag>{MonitorMediaClassFlag::voice}, true,
                             ext()});
    rsp(MonitorStopResponse{ext()});
    rsp(ChangeMonitorFilterResponse{filter(), ext()});
    rsp(SystemStatusResponse{ext()});
    rsp(SystemRegisterResponse{"R1", FlagSet<StatusFilterFlag>{StatusFilterFlag::normal}, ext()});
    rsp(RequestSystemStatusResponse{SystemStatusValue::enabled, ext()});
    rsp(EscapeResponse{ext()});
    rsp(ErrorCode(OperationError::invalidDeviceID));
    rsp(ErrorCode(SystemResourceAvailabilityError::networkOutOfService));
    rsp(ErrorCode(ErrorCategory::unspecified, ""));

    // ---- events ----
    const auto lc = LocalConnectionState::connected;
    evt(ServiceInitiatedEvent{"M1", conn("C1", "1001"), dev("1001"), dev("1002"), LocalConnectionState::initiated,
                              text("corr"), EventCause::makeCall, ext()});
    evt(OriginatedEvent{"M1", conn("C1", "1001"), dev("1001"), dev("1002"), dev("1001"), lc, text("corr"),
                        EventCause::makeCall, dev("0049301234"), dev("5551000"), dev("1001"), dev("1002"), ext()});
    evt(DeliveredEvent{"M1", conn("C1", "1002"), dev("1002"), dev("1001"), dev("1002"), redirection(),
                       conn("N1", "T1"), LocalConnectionState::alerting, text("corr"), text("u"),
                       EventCause::newCall, dev("0049301234"), dev("1002"), dev("1001"), dev("1002"), ext()});
    evt(EstablishedEvent{"M1", conn("C1", "1002"), dev("1002"), dev("1001"), dev("1002"),
                         ExtendedDeviceID::with_status(DeviceIDStatus::notRequired), conn("N1", "T1"), lc,
                         text("corr"), text("u"), EventCause::normal, dev("1"), dev("2"), dev("3"), dev("4"), ext()});
    evt(ConnectionClearedEvent{"M1", conn("C1", "1001"), dev("1001"), LocalConnectionState::null, text("c"),
                               text("u"), EventCause::normalClearing, ext()});
    evt(CallClearedEvent{"M1", conn("C1", "1001"), text("c"), text("u"), EventCause::normalClearing, ext()});
    evt(FailedEvent{"M1", conn("C1", "1002"), dev("1002"), dev("1001"), dev("1002"),
                    ExtendedDeviceID::with_status(DeviceIDStatus::notSpecified), conn("N1", "T1"),
                    LocalConnectionState::fail, text("c"), text("u"), EventCause::busy, dev("1"), dev("2"),
                    dev("3"), dev("4"), ext()});
    evt(HeldEvent{"M1", conn("C1", "1001"), dev("1001"), LocalConnectionState::hold, text("c"), EventCause::normal,
                  ext()});
    evt(RetrievedEvent{"M1", conn("C1", "1001"), dev("1001"), lc, text("c"), EventCause::normal, ext()});
    evt(TransferredEvent{"M1", conn("C1", "1001"), conn("C2", "1001"), dev("1001"), dev("1003"), connections(),
                         LocalConnectionState::null, text("c"), text("u"), EventCause::transfer, ext()});
    evt(ConferencedEvent{"M1", conn("C1", "1001"), conn("C2", "1001"), dev("1001"), dev("1003"), connections(), lc,
                         text("c"), text("u"), EventCause::conference, ext()});
    evt(DivertedEvent{"M1", conn("C1", "1002"), dev("1002"), dev("1005"), ExtendedDeviceID(dev("1001")),
                      ExtendedDeviceID(dev("1002")), redirection(), LocalConnectionState::null, text("c"),
                      text("u"), EventCause::callForwardNoAnswer, dev("1"), dev("2"), dev("3"), dev("4"), ext()});
    evt(QueuedEvent{"M1", conn("C1", "600"), dev("600"), dev("1001"), dev("600"), redirection(), 3, 2,
                    LocalConnectionState::queued, text("c"), text("u"), EventCause::enteringDistribution, dev("1"),
                    dev("2"), dev("3"), dev("4"), ext()});
    evt(NetworkReachedEvent{"M1", conn("C1", "T1"), dev("T1"), dev("1001"), dev("0049301234"), redirection(),
                            conn("N1", "T1"), lc, text("c"), text("u"), EventCause::networkSignal, ext()});
    evt(DigitsGeneratedEvent{"M1", conn("C1", "1001"), "123", {100, 100, 80}, {50, 50}, ext()});
    evt(AgentLoggedOnEvent{"M1", dev("1004"), "agent7", dev("600"), "pw", EventCause::normal, ext()});
    evt(AgentLoggedOffEvent{"M1", dev("1004"), "agent7", dev("600"), "pw", EventCause::normal, ext()});
    evt(AgentReadyEvent{"M1", dev("1004"), "agent7", dev("600"), EventCause::normal, ext()});
    evt(AgentNotReadyEvent{"M1", dev("1004"), "agent7", dev("600"), EventCause::forcedPause, ext()});
    evt(AgentWorkingAfterCallEvent{"M1", dev("1004"), "agent7", dev("600"), WorkingAfterCallPendingState::ready,
                                   EventCause::normal, ext()});
    evt(AgentBusyEvent{"M1", dev("1004"), "agent7", dev("600"), PendingAgentState::agentNull, EventCause::normal,
                       ext()});
    evt(DoNotDisturbEvent{"M1", dev("1001"), true, ext()});
    evt(ForwardingEvent{"M1", dev("1001"), ForwardingType::forwardBusy, true, dev("1009"),
                        ForwardDefault::forwardingTypeAndForwardDN, 4, ext()});
    // AMI header text as the bridge's privateEvent rule carries it, with what XML must escape.
    evt(PrivateEvent{"M1", text("UserEvent: CustomerInfo\nNote: <VIP> & \"friends\" 'x'\r\nEnd: 1")});

    // ---- ECMA-354 ----
    ses(StartApplicationSession{"csta-cli", SessionCredentials{"admin", "p<a>ss&", "SESSION-0", 30},
                                {"http://www.ecma-international.org/standards/ecma-323/csta/ed3",
                                 "http://www.ecma-international.org/standards/ecma-323/csta/ed6"},
                                180});
    ses(StartApplicationSessionPosResponse{"SESSION-1", "http://www.ecma-international.org/standards/ecma-323/csta/ed3",
                                           180});
    ses(StartApplicationSessionNegResponse{SessionErrorCode{true, "invalidApplicationInfo"}});
    ses(StopApplicationSession{"SESSION-1", SessionErrorCode{true, "normal"}});
    ses(StopApplicationSessionPosResponse{});
    ses(StopApplicationSessionNegResponse{SessionErrorCode{false, "no such session"}});
    ses(ResetApplicationSessionTimer{"SESSION-1", 120});
    ses(ResetApplicationSessionTimerPosResponse{120});
    ses(ResetApplicationSessionTimerNegResponse{SessionErrorCode{true, "invalidSessionID"}});
    return out;
}

}  // namespace csta_test
