#pragma once
// Request arguments (ECMA-285 <Service>Argument types).
#include "csta/ber/spec.hpp"

namespace csta::ber::map {

CSTA_BER_SPEC(MakeCall, MakeCallArgument, opcode::makeCall) {
    f(m.callingDevice, a.callingDevice);
    f(m.calledDirectoryNumber, a.calledDirectoryNumber);
    f(m.accountCode, a.accountCode);
    f(m.authCode, a.authCode);
    auto_originate(f, m.autoOriginate, a.autoOriginate);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.subjectOfCall, a.subjectOfCall);
    f(m.languagePreferences, a.languagePreferences);
    f(m.reason, a.reason);
}
static constexpr asn1::DefaultLong defaults[] = {{"autoOriginate", 0}};  // DEFAULT prompt
};

CSTA_BER_SPEC(ClearConnection, ClearConnectionArgument, opcode::clearConnection) {
    f(m.connectionToBeCleared, a.connectionToBeCleared);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.reason, a.reason);
}
};

CSTA_BER_SPEC(ClearCall, ClearCallArgument, opcode::clearCall) {
    f(m.callToBeCleared, a.callToBeCleared);
    f(m.userData, a.userData);
    f(m.reason, a.reason);
}
};

CSTA_BER_SPEC(SingleStepTransferCall, SingleStepTransArgument, opcode::singleStepTransferCall) {
    f(m.activeCall, a.activeCall);
    f(m.transferredTo, a.transferredTo);
    f(m.accountCode, a.accountCode);
    f(m.authCode, a.authCode);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.subjectOfCall, a.subjectOfCall);
    f(m.languagePreferences, a.languagePreferences);
    f(m.reason, a.reason);
}
};

CSTA_BER_SPEC(ConsultationCall, ConsultationCallArgument, opcode::consultationCall) {
    f(m.existingCall, a.existingCall);
    f(m.consultedDevice, a.consultedDevice);
    f(m.connectionReservation, a.connectionReservation);
    f(m.accountCode, a.accountCode);
    f(m.authCode, a.authCode);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.subjectOfCall, a.subjectOfCall);
    f(m.languagePreferences, a.languagePreferences);
}
static constexpr asn1::DefaultLong defaults[] = {{"consultOptions", 0}};  // DEFAULT unrestricted
};

CSTA_BER_SPEC(TransferCall, TransferCallArgument, opcode::transferCall) {
    f(m.heldCall, a.heldCall);
    f(m.activeCall, a.activeCall);
}
};

CSTA_BER_SPEC(ConferenceCall, ConferenceCallArgument, opcode::conferenceCall) {
    f(m.heldCall, a.heldCall);
    f(m.activeCall, a.activeCall);
}
};

CSTA_BER_SPEC(AlternateCall, AlternateCallArgument, opcode::alternateCall) {
    f(m.heldCall, a.heldCall);
    f(m.activeCall, a.activeCall);
    f(m.connectionReservation, a.connectionReservation);
}
static constexpr asn1::DefaultLong defaults[] = {{"consultOptions", 0}};  // DEFAULT unrestricted
};

CSTA_BER_SPEC(ReconnectCall, ReconnectCallArgument, opcode::reconnectCall) {
    f(m.activeCall, a.activeCall);
    f(m.heldCall, a.heldCall);
}
};

CSTA_BER_SPEC(HoldCall, HoldCallArgument, opcode::holdCall) {
    f(m.callToBeHeld, a.callToBeHeld);
    f(m.connectionReservation, a.connectionReservation);
}
};

CSTA_BER_SPEC(RetrieveCall, RetrieveCallArgument, opcode::retrieveCall) {
    f(m.callToBeRetrieved, a.callToBeRetrieved);
}
};

CSTA_BER_SPEC(AnswerCall, AnswerCallArgument, opcode::answerCall) {
    f(m.callToBeAnswered, a.callToBeAnswered);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
}
};

CSTA_BER_SPEC(DeflectCall, DeflectCallArgument, opcode::deflectCall) {
    f(m.callToBeDiverted, a.callToBeDiverted);
    f(m.newDestination, a.newDestination);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.subjectOfCall, a.subjectOfCall);
    f(m.languagePreferences, a.languagePreferences);
    f(m.reason, a.reason);
}
};

CSTA_BER_SPEC(ParkCall, ParkCallArgument, opcode::parkCall) {
    f(m.parking, a.parking);
    f(m.parkTo, a.parkTo);
    f(m.correlatorData, a.correlatorData);
    f(m.subjectOfCall, a.subjectOfCall);
    f(m.languagePreferences, a.languagePreferences);
}
};

