#include "bridge/server/session.hpp"

#include <algorithm>
#include <boost/asio/write.hpp>
#include <openssl/rand.h>
#include <vector>
#include <spdlog/spdlog.h>
#include <stdexcept>

#include "csta/framing/framing.hpp"

namespace bridge {

namespace asio = boost::asio;

namespace {
// 128 bits from OpenSSL's CSPRNG: a session ID is a bearer credential for session recovery,
// so one seen ID must not reveal the next.
std::string random_session_id() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a session ID");
    static const char* hex = "0123456789ABCDEF";
    std::string s;
    for (unsigned char b : bytes) {
        s += hex[b >> 4];
        s += hex[b & 15];
    }
    return s;
}

// Frames a client may get wrong before it has logged in; one more closes the connection
// (a peer that only sends garbage is not a CSTA client).
constexpr std::size_t kBadInputBeforeLogin = 3;
}  // namespace

std::string_view to_string(Encoding e) { return e == Encoding::xml ? "XML" : "BER"; }

Session::Session(asio::ip::tcp::socket socket, asio::ssl::context* tls, const ListenerConfig& listener,
                 SessionHost& host, SessionId id)
    : socket_(std::move(socket)), listener_(listener), host_(host), id_(id),
      session_timer_(socket_.get_executor()), close_timer_(socket_.get_executor()),
      heartbeat_timer_(socket_.get_executor()), login_timer_(socket_.get_executor()) {
    if (tls) tls_stream_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *tls);
    boost::system::error_code ec;
    auto ep = socket_.remote_endpoint(ec);
    if (!ec) {
        peer_address_ = ep.address();
        peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
    } else {
        peer_ = "unknown peer";
    }
}

std::string Session::dialect() const { return protocol_ ? protocol_->dialect() : "undetected"; }

void Session::start() {
    spdlog::info("session {}: {} connected to listener '{}'{}", id_, peer_, listener_.name, tls() ? " (TLS)" : "");
    arm_login_deadline();
    if (!tls()) {
        // Plain reads wait for readability, then read without blocking (session_read.cpp).
        boost::system::error_code ec;
        socket_.non_blocking(true, ec);
        greet();
        read();
        return;
    }
    tls_stream_->async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](boost::system::error_code ec) {
        if (ec) {
            spdlog::warn("session {}: TLS handshake with {} failed: {}", self->id_, self->peer_, ec.message());
            self->close("TLS handshake failed");
            return;
        }
        self->greet();
        self->read();
    });
}

void Session::on_bytes(std::span<const std::uint8_t> bytes) {
    if (!protocol_) {
        detect_buffer_.insert(detect_buffer_.end(), bytes.begin(), bytes.end());
        auto kind = csta::framing::detect(detect_buffer_);
        if (kind == csta::framing::Detection::need_more) return;
        WireOptions options{listener_.max_frame_bytes, listener_.xml_edition.back() - '0'};
        if (kind == csta::framing::Detection::xml && listener_.allow_xml) protocol_ = make_xml_protocol(options);
        else if (kind == csta::framing::Detection::ber && listener_.allow_ber) protocol_ = make_ber_protocol(options);
        if (!protocol_) {
            close(kind == csta::framing::Detection::unknown
                      ? "first bytes are neither CSTA XML framing nor a BER AARQ/Invoke"
                      : "encoding not enabled on this listener");
            return;
        }
        spdlog::info("session {}: {} speaks {}", id_, peer_, to_string(protocol_->encoding()));
        Bytes first;
        first.swap(detect_buffer_);
        protocol_->feed(first);
    } else {
        protocol_->feed(bytes);
    }
    while (!closing_) {
        auto item = protocol_->next();
        if (!item) break;
        handle(std::move(*item));
    }
}

void Session::handle(Inbound item) {
    std::visit(
        [this](auto&& in) {
            using T = std::decay_t<decltype(in)>;
            if constexpr (std::is_same_v<T, LoginRequest>) {
                handle_login(in);
            } else if constexpr (std::is_same_v<T, RequestIn>) {
                handle_request(std::move(in));
            } else if constexpr (std::is_same_v<T, ResponseIn>) {
                spdlog::debug("session {}: client answered our request {}", id_, in.invoke_id);
                unanswered_heartbeats_ = 0;  // the client is alive and reading
            } else if constexpr (std::is_same_v<T, KeepAlive>) {
                if (!logged_in_ || (!in.session_id.empty() && in.session_id != session_id_)) {
                    send(protocol_->keepalive_refused("invalidSessionID"), "keep-alive refusal");
                    return;
                }
                long duration = in.requested_duration.value_or(0);
                long max = static_cast<long>(host_.session_timeout().count());
                if (duration <= 0 || duration > max) duration = max;
                arm_session_timer(duration);
                send(protocol_->keepalive_accepted(duration), "keep-alive answer");
            } else if constexpr (std::is_same_v<T, LogoutRequest>) {
                send(protocol_->logout_accepted(), "logout answer");
                ended_in_order_ = true;
                close("client logged off");
            } else if constexpr (std::is_same_v<T, BadInput>) {
                spdlog::warn("session {}: bad input from {}: {}", id_, peer_, in.reason);
                if (!in.reply.empty()) send(std::move(in.reply), "error reply");
                if (in.fatal) close("unrecoverable input: " + in.reason);
                else if (!logged_in_ && ++bad_input_before_login_ >= kBadInputBeforeLogin)
                    close(std::to_string(bad_input_before_login_) + " bad frames before a login");
            }
        },
        std::move(item));
}

