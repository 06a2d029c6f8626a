#pragma once
// What a CTI client says and what the bridge answers, independent of the encoding. One
// WireProtocol per session turns bytes into Inbound items and outbound messages into framed
// bytes: XmlWireProtocol (ECMA-323 + ECMA-354 sessions, 8-byte header) and BerWireProtocol
// (ECMA-285 ROSE/ACSE, 2-byte length). The session logic never sees an encoding.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "bridge/server/shared_encodings.hpp"
#include "csta/model/messages.hpp"

namespace bridge {

using Bytes = std::vector<std::uint8_t>;
using InvokeId = std::uint32_t;

// ECMA-354 StartApplicationSession (XML) or ACSE AARQ (BER).
struct LoginRequest {
    std::string user;
    std::string password;
    bool has_credentials = false;
    std::string application;
    std::optional<long> requested_duration;  // seconds (XML sessions)
    // XML sessions, DMCC-style recovery: the sessionID of a lost session to take over, and
    // how long this session's monitors should outlive a lost connection.
    std::string recover_session_id;
    std::optional<long> cleanup_delay;
};
// A CSTA request with the client's invoke id.
struct RequestIn {
    InvokeId invoke_id = 0;
    csta::Request request;
};
// A response of the client to a request the bridge sent (SystemStatus, SwitchingFunctionDevices).
struct ResponseIn {
    InvokeId invoke_id = 0;
    csta::Response response;
};
// ResetApplicationSessionTimer.
struct KeepAlive {
    std::string session_id;
    std::optional<long> requested_duration;
};
// StopApplicationSession / ACSE RLRQ.
struct LogoutRequest {};
// Input the protocol could not accept. `reply` (already framed) is the precise error to send:
// a CSTAErrorCode for XML, a ROSE Reject for BER. `fatal` = the stream cannot go on (broken
// framing, ACSE abort): the session closes after sending the reply.
struct BadInput {
    std::string reason;
    Bytes reply;
    bool fatal = false;
};
using Inbound = std::variant<LoginRequest, RequestIn, ResponseIn, KeepAlive, LogoutRequest, BadInput>;

enum class Encoding { xml, ber };
std::string_view to_string(Encoding e);

class WireProtocol {
public:
    virtual ~WireProtocol() = default;
    virtual Encoding encoding() const = 0;

    virtual void feed(std::span<const std::uint8_t> bytes) = 0;
    virtual std::optional<Inbound> next() = 0;

    // Every encoder returns framed bytes, or nullopt when the message cannot be encoded
    // (too large for the framing): the caller logs it and answers with an error instead.
    virtual std::optional<Bytes> login_accepted(const std::string& session_id, long duration) = 0;
    // session_error: the ECMA-354 definedError for XML (invalidApplicationInfo,
    // invalidSessionID...); BER answers an AARE rejection whatever it is.
    virtual std::optional<Bytes> login_refused(const std::string& reason, const std::string& session_error) = 0;
    virtual std::optional<Bytes> keepalive_accepted(long duration) = 0;
    virtual std::optional<Bytes> keepalive_refused(const std::string& reason) = 0;
    virtual std::optional<Bytes> logout_accepted() = 0;
    virtual std::optional<Bytes> response(InvokeId invoke_id, const csta::Response& response) = 0;
    virtual std::optional<Bytes> event(const csta::Event& event) = 0;
    // The same, for one of the monitors an event fans out to: may reuse the encoding of an
    // earlier copy of the same form kept in `shared` (shared_encodings.hpp), and keep its own
    // there. The bytes are exactly what event() gives. The default encodes anew.
    virtual std::optional<Bytes> shared_event(const csta::Event& event, SharedEncodings& shared) {
        (void)shared;
        return this->event(event);
    }
    // A request of the bridge's own (SystemStatus heartbeat / link state).
    virtual std::optional<Bytes> request(InvokeId invoke_id, const csta::Request& request) = 0;
    // Name of the client's dialect for logs ("XML ed3", "BER").
    virtual std::string dialect() const = 0;
};

// Creates the protocol for the framing detected on a new connection.
struct WireOptions {
    std::size_t max_frame_bytes = 64 * 1024;
    int default_xml_edition = 6;
};
std::unique_ptr<WireProtocol> make_xml_protocol(const WireOptions& options);
std::unique_ptr<WireProtocol> make_ber_protocol(const WireOptions& options);

}  // namespace bridge