CSTA_BER_SPEC(GenerateDigits, GenerateDigitsArgument, opcode::generateDigits) {
    f(m.connectionToSendDigits, a.connectionToSendDigits);
    f(m.digitMode, a.digitMode);
    f(m.charactersToSend, a.charactersToSend);
    f(m.toneDuration, a.toneDuration);
    f(m.pulseRate, a.pulseRate);
    f(m.pauseDuration, a.pauseDuration);
}
};

CSTA_BER_SPEC(MonitorStart, MonitorStartArgument, opcode::monitorStart) {
    f(m.monitorObject, a.monitorObject);
    f(m.requestedMonitorFilter, a.requestedMonitorFilter);
    f(m.monitorType, a.monitorType);
}
};

CSTA_BER_SPEC(MonitorStop, MonitorStopArgument, opcode::monitorStop) {
    f(m.monitorCrossRefID, a.crossRefIdentifier);
}
};

CSTA_BER_SPEC(ChangeMonitorFilter, ChangeMonitorFilterArgument, opcode::changeMonitorFilter) {
    f(m.monitorCrossRefID, a.crossRefIdentifier);
    f(m.requestedFilterList, a.requestedFilterList);
}
};

CSTA_BER_SPEC(SystemStatus, SystemStatusArg, opcode::systemStatus) {
    f(m.sysStatRegisterID, a.sysStatRegisterID);
    f(m.systemStatus, a.systemStatus);
}
};

CSTA_BER_SPEC(SetAgentState, SetAgentStateArgument, opcode::setAgentState) {
    f(m.device, a.device);
    f(m.requestedAgentState, a.requestedAgentState);
    f(m.agentID, a.agentID);
    f(m.password, a.password);
    f(m.group, a.group);
}
};

CSTA_BER_SPEC(GetAgentState, GetAgentStateArgument, opcode::getAgentState) {
    f(m.device, a.device);
    f(m.acdGroup, a.acdGroup);
}
};

// callOrigination and callingDeviceList are not in the model.
CSTA_BER_SPEC(SetDoNotDisturb, SetDoNotDisturbArgument, opcode::setDoNotDisturb) {
    f(m.device, a.device);
    f(m.doNotDisturbOn, a.doNotDisturbOn);
}
};

CSTA_BER_SPEC(GetDoNotDisturb, GetDoNotDisturbArgument, opcode::getDoNotDisturb) {
    f(m.device, a.device);
}
};

CSTA_BER_SPEC(SetForwarding, SetForwardingArgument, opcode::setForwarding) {
    f(m.device, a.device);
    f(m.forwardingType, a.forwardingType);
    f(m.activateForward, a.activateForward);
    f(m.forwardDN, a.forwardDN);
    f(m.ringCount, a.ringCount);
}
};

CSTA_BER_SPEC(GetForwarding, GetForwardingArgument, opcode::getForwarding) {
    f(m.device, a.device);
}
};

CSTA_BER_SPEC(RequestSystemStatus, RequestSysStatArg, opcode::requestSystemStatus) {
    f(m.sysStatRegisterID, a.sysStatRegisterID);
}
};

CSTA_BER_SPEC(SnapshotDevice, SnapshotDeviceArgument, opcode::snapshotDevice) {
    f(m.snapshotObject, a.snapshotObject);
}
};

CSTA_BER_SPEC(SnapshotCall, SnapshotCallArgument, opcode::snapshotCall) {
    f(m.snapshotObject, a.snapshotObject);
}
};

CSTA_BER_SPEC(SystemRegister, SystemRegisterArgument, opcode::systemRegister) {
    optional_as_mandatory(f, m.requestTypes, a.requestTypes);
    f(m.requestedStatusFilter, a.requestedStatusFilter);
}
};

CSTA_BER_SPEC(GetSwitchingFunctionDevices, GetSwitchingFunctionDevicesArgument, opcode::getSwitchingFunctionDevices) {
    f(m.requestedDeviceID, a.requestedDeviceID);
    f(m.requestedDeviceCategory, a.requestedDeviceCategory);
}
};

// Sent by the switching function (the bridge); an unconfirmed operation (no result).
CSTA_BER_SPEC(SwitchingFunctionDevices, SwitchingFunctionDevicesArgument, opcode::switchingFunctionDevices) {
    f(m.serviceCrossRefID, a.serviceCrossRefID);
    f(m.segmentID, a.segmentID);
    f(m.lastSegment, a.lastSegment);
    f(m.deviceList, a.deviceList);
}
};

// privateData is mandatory in ECMA-285; security is not modelled.
CSTA_BER_SPEC(Escape, EscapeArgument, opcode::escape) {
    f(m.escapeRegisterID, a.escapeRegisterID);
    required_as_mandatory(f, m.privateData, a.privateData);
}
};

}  // namespace csta::ber::map
