#pragma once
// The ACSE (X.227) and ROSE (X.880) envelope of CSTA BER APDUs, with the CSTA payloads left as
// encoded bytes (one complete TLV each). codec.hpp maps those payloads to the csta model.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace csta::ber {

using Bytes = std::vector<std::uint8_t>;

// One EXTERNAL of an ACSE user-information field (X.208 EXTERNAL).
struct AcseExternal {
    std::string direct_reference;  // dotted OID; "" when absent
    // The value: single-ASN1-type's content (one complete TLV) or octet-aligned's octets.
    Bytes value;
    bool single_asn1_type = false;  // which of the two the value came in
    bool operator==(const AcseExternal&) const = default;
};

struct Aarq {
    std::string application_context;      // dotted OID, e.g. "1.3.12.0.180.1"
    std::optional<std::string> password;  // calling-authentication-value charstring
    // Where a peer may name its user instead (csta/ber/acse_login.hpp reads them):
    // calling-AP-title's value (one complete TLV of the AP-title CHOICE; empty when absent)
    // and the EXTERNALs of user-information, in order.
    Bytes calling_ap_title;
    std::vector<AcseExternal> user_information;
    bool operator==(const Aarq&) const = default;
};

enum class AssociateResult : long { accepted = 0, rejected_permanent = 1, rejected_transient = 2 };

struct Aare {
    std::string application_context;  // echoes the AARQ's
    AssociateResult result = AssociateResult::accepted;
    long diagnostic = 0;  // acse-service-user: null(0), ... authentication-failure(13)
    bool operator==(const Aare&) const = default;
};

struct Rlrq {
    std::optional<long> reason;  // normal(0), urgent(1), user-defined(30)
    bool operator==(const Rlrq&) const = default;
};
struct Rlre {
    std::optional<long> reason;  // normal(0), not-finished(1), user-defined(30)
    bool operator==(const Rlre&) const = default;
};
struct Abrt {
    long source = 0;                 // acse-service-user(0), acse-service-provider(1)
    std::optional<long> diagnostic;  // no-reason-given(1), protocol-error(2), ...
    bool operator==(const Abrt&) const = default;
};

// ROSE. invoke_id is absent only in a Reject of an APDU whose id could not be read (NULL).
struct RoseInvoke {
    long invoke_id = 0;
    long opcode = 0;
    Bytes argument;  // the argument's TLV; empty when absent
    bool operator==(const RoseInvoke&) const = default;
};
struct RoseResult {
    long invoke_id = 0;
    std::optional<long> opcode;  // absent when the operation has no result value
    Bytes result;
    bool operator==(const RoseResult&) const = default;
};
struct RoseError {
    long invoke_id = 0;
    long errcode = 0;
    Bytes parameter;
    bool operator==(const RoseError&) const = default;
};

enum class ProblemKind : std::uint8_t { general, invoke, returnResult, returnError };
namespace problem {
inline constexpr long unrecognizedPDU = 0, mistypedPDU = 1, badlyStructuredPDU = 2;  // general
inline constexpr long duplicateInvocation = 0, unrecognizedOperation = 1, mistypedArgument = 2,
                      resourceLimitation = 3;  // invoke
}  // namespace problem

struct Reject {
    std::optional<long> invoke_id;
    ProblemKind kind = ProblemKind::general;
    long problem = 0;
    bool operator==(const Reject&) const = default;
};

using Envelope = std::variant<Aarq, Aare, Rlrq, Rlre, Abrt, RoseInvoke, RoseResult, RoseError, Reject>;

struct EnvelopeError {
    std::string message;
    // For a broken ROSE APDU: the Reject to answer with. For anything else (broken ACSE,
    // unknown tag before association) the caller aborts the association.
    std::optional<Reject> reject;
};

std::variant<Envelope, EnvelopeError> decode_envelope(std::span<const std::uint8_t> apdu);
Bytes encode_envelope(const Envelope& envelope);

}  // namespace csta::ber
