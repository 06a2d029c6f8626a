#include "tests/support/csta_test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <poll.h>
#include <stdexcept>

#include "csta/ber/codec.hpp"

namespace test_support {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace ber = csta::ber;

unsigned short free_port() {
    asio::io_context io;
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

CstaTestClient::CstaTestClient(unsigned short port, Encoding encoding, csta::xml::Edition edition)
    : socket_(io_), encoding_(encoding), edition_(edition),
      deframer_(encoding == Encoding::xml ? csta::framing::Kind::xml : csta::framing::Kind::ber,
                csta::framing::Limits{1 << 20, true}) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    socket_.set_option(tcp::no_delay(true));
}

CstaTestClient::~CstaTestClient() {
    boost::system::error_code ec;
    socket_.close(ec);
}

void CstaTestClient::send_raw(const std::vector<std::uint8_t>& bytes) { asio::write(socket_, asio::buffer(bytes)); }

void CstaTestClient::send_frame(const std::vector<std::uint8_t>& payload, long invoke_id) {
    std::optional<std::vector<std::uint8_t>> framed;
    if (encoding_ == Encoding::xml) {
        std::string_view doc(reinterpret_cast<const char*>(payload.data()), payload.size());
        framed = csta::framing::encode_xml(doc, static_cast<std::uint16_t>(invoke_id));
    } else {
        framed = csta::framing::encode_ber(payload);
    }
    if (!framed) throw std::runtime_error("test client: frame too large");
    send_raw(*framed);
}

bool CstaTestClient::pump(std::chrono::steady_clock::time_point deadline) {
    // Reads until one frame is complete or the deadline passes (a poll on the socket).
    for (;;) {
        if (auto item = deframer_.next()) {
            if (std::holds_alternative<csta::framing::Error>(*item)) throw std::runtime_error("test client: bad framing from server");
            auto frame = std::get<csta::framing::Frame>(std::move(*item));
            if (keep_raw_) raw_.push_back(frame.payload);
            if (encoding_ == Encoding::xml) {
                std::string_view doc(reinterpret_cast<const char*>(frame.payload.data()), frame.payload.size());
                auto d = xml_.decode(doc);
                if (!d.ok()) throw std::runtime_error("test client: undecodable XML from server: " + d.error->reason);
                long invoke = frame.invoke.value_or(0);
                std::visit(
                    [&](auto&& m) {
                        using T = std::decay_t<decltype(m)>;
                        if constexpr (std::is_same_v<T, csta::Event>) events_.push_back(std::move(m));
                        else if constexpr (std::is_same_v<T, csta::Request>) {
                            if (auto_answer_ && std::holds_alternative<csta::SystemStatus>(m)) answer_system_status(invoke);
                            requests_.push_back(std::move(m));
                        }
                        else if constexpr (std::is_same_v<T, csta::Response>) answers_.push_back({invoke, std::move(m)});
                        else answers_.push_back({invoke, std::move(m)});
                    },
                    std::move(*d.message));
            } else {
                auto d = ber::Codec{}.decode_apdu(frame.payload);
                if (auto* e = std::get_if<ber::DecodeError>(&d)) throw std::runtime_error("test client: undecodable BER: " + e->message);
                auto& apdu = std::get<ber::Apdu>(d);
                if (auto* r = std::get_if<ber::Result>(&apdu)) answers_.push_back({r->invoke_id, r->response});
                else if (auto* e = std::get_if<ber::ReturnError>(&apdu)) answers_.push_back({e->invoke_id, csta::Response(e->error)});
                else if (auto* ev = std::get_if<ber::EventReport>(&apdu)) events_.push_back(ev->event);
                else if (auto* i = std::get_if<ber::Invoke>(&apdu)) {
                    if (auto_answer_ && std::holds_alternative<csta::SystemStatus>(i->request)) answer_system_status(i->invoke_id);
                    requests_.push_back(i->request);
                }
                else answers_.push_back({-1, frame.payload});  // ACSE and Reject: raw for the caller
            }
            return true;
        }
        if (closed_) return false;
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        // Wait with poll(): Asio's blocking read_some ignores SO_RCVTIMEO (on EAGAIN it polls
        // without a timeout), so a deadline must be enforced before reading. Rounded up: a
        // zero timeout would only peek.
        auto ms = std::max<long long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
        pollfd pfd{socket_.native_handle(), POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(ms, 60'000)));
        if (ready == 0 || (ready < 0 && errno == EINTR)) continue;  // the deadline is checked above
        std::uint8_t buf[8192];
        boost::system::error_code ec;
        auto n = socket_.read_some(asio::buffer(buf), ec);
        if (ec) {
            closed_ = true;
            return false;
        }
        deframer_.feed(std::span<const std::uint8_t>(buf, n));
    }
}

std::optional<CstaTestClient::Answer> CstaTestClient::wait_answer(long invoke_id, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        for (auto it = answers_.begin(); it != answers_.end(); ++it)
            if (it->invoke_id == invoke_id || invoke_id < 0) {
                auto a = std::move(*it);
                answers_.erase(it);
                return a;
            }
        if (!pump(deadline)) return std::nullopt;
    }
}

void CstaTestClient::answer_system_status(long invoke_id) {
    csta::Response r{csta::SystemStatusResponse{}};
    if (encoding_ == Encoding::xml) {
        auto doc = csta::xml::Codec::encode(r, edition_);
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), invoke_id);
    } else {
        send_frame(ber::Codec{}.encode(ber::Apdu(ber::Result{invoke_id, r})), invoke_id);
    }
}

