#include "tools/csta-cli/session.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include "csta/ber/codec.hpp"

namespace csta_cli {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace ber = csta::ber;

namespace {
constexpr std::size_t kMaxUnconsumedEvents = 10000;  // wait-event memory stays bounded
constexpr std::size_t kMaxFrame = 1 << 20;

std::string describe_connect_error(const boost::system::error_code& ec) {
    if (ec == asio::error::connection_refused) return "connection refused (is csta-bridge listening there?)";
    if (ec == asio::error::timed_out) return "connection timed out";
    return ec.message();
}
}  // namespace

Session::Session(asio::io_context& io, SessionOptions options, Output out)
    : io_(io), options_(std::move(options)), out_(std::move(out)), tls_context_(asio::ssl::context::tls_client),
      stream_(io_, tls_context_), keep_alive_(io_),
      deframer_(options_.ber ? csta::framing::Kind::ber : csta::framing::Kind::xml,
                csta::framing::Limits{kMaxFrame, true}) {
    if (options_.tls) {
        tls_context_.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                                 asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
        if (options_.insecure) {
            stream_.set_verify_mode(asio::ssl::verify_none);
        } else {
            if (options_.ca_file.empty()) tls_context_.set_default_verify_paths();
            else tls_context_.load_verify_file(options_.ca_file);
            stream_.set_verify_mode(asio::ssl::verify_peer);
            stream_.set_verify_callback(asio::ssl::host_name_verification(options_.host));
            SSL_set_tlsext_host_name(stream_.native_handle(), options_.host.c_str());
        }
    }
}

Session::~Session() {
    boost::system::error_code ec;
    stream_.next_layer().close(ec);
}

bool Session::run_until(const std::function<bool()>& done, Clock::time_point deadline) {
    while (!done()) {
        if (closed_ || Clock::now() >= deadline) return done();
        if (io_.stopped()) io_.restart();
        io_.run_one_until(deadline);
    }
    return true;
}

void Session::fail(const std::string& why) {
    if (closed_) return;
    closed_ = true;
    close_reason_ = why;
    keep_alive_.cancel();
    boost::system::error_code ec;
    stream_.next_layer().close(ec);
}

long Session::next_invoke() {
    invoke_ = invoke_ % 9998 + 1;  // XML header invokeIDs are 4 digits; 9999 is for events
    return invoke_;
}

std::optional<std::string> Session::open(Clock::duration timeout) {
    const auto deadline = Clock::now() + timeout;
    tcp::resolver resolver(io_);
    boost::system::error_code ec;
    auto endpoints = resolver.resolve(options_.host, options_.port, ec);
    if (ec) return "cannot resolve " + options_.host + ": " + ec.message();

    std::optional<boost::system::error_code> connect_result;
    asio::async_connect(stream_.next_layer(), endpoints,
                        [&](const boost::system::error_code& e, const tcp::endpoint&) { connect_result = e; });
    if (!run_until([&] { return connect_result.has_value(); }, deadline)) {
        fail("timeout");
        return "connection to " + options_.host + ":" + options_.port + " timed out";
    }
    if (*connect_result)
        return "cannot connect to " + options_.host + ":" + options_.port + ": " + describe_connect_error(*connect_result);
    stream_.next_layer().set_option(tcp::no_delay(true), ec);

    if (options_.tls) {
        std::optional<boost::system::error_code> hs;
        stream_.async_handshake(asio::ssl::stream_base::client, [&](const boost::system::error_code& e) { hs = e; });
        if (!run_until([&] { return hs.has_value(); }, deadline)) return "TLS handshake timed out";
        if (*hs) return "TLS handshake failed: " + hs->message() + " (--ca FILE, or --insecure to skip the check)";
    }
    connected_ = true;
    start_read();

    if (options_.ber) {
        ber::Aarq aarq;
        aarq.application_context = "1.3.12.0.218.200";  // CSTA Phase III
        aarq.password = options_.user + ":" + options_.password;
        send_frame(ber::Codec{}.encode(ber::Apdu(aarq)), 0, false);
    } else {
        csta::StartApplicationSession s;
        s.applicationID = "csta-cli";
        s.credentials = csta::SessionCredentials{options_.user, options_.password};
        s.requestedProtocolVersions = {csta::xml::csta_namespace(options_.edition)};
        s.requestedSessionDuration = options_.session_seconds;
        auto doc = csta::xml::Codec::encode(csta::SessionMessage(s));
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), next_invoke(), true);
    }
    if (!run_until([&] { return logged_in_ || login_error_.has_value(); }, deadline)) {
        if (closed_) return "the server closed the connection during login (" + close_reason_ + ")";
        return "no answer to the login within the timeout";
    }
    if (login_error_) return "login refused: " + *login_error_;
    return std::nullopt;
}