void Session::handle_login(const LoginRequest& request) {
    if (logged_in_) {
        send(protocol_->login_refused("session already started", "invalidApplicationInfo"), "login refusal");
        return;
    }
    auto decision = host_.login(*this, request);
    if (!decision.accepted) {
        if (decision.log_refusal) spdlog::warn("session {}: login of '{}' from {} refused: {}", id_, request.user, peer_, decision.reason);
        send(protocol_->login_refused(decision.reason, decision.session_error), "login refusal");
        close("login refused");
        return;
    }
    logged_in_ = true;
    login_timer_.cancel();
    user_ = decision.user;
    session_id_ = decision.recovered_session_id.empty() ? random_session_id() : decision.recovered_session_id;
    if (protocol_->encoding() == Encoding::xml) {
        // The client may ask for a shorter window than the configured one, never a longer.
        recovery_window_ = host_.session_recovery();
        if (request.cleanup_delay && *request.cleanup_delay >= 0 && std::chrono::seconds(*request.cleanup_delay) < recovery_window_)
            recovery_window_ = std::chrono::seconds(*request.cleanup_delay);
    }
    long max = static_cast<long>(host_.session_timeout().count());
    long duration = request.requested_duration.value_or(max);
    if (duration <= 0 || duration > max) duration = max;
    if (protocol_->encoding() == Encoding::xml) arm_session_timer(duration);
    spdlog::info("session {}: '{}' logged in from {} ({}){}", id_, request.user, peer_, protocol_->dialect(),
                 decision.recovered_session_id.empty() ? "" : ", recovering sessionID " + session_id_);
    send(protocol_->login_accepted(session_id_, duration), "login answer");
    arm_heartbeat();
}

void Session::handle_request(RequestIn in) {
    if (!logged_in_) {
        // Clients from trusted networks may skip the login; everyone else must log in first.
        if (!listener_.unauthenticated.empty() && listener_.unauthenticated.allows(peer_address_)) {
            logged_in_ = true;
            login_timer_.cancel();
            spdlog::info("session {}: {} works without login (trusted network)", id_, peer_);
            arm_heartbeat();
        } else {
            pending_.insert(in.invoke_id);
            respond(in.invoke_id, csta::ErrorCode(csta::SecurityError::generic));
            close("request before login from an untrusted network");
            return;
        }
    }
    if (!pending_.insert(in.invoke_id).second) {
        spdlog::warn("session {}: invoke id {} is already in progress; refused", id_, in.invoke_id);
        send(protocol_->response(in.invoke_id, csta::ErrorCode(csta::OperationError::invalidMsgID)), "duplicate refusal");
        return;
    }
    host_.request(shared_from_this(), in.invoke_id, std::move(in.request));
}

void Session::respond(InvokeId invoke_id, const csta::Response& response) {
    if (pending_.erase(invoke_id) == 0) {
        spdlog::error("session {}: second answer to invoke id {} dropped (bug)", id_, invoke_id);
        return;
    }
    if (closing_ && !protocol_) return;
    auto frame = protocol_->response(invoke_id, response);
    if (!frame) {
        spdlog::error("session {}: {} too large for the framing; answering an error instead", id_, csta::name(response));
        frame = protocol_->response(invoke_id, csta::ErrorCode(csta::SystemResourceAvailabilityError::generic));
    }
    send(std::move(frame), "response");
}

void Session::push_event(const csta::Event& event) {
    if (closing_ || !protocol_ || !logged_in_) return;
    send(protocol_->event(event), "event");
}

void Session::push_event(const csta::Event& event, SharedEncodings& shared) {
    if (closing_ || !protocol_ || !logged_in_) return;
    send(protocol_->shared_event(event, shared), "event");
}

void Session::push_request(const csta::Request& request) {
    if (closing_ || !protocol_ || !logged_in_) return;
    auto id = next_own_invoke_;
    next_own_invoke_ = next_own_invoke_ % 9998 + 1;  // XML invoke ids are 4 digits; 9999 is for events
    send(protocol_->request(id, request), "request");
}

void Session::send(std::optional<Bytes> frame, const char* what) {
    if (!frame) {
        spdlog::error("session {}: could not encode {} for {}", id_, what, peer_);
        return;
    }
    if (closing_ && !has_output() && !writing_) return;
    if (queued_bytes() + frame->size() > listener_.max_output_queue_bytes) {
        spdlog::warn("session {}: {} does not read fast enough ({} bytes waiting, limit {}); disconnecting", id_, peer_,
                     queued_bytes(), listener_.max_output_queue_bytes);
        host_.slow_consumer(*this);
        drop_unsent();
        close("slow consumer: output queue full");
        return;
    }
    queued_.insert(queued_.end(), frame->begin(), frame->end());
    write();
}

