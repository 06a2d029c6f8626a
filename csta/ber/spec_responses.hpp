#pragma once
// Positive results (ECMA-285 <Service>Result types).
#include <AlternateCallResult.h>
#include <AnswerCallResult.h>
#include <ClearCallResult.h>
#include <ClearConnectionResult.h>
#include <DeflectCallResult.h>
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

CSTA_BER_SPEC(MonitorStartResponse, MonitorStartResult, opcode::monitorStart) {
    f(m.monitorCrossRefID, a.crossRefIdentifier);
    f(m.monitorExistingCalls, a.monitorExistingCalls);
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

}  // namespace csta::ber::map
