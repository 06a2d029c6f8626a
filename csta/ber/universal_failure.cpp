#include "csta/ber/universal_failure.hpp"

#include <array>

#include "csta/ber/field_map.hpp"

namespace csta::ber {
namespace {

// One enumeration per UniversalFailure alternative, in ErrorCategory order (the CHOICE's
// alternatives are in the same order, so the PR value is the category + 1).
asn_TYPE_descriptor_t* category_type(ErrorCategory c) {
    static const std::array<asn_TYPE_descriptor_t*, 7> types{
        &asn_DEF_OperationErrors,
        &asn_DEF_SecurityErrors,
        &asn_DEF_StateIncompatibilityErrors,
        &asn_DEF_SystemResourceAvailabilityErrors,
        &asn_DEF_SubscribedResourceAvailabilityErrors,
        &asn_DEF_PerformanceManagementErrors,
        &asn_DEF_PrivateDataInfoErrors,
    };
    const auto i = static_cast<std::size_t>(c);
    return i < types.size() ? types[i] : nullptr;  // unspecified: NULL, no value
}

constexpr long generic_value = 1;

}  // namespace

Bytes encode_universal_failure(const ErrorCode& error) {
    auto a = asn1::make<UniversalFailure_t>(asn_DEF_UniversalFailure);
    a->present = static_cast<UniversalFailure_PR>(static_cast<int>(error.category) + 1);
    if (auto* td = category_type(error.category)) {
        // All enumerated alternatives are `long` in one union slot.
        a->choice.operation = asn1::enum_value(*td, error.value).value_or(generic_value);
    }
    return asn1::encode(asn_DEF_UniversalFailure, a.get());
}

ErrorCode decode_universal_failure(std::span<const std::uint8_t> parameter) {
    auto r = asn1::decode(asn_DEF_UniversalFailure, parameter);
    if (!r.error.empty()) throw map::MappingError(r.error);
    const auto a = asn1::adopt<UniversalFailure_t>(asn_DEF_UniversalFailure, r.value);
    if (a->present == UniversalFailure_PR_NOTHING) throw map::MappingError("empty UniversalFailure");
    const auto category = static_cast<ErrorCategory>(static_cast<int>(a->present) - 1);
    auto* td = category_type(category);
    if (!td) return ErrorCode(category, "");
    const auto name = asn1::enum_name(*td, a->choice.operation);
    if (!name) throw map::MappingError("unknown " + std::string(td->name) + " value " + std::to_string(a->choice.operation));
    return ErrorCode(category, std::string(*name));
}

}  // namespace csta::ber
