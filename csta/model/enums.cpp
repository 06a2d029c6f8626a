// Literal tables of enums.hpp (from ed6-elements.txt, schema order).
#include "csta/model/enums.hpp"

namespace csta {

static constexpr std::string_view kTypeOfNumber[] = {
    "dialingNumber",
    "deviceNumber",
    "implicitPublic",
    "explicitPublic:unknown",
    "explicitPublic:international",
    "explicitPublic:national",
    "explicitPublic:networkspecific",
    "explicitPublic:subscriber",
    "explicitPublic:abbreviated",
    "implicitPrivate",
    "explicitPrivate:unknown",
    "explicitPrivate:level3RegionalNumber",
    "explicitPrivate:level2RegionalNumber",
    "explicitPrivate:level1RegionalNumber",
    "explicitPrivate:pTNSpecificNumber",
    "explicitPrivate:localNumber",
    "explicitPrivate:abbreviated",
    "other",
    "dynamic"};
template <> std::span<const std::string_view> literals<TypeOfNumber>() noexcept { return kTypeOfNumber; }

static constexpr std::string_view kSystemStatusValue[] = {
    "disabled",
    "partiallyDisabled",
    "enabled",
    "initializing",
    "messagesLost",
    "normal",
    "overloadImminent",
    "overloadReached",
    "overloadRelieved"};
template <> std::span<const std::string_view> literals<SystemStatusValue>() noexcept { return kSystemStatusValue; }

static constexpr std::string_view kReqAgentState[] = {
    "loggedOn",
    "loggedOff",
    "notReady",
    "ready",
    "workingAfterCall"};
template <> std::span<const std::string_view> literals<ReqAgentState>() noexcept { return kReqAgentState; }

static constexpr std::string_view kAgentState[] = {
    "agentNotReady",
    "agentNull",
    "agentReady",
    "agentBusy",
    "agentWorkingAfterCall"};
template <> std::span<const std::string_view> literals<AgentState>() noexcept { return kAgentState; }

static constexpr std::string_view kPendingAgentState[] = {
    "agentNotReady",
    "agentNull",
    "agentReady",
    "agentWorkingAfterCall"};
template <> std::span<const std::string_view> literals<PendingAgentState>() noexcept { return kPendingAgentState; }

static constexpr std::string_view kWorkingAfterCallPendingState[] = {
    "notReady",
    "ready"};
template <> std::span<const std::string_view> literals<WorkingAfterCallPendingState>() noexcept { return kWorkingAfterCallPendingState; }

static constexpr std::string_view kAgentStateCondition[] = {
    "forcedPause",
    "other"};
template <> std::span<const std::string_view> literals<AgentStateCondition>() noexcept { return kAgentStateCondition; }

static constexpr std::string_view kForwardingType[] = {
    "forwardImmediate",
    "forwardBusy",
    "forwardNoAns",
    "forwardDND",
    "forwardBusyInt",
    "forwardBusyExt",
    "forwardNoAnsInt",
    "forwardNoAnsExt",
    "forwardImmInt",
    "forwardImmExt",
    "forwardDNDInt",
    "forwardDNDExt"};
template <> std::span<const std::string_view> literals<ForwardingType>() noexcept { return kForwardingType; }

static constexpr std::string_view kForwardDefault[] = {
    "forwardingTypeAndForwardDN",
    "forwardingType",
    "forwardDN"};
template <> std::span<const std::string_view> literals<ForwardDefault>() noexcept { return kForwardDefault; }

static constexpr std::string_view kDeviceCategory[] = {
    "acd",
    "group",
    "networkInterface",
    "park",
    "routeingDevice",
    "station",
    "voiceUnit",
    "genericInteractiveVoice",
    "listenerInteractiveVoice",
    "dtmfInteractiveVoice",
    "promptInteractiveVoice",
    "promptQueueInteractiveVoice",
    "messageInteractiveVoice",
    "conference",
    "other"};
template <> std::span<const std::string_view> literals<DeviceCategory>() noexcept { return kDeviceCategory; }

static constexpr std::string_view kReqDeviceCategory[] = {
    "acd",
    "groupACD",
    "groupHunt",
    "groupPick",
    "groupUser",
    "groupOther",
    "networkInterface",
    "park",
    "routeingDevice",
    "station",
    "voiceUnit",
    "genericIV",
    "listenerIV",
    "dtmfIV",
    "promptIV",
    "promptQueue",
    "messageIV",
    "conference",
    "other"};
template <> std::span<const std::string_view> literals<ReqDeviceCategory>() noexcept { return kReqDeviceCategory; }

static constexpr std::string_view kNamedDeviceType[] = {
    "acd",
    "acdGroup",
    "button",
    "buttonGroup",
    "conferenceBridge",
    "line",
    "lineGroup",
    "operatorGroup",
    "parkingDevice",
    "station",
    "stationGroup",
    "trunk",
    "trunkGroup",
    "other",
    "otherGroup"};
template <> std::span<const std::string_view> literals<NamedDeviceType>() noexcept { return kNamedDeviceType; }

static constexpr std::string_view kDigitMode[] = {
    "rotaryPulse",
    "dTMF"};
template <> std::span<const std::string_view> literals<DigitMode>() noexcept { return kDigitMode; }

static constexpr std::string_view kAutoOriginate[] = {
    "prompt",
    "doNotPrompt"};
template <> std::span<const std::string_view> literals<AutoOriginate>() noexcept { return kAutoOriginate; }

static constexpr std::string_view kMonitorType[] = {
    "call",
    "device"};
template <> std::span<const std::string_view> literals<MonitorType>() noexcept { return kMonitorType; }

}  // namespace csta
