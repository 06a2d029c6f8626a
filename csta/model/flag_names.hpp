#pragma once
// Names of the boolean members of ECMA-323 flag classes (MonitorFilter, ServicesPermitted,
// SystemRegister filters, ...). A FlagSet<E> (flags.hpp) holds one bit per enumerator.
// Enumerators and literals were taken from tests/data/ecma-323/ed6-elements.txt in schema
// order; tests/csta/model checks them against that file.
#include <cstdint>
#include "csta/model/literal.hpp"

namespace csta {

// ed6 boolean children of class CallControlEvents: MonitorFilter callcontrol
enum class CallControlEvent : std::uint16_t {
    bridged,
    callCleared,
    conferenced,
    connectionCleared,
    delivered,
    digitsDialed,
    diverted,
    established,
    failed,
    held,
    networkCapabilitiesChanged,
    networkReached,
    offered,
    originated,
    queued,
    retrieved,
    serviceInitiated,
    transferred
};
template <> std::span<const std::string_view> literals<CallControlEvent>() noexcept;

// ed6 boolean children of class CallAssociatedEvents: MonitorFilter callAssociated
enum class CallAssociatedEvent : std::uint16_t {
    callInformation,
    charging,
    digitsGenerated,
    telephonyTonesGenerated,
    serviceCompletionFailure
};
template <> std::span<const std::string_view> literals<CallAssociatedEvent>() noexcept;

// ed6 boolean children of class MediaAttachmentEvents: MonitorFilter mediaAttachment
enum class MediaAttachmentEvent : std::uint16_t {
    mediaAttached,
    mediaDetached
};
template <> std::span<const std::string_view> literals<MediaAttachmentEvent>() noexcept;

// ed6 boolean children of class PhysicalDeviceFeatureEvents: MonitorFilter physicalDeviceFeature
enum class PhysicalDeviceFeatureEvent : std::uint16_t {
    buttonInformation,
    buttonPress,
    displayUpdated,
    hookswitch,
    lampMode,
    messageWaiting,
    microphoneGain,
    microphoneMute,
    ringerStatus,
    speakerMute,
    speakerVolume
};
template <> std::span<const std::string_view> literals<PhysicalDeviceFeatureEvent>() noexcept;

// ed6 boolean children of class LogicalDeviceFeatureEvents: MonitorFilter logicalDeviceFeature
enum class LogicalDeviceFeatureEvent : std::uint16_t {
    agentBusy,
    agentLoggedOn,
    agentLoggedOff,
    agentNotReady,
    agentReady,
    agentWorkingAfterCall,
    autoAnswer,
    autoWorkMode,
    callBack,
    callBackMessage,
    callerIDStatus,
    doNotDisturb,
    forwarding,
    presenceState,
    routeingMode
};
template <> std::span<const std::string_view> literals<LogicalDeviceFeatureEvent>() noexcept;

// ed6 boolean children of class DeviceMaintenanceEvents: MonitorFilter maintenance
enum class DeviceMaintenanceEvent : std::uint16_t {
    backInService,
    deviceCapabilityChanged,
    outOfService,
    partiallyInService
};
template <> std::span<const std::string_view> literals<DeviceMaintenanceEvent>() noexcept;

// ed6 boolean children of class VoiceEvents: MonitorFilter voice
enum class VoiceEvent : std::uint16_t {
    bookmarkReached,
    completed,
    dtmfDetected,
    emptied,
    interruptionDetected,
    notRecognized,
    play,
    recognized,
    record,
    review,
    started,
    silenceTimeoutExpired,
    speechDetected,
    stop,
    suspendPlay,
    suspendRecord,
    voiceAttributesChanged,
    voiceErrorOccurred
};
template <> std::span<const std::string_view> literals<VoiceEvent>() noexcept;

// ed6 boolean children of class MonitorMediaClass: MonitorStart requestedMonitorMediaClass
enum class MonitorMediaClassFlag : std::uint16_t {
    voice,
    data,
    image,
    audio,
    other,
    chat,
    email,
    message,
    im,
    sms,
    mms
};
template <> std::span<const std::string_view> literals<MonitorMediaClassFlag>() noexcept;

// ed6 boolean children of class CallControlServices: ServicesPermitted callControlServices
enum class CallControlService : std::uint16_t {
    acceptCall,
    alternateCall,
    answerCall,
    callBack,
    callBackMessage,
    campOnCall,
    clearCall,
    clearConnection,
    conferenceCall,
    consultationCall,
    deflectCall,
    dialDigits,
    directedPickupCall,
    groupPickupCall,
    holdCall,
    intrudeCall,
    joinCall,
    makeCall,
    makePredictiveCall,
    parkCall,
    reconnectCall,
    retrieveCall,
    sendMessage,
    singleStepConference,
    singleStepTransfer,
    transferCall
};
template <> std::span<const std::string_view> literals<CallControlService>() noexcept;

// ed6 boolean children of class RequestTypes: SystemRegister requestTypes
enum class RequestType : std::uint16_t {
    systemStatus,
    requestSystemStatus,
    switchingFunctionCapsChanged,
    switchingFunctionDevicesChanged
};
template <> std::span<const std::string_view> literals<RequestType>() noexcept;

// ed6 boolean children of class StatusFilter: SystemRegister requestedStatusFilter (true = filtered out)
enum class StatusFilterFlag : std::uint16_t {
    initializing,
    enabled,
    normal,
    messageLost,
    disabled,
    partiallyDisabled,
    overloadImminent,
    overloadReached,
    overloadRelieved
};
template <> std::span<const std::string_view> literals<StatusFilterFlag>() noexcept;

// ed6 boolean children of class DeviceAttributes: SwitchingFunctionDevices deviceAttributes
enum class DeviceAttribute : std::uint16_t {
    mediaAccessDevice,
    routeingDevice,
    groupACD,
    groupHunt,
    groupPick,
    groupUser
};
template <> std::span<const std::string_view> literals<DeviceAttribute>() noexcept;

}  // namespace csta
