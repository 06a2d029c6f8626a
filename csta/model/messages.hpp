#pragma once
// One variant per kind of message, so the program switches on types, not on strings.
//   Request        what a client asks (plus SystemStatus / SwitchingFunctionDevices, which the
//                  bridge also sends to clients as requests of its own)
//   Response       positive responses, or ErrorCode (the negative response to any request)
//   Event          unsolicited events for monitors
//   SessionMessage ECMA-354 application session requests and responses
//   Message        any of the four (what a decoder returns)
#include <string_view>
#include <variant>

#include "csta/model/call_control.hpp"
#include "csta/model/errors.hpp"
#include "csta/model/events.hpp"
#include "csta/model/features.hpp"
#include "csta/model/monitoring.hpp"
#include "csta/model/private_event.hpp"
#include "csta/model/session.hpp"
#include "csta/model/snapshot.hpp"
#include "csta/model/system.hpp"

namespace csta {

using Request = std::variant<
    MakeCall, ClearConnection, ClearCall, SingleStepTransferCall, ConsultationCall, TransferCall,
    ConferenceCall, AlternateCall, ReconnectCall, HoldCall, RetrieveCall, AnswerCall, DeflectCall,
    GenerateDigits, SetAgentState, GetAgentState, SetDoNotDisturb, GetDoNotDisturb, SetForwarding,
    GetForwarding, SnapshotDevice, SnapshotCall, GetSwitchingFunctionDevices, MonitorStart,
    MonitorStop, ChangeMonitorFilter, SystemStatus, SystemRegister, RequestSystemStatus, Escape,
    SwitchingFunctionDevices, ParkCall>;

using Response = std::variant<
    MakeCallResponse, ClearConnectionResponse, ClearCallResponse, SingleStepTransferCallResponse,
    ConsultationCallResponse, TransferCallResponse, ConferenceCallResponse, AlternateCallResponse,
    ReconnectCallResponse, HoldCallResponse, RetrieveCallResponse, AnswerCallResponse,
    DeflectCallResponse, GenerateDigitsResponse, SetAgentStateResponse, GetAgentStateResponse,
    SetDoNotDisturbResponse, GetDoNotDisturbResponse, SetForwardingResponse, GetForwardingResponse,
    SnapshotDeviceResponse, SnapshotCallResponse, GetSwitchingFunctionDevicesResponse,
    MonitorStartResponse, MonitorStopResponse, ChangeMonitorFilterResponse, SystemStatusResponse,
    SystemRegisterResponse, RequestSystemStatusResponse, EscapeResponse, ParkCallResponse, ErrorCode>;

using Event = std::variant<
    ServiceInitiatedEvent, OriginatedEvent, DeliveredEvent, EstablishedEvent,
    ConnectionClearedEvent, CallClearedEvent, FailedEvent, HeldEvent, RetrievedEvent,
    TransferredEvent, ConferencedEvent, DivertedEvent, QueuedEvent, NetworkReachedEvent,
    DigitsGeneratedEvent, AgentLoggedOnEvent, AgentLoggedOffEvent, AgentReadyEvent,
    AgentNotReadyEvent, AgentWorkingAfterCallEvent, AgentBusyEvent, DoNotDisturbEvent,
    ForwardingEvent, PrivateEvent>;

using SessionMessage = std::variant<
    StartApplicationSession, StartApplicationSessionPosResponse, StartApplicationSessionNegResponse,
    StopApplicationSession, StopApplicationSessionPosResponse, StopApplicationSessionNegResponse,
    ResetApplicationSessionTimer, ResetApplicationSessionTimerPosResponse,
    ResetApplicationSessionTimerNegResponse>;

using Message = std::variant<Request, Response, Event, SessionMessage>;

// ECMA-323 root element name of the message: "MakeCall", "CSTAErrorCode", "TransferedEvent"
// (schema spelling), "StartApplicationSession", ...
std::string_view name(const Request& m) noexcept;
std::string_view name(const Response& m) noexcept;
std::string_view name(const Event& m) noexcept;
std::string_view name(const SessionMessage& m) noexcept;
std::string_view name(const Message& m) noexcept;

// The monitorCrossRefID every event carries.
const MonitorCrossRefID& cross_ref_id(const Event& e) noexcept;

// True for SessionMessage alternatives that are requests (Start/Stop/Reset...).
bool is_session_request(const SessionMessage& m) noexcept;

}  // namespace csta
