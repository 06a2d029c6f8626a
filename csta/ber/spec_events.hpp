#pragma once
// Events inside cSTAEventReport (CSTAEventReportArgument.eventSpecificInfo). Each event also
// names its slot: the outer EventSpecificInfo alternative and the inner CHOICE alternative,
// whose tags are the standard ones (csta/asn1/bridge-event-report.asn1).
#include "csta/ber/spec.hpp"

namespace csta::ber::map {

template <class M>
struct EventSlot;

template <class M>
concept HasEventSlot = requires { &EventSlot<M>::put; };

#define CSTA_BER_EVENT_SLOT(Model, Group, GroupType, Alt)                                         \
    template <>                                                                                  \
    struct EventSlot<Model> {                                                                    \
        static auto& put(CSTAEventReportArgument_t& r) {                                         \
            r.eventSpecificInfo.present = EventSpecificInfo_PR_##Group;                          \
            r.eventSpecificInfo.choice.Group.present = GroupType##_PR_##Alt;                     \
            return r.eventSpecificInfo.choice.Group.choice.Alt;                                  \
        }                                                                                        \
        static const auto* get(const CSTAEventReportArgument_t& r) {                            \
            const bool here = r.eventSpecificInfo.present == EventSpecificInfo_PR_##Group &&     \
                              r.eventSpecificInfo.choice.Group.present == GroupType##_PR_##Alt;  \
            return here ? &r.eventSpecificInfo.choice.Group.choice.Alt : nullptr;                \
        }                                                                                        \
    }

#define CSTA_BER_CALL_EVENT(Model, Alt) \
    CSTA_BER_EVENT_SLOT(Model, callControlEvents, ReportedCallControlEvents, Alt)
#define CSTA_BER_CALL_ASSOCIATED_EVENT(Model, Alt) \
    CSTA_BER_EVENT_SLOT(Model, callAssociatedEvents, ReportedCallAssociatedEvents, Alt)
#define CSTA_BER_LOGICAL_EVENT(Model, Alt) \
    CSTA_BER_EVENT_SLOT(Model, logicalDeviceFeatureEvents, ReportedLogicalDeviceFeatureEvents, Alt)
#define CSTA_BER_VENDOR_EVENT(Model, Alt) \
    CSTA_BER_EVENT_SLOT(Model, vendorSpecEvents, ReportedVendorSpecEvents, Alt)

CSTA_BER_SPEC(ServiceInitiatedEvent, ServiceInitiatedEvent, opcode::cSTAEventReport) {
    f(m.initiatedConnection, a.initiatedConnection);
    f(m.initiatingDevice, a.initiatingDevice);
    f(m.calledDevice, a.calledDevice);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(ServiceInitiatedEvent, serviceInitiated);

CSTA_BER_SPEC(OriginatedEvent, OriginatedEvent, opcode::cSTAEventReport) {
    f(m.originatedConnection, a.originatedConnection);
    f(m.callingDevice, a.callingDevice);
    f(m.calledDevice, a.calledDevice);
    f(m.originatingDevice, a.originatingDevice);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.cause, a.cause);
    f(m.networkCallingDevice, a.networkCallingDevice);
    f(m.networkCalledDevice, a.networkCalledDevice);
    f(m.associatedCallingDevice, a.associatedCallingDevice);
    f(m.associatedCalledDevice, a.associatedCalledDevice);
}
};
CSTA_BER_CALL_EVENT(OriginatedEvent, originated);

// Delivered / Established / Failed share their shape.
#define CSTA_BER_ALERTING_LIKE(Model, Conn, Subject, Alt)                 \
    CSTA_BER_SPEC(Model, Model, opcode::cSTAEventReport) {                \
        f(m.Conn, a.Conn);                                                \
        f(m.Subject, a.Subject);                                          \
        f(m.callingDevice, a.callingDevice);                              \
        f(m.calledDevice, a.calledDevice);                                \
        f(m.lastRedirectionDevice, a.lastRedirectionDevice);              \
        f(m.localConnectionInfo, a.localConnectionInfo);                  \
        f(m.correlatorData, a.correlatorData);                            \
        f(m.userData, a.userData);                                        \
        f(m.cause, a.cause);                                              \
        f(m.networkCallingDevice, a.networkCallingDevice);                \
        f(m.networkCalledDevice, a.networkCalledDevice);                  \
        f(m.associatedCallingDevice, a.associatedCallingDevice);          \
        f(m.associatedCalledDevice, a.associatedCalledDevice);            \
    }                                                                     \
    };                                                                    \
    CSTA_BER_CALL_EVENT(Model, Alt)

