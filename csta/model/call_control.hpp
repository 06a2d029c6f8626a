#pragma once
// Call control services (ECMA-269 clause 17) the bridge serves, and their positive responses.
// Members are named and ordered as the ECMA-323 ed6 schema children; only the members the
// bridge uses are modelled (others are reported as ignored by the decoders).
#include <optional>
#include <string>
#include <string_view>

#include "csta/model/causes.hpp"
#include "csta/model/common.hpp"
#include "csta/model/connection.hpp"

namespace csta {

struct MakeCall {
    static constexpr std::string_view kName = "MakeCall";
    DeviceID callingDevice{};
    DeviceID calledDirectoryNumber{};
    std::optional<std::string> accountCode{};
    std::optional<std::string> authCode{};
    std::optional<AutoOriginate> autoOriginate{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    std::optional<std::string> subjectOfCall{};
    std::optional<std::string> languagePreferences{};
    std::optional<EventCause> reason{};
    std::optional<Extensions> extensions{};
    bool operator==(const MakeCall&) const = default;
};
struct MakeCallResponse {
    static constexpr std::string_view kName = "MakeCallResponse";
    ConnectionID callingDevice{};
    std::optional<Extensions> extensions{};
    bool operator==(const MakeCallResponse&) const = default;
};

struct ClearConnection {
    static constexpr std::string_view kName = "ClearConnection";
    ConnectionID connectionToBeCleared{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    std::optional<EventCause> reason{};
    std::optional<Extensions> extensions{};
    bool operator==(const ClearConnection&) const = default;
};
struct ClearConnectionResponse {
    static constexpr std::string_view kName = "ClearConnectionResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const ClearConnectionResponse&) const = default;
};

struct ClearCall {
    static constexpr std::string_view kName = "ClearCall";
    ConnectionID callToBeCleared{};
    std::optional<UserData> userData{};
    std::optional<EventCause> reason{};
    std::optional<Extensions> extensions{};
    bool operator==(const ClearCall&) const = default;
};
struct ClearCallResponse {
    static constexpr std::string_view kName = "ClearCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const ClearCallResponse&) const = default;
};

struct SingleStepTransferCall {
    static constexpr std::string_view kName = "SingleStepTransferCall";
    ConnectionID activeCall{};
    DeviceID transferredTo{};
    std::optional<std::string> accountCode{};
    std::optional<std::string> authCode{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    std::optional<std::string> subjectOfCall{};
    std::optional<std::string> languagePreferences{};
    std::optional<EventCause> reason{};
    std::optional<Extensions> extensions{};
    bool operator==(const SingleStepTransferCall&) const = default;
};
struct SingleStepTransferCallResponse {
    static constexpr std::string_view kName = "SingleStepTransferCallResponse";
    ConnectionID transferredCall{};
    ConnectionList connections{};  // <connections><connectionListItem>...
    std::optional<Extensions> extensions{};
    bool operator==(const SingleStepTransferCallResponse&) const = default;
};

struct ConsultationCall {
    static constexpr std::string_view kName = "ConsultationCall";
    ConnectionID existingCall{};
    DeviceID consultedDevice{};
    std::optional<bool> connectionReservation{};
    std::optional<std::string> accountCode{};
    std::optional<std::string> authCode{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    std::optional<std::string> subjectOfCall{};
    std::optional<std::string> languagePreferences{};
    std::optional<Extensions> extensions{};
    bool operator==(const ConsultationCall&) const = default;
};
struct ConsultationCallResponse {
    static constexpr std::string_view kName = "ConsultationCallResponse";
    ConnectionID initiatedCall{};
    std::optional<Extensions> extensions{};
    bool operator==(const ConsultationCallResponse&) const = default;
};

struct TransferCall {
    static constexpr std::string_view kName = "TransferCall";
    ConnectionID heldCall{};
    ConnectionID activeCall{};
    std::optional<Extensions> extensions{};
    bool operator==(const TransferCall&) const = default;
};
struct TransferCallResponse {
    static constexpr std::string_view kName = "TransferCallResponse";
    ConnectionID transferredCall{};
    ConnectionList connections{};
    std::optional<Extensions> extensions{};
    bool operator==(const TransferCallResponse&) const = default;
};

struct ConferenceCall {
    static constexpr std::string_view kName = "ConferenceCall";
    ConnectionID heldCall{};
    ConnectionID activeCall{};
    std::optional<Extensions> extensions{};
    bool operator==(const ConferenceCall&) const = default;
};
struct ConferenceCallResponse {
    static constexpr std::string_view kName = "ConferenceCallResponse";
    ConnectionID conferenceCall{};
    ConnectionList connections{};
    std::optional<Extensions> extensions{};
    bool operator==(const ConferenceCallResponse&) const = default;
};

struct AlternateCall {
    static constexpr std::string_view kName = "AlternateCall";
    ConnectionID heldCall{};
    ConnectionID activeCall{};
    std::optional<bool> connectionReservation{};
    std::optional<Extensions> extensions{};
    bool operator==(const AlternateCall&) const = default;
};
struct AlternateCallResponse {
    static constexpr std::string_view kName = "AlternateCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const AlternateCallResponse&) const = default;
};

struct ReconnectCall {
    static constexpr std::string_view kName = "ReconnectCall";
    ConnectionID activeCall{};
    ConnectionID heldCall{};
    std::optional<Extensions> extensions{};
    bool operator==(const ReconnectCall&) const = default;
};
struct ReconnectCallResponse {
    static constexpr std::string_view kName = "ReconnectCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const ReconnectCallResponse&) const = default;
};

struct HoldCall {
    static constexpr std::string_view kName = "HoldCall";
    ConnectionID callToBeHeld{};
    std::optional<bool> connectionReservation{};
    std::optional<Extensions> extensions{};
    bool operator==(const HoldCall&) const = default;
};
struct HoldCallResponse {
    static constexpr std::string_view kName = "HoldCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const HoldCallResponse&) const = default;
};

struct RetrieveCall {
    static constexpr std::string_view kName = "RetrieveCall";
    ConnectionID callToBeRetrieved{};
    std::optional<Extensions> extensions{};
    bool operator==(const RetrieveCall&) const = default;
};
struct RetrieveCallResponse {
    static constexpr std::string_view kName = "RetrieveCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const RetrieveCallResponse&) const = default;
};

struct AnswerCall {
    static constexpr std::string_view kName = "AnswerCall";
    ConnectionID callToBeAnswered{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    std::optional<Extensions> extensions{};
    bool operator==(const AnswerCall&) const = default;
};
struct AnswerCallResponse {
    static constexpr std::string_view kName = "AnswerCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const AnswerCallResponse&) const = default;
};

// newDestination: ed6 writes <newDestination><device>X</device></newDestination>, earlier
// editions <newDestination>X</newDestination>; the XML codec reads both.
struct DeflectCall {
    static constexpr std::string_view kName = "DeflectCall";
    ConnectionID callToBeDiverted{};
    DeviceID newDestination{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<UserData> userData{};
    std::optional<std::string> subjectOfCall{};
    std::optional<std::string> languagePreferences{};
    std::optional<EventCause> reason{};
    std::optional<Extensions> extensions{};
    bool operator==(const DeflectCall&) const = default;
};
struct DeflectCallResponse {
    static constexpr std::string_view kName = "DeflectCallResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const DeflectCallResponse&) const = default;
};

struct GenerateDigits {
    static constexpr std::string_view kName = "GenerateDigits";
    ConnectionID connectionToSendDigits{};
    std::optional<DigitMode> digitMode{};
    std::string charactersToSend{};
    std::optional<long> toneDuration{};
    std::optional<long> pulseRate{};
    std::optional<long> pauseDuration{};
    std::optional<Extensions> extensions{};
    bool operator==(const GenerateDigits&) const = default;
};
struct GenerateDigitsResponse {
    static constexpr std::string_view kName = "GenerateDigitsResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const GenerateDigitsResponse&) const = default;
};

// ParkCall (ECMA-269): the call at the parking device (`parking`, the connection of the
// device that parks it, connected or held) moves to the parked-to device, where it is queued;
// the parking device's connection ends. The response may name the connection at parkTo.
struct ParkCall {
    static constexpr std::string_view kName = "ParkCall";
    ConnectionID parking{};
    DeviceID parkTo{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<std::string> subjectOfCall{};
    std::optional<std::string> languagePreferences{};
    std::optional<Extensions> extensions{};
    bool operator==(const ParkCall&) const = default;
};
struct ParkCallResponse {
    static constexpr std::string_view kName = "ParkCallResponse";
    std::optional<ConnectionID> parkedTo{};
    std::optional<Extensions> extensions{};
    bool operator==(const ParkCallResponse&) const = default;
};

}  // namespace csta
