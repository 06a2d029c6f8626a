#pragma once
// Small ECMA-323 enumerations used by services and events (agent states, forwarding, system status, ...).
// Enumerators and literals were taken from tests/data/ecma-323/ed6-elements.txt in schema
// order; tests/csta/model checks them against that file.
#include <cstdint>
#include "csta/model/literal.hpp"

namespace csta {

// ed6 enum LocalDeviceIDTypeOfNumber: DeviceID typeOfNumber attribute; `dynamic` marks an ECMA-285 dynamicID. Colons in literals become _.
enum class TypeOfNumber : std::uint16_t {
    dialingNumber,
    deviceNumber,
    implicitPublic,
    explicitPublic_unknown,
    explicitPublic_international,
    explicitPublic_national,
    explicitPublic_networkspecific,
    explicitPublic_subscriber,
    explicitPublic_abbreviated,
    implicitPrivate,
    explicitPrivate_unknown,
    explicitPrivate_level3RegionalNumber,
    explicitPrivate_level2RegionalNumber,
    explicitPrivate_level1RegionalNumber,
    explicitPrivate_pTNSpecificNumber,
    explicitPrivate_localNumber,
    explicitPrivate_abbreviated,
    other,
    dynamic
};
template <> std::span<const std::string_view> literals<TypeOfNumber>() noexcept;

// ed6 enum SystemStatusValue
enum class SystemStatusValue : std::uint16_t {
    disabled,
    partiallyDisabled,
    enabled,
    initializing,
    messagesLost,
    normal,
    overloadImminent,
    overloadReached,
    overloadRelieved
};
template <> std::span<const std::string_view> literals<SystemStatusValue>() noexcept;

// ed6 enum ReqAgentState
enum class ReqAgentState : std::uint16_t {
    loggedOn,
    loggedOff,
    notReady,
    ready,
    workingAfterCall
};
template <> std::span<const std::string_view> literals<ReqAgentState>() noexcept;

// ed6 enum AgentState
enum class AgentState : std::uint16_t {
    agentNotReady,
    agentNull,
    agentReady,
    agentBusy,
    agentWorkingAfterCall
};
template <> std::span<const std::string_view> literals<AgentState>() noexcept;

// ed6 enum PendingAgentState
enum class PendingAgentState : std::uint16_t {
    agentNotReady,
    agentNull,
    agentReady,
    agentWorkingAfterCall
};
template <> std::span<const std::string_view> literals<PendingAgentState>() noexcept;

// ed6 enum AgentWorkingAfterCallEventPendingAgentState: pendingAgentState of AgentWorkingAfterCallEvent
enum class WorkingAfterCallPendingState : std::uint16_t {
    notReady,
    ready
};
template <> std::span<const std::string_view> literals<WorkingAfterCallPendingState>() noexcept;

// ed6 enum AgentStateCondition
enum class AgentStateCondition : std::uint16_t {
    forcedPause,
    other
};
template <> std::span<const std::string_view> literals<AgentStateCondition>() noexcept;

// ed6 enum ForwardingType
enum class ForwardingType : std::uint16_t {
    forwardImmediate,
    forwardBusy,
    forwardNoAns,
    forwardDND,
    forwardBusyInt,
    forwardBusyExt,
    forwardNoAnsInt,
    forwardNoAnsExt,
    forwardImmInt,
    forwardImmExt,
    forwardDNDInt,
    forwardDNDExt
};
template <> std::span<const std::string_view> literals<ForwardingType>() noexcept;

// ed6 enum ForwardDefault
enum class ForwardDefault : std::uint16_t {
    forwardingTypeAndForwardDN,
    forwardingType,
    forwardDN
};
template <> std::span<const std::string_view> literals<ForwardDefault>() noexcept;

// ed6 enum DeviceCategory
enum class DeviceCategory : std::uint16_t {
    acd,
    group,
    networkInterface,
    park,
    routeingDevice,
    station,
    voiceUnit,
    genericInteractiveVoice,
    listenerInteractiveVoice,
    dtmfInteractiveVoice,
    promptInteractiveVoice,
    promptQueueInteractiveVoice,
    messageInteractiveVoice,
    conference,
    other
};
template <> std::span<const std::string_view> literals<DeviceCategory>() noexcept;

// ed6 enum ReqDeviceCategory
enum class ReqDeviceCategory : std::uint16_t {
    acd,
    groupACD,
    groupHunt,
    groupPick,
    groupUser,
    groupOther,
    networkInterface,
    park,
    routeingDevice,
    station,
    voiceUnit,
    genericIV,
    listenerIV,
    dtmfIV,
    promptIV,
    promptQueue,
    messageIV,
    conference,
    other
};
template <> std::span<const std::string_view> literals<ReqDeviceCategory>() noexcept;

// ed6 enum NamedDeviceTypes
enum class NamedDeviceType : std::uint16_t {
    acd,
    acdGroup,
    button,
    buttonGroup,
    conferenceBridge,
    line,
    lineGroup,
    operatorGroup,
    parkingDevice,
    station,
    stationGroup,
    trunk,
    trunkGroup,
    other,
    otherGroup
};
template <> std::span<const std::string_view> literals<NamedDeviceType>() noexcept;

// ed6 enum DigitMode
enum class DigitMode : std::uint16_t {
    rotaryPulse,
    dTMF
};
template <> std::span<const std::string_view> literals<DigitMode>() noexcept;

// ed6 enum AutoOriginate
enum class AutoOriginate : std::uint16_t {
    prompt,
    doNotPrompt
};
template <> std::span<const std::string_view> literals<AutoOriginate>() noexcept;

// ed6 enum MonitorType
enum class MonitorType : std::uint16_t {
    call,
    device
};
template <> std::span<const std::string_view> literals<MonitorType>() noexcept;

}  // namespace csta
