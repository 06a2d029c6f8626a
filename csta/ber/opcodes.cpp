#include "csta/ber/opcodes.hpp"

#include <array>
#include <utility>

namespace csta::ber {

std::optional<std::string_view> operation_name(long code) {
    static constexpr std::array<std::pair<long, std::string_view>, 34> names{{
        {opcode::alternateCall, "alternateCall"},
        {opcode::answerCall, "answerCall"},
        {opcode::clearCall, "clearCall"},
        {opcode::clearConnection, "clearConnection"},
        {opcode::conferenceCall, "conferenceCall"},
        {opcode::consultationCall, "consultationCall"},
        {opcode::holdCall, "holdCall"},
        {opcode::makeCall, "makeCall"},
        {opcode::reconnectCall, "reconnectCall"},
        {opcode::retrieveCall, "retrieveCall"},
        {opcode::transferCall, "transferCall"},
        {opcode::parkCall, "parkCall"},
        {opcode::cSTAEventReport, "cSTAEventReport"},
        {opcode::singleStepTransferCall, "singleStepTransferCall"},
        {opcode::escape, "escape"},
        {opcode::systemStatusPhase2, "systemStatus"},
        {opcode::monitorStart, "monitorStart"},
        {opcode::changeMonitorFilter, "changeMonitorFilter"},
        {opcode::monitorStop, "monitorStop"},
        {opcode::snapshotDevice, "snapshotDevice"},
        {opcode::snapshotCall, "snapshotCall"},
        {opcode::getSwitchingFunctionDevices, "getSwitchingFunctionDevices"},
        {opcode::switchingFunctionDevices, "switchingFunctionDevices"},
        {opcode::systemRegister, "systemRegister"},
        {opcode::requestSystemStatus, "requestSystemStatus"},
        {opcode::systemStatus, "systemStatus"},
        {opcode::deflectCall, "deflectCall"},
        {opcode::generateDigits, "generateDigits"},
        {opcode::getAgentState, "getAgentState"},
        {opcode::getDoNotDisturb, "getDoNotDisturb"},
        {opcode::getForwarding, "getForwarding"},
        {opcode::setAgentState, "setAgentState"},
        {opcode::setDoNotDisturb, "setDoNotDisturb"},
        {opcode::setForwarding, "setForwarding"},
    }};
    for (const auto& [c, n] : names)
        if (c == code) return n;
    return std::nullopt;
}

}  // namespace csta::ber
