#pragma once
// Every asn1c-generated header the model mapping uses, in one place. asn1c names one member
// `private` (CSTAPrivateData, EventSpecificInfo); that is a C++ keyword, so it is renamed for
// C++ only while these C headers are read. The struct layout does not change.
#include <asn_application.h>  // pulls in the C system headers before the rename below
#include <asn_SEQUENCE_OF.h>
#include <asn_SET_OF.h>

#include <type_traits>

// asn1c's A_SET_OF(type) names `type` twice; for `SEQUENCE OF SEQUENCE {...}` that type is an
// inline struct definition, which C tolerates and C++ rejects as a redefinition. The same
// layout, with the second mention spelled through decltype, is valid C++.
#undef A_SET_OF
#define A_SET_OF(type)                                          \
    struct {                                                    \
        type** array;                                           \
        int count;                                              \
        int size;                                               \
        void (*free)(std::remove_reference_t<decltype(**array)>*); \
    }

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wkeyword-macro"  // the rename below is deliberate
#endif
#define private private_
#include <AgentBusyEvent.h>
#include <AgentLoggedOffEvent.h>
#include <AgentLoggedOnEvent.h>
#include <AgentNotReadyEvent.h>
#include <AgentReadyEvent.h>
#include <AgentWorkingAfterCallEvent.h>
#include <AlternateCallArgument.h>
#include <AnswerCallArgument.h>
#include <AssociatedCalledDeviceID.h>
#include <AssociatedCallingDeviceID.h>
#include <AgentInfo.h>
#include <AgentState.h>
#include <AgentStateCondition.h>
#include <AgentStateEntry.h>
#include <AgentStateList.h>
#include <AutoOriginate.h>
#include <ForwardList.h>
#include <GetAgentStateArgument.h>
#include <GetAgentStateResult.h>
#include <GetDoNotDisturbArgument.h>
#include <GetDoNotDisturbResult.h>
#include <GetForwardingArgument.h>
#include <GetForwardingResult.h>
#include <ReqAgentState.h>
#include <RequestSysStatArg.h>
#include <RequestSysStatRes.h>
#include <SetAgentStateArgument.h>
#include <SetAgentStateResult.h>
#include <SetDoNotDisturbArgument.h>
#include <SetDoNotDisturbResult.h>
#include <SetForwardingArgument.h>
#include <SetForwardingResult.h>
#include <DoNotDisturbEvent.h>
#include <ForwardDefault.h>
#include <ForwardingEvent.h>
#include <ForwardingType.h>
#include <PendingAgentState.h>
#include <CSTACommonArguments.h>
#include <CSTAEventReportArgument.h>
#include <CSTAPrivateData.h>
#include <CallClearedEvent.h>
#include <CalledDeviceID.h>
#include <CallingDeviceID.h>
#include <ClearCallArgument.h>
#include <ClearConnectionArgument.h>
#include <ConferenceCallArgument.h>
#include <ConferenceCallResult.h>
#include <ConferencedEvent.h>
#include <ConnectionClearedEvent.h>
#include <ConnectionID.h>
#include <ConnectionList.h>
#include <ConsultationCallArgument.h>
#include <ConsultationCallResult.h>
#include <DeflectCallArgument.h>
#include <DeliveredEvent.h>
#include <DeviceID.h>
#include <DigitMode.h>
#include <DigitsGeneratedEvent.h>
#include <DivertedEvent.h>
#include <ReportedCallAssociatedEvents.h>
#include <ReportedVendorSpecEvents.h>
#include <PrivateEvent.h>
#include <EstablishedEvent.h>
#include <EventCause.h>
#include <EventSpecificInfo.h>
#include <FailedEvent.h>
#include <GenerateDigitsArgument.h>
#include <HeldEvent.h>
#include <HoldCallArgument.h>
#include <LocalConnectionState.h>
#include <LocalDeviceID.h>
#include <MakeCallArgument.h>
#include <MakeCallResult.h>
#include <MonitorFilter.h>
#include <MonitorStartArgument.h>
#include <MonitorStartResult.h>
#include <MonitorStopArgument.h>
#include <MonitorType.h>
#include <NetworkCalledDeviceID.h>
#include <NetworkCallingDeviceID.h>
#include <NetworkReachedEvent.h>
#include <OriginatedEvent.h>
#include <ParkCallArgument.h>
#include <ParkCallResult.h>
#include <PrivateTON.h>
#include <PublicTON.h>
#include <QueuedEvent.h>
#include <ReconnectCallArgument.h>
#include <RedirectionDeviceID.h>
#include <ReportedCallControlEvents.h>
#include <ReportedLogicalDeviceFeatureEvents.h>
#include <RetrieveCallArgument.h>
#include <RetrievedEvent.h>
#include <ServiceInitiatedEvent.h>
#include <SingleStepTransArgument.h>
#include <SingleStepTransResult.h>
#include <SubjectDeviceID.h>
#include <SystemStatus.h>
#include <SystemStatusArg.h>
#include <SystemStatusRes.h>
#include <TransferCallArgument.h>
#include <TransferCallResult.h>
#include <TransferredEvent.h>
#include <OperationErrors.h>
#include <PerformanceManagementErrors.h>
#include <PrivateDataInfoErrors.h>
#include <SecurityErrors.h>
#include <StateIncompatibilityErrors.h>
#include <SubscribedResourceAvailabilityErrors.h>
#include <SystemResourceAvailabilityErrors.h>
#include <UniversalFailure.h>
#include <CallState.h>
#include <ChangeMonitorFilterArgument.h>
#include <ChangeMonitorFilterResult.h>
#include <CompoundCallState.h>
#include <SimpleCallState.h>
#include <SnapshotDeviceArgument.h>
#include <SnapshotDeviceResult.h>
#include <SnapshotDeviceData.h>
#include <SnapshotDeviceResponseInfo.h>
#include <SnapshotCallArgument.h>
#include <SnapshotCallResult.h>
#include <SnapshotCallData.h>
#include <SnapshotCallResponseInfo.h>
#include <SystemRegisterArgument.h>
#include <SystemRegisterResult.h>
#include <RequestTypes.h>
#include <StatusFilter.h>
#include <GetSwitchingFunctionDevicesArgument.h>
#include <GetSwitchingFunctionDevicesResult.h>
#include <ReqDeviceCategory.h>
#include <SwitchingFunctionDevicesArgument.h>
#include <DeviceList.h>
#include <DeviceCategory.h>
#include <NamedDeviceTypes.h>
#include <DeviceAttributes.h>
#include <EscapeArgument.h>
#include <EscapeResult.h>
#include <EscapeRegisterID.h>
#undef private
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
