#pragma once
// Events (ECMA-269 clauses 17, 21, 22) the bridge reports. Members are named and ordered as
// the ECMA-323 ed6 schema children; mandatory members (ECMA-285) are plain, optional ones
// std::optional. Every event starts with the monitorCrossRefID of the monitor reporting it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/causes.hpp"
#include "csta/model/common.hpp"
#include "csta/model/connection.hpp"

namespace csta {

struct ServiceInitiatedEvent {
    static constexpr std::string_view kName = "ServiceInitiatedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID initiatedConnection{};
    SubjectDeviceID initiatingDevice{};
    std::optional<CalledDeviceID> calledDevice{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    EventCause cause = EventCause::newCall;
    std::optional<Extensions> extensions{};
    bool operator==(const ServiceInitiatedEvent&) const = default;
};

struct OriginatedEvent {
    static constexpr std::string_view kName = "OriginatedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID originatedConnection{};
    SubjectDeviceID callingDevice{};
    CalledDeviceID calledDevice{};
    std::optional<DeviceID> originatingDevice{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    EventCause cause = EventCause::newCall;
    std::optional<NetworkCallingDeviceID> networkCallingDevice{};
    std::optional<NetworkCalledDeviceID> networkCalledDevice{};
    std::optional<AssociatedCallingDeviceID> associatedCallingDevice{};
    std::optional<AssociatedCalledDeviceID> associatedCalledDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const OriginatedEvent&) const = default;
};

struct DeliveredEvent {
    static constexpr std::string_view kName = "DeliveredEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID connection{};
    SubjectDeviceID alertingDevice{};
    CallingDeviceID callingDevice{};
    CalledDeviceID calledDevice{};
    RedirectionDeviceID lastRedirectionDevice = RedirectionDeviceID::with_status(DeviceIDStatus::notKnown);
    std::optional<ConnectionID> originatingNIDConnection{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::newCall;
    std::optional<NetworkCallingDeviceID> networkCallingDevice{};
    std::optional<NetworkCalledDeviceID> networkCalledDevice{};
    std::optional<AssociatedCallingDeviceID> associatedCallingDevice{};
    std::optional<AssociatedCalledDeviceID> associatedCalledDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const DeliveredEvent&) const = default;
};

// Note the schema's spelling of originatinNIDConnection in this event.
struct EstablishedEvent {
    static constexpr std::string_view kName = "EstablishedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID establishedConnection{};
    SubjectDeviceID answeringDevice{};
    CallingDeviceID callingDevice{};
    CalledDeviceID calledDevice{};
    RedirectionDeviceID lastRedirectionDevice = RedirectionDeviceID::with_status(DeviceIDStatus::notKnown);
    std::optional<ConnectionID> originatinNIDConnection{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::normal;
    std::optional<NetworkCallingDeviceID> networkCallingDevice{};
    std::optional<NetworkCalledDeviceID> networkCalledDevice{};
    std::optional<AssociatedCallingDeviceID> associatedCallingDevice{};
    std::optional<AssociatedCalledDeviceID> associatedCalledDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const EstablishedEvent&) const = default;
};

struct ConnectionClearedEvent {
    static constexpr std::string_view kName = "ConnectionClearedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID droppedConnection{};
    SubjectDeviceID releasingDevice{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::normalClearing;
    std::optional<Extensions> extensions{};
    bool operator==(const ConnectionClearedEvent&) const = default;
};

struct CallClearedEvent {
    static constexpr std::string_view kName = "CallClearedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID clearedCall{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::normalClearing;
    std::optional<Extensions> extensions{};
    bool operator==(const CallClearedEvent&) const = default;
};

struct FailedEvent {
    static constexpr std::string_view kName = "FailedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID failedConnection{};
    SubjectDeviceID failingDevice{};
    CallingDeviceID callingDevice{};
    CalledDeviceID calledDevice{};
    RedirectionDeviceID lastRedirectionDevice = RedirectionDeviceID::with_status(DeviceIDStatus::notKnown);
    std::optional<ConnectionID> originatingNIDConnection{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::destNotObtainable;
    std::optional<NetworkCallingDeviceID> networkCallingDevice{};
    std::optional<NetworkCalledDeviceID> networkCalledDevice{};
    std::optional<AssociatedCallingDeviceID> associatedCallingDevice{};
    std::optional<AssociatedCalledDeviceID> associatedCalledDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const FailedEvent&) const = default;
};

struct HeldEvent {
    static constexpr std::string_view kName = "HeldEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID heldConnection{};
    SubjectDeviceID holdingDevice{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    EventCause cause = EventCause::normal;
    std::optional<Extensions> extensions{};
    bool operator==(const HeldEvent&) const = default;
};

struct RetrievedEvent {
    static constexpr std::string_view kName = "RetrievedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID retrievedConnection{};
    SubjectDeviceID retrievingDevice{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    EventCause cause = EventCause::normal;
    std::optional<Extensions> extensions{};
    bool operator==(const RetrievedEvent&) const = default;
};

// XML root element: TransferedEvent (one r, schema spelling).
struct TransferredEvent {
    static constexpr std::string_view kName = "TransferedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID primaryOldCall{};
    std::optional<ConnectionID> secondaryOldCall{};
    SubjectDeviceID transferringDevice{};
    SubjectDeviceID transferredToDevice{};
    ConnectionList transferredConnections{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::transfer;
    std::optional<Extensions> extensions{};
    bool operator==(const TransferredEvent&) const = default;
};

struct ConferencedEvent {
    static constexpr std::string_view kName = "ConferencedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID primaryOldCall{};
    std::optional<ConnectionID> secondaryOldCall{};
    SubjectDeviceID conferencingDevice{};
    SubjectDeviceID addedParty{};
    ConnectionList conferenceConnections{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::conference;
    std::optional<Extensions> extensions{};
    bool operator==(const ConferencedEvent&) const = default;
};

struct DivertedEvent {
    static constexpr std::string_view kName = "DivertedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID connection{};
    SubjectDeviceID divertingDevice{};
    SubjectDeviceID newDestination{};
    std::optional<CallingDeviceID> callingDevice{};
    std::optional<CalledDeviceID> calledDevice{};
    RedirectionDeviceID lastRedirectionDevice = RedirectionDeviceID::with_status(DeviceIDStatus::notKnown);
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::redirected;
    std::optional<NetworkCallingDeviceID> networkCallingDevice{};
    std::optional<NetworkCalledDeviceID> networkCalledDevice{};
    std::optional<AssociatedCallingDeviceID> associatedCallingDevice{};
    std::optional<AssociatedCalledDeviceID> associatedCalledDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const DivertedEvent&) const = default;
};

struct QueuedEvent {
    static constexpr std::string_view kName = "QueuedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID queuedConnection{};
    SubjectDeviceID queue{};
    CallingDeviceID callingDevice{};
    CalledDeviceID calledDevice{};
    RedirectionDeviceID lastRedirectionDevice = RedirectionDeviceID::with_status(DeviceIDStatus::notKnown);
    std::optional<long> numberQueued{};
    std::optional<long> callsInFront{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::enteringDistribution;
    std::optional<NetworkCallingDeviceID> networkCallingDevice{};
    std::optional<NetworkCalledDeviceID> networkCalledDevice{};
    std::optional<AssociatedCallingDeviceID> associatedCallingDevice{};
    std::optional<AssociatedCalledDeviceID> associatedCalledDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const QueuedEvent&) const = default;
};

struct NetworkReachedEvent {
    static constexpr std::string_view kName = "NetworkReachedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID outboundConnection{};
    SubjectDeviceID networkInterfaceUsed{};
    CallingDeviceID callingDevice{};
    CalledDeviceID calledDevice{};
    RedirectionDeviceID lastRedirectionDevice = RedirectionDeviceID::with_status(DeviceIDStatus::notKnown);
    std::optional<ConnectionID> originatingNIDConnection{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    EventCause cause = EventCause::normal;
    std::optional<Extensions> extensions{};
    bool operator==(const NetworkReachedEvent&) const = default;
};

struct DigitsGeneratedEvent {
    static constexpr std::string_view kName = "DigitsGeneratedEvent";
    MonitorCrossRefID monitorCrossRefID{};
    ConnectionID connection{};
    std::optional<std::string> digitGeneratedList{};
    std::vector<long> digitDurationList{};  // <digitDurationList><digitDuration>...
    std::vector<long> pauseDurationList{};  // <pauseDurationList><pauseDuration>...
    std::optional<Extensions> extensions{};
    bool operator==(const DigitsGeneratedEvent&) const = default;
};

// ---- agent state (logical device feature) events ----
struct AgentLoggedOnEvent {
    static constexpr std::string_view kName = "AgentLoggedOnEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID agentDevice{};
    std::optional<std::string> agentID{};
    std::optional<DeviceID> acdGroup{};
    std::optional<std::string> agentPassword{};
    std::optional<EventCause> cause{};
    std::optional<Extensions> extensions{};
    bool operator==(const AgentLoggedOnEvent&) const = default;
};
struct AgentLoggedOffEvent {
    static constexpr std::string_view kName = "AgentLoggedOffEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID agentDevice{};
    std::optional<std::string> agentID{};
    std::optional<DeviceID> acdGroup{};
    std::optional<std::string> agentPassword{};
    std::optional<EventCause> cause{};
    std::optional<Extensions> extensions{};
    bool operator==(const AgentLoggedOffEvent&) const = default;
};
struct AgentReadyEvent {
    static constexpr std::string_view kName = "AgentReadyEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID agentDevice{};
    std::optional<std::string> agentID{};
    std::optional<DeviceID> acdGroup{};
    std::optional<EventCause> cause{};
    std::optional<Extensions> extensions{};
    bool operator==(const AgentReadyEvent&) const = default;
};
struct AgentNotReadyEvent {
    static constexpr std::string_view kName = "AgentNotReadyEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID agentDevice{};
    std::optional<std::string> agentID{};
    std::optional<DeviceID> acdGroup{};
    std::optional<EventCause> cause{};
    std::optional<Extensions> extensions{};
    bool operator==(const AgentNotReadyEvent&) const = default;
};
struct AgentWorkingAfterCallEvent {
    static constexpr std::string_view kName = "AgentWorkingAfterCallEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID agentDevice{};
    std::optional<std::string> agentID{};
    std::optional<DeviceID> acdGroup{};
    std::optional<WorkingAfterCallPendingState> pendingAgentState{};
    std::optional<EventCause> cause{};
    std::optional<Extensions> extensions{};
    bool operator==(const AgentWorkingAfterCallEvent&) const = default;
};
struct AgentBusyEvent {
    static constexpr std::string_view kName = "AgentBusyEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID agentDevice{};
    std::optional<std::string> agentID{};
    std::optional<DeviceID> acdGroup{};
    std::optional<PendingAgentState> pendingAgentState{};
    std::optional<EventCause> cause{};
    std::optional<Extensions> extensions{};
    bool operator==(const AgentBusyEvent&) const = default;
};

struct DoNotDisturbEvent {
    static constexpr std::string_view kName = "DoNotDisturbEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID device{};
    bool doNotDisturbOn = false;
    std::optional<Extensions> extensions{};
    bool operator==(const DoNotDisturbEvent&) const = default;
};

struct ForwardingEvent {
    static constexpr std::string_view kName = "ForwardingEvent";
    MonitorCrossRefID monitorCrossRefID{};
    SubjectDeviceID device{};
    ForwardingType forwardingType = ForwardingType::forwardImmediate;
    bool forwardStatus = false;
    std::optional<DeviceID> forwardTo{};
    std::optional<ForwardDefault> forwardDefault{};
    std::optional<long> ringCount{};
    std::optional<Extensions> extensions{};
    bool operator==(const ForwardingEvent&) const = default;
};

}  // namespace csta