void Session::start_read() {
    auto handler = [this](const boost::system::error_code& ec, std::size_t n) {
        if (ec) {
            if (ec != asio::error::operation_aborted)
                fail(ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ? "closed by the server"
                                                                                         : ec.message());
            return;
        }
        deframer_.feed(std::span<const std::uint8_t>(read_buffer_.data(), n));
        while (auto item = deframer_.next()) {
            if (auto* err = std::get_if<csta::framing::Error>(&*item)) {
                fail("bad framing from the server: " + std::string(csta::framing::to_string(*err)));
                return;
            }
            on_frame(std::get<csta::framing::Frame>(*item));
            if (closed_) return;
        }
        start_read();
    };
    if (options_.tls) stream_.async_read_some(asio::buffer(read_buffer_), handler);
    else stream_.next_layer().async_read_some(asio::buffer(read_buffer_), handler);
}

void Session::on_frame(const csta::framing::Frame& frame) {
    if (options_.print_hex) out_(hex_dump(frame.payload, "< "));
    if (options_.ber) on_ber(frame);
    else on_xml(frame);
}

void Session::on_xml(const csta::framing::Frame& frame) {
    std::string_view doc(reinterpret_cast<const char*>(frame.payload.data()), frame.payload.size());
    if (options_.print_xml) out_("<-- " + std::string(doc));
    const long invoke = frame.invoke.value_or(0);
    auto d = xml_.decode(doc);
    if (!d.ok()) {
        out_("warning: cannot read a message from the server (" + d.root + "): " + d.error->reason);
        odd_answers_[invoke] = true;
        return;
    }
    std::visit(
        [&](auto&& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, csta::Event>) {
                on_event(m);
            } else if constexpr (std::is_same_v<T, csta::Request>) {
                on_server_request(invoke, m);
            } else if constexpr (std::is_same_v<T, csta::Response>) {
                on_answer(invoke, m);
            } else {
                if (auto* pos = std::get_if<csta::StartApplicationSessionPosResponse>(&m)) {
                    session_id_ = pos->sessionID;
                    logged_in_ = true;
                    schedule_keep_alive(pos->actualSessionDuration);
                } else if (auto* neg = std::get_if<csta::StartApplicationSessionNegResponse>(&m)) {
                    login_error_ = neg->errorCode.value +
                                   (neg->errorCode.value == "invalidApplicationInfo" ? " (wrong user or password?)" : "");
                } else if (std::holds_alternative<csta::StopApplicationSessionPosResponse>(m) ||
                           std::holds_alternative<csta::StopApplicationSessionNegResponse>(m)) {
                    released_ = true;
                } else if (auto* rneg = std::get_if<csta::ResetApplicationSessionTimerNegResponse>(&m)) {
                    out_("warning: the server refused to extend the session: " + rneg->errorCode.value);
                } else if (std::holds_alternative<csta::StopApplicationSession>(m)) {
                    out_("the server ended the session");
                    fail("session stopped by the server");
                }
            }
        },
        *d.message);
}

void Session::on_ber(const csta::framing::Frame& frame) {
    auto d = ber::Codec{}.decode_apdu(frame.payload);
    if (auto* e = std::get_if<ber::DecodeError>(&d)) {
        out_("warning: cannot read an APDU from the server: " + e->message);
        return;
    }
    auto& apdu = std::get<ber::Apdu>(d);
    if (auto* aare = std::get_if<ber::Aare>(&apdu)) {
        if (aare->result == ber::AssociateResult::accepted) logged_in_ = true;
        else
            login_error_ = "association rejected, diagnostic " + std::to_string(aare->diagnostic) +
                           (aare->diagnostic == 13 ? " (authentication failure: wrong user or password?)" : "");
    } else if (auto* r = std::get_if<ber::Result>(&apdu)) {
        on_answer(r->invoke_id, r->response);
    } else if (auto* re = std::get_if<ber::ReturnError>(&apdu)) {
        on_answer(re->invoke_id, csta::Response(re->error));
    } else if (auto* ev = std::get_if<ber::EventReport>(&apdu)) {
        on_event(ev->event);
    } else if (auto* inv = std::get_if<ber::Invoke>(&apdu)) {
        on_server_request(inv->invoke_id, inv->request);
    } else if (auto* rj = std::get_if<ber::Reject>(&apdu)) {
        out_("error: the server rejected an APDU (ROSE problem " + std::to_string(rj->problem) + ")");
        if (rj->invoke_id) odd_answers_[*rj->invoke_id] = true;
    } else if (std::holds_alternative<ber::Rlre>(apdu)) {
        released_ = true;
    } else if (std::holds_alternative<ber::Abrt>(apdu)) {
        fail("the server aborted the association");
    } else if (std::holds_alternative<ber::Rlrq>(apdu)) {
        send_frame(ber::Codec{}.encode(ber::Apdu(ber::Rlre{0})), 0, false);
        fail("the server released the association");
    }
}

