#pragma once
// The negative response to any request: CSTAErrorCode (ECMA-323 root <CSTAErrorCode>, one
// child naming the category whose text is the value). ECMA-285: UniversalFailure.
#include <string>
#include <string_view>

#include "csta/model/error_values.hpp"

namespace csta {

// Category element names, schema spelling (systemResourceAvailibility, sic).
enum class ErrorCategory : std::uint8_t {
    operation,
    security,
    stateIncompatibility,
    systemResourceAvailibility,
    subscribedResourceAvailability,
    performanceManagement,
    privateData,
    unspecified
};
template <>
std::span<const std::string_view> literals<ErrorCategory>() noexcept;

// The value literals a category allows (empty for unspecified, whose content is free).
std::span<const std::string_view> error_values(ErrorCategory c) noexcept;

struct ErrorCode {
    static constexpr std::string_view kName = "CSTAErrorCode";
    ErrorCategory category = ErrorCategory::unspecified;
    // The value literal, e.g. "invalidDeviceID". Kept as text so that a value this build does
    // not know (newer edition, vendor) still round-trips; the typed constructors below are what
    // the bridge uses.
    std::string value{};

    ErrorCode() = default;
    ErrorCode(ErrorCategory c, std::string v) : category(c), value(std::move(v)) {}
    ErrorCode(OperationError e) : category(ErrorCategory::operation), value(to_string(e)) {}  // NOLINT
    ErrorCode(SecurityError e) : category(ErrorCategory::security), value(to_string(e)) {}    // NOLINT
    ErrorCode(StateIncompatibilityError e)  // NOLINT
        : category(ErrorCategory::stateIncompatibility), value(to_string(e)) {}
    ErrorCode(SystemResourceAvailabilityError e)  // NOLINT
        : category(ErrorCategory::systemResourceAvailibility), value(to_string(e)) {}
    ErrorCode(SubscribedResourceAvailabilityError e)  // NOLINT
        : category(ErrorCategory::subscribedResourceAvailability), value(to_string(e)) {}
    ErrorCode(PerformanceManagementError e)  // NOLINT
        : category(ErrorCategory::performanceManagement), value(to_string(e)) {}
    ErrorCode(PrivateDataInfoError e)  // NOLINT
        : category(ErrorCategory::privateData), value(to_string(e)) {}

    // True when value is one of the category's literals (always true for unspecified).
    bool known_value() const noexcept;

    bool operator==(const ErrorCode&) const = default;
};
using CSTAErrorCode = ErrorCode;

// "operation/invalidDeviceID" — for logs.
std::string describe(const ErrorCode& e);

}  // namespace csta
