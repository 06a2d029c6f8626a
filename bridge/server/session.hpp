#pragma once
// One CTI client connection: TCP or TLS, encoding detected from the first bytes, login,
// requests answered exactly once each, events pushed, a bounded output queue. The service
// logic lives in the SessionHost; the session only keeps the conversation honest.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <set>
#include <span>
#include <string>

#include "bridge/server/config.hpp"
#include "bridge/server/monitors.hpp"
#include "bridge/server/wire.hpp"

namespace bridge {

class Session;

struct LoginDecision {
    bool accepted = false;
    std::string reason;                // why not (logged, and told to the client)
    const UserConfig* user = nullptr;  // null = unauthenticated trusted peer
    std::string session_error = "invalidApplicationInfo";  // ECMA-354 definedError when refused
    std::string recovered_session_id;  // set when the login took over a lost session
    bool log_refusal = true;           // false: the host rate-limits its refusal log lines
};

class SessionHost {
public:
    virtual ~SessionHost() = default;
    virtual LoginDecision login(Session& session, const LoginRequest& request) = 0;
    // Must end, now or later, in exactly one session->respond(invoke_id, ...).
    virtual void request(const std::shared_ptr<Session>& session, InvokeId invoke_id, csta::Request request) = 0;
    virtual void closed(Session& session) = 0;
    // Longest ECMA-354 session duration granted (the configured session-timeout).
    virtual std::chrono::seconds session_timeout() const = 0;
    // A session was cut off because it did not read its output (for metrics).
    virtual void slow_consumer(Session& session) = 0;
    // Longest time the monitors of a lost XML session are kept for its recovery (0 = never).
    virtual std::chrono::seconds session_recovery() const = 0;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls, const ListenerConfig& listener,
            SessionHost& host, SessionId id);

    void start();
    // Ends the session: flushes what is queued (bounded by a short timer), then closes.
    void close(const std::string& reason);

    // Answers a request. Ignored (and logged) when that invoke id is not pending: every
    // request gets exactly one answer.
    void respond(InvokeId invoke_id, const csta::Response& response);
    void push_event(const csta::Event& event);
    // One monitor's copy of an event that fans out to several (see shared_encodings.hpp).
    void push_event(const csta::Event& event, SharedEncodings& shared);
    void push_request(const csta::Request& request);  // SystemStatus to the client

    SessionId id() const noexcept { return id_; }
    const std::string& peer() const noexcept { return peer_; }
    const boost::asio::ip::address& peer_address() const noexcept { return peer_address_; }
    const ListenerConfig& listener() const noexcept { return listener_; }
    const UserConfig* user() const noexcept { return user_; }
    bool logged_in() const noexcept { return logged_in_; }
    bool open() const noexcept { return !closing_; }
    std::string dialect() const;
    std::size_t pending_requests() const noexcept { return pending_.size(); }
    std::size_t queued_bytes() const noexcept { return sending_.size() - sent_ + queued_.size(); }  // not yet written
    // The sessionID given at login (XML clients see it in StartApplicationSessionPosResponse);
    // "" for a trusted peer that works without logging in.
    const std::string& session_id() const noexcept { return session_id_; }
    // How long the monitors may wait for this session's recovery once its connection is
    // lost; zero for BER sessions and when it ended in order (StopApplicationSession, session
    // timer).
    std::chrono::seconds recovery_window() const noexcept { return ended_in_order_ ? std::chrono::seconds(0) : recovery_window_; }

private:
    void read();
    void greet();  // the listener's greeting, if any (greeting.cpp)
    void on_bytes(std::span<const std::uint8_t> bytes);
    void handle(Inbound item);
    void handle_login(const LoginRequest& request);
    void handle_request(RequestIn request);
    void send(std::optional<Bytes> frame, const char* what);
    void write();
    void wrote(std::size_t n);  // n bytes of the queue reached the kernel
    void drop_unsent();  // empties the output queue except the bytes being written
    void arm_session_timer(long seconds);
    void arm_heartbeat();
    void arm_login_deadline();  // login (and TLS handshake) must be done by then
    void shutdown_transport();
    void read_plain();  // session_read.cpp
    void read_tls();
    void on_read(boost::system::error_code ec, std::span<const std::uint8_t> bytes);
    bool tls() const noexcept { return tls_stream_ != nullptr; }

    // The connection. Only a TLS listener's sessions carry an SSL stream (its SSL object and
    // record buffers are ~70 KB); a plain-TCP session is the socket alone.
    boost::asio::ip::tcp::socket socket_;
    std::unique_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket&>> tls_stream_;
    const ListenerConfig& listener_;
    SessionHost& host_;
    SessionId id_;
    std::string peer_;
    boost::asio::ip::address peer_address_;

    std::unique_ptr<WireProtocol> protocol_;
    Bytes detect_buffer_;
    // TLS only (session_read.cpp): the read buffer, small while the client sends little and
    // grown on demand; plain TCP reads into one buffer per thread once the socket is readable.
    Bytes tls_read_buffer_;
    std::size_t tls_read_size_ = 2 * 1024;  // the size of the next TLS read

    // The output queue, as bytes: frames are copied in back to back (their encoder's buffer is
    // freed at once) and every byte waiting goes to the kernel in one write as soon as the
    // previous write completes, so the queue only grows while the client's socket does not
    // drain (a slow consumer), never because the bridge writes frame by frame. Two buffers:
    // `sending_` is what the current write refers to and never moves while it runs; new frames
    // go to `queued_`. Neither is a heap block per frame, so a burst of thousands of frames
    // (a resync, a recovery) does not leave the heap strewn with freed frames between live blocks.
    Bytes sending_;
    std::size_t sent_ = 0;  // bytes of sending_ already written
    Bytes queued_;
    bool has_output() const noexcept { return sent_ < sending_.size() || !queued_.empty(); }
    bool writing_ = false;

    bool logged_in_ = false;
    bool closing_ = false;
    const UserConfig* user_ = nullptr;
    std::string session_id_;
    std::chrono::seconds recovery_window_{0};
    bool ended_in_order_ = false;
    std::set<InvokeId> pending_;
    InvokeId next_own_invoke_ = 1;
    boost::asio::steady_timer session_timer_;
    boost::asio::steady_timer close_timer_;
    boost::asio::steady_timer heartbeat_timer_;
    std::size_t unanswered_heartbeats_ = 0;
    boost::asio::steady_timer login_timer_;
    std::size_t bad_input_before_login_ = 0;
};

}  // namespace bridge