void Session::on_event(const csta::Event& e) {
    out_(printer_.event(e));
    unconsumed_events_.emplace_back(csta::name(e));
    if (unconsumed_events_.size() > kMaxUnconsumedEvents) unconsumed_events_.pop_front();
}

void Session::on_server_request(long invoke_id, const csta::Request& r) {
    out_(printer_.request(r));
    if (auto* list = std::get_if<csta::SwitchingFunctionDevices>(&r); list && list->lastSegment) ++device_lists_done_;
    // The bridge checks that its clients are alive with SystemStatus; an unanswered one ends
    // the session, so answer it at once.
    if (!std::holds_alternative<csta::SystemStatus>(r)) return;
    csta::Response answer = csta::SystemStatusResponse{};
    if (options_.ber) {
        send_frame(ber::Codec{}.encode(ber::Apdu(ber::Result{invoke_id, answer})), invoke_id, false);
    } else {
        auto doc = csta::xml::Codec::encode(answer, options_.edition);
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), invoke_id, true);
    }
}

void Session::on_answer(long invoke_id, const csta::Response& r) {
    out_(printer_.response(r));
    answers_.insert_or_assign(invoke_id, r);
}

void Session::schedule_keep_alive(long granted_seconds) {
    if (granted_seconds <= 0) return;
    // Reset at half the granted duration: leaves time for a slow answer.
    keep_alive_.expires_after(std::chrono::milliseconds(granted_seconds * 500));
    keep_alive_.async_wait([this, granted_seconds](const boost::system::error_code& ec) {
        if (ec || closed_) return;
        csta::ResetApplicationSessionTimer reset{session_id_, options_.session_seconds};
        auto doc = csta::xml::Codec::encode(csta::SessionMessage(reset));
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), next_invoke(), true);
        schedule_keep_alive(granted_seconds);
    });
}

long Session::send(const csta::Request& r) {
    const long id = next_invoke();
    if (options_.ber) {
        send_frame(ber::Codec{}.encode(ber::Apdu(ber::Invoke{id, 0, r})), id, false);
    } else {
        auto doc = csta::xml::Codec::encode(r, options_.edition);
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), id, true);
    }
    return id;
}

std::optional<long> Session::send_raw_xml(const std::string& document) {
    if (options_.ber) return std::nullopt;
    const long id = next_invoke();
    send_frame(std::vector<std::uint8_t>(document.begin(), document.end()), id, true);
    return id;
}

std::optional<csta::Response> Session::take_answer(long invoke_id) {
    auto it = answers_.find(invoke_id);
    if (it == answers_.end()) return std::nullopt;
    auto r = std::move(it->second);
    answers_.erase(it);
    return r;
}

bool Session::take_event(const std::string& name) {
    for (auto it = unconsumed_events_.begin(); it != unconsumed_events_.end(); ++it)
        if (*it == name) {
            unconsumed_events_.erase(it);
            return true;
        }
    return false;
}

void Session::send_frame(const std::vector<std::uint8_t>& payload, long invoke_id, bool is_xml_text) {
    if (closed_) return;
    if (is_xml_text && options_.print_xml)
        out_("--> " + std::string(reinterpret_cast<const char*>(payload.data()), payload.size()));
    auto framed = options_.ber ? csta::framing::encode_ber(payload, {kMaxFrame, true})
                               : csta::framing::encode_xml(
                                     std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()),
                                     static_cast<std::uint16_t>(invoke_id), {kMaxFrame, true});
    if (!framed) {
        out_("error: message too large to send");
        return;
    }
    if (options_.print_hex) out_(hex_dump(*framed, "> "));
    write_queue_.push_back(std::move(*framed));
    flush();
}

void Session::flush() {
    if (writing_ || write_queue_.empty() || closed_) return;
    writing_ = true;
    auto handler = [this](const boost::system::error_code& ec, std::size_t) {
        writing_ = false;
        if (ec) {
            if (ec != asio::error::operation_aborted) fail("write failed: " + ec.message());
            return;
        }
        write_queue_.pop_front();
        flush();
    };
    if (options_.tls) asio::async_write(stream_, asio::buffer(write_queue_.front()), handler);
    else asio::async_write(stream_.next_layer(), asio::buffer(write_queue_.front()), handler);
}

void Session::close(Clock::duration timeout) {
    if (closed_ || !connected_) return;
    const auto deadline = Clock::now() + timeout;
    if (logged_in_) {
        if (options_.ber) {
            send_frame(ber::Codec{}.encode(ber::Apdu(ber::Rlrq{0})), 0, false);
        } else {
            csta::StopApplicationSession stop;
            stop.sessionID = session_id_;
            stop.sessionEndReason = csta::SessionErrorCode{true, "normal"};
            auto doc = csta::xml::Codec::encode(csta::SessionMessage(stop));
            send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), next_invoke(), true);
        }
        run_until([&] { return released_; }, deadline);
    }
    fail("closed");
}

}  // namespace csta_cli
