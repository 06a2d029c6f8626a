#pragma once
// ECMA-285 BER codec: whole APDUs (ACSE, ROSE) <-> the csta model.
//   decode_apdu(bytes) -> Apdu or DecodeError (with the ROSE Reject to answer, if any)
//   encode(apdu)       -> bytes (one APDU, without the 2-byte frame length)
// Requests travel in Invoke, positive responses in ReturnResult, csta::ErrorCode as
// ReturnError universalFailure (errcode 1), events as Invoke cSTAEventReport (21).
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>

#include "csta/ber/envelope.hpp"
#include "csta/ber/opcodes.hpp"
#include "csta/model/messages.hpp"

namespace csta::ber {

struct Invoke {
    long invoke_id = 0;
    long opcode = 0;  // as received (systemStatus may be 52 or 211); set by encode from the request
    csta::Request request;
};
struct Result {
    long invoke_id = 0;
    csta::Response response;  // an ErrorCode alternative is sent as ReturnError
};
struct ReturnError {
    long invoke_id = 0;
    csta::ErrorCode error;
};
struct EventReport {
    long invoke_id = 0;
    csta::Event event;  // carries its monitorCrossRefID (crossRefIdentifier on the wire)
};

using Apdu = std::variant<Aarq, Aare, Rlrq, Rlre, Abrt, Invoke, Result, ReturnError, Reject, EventReport>;

struct DecodeError {
    std::string message;
    std::optional<Reject> reject;  // what to answer; none for broken ACSE (abort instead)
};

// A message the BER mapping does not cover (see supported()).
struct EncodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Codec {
public:
    std::variant<Apdu, DecodeError> decode_apdu(std::span<const std::uint8_t> apdu) const;
    Bytes encode(const Apdu& apdu) const;  // throws EncodeError

    static bool supported(const csta::Request& r);
    static bool supported(const csta::Response& r);
    static bool supported(const csta::Event& e);
};

}  // namespace csta::ber