namespace {
// A buffer that held a burst gives its memory back once empty; a few KB stay for the usual
// trickle of frames.
void release_if_large(Bytes& buffer) {
    constexpr std::size_t keep_capacity = 16 * 1024;
    if (buffer.capacity() > keep_capacity) Bytes().swap(buffer);
}
}  // namespace

void Session::drop_unsent() {
    // The bytes the current write refers to stay until it completes: the kernel may still read them.
    queued_.clear();
    release_if_large(queued_);
    if (!writing_) {
        sending_.clear();
        sent_ = 0;
        release_if_large(sending_);
    }
}

void Session::write() {
    if (writing_ || !has_output()) return;
    // Everything waiting joins what is left of the last write: one contiguous buffer.
    if (sent_ == sending_.size()) {
        sending_.clear();
        sent_ = 0;
        sending_.swap(queued_);
    } else if (!queued_.empty()) {
        sending_.insert(sending_.end(), queued_.begin(), queued_.end());
        queued_.clear();
    }
    writing_ = true;
    auto handler = [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
        self->writing_ = false;
        if (ec) {
            self->sending_ = {};
            self->queued_ = {};
            self->sent_ = 0;
            self->close("write failed: " + ec.message());
            return;
        }
        self->wrote(n);
        if (self->has_output()) self->write();
        else if (self->closing_) self->shutdown_transport();
    };
    const auto unsent = asio::buffer(sending_) + sent_;
    if (!tls()) {
        // Plain TCP: the kernel takes what fits in its buffer; the rest goes in the next round
        // with the new frames.
        constexpr std::size_t max_bytes = 1024 * 1024;
        socket_.async_write_some(asio::buffer(unsent, max_bytes), handler);
        return;
    }
    // TLS: at most a few records per write, so new frames join the next one soon.
    constexpr std::size_t max_tls_bytes = 64 * 1024;
    asio::async_write(*tls_stream_, asio::buffer(unsent, max_tls_bytes), handler);
}

void Session::wrote(std::size_t n) {
    sent_ = std::min(sent_ + n, sending_.size());
    if (sent_ == sending_.size()) {
        sending_.clear();
        sent_ = 0;
        release_if_large(sending_);
        if (queued_.empty()) release_if_large(queued_);
    }
}

void Session::arm_session_timer(long seconds) {
    session_timer_.expires_after(std::chrono::seconds(seconds));
    session_timer_.async_wait([self = weak_from_this()](boost::system::error_code ec) {
        auto s = self.lock();
        if (!ec && s) {
            s->ended_in_order_ = true;  // the application is gone: nothing to recover
            s->close("application session timer expired (no ResetApplicationSessionTimer)");
        }
    });
}

void Session::arm_heartbeat() {
    if (listener_.heartbeat_seconds == 0) return;
    heartbeat_timer_.expires_after(std::chrono::seconds(listener_.heartbeat_seconds));
    heartbeat_timer_.async_wait([self = weak_from_this()](boost::system::error_code ec) {
        auto s = self.lock();
        if (ec || !s || s->closing_) return;
        if (s->unanswered_heartbeats_ >= s->listener_.heartbeat_misses) {
            s->close(std::to_string(s->unanswered_heartbeats_) + " SystemStatus heartbeats unanswered");
            return;
        }
        ++s->unanswered_heartbeats_;
        csta::SystemStatus heartbeat;
        heartbeat.systemStatus = csta::SystemStatusValue::normal;
        s->push_request(heartbeat);
        s->arm_heartbeat();
    });
}

void Session::arm_login_deadline() {
    if (listener_.login_timeout.count() <= 0) return;
    login_timer_.expires_after(listener_.login_timeout);
    login_timer_.async_wait([self = weak_from_this()](boost::system::error_code ec) {
        auto s = self.lock();
        if (ec || !s || s->closing_ || s->logged_in_) return;
        s->close("no login within " + std::to_string(s->listener_.login_timeout.count()) +
                 " s (login-timeout-seconds)" + (s->tls() && !s->protocol_ ? ", TLS handshake included" : ""));
    });
}

void Session::close(const std::string& reason) {
    if (closing_) return;
    closing_ = true;
    spdlog::info("session {}: closing {}: {}", id_, peer_, reason);
    session_timer_.cancel();
    heartbeat_timer_.cancel();
    login_timer_.cancel();
    host_.closed(*this);
    if (!writing_ && !has_output()) {
        shutdown_transport();
        return;
    }
    // Let the last answers (an error, a logout confirmation) reach the client, briefly.
    close_timer_.expires_after(std::chrono::seconds(2));
    close_timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->shutdown_transport(); });
}

void Session::shutdown_transport() {
    boost::system::error_code ec;
    close_timer_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
}

}  // namespace bridge
