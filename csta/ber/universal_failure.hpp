#pragma once
// csta::ErrorCode <-> ECMA-285 UniversalFailure (the parameter of ROSE error universalFailure).
#include <span>

#include "csta/ber/asn1_support.hpp"
#include "csta/model/errors.hpp"

namespace csta::ber {

// An error value this ECMA-285 edition does not know is sent as the category's generic(1):
// the client still learns the category, and a response is never lost to an encoding error.
Bytes encode_universal_failure(const ErrorCode& error);
// Throws map::MappingError for a value outside the category's enumeration.
ErrorCode decode_universal_failure(std::span<const std::uint8_t> parameter);

}  // namespace csta::ber