bool CstaTestClient::login(const std::string& user, const std::string& secret, std::string* detail,
                           const std::string& recover_session_id, std::optional<long> cleanup_delay) {
    if (encoding_ == Encoding::xml) {
        csta::StartApplicationSession s;
        s.applicationID = "csta-bridge-tests";
        s.credentials = csta::SessionCredentials{user, secret};
        if (!recover_session_id.empty()) s.credentials->sessionID = recover_session_id;
        s.credentials->sessionCleanupDelay = cleanup_delay;
        s.requestedProtocolVersions = {csta::xml::csta_namespace(edition_)};
        s.requestedSessionDuration = 60;
        auto doc = csta::xml::Codec::encode(csta::SessionMessage(s));
        long id = next_invoke_++;
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), id);
        auto a = wait_answer(id, 5s);
        if (!a) return false;
        if (auto* m = std::get_if<csta::SessionMessage>(&a->body)) {
            if (auto* pos = std::get_if<csta::StartApplicationSessionPosResponse>(m)) {
                session_id_ = pos->sessionID;
                return true;
            }
            if (auto* neg = std::get_if<csta::StartApplicationSessionNegResponse>(m); neg && detail)
                *detail = neg->errorCode.value;
        }
        return false;
    }
    ber::Aarq aarq;
    aarq.application_context = "1.3.12.0.218.200";
    aarq.password = user + ":" + secret;
    send_frame(ber::Codec{}.encode(ber::Apdu(aarq)), 0);
    auto a = wait_answer(-1, 5s);
    if (!a) return false;
    auto* raw = std::get_if<std::vector<std::uint8_t>>(&a->body);
    if (!raw) return false;
    auto d = ber::Codec{}.decode_apdu(*raw);
    auto* apdu = std::get_if<ber::Apdu>(&d);
    auto* aare = apdu ? std::get_if<ber::Aare>(apdu) : nullptr;
    if (aare && detail) *detail = "diagnostic " + std::to_string(aare->diagnostic);
    return aare && aare->result == ber::AssociateResult::accepted;
}

std::optional<csta::Response> CstaTestClient::call(const csta::Request& request, std::chrono::milliseconds timeout) {
    long id = next_invoke_;
    next_invoke_ = next_invoke_ % 9998 + 1;
    if (encoding_ == Encoding::xml) {
        auto doc = csta::xml::Codec::encode(request, edition_);
        send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), id);
    } else {
        send_frame(ber::Codec{}.encode(ber::Apdu(ber::Invoke{id, 0, request})), id);
    }
    auto a = wait_answer(id, timeout);
    if (!a) return std::nullopt;
    if (auto* r = std::get_if<csta::Response>(&a->body)) return *r;
    return std::nullopt;
}

bool CstaTestClient::keep_alive(const std::string& session_id) {
    long id = next_invoke_++;
    auto doc = csta::xml::Codec::encode(csta::SessionMessage(csta::ResetApplicationSessionTimer{session_id, 60}));
    send_frame(std::vector<std::uint8_t>(doc.begin(), doc.end()), id);
    auto a = wait_answer(id, 5s);
    auto* m = a ? std::get_if<csta::SessionMessage>(&a->body) : nullptr;
    return m && std::holds_alternative<csta::ResetApplicationSessionTimerPosResponse>(*m);
}

std::optional<csta::Event> CstaTestClient::next_event(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (events_.empty())
        if (!pump(deadline)) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

std::optional<csta::Request> CstaTestClient::next_server_request(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (requests_.empty())
        if (!pump(deadline)) return std::nullopt;
    auto r = std::move(requests_.front());
    requests_.pop_front();
    return r;
}

std::optional<std::vector<std::uint8_t>> CstaTestClient::next_frame(std::chrono::milliseconds timeout) {
    keep_raw_ = true;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (raw_.empty())
        if (!pump(deadline)) return std::nullopt;
    auto f = std::move(raw_.front());
    raw_.pop_front();
    return f;
}

void CstaTestClient::shutdown_send() {
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    auto_answer_ = false;  // nothing can be sent any more: a heartbeat answer would fail with EPIPE
}

bool CstaTestClient::wait_closed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
        try {
            if (!pump(deadline) && !closed_) return false;
        } catch (const std::exception&) {
            return false;
        }
    }
    return true;
}

}  // namespace test_support