CSTA_BER_ALERTING_LIKE(DeliveredEvent, connection, alertingDevice, delivered);
CSTA_BER_ALERTING_LIKE(EstablishedEvent, establishedConnection, answeringDevice, established);
CSTA_BER_ALERTING_LIKE(FailedEvent, failedConnection, failingDevice, failed);

CSTA_BER_SPEC(ConnectionClearedEvent, ConnectionClearedEvent, opcode::cSTAEventReport) {
    f(m.droppedConnection, a.droppedConnection);
    f(m.releasingDevice, a.releasingDevice);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(ConnectionClearedEvent, connectionCleared);

CSTA_BER_SPEC(CallClearedEvent, CallClearedEvent, opcode::cSTAEventReport) {
    f(m.clearedCall, a.clearedCall);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(CallClearedEvent, callCleared);

CSTA_BER_SPEC(HeldEvent, HeldEvent, opcode::cSTAEventReport) {
    f(m.heldConnection, a.heldConnection);
    f(m.holdingDevice, a.holdingDevice);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(HeldEvent, held);

CSTA_BER_SPEC(RetrievedEvent, RetrievedEvent, opcode::cSTAEventReport) {
    f(m.retrievedConnection, a.retrievedConnection);
    f(m.retrievingDevice, a.retrievingDevice);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(RetrievedEvent, retrieved);

CSTA_BER_SPEC(TransferredEvent, TransferredEvent, opcode::cSTAEventReport) {
    f(m.primaryOldCall, a.primaryOldCall);
    f(m.secondaryOldCall, a.secondaryOldCall);
    f(m.transferringDevice, a.transferringDevice);
    f(m.transferredToDevice, a.transferredToDevice);
    f(m.transferredConnections, a.transferredConnections);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(TransferredEvent, transferred);

CSTA_BER_SPEC(ConferencedEvent, ConferencedEvent, opcode::cSTAEventReport) {
    f(m.primaryOldCall, a.primaryOldCall);
    f(m.secondaryOldCall, a.secondaryOldCall);
    f(m.conferencingDevice, a.conferencingDevice);
    f(m.addedParty, a.addedParty);
    f(m.conferenceConnections, a.conferenceConnections);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(ConferencedEvent, conferenced);

CSTA_BER_SPEC(DivertedEvent, DivertedEvent, opcode::cSTAEventReport) {
    f(m.connection, a.connection);
    f(m.divertingDevice, a.divertingDevice);
    f(m.newDestination, a.newDestination);
    f(m.callingDevice, a.callingDevice);
    f(m.calledDevice, a.calledDevice);
    f(m.lastRedirectionDevice, a.lastRedirectionDevice);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
    f(m.networkCallingDevice, a.networkCallingDevice);
    f(m.networkCalledDevice, a.networkCalledDevice);
    f(m.associatedCallingDevice, a.associatedCallingDevice);
    f(m.associatedCalledDevice, a.associatedCalledDevice);
}
};
CSTA_BER_CALL_EVENT(DivertedEvent, diverted);

CSTA_BER_SPEC(QueuedEvent, QueuedEvent, opcode::cSTAEventReport) {
    f(m.queuedConnection, a.queuedConnection);
    f(m.queue, a.queue);
    f(m.callingDevice, a.callingDevice);
    f(m.calledDevice, a.calledDevice);
    f(m.lastRedirectionDevice, a.lastRedirectionDevice);
    f(m.numberQueued, a.numberQueued);
    f(m.callsInFront, a.callsInFront);
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
    f(m.networkCallingDevice, a.networkCallingDevice);
    f(m.networkCalledDevice, a.networkCalledDevice);
    f(m.associatedCallingDevice, a.associatedCallingDevice);
    f(m.associatedCalledDevice, a.associatedCalledDevice);
}
};
CSTA_BER_CALL_EVENT(QueuedEvent, queued);

CSTA_BER_SPEC(NetworkReachedEvent, NetworkReachedEvent, opcode::cSTAEventReport) {
    f(m.outboundConnection, a.outboundConnection);
    f(m.networkInterfaceUsed, a.networkInterfaceUsed);
    f(m.callingDevice, a.callingDevice);
    f(m.calledDevice, a.calledDevice);
    f(m.lastRedirectionDevice, a.lastRedirectionDevice);
    f(m.originatingNIDConnection, a.originatingNIDConneciton);  // sic, ECMA-285 spelling
    f(m.localConnectionInfo, a.localConnectionInfo);
    f(m.correlatorData, a.correlatorData);
    f(m.userData, a.userData);
    f(m.cause, a.cause);
}
};
CSTA_BER_CALL_EVENT(NetworkReachedEvent, networkReached);

// Agent state events share agentDevice, agentID, acdGroup, cause.
#define CSTA_BER_AGENT_EVENT(Model, Alt, ...)                  \
    CSTA_BER_SPEC(Model, Model, opcode::cSTAEventReport) {     \
        f(m.agentDevice, a.agentDevice);                       \
        f(m.agentID, a.agentID);                               \
        f(m.acdGroup, a.acdGroup);                             \
        __VA_ARGS__                                            \
        f(m.cause, a.cause);                                   \
    }                                                          \
    };                                                         \
    CSTA_BER_LOGICAL_EVENT(Model, Alt)

CSTA_BER_AGENT_EVENT(AgentLoggedOnEvent, agentLoggedOn, f(m.agentPassword, a.agentPassword););
CSTA_BER_AGENT_EVENT(AgentLoggedOffEvent, agentLoggedOff, f(m.agentPassword, a.agentPassword););
CSTA_BER_AGENT_EVENT(AgentReadyEvent, agentReady);
CSTA_BER_AGENT_EVENT(AgentNotReadyEvent, agentNotReady);
CSTA_BER_AGENT_EVENT(AgentBusyEvent, agentBusy, f(m.pendingAgentState, a.pendingAgentState););
// pendingAgentState of AgentWorkingAfterCallEvent is an inline ENUMERATED in ECMA-285 with
// other values than the model's WorkingAfterCallPendingState; it is not mapped.
CSTA_BER_AGENT_EVENT(AgentWorkingAfterCallEvent, agentWorkingAfterCall);

CSTA_BER_SPEC(DoNotDisturbEvent, DoNotDisturbEvent, opcode::cSTAEventReport) {
    f(m.device, a.device);
    f(m.doNotDisturbOn, a.doNotDisturbOn);
}
};
CSTA_BER_LOGICAL_EVENT(DoNotDisturbEvent, doNotDisturb);

CSTA_BER_SPEC(ForwardingEvent, ForwardingEvent, opcode::cSTAEventReport) {
    f(m.device, a.device);
    required_as_optional(f, m.forwardingType, a.forwardingType);
    f(m.forwardStatus, a.forwardStatus);
    f(m.forwardTo, a.forwardTo);
    f(m.forwardDefault, a.forwardDefault);
    f(m.ringCount, a.ringCount);
}
};
CSTA_BER_LOGICAL_EVENT(ForwardingEvent, forwarding);

// digitGeneratedList is mandatory (IA5String) in ECMA-285; connectionInfo is not modelled.
CSTA_BER_SPEC(DigitsGeneratedEvent, DigitsGeneratedEvent, opcode::cSTAEventReport) {
    f(m.connection, a.connection);
    required_as_mandatory(f, m.digitGeneratedList, a.digitGeneratedList);
    f(m.digitDurationList, a.digitDurationList);
    f(m.pauseDurationList, a.pauseDurationList);
}
};
CSTA_BER_CALL_ASSOCIATED_EVENT(DigitsGeneratedEvent, digitsGeneratedEvent);

// CSTA-private-event: security is not modelled (never sent, ignored when received);
// privateData's string alternative (OCTET STRING) carries what the XML <string> carries.
CSTA_BER_SPEC(PrivateEvent, PrivateEvent, opcode::cSTAEventReport) {
    f(m.privateData, a.privateData);
}
};
CSTA_BER_VENDOR_EVENT(PrivateEvent, privateEvent);

}  // namespace csta::ber::map
