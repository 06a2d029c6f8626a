#pragma once
// The network side of csta-cli: one CSTA session over TCP or TLS, XML (ECMA-323 + ECMA-354
// login) or BER (ECMA-285 + ACSE login), on a single-threaded io_context. Callers drive it
// with run_until(): every message that arrives is printed through the output callback as it
// comes, answers are kept for the request that asked, events are counted for wait-event.
// The session also keeps itself alive (ResetApplicationSessionTimer) and answers the server's
// SystemStatus requests.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "csta/framing/framing.hpp"
#include "csta/model/messages.hpp"
#include "csta/xml/codec.hpp"
#include "tools/csta-cli/printer.hpp"

namespace csta_cli {

struct SessionOptions {
    std::string host = "127.0.0.1";
    std::string port = "4721";
    bool tls = false;
    std::string ca_file{};   // --ca: trust this CA instead of the system's
    bool insecure = false;   // --insecure: do not verify the server certificate
    bool ber = false;
    csta::xml::Edition edition = csta::xml::Edition::ed6;
    std::string user{};
    std::string password{};
    bool print_xml = false;  // print every XML document sent and received
    bool print_hex = false;  // hex dump of every frame
    long session_seconds = 120;  // requested ECMA-354 session duration
};

class Session {
public:
    using Clock = std::chrono::steady_clock;
    using Output = std::function<void(const std::string& line)>;

    Session(boost::asio::io_context& io, SessionOptions options, Output out);
    ~Session();

    // Connects and logs in. Empty on success, else the reason ("connection refused", "login
    // refused: invalidApplicationInfo").
    std::optional<std::string> open(Clock::duration timeout);

    // Sends a request; returns its invokeID (the answer arrives later, see answer()).
    long send(const csta::Request& r);
    // Sends an XML document as it is, with a fresh invokeID. False for BER sessions.
    std::optional<long> send_raw_xml(const std::string& document);
    // The answer to a request, once it arrived (taken out of the session).
    std::optional<csta::Response> take_answer(long invoke_id);
    // True when something other than a Response answered (session message, undecodable).
    bool answered_otherwise(long invoke_id) const { return odd_answers_.count(invoke_id) > 0; }

    // Consumes the oldest not yet consumed event of that name, if one arrived.
    bool take_event(const std::string& name);

    // Runs the io_context until done() is true, the deadline passes, or the connection is gone.
    bool run_until(const std::function<bool()>& done, Clock::time_point deadline);

    // How many SwitchingFunctionDevices lists (last segment) have arrived so far.
    int device_lists_done() const { return device_lists_done_; }

    bool closed() const { return closed_; }
    const std::string& close_reason() const { return close_reason_; }

    // Polite goodbye (StopApplicationSession / ACSE release), then closes.
    void close(Clock::duration timeout);

private:
    using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

    void start_read();
    void on_frame(const csta::framing::Frame& frame);
    void on_xml(const csta::framing::Frame& frame);
    void on_ber(const csta::framing::Frame& frame);
    void on_event(const csta::Event& e);
    void on_server_request(long invoke_id, const csta::Request& r);
    void on_answer(long invoke_id, const csta::Response& r);
    void send_frame(const std::vector<std::uint8_t>& payload, long invoke_id, bool is_xml_text);
    void flush();
    void fail(const std::string& why);
    long next_invoke();
    void schedule_keep_alive(long granted_seconds);

    boost::asio::io_context& io_;
    SessionOptions options_;
    Output out_;
    boost::asio::ssl::context tls_context_;
    Stream stream_;
    boost::asio::steady_timer keep_alive_;
    csta::framing::Deframer deframer_;
    csta::xml::Codec xml_;
    Printer printer_;

    std::array<std::uint8_t, 16384> read_buffer_{};
    std::deque<std::vector<std::uint8_t>> write_queue_;
    bool writing_ = false;
    bool connected_ = false;
    bool closed_ = false;
    std::string close_reason_;
    long invoke_ = 0;

    // Login state.
    std::optional<std::string> login_error_;
    bool logged_in_ = false;
    bool released_ = false;
    std::string session_id_;

    std::map<long, csta::Response> answers_;
    std::map<long, bool> odd_answers_;
    std::deque<std::string> unconsumed_events_;  // names, bounded
    int device_lists_done_ = 0;
};

}  // namespace csta_cli
