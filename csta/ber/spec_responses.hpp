#pragma once
// Positive results (ECMA-285 <Service>Result types).
#include <AlternateCallResult.h>
#include <AnswerCallResult.h>
#include <ClearCallResult.h>
#include <ClearConnectionResult.h>
#include <DeflectCallResult.h>
#include <EscapeResult.h>
#include <GenerateDigitsResult.h>
#include <HoldCallResult.h>
#include <MonitorStopResult.h>
#include <ReconnectCallResult.h>
#include <RetrieveCallResult.h>

#include "csta/ber/spec.hpp"

namespace csta::ber::map {

CSTA_BER_SPEC(MakeCallResponse, MakeCallResult, opcode::makeCall) {
    f(m.callingDevice, a.callingDevice);
}
};

CSTA_BER_SPEC(ConsultationCallResponse, ConsultationCallResult, opcode::consultationCall) {
    f(m.initiatedCall, a.initiatedCall);
}
};

CSTA_BER_SPEC(TransferCallResponse, TransferCallResult, opcode::transferCall) {
    f(m.transferredCall, a.transferredCall);
    f(m.connections, a.connections);
}
};

CSTA_BER_SPEC(ConferenceCallResponse, ConferenceCallResult, opcode::conferenceCall) {
    f(m.conferenceCall, a.conferenceCall);
    f(m.connections, a.connections);
}
};

CSTA_BER_SPEC(SingleStepTransferCallResponse, SingleStepTransResult, opcode::singleStepTransferCall) {
    f(m.transferredCall, a.transferredCall);
    f(m.connections, a.connections);
}
};

// ParkCallResult: a SEQUENCE of OPTIONAL members (no noData alternative).
CSTA_BER_SPEC(ParkCallResponse, ParkCallResult, opcode::parkCall) {
    f(m.parkedTo, a.parkedTo);
}
};

CSTA_BER_SPEC(MonitorStartResponse, MonitorStartResult, opcode::monitorStart) {
    f(m.monitorCrossRefID, a.crossRefIdentifier);
    f(m.actualMonitorFilter, a.actualmonitorFilter);
    f(m.monitorExistingCalls, a.monitorExistingCalls);
}
};

CSTA_BER_SPEC(ChangeMonitorFilterResponse, ChangeMonitorFilterResult, opcode::changeMonitorFilter) {
    f(m.actualFilterList, a.actualFilterList);
}
};

CSTA_BER_NO_DATA_SPEC(ClearConnectionResponse, ClearConnectionResult, opcode::clearConnection);
CSTA_BER_NO_DATA_SPEC(ClearCallResponse, ClearCallResult, opcode::clearCall);
CSTA_BER_NO_DATA_SPEC(AlternateCallResponse, AlternateCallResult, opcode::alternateCall);
CSTA_BER_NO_DATA_SPEC(ReconnectCallResponse, ReconnectCallResult, opcode::reconnectCall);
CSTA_BER_NO_DATA_SPEC(HoldCallResponse, HoldCallResult, opcode::holdCall);
CSTA_BER_NO_DATA_SPEC(RetrieveCallResponse, RetrieveCallResult, opcode::retrieveCall);
CSTA_BER_NO_DATA_SPEC(AnswerCallResponse, AnswerCallResult, opcode::answerCall);
CSTA_BER_NO_DATA_SPEC(DeflectCallResponse, DeflectCallResult, opcode::deflectCall);
CSTA_BER_NO_DATA_SPEC(GenerateDigitsResponse, GenerateDigitsResult, opcode::generateDigits);
CSTA_BER_NO_DATA_SPEC(MonitorStopResponse, MonitorStopResult, opcode::monitorStop);
CSTA_BER_NO_DATA_SPEC(SystemStatusResponse, SystemStatusRes, opcode::systemStatus);

CSTA_BER_SPEC(SetAgentStateResponse, SetAgentStateResult, opcode::setAgentState) {
    f(m.pendingAgentState, a.pendingAgentState);
}
};

CSTA_BER_SPEC(GetAgentStateResponse, GetAgentStateResult, opcode::getAgentState) {
    f(m.agentStateList, a.agentStateList);
}
};

CSTA_BER_SPEC(GetDoNotDisturbResponse, GetDoNotDisturbResult, opcode::getDoNotDisturb) {
    f(m.doNotDisturbOn, a.doNotDisturbOn);
}
};

CSTA_BER_SPEC(GetForwardingResponse, GetForwardingResult, opcode::getForwarding) {
    f(m.forwardingList, a.forwardingList);
}
};

CSTA_BER_SPEC(RequestSystemStatusResponse, RequestSysStatRes, opcode::requestSystemStatus) {
    f(m.systemStatus, a.systemStatus);
}
};

CSTA_BER_SPEC(SnapshotDeviceResponse, SnapshotDeviceResult, opcode::snapshotDevice) {
    cross_ref_or_data(f, m, a.crossRefIDorSnapshotData);
}
};

// associatedCalling/CalledDeviceID and the media/call characteristics are not in the model.
CSTA_BER_SPEC(SnapshotCallResponse, SnapshotCallResult, opcode::snapshotCall) {
    cross_ref_or_data(f, m, a.crossRefIDorSnapshotData);
    f(m.callingDevice, a.callingDevice);
    f(m.calledDevice, a.calledDevice);
    f(m.correlatorData, a.correlatorData);
}
};

CSTA_BER_SPEC(SystemRegisterResponse, SystemRegisterResult, opcode::systemRegister) {
    f(m.sysStatRegisterID, a.sysStatRegisterID);
    f(m.actualStatusFilter, a.actualStatusFilter);
}
};

CSTA_BER_SPEC(GetSwitchingFunctionDevicesResponse, GetSwitchingFunctionDevicesResult, opcode::getSwitchingFunctionDevices) {
    f(m.serviceCrossRefID, a.serviceCrossRefID);
}
};

CSTA_BER_NO_DATA_SPEC(EscapeResponse, EscapeResult, opcode::escape);
CSTA_BER_NO_DATA_SPEC(SetDoNotDisturbResponse, SetDoNotDisturbResult, opcode::setDoNotDisturb);
CSTA_BER_NO_DATA_SPEC(SetForwardingResponse, SetForwardingResult, opcode::setForwarding);

}  // namespace csta::ber::map
