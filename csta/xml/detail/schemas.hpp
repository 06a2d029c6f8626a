#pragma once
// Schema<T>: the child elements of every plainly-structured ECMA-323 class, in ed6 schema
// order (tests/data/ecma-323/ed6-elements.txt). Element names are the model's member names,
// which follow the schema spelling (originatinNIDConnection, callcontrol, ...).
// The OperationError given to field() is what a missing mandatory element is answered with; the
// default is chosen by type (ConnectionID -> invalidConnectionID, DeviceID -> invalidDeviceID).
#include <tuple>

#include "csta/xml/detail/engine.hpp"

namespace csta::xml::detail {

template <>
struct Schema<ConnectionListItem> {
    using T = ConnectionListItem;
    static constexpr auto fields = std::tuple{
        field("newConnection", &T::newConnection),
        field("oldConnection", &T::oldConnection),
        field("endpoint", &T::endpoint)};
};

template <>
struct Schema<ServicesPermitted> {
    using T = ServicesPermitted;
    static constexpr auto fields = std::tuple{
        field("callControlServices", &T::callControlServices)};
};

template <>
struct Schema<MonitorFilter> {
    using T = MonitorFilter;
    static constexpr auto fields = std::tuple{
        field("callcontrol", &T::callcontrol),
        field("callAssociated", &T::callAssociated),
        field("mediaAttachment", &T::mediaAttachment),
        field("physicalDeviceFeature", &T::physicalDeviceFeature),
        field("logicalDeviceFeature", &T::logicalDeviceFeature),
        field("maintenance", &T::maintenance),
        field("voice", &T::voice)};
};

template <>
struct Schema<AgentInfo> {
    using T = AgentInfo;
    static constexpr auto fields = std::tuple{
        field("acdGroup", &T::acdGroup),
        field("agentState", &T::agentState),
        field("pendingAgentState", &T::pendingAgentState),
        field("agentStateCondition", &T::agentStateCondition)};
};

template <>
struct Schema<AgentStateEntry> {
    using T = AgentStateEntry;
    static constexpr auto fields = std::tuple{
        field("agentID", &T::agentID),
        field("loggedOnState", &T::loggedOnState),
        list("agentInfo", &T::agentInfo, "agentInfoItem")};
};

template <>
struct Schema<ForwardListItem> {
    using T = ForwardListItem;
    static constexpr auto fields = std::tuple{
        field("forwardingType", &T::forwardingType),
        field("forwardStatus", &T::forwardStatus),
        field("forwardDN", &T::forwardDN),
        field("forwardDefault", &T::forwardDefault),
        field("ringCount", &T::ringCount)};
};

template <>
struct Schema<SnapshotDeviceResponseInfo> {
    using T = SnapshotDeviceResponseInfo;
    static constexpr auto fields = std::tuple{
        field("connectionIdentifier", &T::connectionIdentifier),
        field("endpointDevice", &T::endpointDevice),
        field("localCallState", &T::localCallState),
        field("servicesPermitted", &T::servicesPermitted)};
};

template <>
struct Schema<SnapshotCallResponseInfo> {
    using T = SnapshotCallResponseInfo;
    static constexpr auto fields = std::tuple{
        field("deviceOnCall", &T::deviceOnCall),
        field("callIdentifier", &T::callIdentifier),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("servicesPermitted", &T::servicesPermitted)};
};

template <>
struct Schema<DeviceListDevice> {
    using T = DeviceListDevice;
    static constexpr auto fields = std::tuple{
        field("deviceID", &T::deviceID),
        field("deviceCategory", &T::deviceCategory),
        field("namedDeviceTypes", &T::namedDeviceTypes),
        field("deviceAttributes", &T::deviceAttributes),
        field("deviceModelName", &T::deviceModelName)};
};

template <>
struct Schema<MakeCall> {
    using T = MakeCall;
    static constexpr auto fields = std::tuple{
        field("callingDevice", &T::callingDevice, err(OperationError::invalidCallingDeviceID)),
        field("calledDirectoryNumber", &T::calledDirectoryNumber, err(OperationError::invalidCalledDeviceID)),
        field("accountCode", &T::accountCode),
        field("authCode", &T::authCode),
        field("autoOriginate", &T::autoOriginate),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("subjectOfCall", &T::subjectOfCall),
        field("languagePreferences", &T::languagePreferences),
        field("reason", &T::reason),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<MakeCallResponse> {
    using T = MakeCallResponse;
    static constexpr auto fields = std::tuple{
        field("callingDevice", &T::callingDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ClearConnection> {
    using T = ClearConnection;
    static constexpr auto fields = std::tuple{
        field("connectionToBeCleared", &T::connectionToBeCleared),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("reason", &T::reason),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ClearConnectionResponse> {
    using T = ClearConnectionResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ClearCall> {
    using T = ClearCall;
    static constexpr auto fields = std::tuple{
        field("callToBeCleared", &T::callToBeCleared),
        field("userData", &T::userData),
        field("reason", &T::reason),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ClearCallResponse> {
    using T = ClearCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SingleStepTransferCall> {
    using T = SingleStepTransferCall;
    static constexpr auto fields = std::tuple{
        field("activeCall", &T::activeCall, err(OperationError::invalidActiveConnectionID)),
        field("transferredTo", &T::transferredTo, err(OperationError::invalidDestinationDeviceID)),
        field("accountCode", &T::accountCode),
        field("authCode", &T::authCode),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("subjectOfCall", &T::subjectOfCall),
        field("languagePreferences", &T::languagePreferences),
        field("reason", &T::reason),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SingleStepTransferCallResponse> {
    using T = SingleStepTransferCallResponse;
    static constexpr auto fields = std::tuple{
        field("transferredCall", &T::transferredCall),
        list("connections", &T::connections, "connectionListItem"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ConsultationCall> {
    using T = ConsultationCall;
    static constexpr auto fields = std::tuple{
        field("existingCall", &T::existingCall),
        field("consultedDevice", &T::consultedDevice, err(OperationError::invalidCalledDeviceID)),
        field("connectionReservation", &T::connectionReservation),
        field("accountCode", &T::accountCode),
        field("authCode", &T::authCode),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("subjectOfCall", &T::subjectOfCall),
        field("languagePreferences", &T::languagePreferences),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ConsultationCallResponse> {
    using T = ConsultationCallResponse;
    static constexpr auto fields = std::tuple{
        field("initiatedCall", &T::initiatedCall),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<TransferCall> {
    using T = TransferCall;
    static constexpr auto fields = std::tuple{
        field("heldCall", &T::heldCall, err(OperationError::invalidHeldConnectionID)),
        field("activeCall", &T::activeCall, err(OperationError::invalidActiveConnectionID)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<TransferCallResponse> {
    using T = TransferCallResponse;
    static constexpr auto fields = std::tuple{
        field("transferredCall", &T::transferredCall),
        list("connections", &T::connections, "connectionListItem"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ConferenceCall> {
    using T = ConferenceCall;
    static constexpr auto fields = std::tuple{
        field("heldCall", &T::heldCall, err(OperationError::invalidHeldConnectionID)),
        field("activeCall", &T::activeCall, err(OperationError::invalidActiveConnectionID)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ConferenceCallResponse> {
    using T = ConferenceCallResponse;
    static constexpr auto fields = std::tuple{
        field("conferenceCall", &T::conferenceCall),
        list("connections", &T::connections, "connectionListItem"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AlternateCall> {
    using T = AlternateCall;
    static constexpr auto fields = std::tuple{
        field("heldCall", &T::heldCall, err(OperationError::invalidHeldConnectionID)),
        field("activeCall", &T::activeCall, err(OperationError::invalidActiveConnectionID)),
        field("connectionReservation", &T::connectionReservation),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AlternateCallResponse> {
    using T = AlternateCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ReconnectCall> {
    using T = ReconnectCall;
    static constexpr auto fields = std::tuple{
        field("activeCall", &T::activeCall, err(OperationError::invalidActiveConnectionID)),
        field("heldCall", &T::heldCall, err(OperationError::invalidHeldConnectionID)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ReconnectCallResponse> {
    using T = ReconnectCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<HoldCall> {
    using T = HoldCall;
    static constexpr auto fields = std::tuple{
        field("callToBeHeld", &T::callToBeHeld),
        field("connectionReservation", &T::connectionReservation),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<HoldCallResponse> {
    using T = HoldCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<RetrieveCall> {
    using T = RetrieveCall;
    static constexpr auto fields = std::tuple{
        field("callToBeRetrieved", &T::callToBeRetrieved, err(OperationError::invalidHeldConnectionID)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<RetrieveCallResponse> {
    using T = RetrieveCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AnswerCall> {
    using T = AnswerCall;
    static constexpr auto fields = std::tuple{
        field("callToBeAnswered", &T::callToBeAnswered),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AnswerCallResponse> {
    using T = AnswerCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<DeflectCall> {
    using T = DeflectCall;
    static constexpr auto fields = std::tuple{
        field("callToBeDiverted", &T::callToBeDiverted),
        flagged("newDestination", &T::newDestination, kDeflectDestination, err(OperationError::invalidDestinationDeviceID)),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("subjectOfCall", &T::subjectOfCall),
        field("languagePreferences", &T::languagePreferences),
        field("reason", &T::reason),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<DeflectCallResponse> {
    using T = DeflectCallResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ParkCall> {
    using T = ParkCall;
    static constexpr auto fields = std::tuple{
        field("parking", &T::parking),
        field("parkTo", &T::parkTo, err(OperationError::invalidParkToDeviceID)),
        field("correlatorData", &T::correlatorData),
        field("subjectOfCall", &T::subjectOfCall),
        field("languagePreferences", &T::languagePreferences),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ParkCallResponse> {
    using T = ParkCallResponse;
    static constexpr auto fields = std::tuple{
        field("parkedTo", &T::parkedTo),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GenerateDigits> {
    using T = GenerateDigits;
    static constexpr auto fields = std::tuple{
        field("connectionToSendDigits", &T::connectionToSendDigits),
        field("digitMode", &T::digitMode),
        field("charactersToSend", &T::charactersToSend),
        field("toneDuration", &T::toneDuration),
        field("pulseRate", &T::pulseRate),
        field("pauseDuration", &T::pauseDuration),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GenerateDigitsResponse> {
    using T = GenerateDigitsResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SetAgentState> {
    using T = SetAgentState;
    static constexpr auto fields = std::tuple{
        field("device", &T::device),
        field("requestedAgentState", &T::requestedAgentState, err(OperationError::invalidAgentState)),
        field("agentID", &T::agentID),
        field("password", &T::password),
        field("group", &T::group),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SetAgentStateResponse> {
    using T = SetAgentStateResponse;
    static constexpr auto fields = std::tuple{
        field("pendingAgentState", &T::pendingAgentState),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetAgentState> {
    using T = GetAgentState;
    static constexpr auto fields = std::tuple{
        field("device", &T::device),
        field("acdGroup", &T::acdGroup),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetAgentStateResponse> {
    using T = GetAgentStateResponse;
    static constexpr auto fields = std::tuple{
        list("agentStateList", &T::agentStateList, "agentStateEntry"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SetDoNotDisturb> {
    using T = SetDoNotDisturb;
    static constexpr auto fields = std::tuple{
        field("device", &T::device),
        field("doNotDisturbOn", &T::doNotDisturbOn, err(OperationError::invalidDoNotDisturb)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SetDoNotDisturbResponse> {
    using T = SetDoNotDisturbResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetDoNotDisturb> {
    using T = GetDoNotDisturb;
    static constexpr auto fields = std::tuple{
        field("device", &T::device),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetDoNotDisturbResponse> {
    using T = GetDoNotDisturbResponse;
    static constexpr auto fields = std::tuple{
        field("doNotDisturbOn", &T::doNotDisturbOn),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SetForwarding> {
    using T = SetForwarding;
    static constexpr auto fields = std::tuple{
        field("device", &T::device),
        field("forwardingType", &T::forwardingType),
        field("activateForward", &T::activateForward, err(OperationError::invalidForwardingFlag)),
        field("forwardDN", &T::forwardDN),
        field("ringCount", &T::ringCount),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SetForwardingResponse> {
    using T = SetForwardingResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetForwarding> {
    using T = GetForwarding;
    static constexpr auto fields = std::tuple{
        field("device", &T::device),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetForwardingResponse> {
    using T = GetForwardingResponse;
    static constexpr auto fields = std::tuple{
        list("forwardingList", &T::forwardingList, "forwardListItem"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SnapshotDevice> {
    using T = SnapshotDevice;
    static constexpr auto fields = std::tuple{
        field("snapshotObject", &T::snapshotObject),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SnapshotCall> {
    using T = SnapshotCall;
    static constexpr auto fields = std::tuple{
        field("snapshotObject", &T::snapshotObject),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetSwitchingFunctionDevices> {
    using T = GetSwitchingFunctionDevices;
    static constexpr auto fields = std::tuple{
        field("requestedDeviceID", &T::requestedDeviceID),
        field("requestedDeviceCategory", &T::requestedDeviceCategory),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<GetSwitchingFunctionDevicesResponse> {
    using T = GetSwitchingFunctionDevicesResponse;
    static constexpr auto fields = std::tuple{
        field("serviceCrossRefID", &T::serviceCrossRefID),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SwitchingFunctionDevices> {
    using T = SwitchingFunctionDevices;
    static constexpr auto fields = std::tuple{
        field("serviceCrossRefID", &T::serviceCrossRefID),
        field("segmentID", &T::segmentID),
        field("lastSegment", &T::lastSegment),
        list("deviceList", &T::deviceList, "device"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<MonitorStart> {
    using T = MonitorStart;
    static constexpr auto fields = std::tuple{
        field("monitorObject", &T::monitorObject),
        field("requestedMonitorFilter", &T::requestedMonitorFilter),
        field("monitorType", &T::monitorType),
        field("requestedMonitorMediaClass", &T::requestedMonitorMediaClass),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<MonitorStartResponse> {
    using T = MonitorStartResponse;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("actualMonitorFilter", &T::actualMonitorFilter),
        field("actualMonitorMediaClass", &T::actualMonitorMediaClass),
        field("monitorExistingCalls", &T::monitorExistingCalls),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<MonitorStop> {
    using T = MonitorStop;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID, err(OperationError::invalidMonitorCrossRefID)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<MonitorStopResponse> {
    using T = MonitorStopResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ChangeMonitorFilter> {
    using T = ChangeMonitorFilter;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID, err(OperationError::invalidMonitorCrossRefID)),
        field("requestedFilterList", &T::requestedFilterList, err(OperationError::invalidMonitorFilter)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ChangeMonitorFilterResponse> {
    using T = ChangeMonitorFilterResponse;
    static constexpr auto fields = std::tuple{
        field("actualFilterList", &T::actualFilterList),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SystemStatus> {
    using T = SystemStatus;
    static constexpr auto fields = std::tuple{
        field("sysStatRegisterID", &T::sysStatRegisterID),
        field("systemStatus", &T::systemStatus, err(OperationError::systemStatusOutOfRange)),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SystemStatusResponse> {
    using T = SystemStatusResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SystemRegister> {
    using T = SystemRegister;
    static constexpr auto fields = std::tuple{
        field("requestTypes", &T::requestTypes),
        field("requestedStatusFilter", &T::requestedStatusFilter),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<SystemRegisterResponse> {
    using T = SystemRegisterResponse;
    static constexpr auto fields = std::tuple{
        field("sysStatRegisterID", &T::sysStatRegisterID),
        field("actualStatusFilter", &T::actualStatusFilter),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<RequestSystemStatus> {
    using T = RequestSystemStatus;
    static constexpr auto fields = std::tuple{
        field("sysStatRegisterID", &T::sysStatRegisterID),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<RequestSystemStatusResponse> {
    using T = RequestSystemStatusResponse;
    static constexpr auto fields = std::tuple{
        field("systemStatus", &T::systemStatus),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<Escape> {
    using T = Escape;
    static constexpr auto fields = std::tuple{
        field("escapeRegisterID", &T::escapeRegisterID),
        field("privateData", &T::privateData)};
};

template <>
struct Schema<EscapeResponse> {
    using T = EscapeResponse;
    static constexpr auto fields = std::tuple{
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ServiceInitiatedEvent> {
    using T = ServiceInitiatedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("initiatedConnection", &T::initiatedConnection),
        field("initiatingDevice", &T::initiatingDevice),
        field("calledDevice", &T::calledDevice),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<OriginatedEvent> {
    using T = OriginatedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("originatedConnection", &T::originatedConnection),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("originatingDevice", &T::originatingDevice),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("cause", &T::cause),
        field("networkCallingDevice", &T::networkCallingDevice),
        field("networkCalledDevice", &T::networkCalledDevice),
        field("associatedCallingDevice", &T::associatedCallingDevice),
        field("associatedCalledDevice", &T::associatedCalledDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<DeliveredEvent> {
    using T = DeliveredEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("connection", &T::connection),
        field("alertingDevice", &T::alertingDevice),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("lastRedirectionDevice", &T::lastRedirectionDevice),
        field("originatingNIDConnection", &T::originatingNIDConnection),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("networkCallingDevice", &T::networkCallingDevice),
        field("networkCalledDevice", &T::networkCalledDevice),
        field("associatedCallingDevice", &T::associatedCallingDevice),
        field("associatedCalledDevice", &T::associatedCalledDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<EstablishedEvent> {
    using T = EstablishedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("establishedConnection", &T::establishedConnection),
        field("answeringDevice", &T::answeringDevice),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("lastRedirectionDevice", &T::lastRedirectionDevice),
        field("originatinNIDConnection", &T::originatinNIDConnection),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("networkCallingDevice", &T::networkCallingDevice),
        field("networkCalledDevice", &T::networkCalledDevice),
        field("associatedCallingDevice", &T::associatedCallingDevice),
        field("associatedCalledDevice", &T::associatedCalledDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ConnectionClearedEvent> {
    using T = ConnectionClearedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("droppedConnection", &T::droppedConnection),
        field("releasingDevice", &T::releasingDevice),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<CallClearedEvent> {
    using T = CallClearedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("clearedCall", &T::clearedCall),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<FailedEvent> {
    using T = FailedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("failedConnection", &T::failedConnection),
        field("failingDevice", &T::failingDevice),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("lastRedirectionDevice", &T::lastRedirectionDevice),
        field("originatingNIDConnection", &T::originatingNIDConnection),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("networkCallingDevice", &T::networkCallingDevice),
        field("networkCalledDevice", &T::networkCalledDevice),
        field("associatedCallingDevice", &T::associatedCallingDevice),
        field("associatedCalledDevice", &T::associatedCalledDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<HeldEvent> {
    using T = HeldEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("heldConnection", &T::heldConnection),
        field("holdingDevice", &T::holdingDevice),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<RetrievedEvent> {
    using T = RetrievedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("retrievedConnection", &T::retrievedConnection),
        field("retrievingDevice", &T::retrievingDevice),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<TransferredEvent> {
    using T = TransferredEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("primaryOldCall", &T::primaryOldCall),
        field("secondaryOldCall", &T::secondaryOldCall),
        field("transferringDevice", &T::transferringDevice),
        field("transferredToDevice", &T::transferredToDevice),
        list("transferredConnections", &T::transferredConnections, "connectionListItem"),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ConferencedEvent> {
    using T = ConferencedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("primaryOldCall", &T::primaryOldCall),
        field("secondaryOldCall", &T::secondaryOldCall),
        field("conferencingDevice", &T::conferencingDevice),
        field("addedParty", &T::addedParty),
        list("conferenceConnections", &T::conferenceConnections, "connectionListItem"),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<DivertedEvent> {
    using T = DivertedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("connection", &T::connection),
        field("divertingDevice", &T::divertingDevice),
        field("newDestination", &T::newDestination),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("lastRedirectionDevice", &T::lastRedirectionDevice),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("networkCallingDevice", &T::networkCallingDevice),
        field("networkCalledDevice", &T::networkCalledDevice),
        field("associatedCallingDevice", &T::associatedCallingDevice),
        field("associatedCalledDevice", &T::associatedCalledDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<QueuedEvent> {
    using T = QueuedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("queuedConnection", &T::queuedConnection),
        field("queue", &T::queue),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("lastRedirectionDevice", &T::lastRedirectionDevice),
        field("numberQueued", &T::numberQueued),
        field("callsInFront", &T::callsInFront),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("networkCallingDevice", &T::networkCallingDevice),
        field("networkCalledDevice", &T::networkCalledDevice),
        field("associatedCallingDevice", &T::associatedCallingDevice),
        field("associatedCalledDevice", &T::associatedCalledDevice),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<NetworkReachedEvent> {
    using T = NetworkReachedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("outboundConnection", &T::outboundConnection),
        field("networkInterfaceUsed", &T::networkInterfaceUsed),
        field("callingDevice", &T::callingDevice),
        field("calledDevice", &T::calledDevice),
        field("lastRedirectionDevice", &T::lastRedirectionDevice),
        field("originatingNIDConnection", &T::originatingNIDConnection),
        field("localConnectionInfo", &T::localConnectionInfo),
        field("correlatorData", &T::correlatorData),
        field("userData", &T::userData),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<DigitsGeneratedEvent> {
    using T = DigitsGeneratedEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("connection", &T::connection),
        field("digitGeneratedList", &T::digitGeneratedList),
        list("digitDurationList", &T::digitDurationList, "digitDuration"),
        list("pauseDurationList", &T::pauseDurationList, "pauseDuration"),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AgentLoggedOnEvent> {
    using T = AgentLoggedOnEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("agentDevice", &T::agentDevice),
        field("agentID", &T::agentID),
        field("acdGroup", &T::acdGroup),
        field("agentPassword", &T::agentPassword),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AgentLoggedOffEvent> {
    using T = AgentLoggedOffEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("agentDevice", &T::agentDevice),
        field("agentID", &T::agentID),
        field("acdGroup", &T::acdGroup),
        field("agentPassword", &T::agentPassword),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AgentReadyEvent> {
    using T = AgentReadyEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("agentDevice", &T::agentDevice),
        field("agentID", &T::agentID),
        field("acdGroup", &T::acdGroup),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AgentNotReadyEvent> {
    using T = AgentNotReadyEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("agentDevice", &T::agentDevice),
        field("agentID", &T::agentID),
        field("acdGroup", &T::acdGroup),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AgentWorkingAfterCallEvent> {
    using T = AgentWorkingAfterCallEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("agentDevice", &T::agentDevice),
        field("agentID", &T::agentID),
        field("acdGroup", &T::acdGroup),
        field("pendingAgentState", &T::pendingAgentState),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<AgentBusyEvent> {
    using T = AgentBusyEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("agentDevice", &T::agentDevice),
        field("agentID", &T::agentID),
        field("acdGroup", &T::acdGroup),
        field("pendingAgentState", &T::pendingAgentState),
        field("cause", &T::cause),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<DoNotDisturbEvent> {
    using T = DoNotDisturbEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("device", &T::device),
        field("doNotDisturbOn", &T::doNotDisturbOn),
        field("extensions", &T::extensions)};
};

template <>
struct Schema<ForwardingEvent> {
    using T = ForwardingEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("device", &T::device),
        field("forwardingType", &T::forwardingType),
        field("forwardStatus", &T::forwardStatus),
        field("forwardTo", &T::forwardTo),
        field("forwardDefault", &T::forwardDefault),
        field("ringCount", &T::ringCount),
        field("extensions", &T::extensions)};
};

// <security> (CSTASecurityData) is not modelled: the bridge sends none, a received one is
// reported as an unknown element.
template <>
struct Schema<PrivateEvent> {
    using T = PrivateEvent;
    static constexpr auto fields = std::tuple{
        field("monitorCrossRefID", &T::monitorCrossRefID),
        field("privateData", &T::privateData)};
};

}  // namespace csta::xml::detail
