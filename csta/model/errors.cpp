// CSTAErrorCode categories and their value tables.
#include "csta/model/errors.hpp"

#include <algorithm>

namespace csta {

static constexpr std::string_view kErrorCategory[] = {
    "operation",     "security",           "stateIncompatibility", "systemResourceAvailibility",
    "subscribedResourceAvailability", "performanceManagement", "privateData", "unspecified"};
template <>
std::span<const std::string_view> literals<ErrorCategory>() noexcept {
    return kErrorCategory;
}

std::span<const std::string_view> error_values(ErrorCategory c) noexcept {
    switch (c) {
        case ErrorCategory::operation: return literals<OperationError>();
        case ErrorCategory::security: return literals<SecurityError>();
        case ErrorCategory::stateIncompatibility: return literals<StateIncompatibilityError>();
        case ErrorCategory::systemResourceAvailibility: return literals<SystemResourceAvailabilityError>();
        case ErrorCategory::subscribedResourceAvailability:
            return literals<SubscribedResourceAvailabilityError>();
        case ErrorCategory::performanceManagement: return literals<PerformanceManagementError>();
        case ErrorCategory::privateData: return literals<PrivateDataInfoError>();
        case ErrorCategory::unspecified: return {};
    }
    return {};
}

bool ErrorCode::known_value() const noexcept {
    if (category == ErrorCategory::unspecified) return true;
    const auto values = error_values(category);
    return std::find(values.begin(), values.end(), std::string_view(value)) != values.end();
}

std::string describe(const ErrorCode& e) {
    std::string out(to_string(e.category));
    if (!e.value.empty()) out.append("/").append(e.value);
    return out;
}

}  // namespace csta
