#pragma once
// A blocking CSTA client for end-to-end tests: speaks XML (8-byte header, any edition, ECMA-354
// login) or BER (2-byte length, ACSE login) over TCP, with timeouts. Events and requests the
// server pushes while the test waits for a response are queued, in order.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "csta/framing/framing.hpp"
#include "csta/model/messages.hpp"
#include "csta/xml/codec.hpp"

namespace test_support {

using namespace std::chrono_literals;

class CstaTestClient {
public:
    enum class Encoding { xml, ber };

    CstaTestClient(unsigned short port, Encoding encoding, csta::xml::Edition edition = csta::xml::Edition::ed6);
    ~CstaTestClient();

    // XML: StartApplicationSession (credentials in applicationSpecificInfo); BER: AARQ with
    // calling-authentication-value "user:secret". True when the server accepted.
    // recover_session_id / cleanup_delay: DMCC-style session recovery (XML only).
    bool login(const std::string& user, const std::string& secret, std::string* detail = nullptr,
               const std::string& recover_session_id = {}, std::optional<long> cleanup_delay = std::nullopt);
    // Sends a request and waits for its answer (a response or a CSTAErrorCode).
    std::optional<csta::Response> call(const csta::Request& request, std::chrono::milliseconds timeout = 5s);
    std::optional<csta::Event> next_event(std::chrono::milliseconds timeout = 5s);
    // Requests the server sent (SystemStatus, SwitchingFunctionDevices).
    std::optional<csta::Request> next_server_request(std::chrono::milliseconds timeout = 5s);
    // ECMA-354 ResetApplicationSessionTimer; true when answered positively.
    bool keep_alive(const std::string& session_id);
    const std::string& session_id() const { return session_id_; }

    // Raw bytes, for hostile-input tests; and the next raw frame payload the server sends.
    void send_raw(const std::vector<std::uint8_t>& bytes);
    std::optional<std::vector<std::uint8_t>> next_frame(std::chrono::milliseconds timeout = 5s);
    // True when the server closed the connection within the timeout.
    bool wait_closed(std::chrono::milliseconds timeout = 5s);
    // Half-close: the client sends nothing more (the server reads end-of-file); what the server
    // already sent can still be read with next_event() until it closes its side.
    void shutdown_send();
    // Stops reading from the socket (slow consumer test) by never calling it again.
    Encoding encoding() const { return encoding_; }
    // Answer the server's SystemStatus requests (heartbeats) with SystemStatusResponse, as a
    // well-behaved CTI client does. Off by default so tests see every request.
    void auto_answer_heartbeats(bool on) { auto_answer_ = on; }

private:
    struct Answer {
        long invoke_id;
        std::variant<csta::Response, csta::SessionMessage, std::vector<std::uint8_t>> body;
    };
    bool pump(std::chrono::steady_clock::time_point deadline);  // reads and decodes one frame
    void send_frame(const std::vector<std::uint8_t>& payload, long invoke_id);
    std::optional<Answer> wait_answer(long invoke_id, std::chrono::milliseconds timeout);

    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
    Encoding encoding_;
    csta::xml::Edition edition_;
    csta::xml::Codec xml_;
    csta::framing::Deframer deframer_;
    bool closed_ = false;
    long next_invoke_ = 1;
    std::string session_id_;
    std::deque<Answer> answers_;
    std::deque<csta::Event> events_;
    std::deque<csta::Request> requests_;
    std::deque<std::vector<std::uint8_t>> raw_;
    bool keep_raw_ = false;
    bool auto_answer_ = false;
    void answer_system_status(long invoke_id);
};

// A free TCP port on 127.0.0.1 (bound and released; good enough on loopback in tests).
unsigned short free_port();

}  // namespace test_support
