#pragma once
// ECMA-354 application sessions (namespace
// http://www.ecma-international.org/standards/ecma-354/appl_session): login and keep-alive as
// used by Avaya DMCC, Mitel MX-ONE and others.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csta {

// applicationSpecificInfo is open content; the decoder extracts the credentials from it
// (elements userName/userPassword in any namespace, e.g. Avaya's <SessionLoginInfo>), the
// encoder writes Avaya's SessionLoginInfo form.
struct SessionCredentials {
    std::string userName{};
    std::string password{};
    // Session recovery as Avaya DMCC does it (SessionLoginInfo): the sessionID of a session
    // whose connection was lost, to take it over with its monitors; and how long the server
    // should keep this session's monitors after a connection loss (seconds).
    std::optional<std::string> sessionID{};
    std::optional<long> sessionCleanupDelay{};
    bool operator==(const SessionCredentials&) const = default;
};

// errorCode of the negative responses: <definedError> (a literal of the message's list, e.g.
// invalidApplicationInfo, requestedProtocolVersionNotSupported, serverResourcesBusy,
// maxNumberSessions, invalidSessionID, serverCannotResetSessionTimer) or <applError> (free text).
struct SessionErrorCode {
    bool defined = true;  // definedError (true) or applError (false)
    std::string value{};
    bool operator==(const SessionErrorCode&) const = default;
};

struct StartApplicationSession {
    static constexpr std::string_view kName = "StartApplicationSession";
    std::string applicationID{};  // applicationInfo/applicationID
    std::optional<SessionCredentials> credentials{};  // applicationInfo/applicationSpecificInfo
    std::vector<std::string> requestedProtocolVersions{};  // <protocolVersion> URIs
    std::optional<long> requestedSessionDuration{};  // seconds
    bool operator==(const StartApplicationSession&) const = default;
};
struct StartApplicationSessionPosResponse {
    static constexpr std::string_view kName = "StartApplicationSessionPosResponse";
    std::string sessionID{};
    std::string actualProtocolVersion{};
    long actualSessionDuration = 0;
    bool operator==(const StartApplicationSessionPosResponse&) const = default;
};
struct StartApplicationSessionNegResponse {
    static constexpr std::string_view kName = "StartApplicationSessionNegResponse";
    SessionErrorCode errorCode{};
    bool operator==(const StartApplicationSessionNegResponse&) const = default;
};

struct StopApplicationSession {
    static constexpr std::string_view kName = "StopApplicationSession";
    std::string sessionID{};
    // sessionEndReason: <definedEndReason>normal</definedEndReason> or <appEndReason>text
    std::optional<SessionErrorCode> sessionEndReason{};
    bool operator==(const StopApplicationSession&) const = default;
};
struct StopApplicationSessionPosResponse {
    static constexpr std::string_view kName = "StopApplicationSessionPosResponse";
    bool operator==(const StopApplicationSessionPosResponse&) const = default;
};
struct StopApplicationSessionNegResponse {
    static constexpr std::string_view kName = "StopApplicationSessionNegResponse";
    SessionErrorCode errorCode{};
    bool operator==(const StopApplicationSessionNegResponse&) const = default;
};

struct ResetApplicationSessionTimer {
    static constexpr std::string_view kName = "ResetApplicationSessionTimer";
    std::string sessionID{};
    std::optional<long> requestedSessionDuration{};
    bool operator==(const ResetApplicationSessionTimer&) const = default;
};
struct ResetApplicationSessionTimerPosResponse {
    static constexpr std::string_view kName = "ResetApplicationSessionTimerPosResponse";
    long actualSessionDuration = 0;
    bool operator==(const ResetApplicationSessionTimerPosResponse&) const = default;
};
struct ResetApplicationSessionTimerNegResponse {
    static constexpr std::string_view kName = "ResetApplicationSessionTimerNegResponse";
    SessionErrorCode errorCode{};
    bool operator==(const ResetApplicationSessionTimerNegResponse&) const = default;
};

}  // namespace csta
