// Literal tables of flag_names.hpp (from ed6-elements.txt, schema order).
#include "csta/model/flag_names.hpp"

namespace csta {

static constexpr std::string_view kCallControlEvent[] = {
    "bridged",
    "callCleared",
    "conferenced",
    "connectionCleared",
    "delivered",
    "digitsDialed",
    "diverted",
    "established",
    "failed",
    "held",
    "networkCapabilitiesChanged",
    "networkReached",
    "offered",
    "originated",
    "queued",
    "retrieved",
    "serviceInitiated",
    "transferred"};
template <> std::span<const std::string_view> literals<CallControlEvent>() noexcept { return kCallControlEvent; }

static constexpr std::string_view kCallAssociatedEvent[] = {
    "callInformation",
    "charging",
    "digitsGenerated",
    "telephonyTonesGenerated",
    "serviceCompletionFailure"};
template <> std::span<const std::string_view> literals<CallAssociatedEvent>() noexcept { return kCallAssociatedEvent; }

static constexpr std::string_view kMediaAttachmentEvent[] = {
    "mediaAttached",
    "mediaDetached"};
template <> std::span<const std::string_view> literals<MediaAttachmentEvent>() noexcept { return kMediaAttachmentEvent; }

static constexpr std::string_view kPhysicalDeviceFeatureEvent[] = {
    "buttonInformation",
    "buttonPress",
    "displayUpdated",
    "hookswitch",
    "lampMode",
    "messageWaiting",
    "microphoneGain",
    "microphoneMute",
    "ringerStatus",
    "speakerMute",
    "speakerVolume"};
template <> std::span<const std::string_view> literals<PhysicalDeviceFeatureEvent>() noexcept { return kPhysicalDeviceFeatureEvent; }

static constexpr std::string_view kLogicalDeviceFeatureEvent[] = {
    "agentBusy",
    "agentLoggedOn",
    "agentLoggedOff",
    "agentNotReady",
    "agentReady",
    "agentWorkingAfterCall",
    "autoAnswer",
    "autoWorkMode",
    "callBack",
    "callBackMessage",
    "callerIDStatus",
    "doNotDisturb",
    "forwarding",
    "presenceState",
    "routeingMode"};
template <> std::span<const std::string_view> literals<LogicalDeviceFeatureEvent>() noexcept { return kLogicalDeviceFeatureEvent; }

static constexpr std::string_view kDeviceMaintenanceEvent[] = {
    "backInService",
    "deviceCapabilityChanged",
    "outOfService",
    "partiallyInService"};
template <> std::span<const std::string_view> literals<DeviceMaintenanceEvent>() noexcept { return kDeviceMaintenanceEvent; }

static constexpr std::string_view kVoiceEvent[] = {
    "bookmarkReached",
    "completed",
    "dtmfDetected",
    "emptied",
    "interruptionDetected",
    "notRecognized",
    "play",
    "recognized",
    "record",
    "review",
    "started",
    "silenceTimeoutExpired",
    "speechDetected",
    "stop",
    "suspendPlay",
    "suspendRecord",
    "voiceAttributesChanged",
    "voiceErrorOccurred"};
template <> std::span<const std::string_view> literals<VoiceEvent>() noexcept { return kVoiceEvent; }

static constexpr std::string_view kMonitorMediaClassFlag[] = {
    "voice",
    "data",
    "image",
    "audio",
    "other",
    "chat",
    "email",
    "message",
    "im",
    "sms",
    "mms"};
template <> std::span<const std::string_view> literals<MonitorMediaClassFlag>() noexcept { return kMonitorMediaClassFlag; }

static constexpr std::string_view kCallControlService[] = {
    "acceptCall",
    "alternateCall",
    "answerCall",
    "callBack",
    "callBackMessage",
    "campOnCall",
    "clearCall",
    "clearConnection",
    "conferenceCall",
    "consultationCall",
    "deflectCall",
    "dialDigits",
    "directedPickupCall",
    "groupPickupCall",
    "holdCall",
    "intrudeCall",
    "joinCall",
    "makeCall",
    "makePredictiveCall",
    "parkCall",
    "reconnectCall",
    "retrieveCall",
    "sendMessage",
    "singleStepConference",
    "singleStepTransfer",
    "transferCall"};
template <> std::span<const std::string_view> literals<CallControlService>() noexcept { return kCallControlService; }

static constexpr std::string_view kRequestType[] = {
    "systemStatus",
    "requestSystemStatus",
    "switchingFunctionCapsChanged",
    "switchingFunctionDevicesChanged"};
template <> std::span<const std::string_view> literals<RequestType>() noexcept { return kRequestType; }

static constexpr std::string_view kStatusFilterFlag[] = {
    "initializing",
    "enabled",
    "normal",
    "messageLost",
    "disabled",
    "partiallyDisabled",
    "overloadImminent",
    "overloadReached",
    "overloadRelieved"};
template <> std::span<const std::string_view> literals<StatusFilterFlag>() noexcept { return kStatusFilterFlag; }

static constexpr std::string_view kDeviceAttribute[] = {
    "mediaAccessDevice",
    "routeingDevice",
    "groupACD",
    "groupHunt",
    "groupPick",
    "groupUser"};
template <> std::span<const std::string_view> literals<DeviceAttribute>() noexcept { return kDeviceAttribute; }

}  // namespace csta
