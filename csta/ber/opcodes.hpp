#pragma once
// ECMA-285 ROSE operation codes (local values) of the operations the bridge knows.
#include <optional>
#include <string_view>

namespace csta::ber {

namespace opcode {
inline constexpr long alternateCall = 1;
inline constexpr long answerCall = 2;
inline constexpr long clearCall = 4;
inline constexpr long clearConnection = 5;
inline constexpr long conferenceCall = 6;
inline constexpr long consultationCall = 7;
inline constexpr long holdCall = 9;
inline constexpr long makeCall = 10;
inline constexpr long reconnectCall = 13;
inline constexpr long retrieveCall = 14;
inline constexpr long transferCall = 16;
inline constexpr long parkCall = 18;  // CSTA-park-call (csta/asn1/park-call.asn1)
inline constexpr long cSTAEventReport = 21;
inline constexpr long singleStepTransferCall = 50;
inline constexpr long escape = 51;
inline constexpr long systemStatusPhase2 = 52;  // Siemens heartbeat (CSTA Phase II code)
inline constexpr long monitorStart = 71;
inline constexpr long changeMonitorFilter = 72;
inline constexpr long monitorStop = 73;
inline constexpr long snapshotDevice = 74;
inline constexpr long snapshotCall = 75;
inline constexpr long getSwitchingFunctionDevices = 204;
inline constexpr long switchingFunctionDevices = 205;
inline constexpr long systemRegister = 207;
inline constexpr long requestSystemStatus = 210;
inline constexpr long systemStatus = 211;
inline constexpr long deflectCall = 218;
inline constexpr long generateDigits = 232;
inline constexpr long getAgentState = 304;
inline constexpr long getDoNotDisturb = 308;
inline constexpr long getForwarding = 309;
inline constexpr long setAgentState = 312;
inline constexpr long setDoNotDisturb = 316;
inline constexpr long setForwarding = 317;
}  // namespace opcode

// ROSE error code of universalFailure (CSTA-error-definition).
inline constexpr long universal_failure_errcode = 1;

// The operation's name as in ECMA-285 ("makeCall"); 52 is "systemStatus" too.
std::optional<std::string_view> operation_name(long code);

}  // namespace csta::ber
