#include "tools/pbx-sim/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <type_traits>
#include <variant>

#include "tools/pbx-sim/asio_scheduler.hpp"
#include "tools/pbx-sim/http_server.hpp"

namespace pbxsim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// One client connection, plain or TLS. Owned by the server's list; callbacks hold a
// shared_ptr so a closing connection lives until its last handler.
class Server::Connection : public std::enable_shared_from_this<Server::Connection> {
public:
    using TlsStream = asio::ssl::stream<tcp::socket>;

    Connection(Server& server, tcp::socket socket, asio::ssl::context* tls, AmiSession::Hooks hooks)
        : server_(server), session_(server.pbx_, std::move(hooks)) {
        if (tls) stream_.emplace<TlsStream>(std::move(socket), *tls);
        else stream_.emplace<tcp::socket>(std::move(socket));
    }

    void start() {
        auto self = shared_from_this();
        if (auto* s = std::get_if<TlsStream>(&stream_)) {
            s->async_handshake(asio::ssl::stream_base::server, [self](const boost::system::error_code& ec) {
                if (ec) {
                    spdlog::info("pbx-sim: TLS handshake failed: {}", ec.message());
                    self->close();
                    return;
                }
                self->greet();
            });
        } else {
            greet();
        }
    }

    // Output is double-buffered: what arrives while a write is under way is appended to
    // pending_ and goes out in one write when it completes. A reader is too slow when what
    // waits behind the write in progress passes the cap; one large reply (a 100,000-device
    // DeviceStateList) is accepted whole.
    void send(std::string bytes) {
        if (closed_ || bytes.empty()) return;
        if (pending_.size() > server_.opt_.max_pending_output) {
            spdlog::warn("pbx-sim: client too slow ({} bytes queued), disconnecting", pending_.size());
            close();
            return;
        }
        if (pending_.empty()) pending_ = std::move(bytes);
        else pending_ += bytes;
        if (!writing_) write_next();
    }

    void deliver(const ami::Message& e) { send(session_.on_event(e)); }

    // Like Asterisk after Event: Shutdown: what is queued is still written, then close.
    void close_after_flush() {
        closing_ = true;
        if (!writing_ && pending_.empty()) close();
    }

    void close() {
        if (closed_) return;
        closed_ = true;
        boost::system::error_code ignored;
        lowest().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().close(ignored);
        server_.connections_.remove(shared_from_this());
    }

private:
    tcp::socket& lowest() {
        if (auto* s = std::get_if<TlsStream>(&stream_)) return s->next_layer();
        return std::get<tcp::socket>(stream_);
    }

    void greet() {
        send(std::string(AmiSession::banner));
        read();
    }

    template <class F>
    void with_stream(F&& f) {
        std::visit(
            [&](auto& s) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(s)>, std::monostate>) f(s);
            },
            stream_);
    }

    void read() {
        auto self = shared_from_this();
        with_stream([&](auto& s) {
            s.async_read_some(asio::buffer(buf_), [self](const boost::system::error_code& ec, std::size_t n) {
                if (ec) {
                    self->close();
                    return;
                }
                self->send(self->session_.on_bytes(std::string_view(self->buf_.data(), n)));
                if (self->session_.finished()) {
                    self->closing_ = true;
                    if (!self->writing_ && self->pending_.empty()) self->close();
                    return;
                }
                self->read();
            });
        });
    }

    void write_next() {
        writing_ = true;
        in_flight_.swap(pending_);
        pending_.clear();
        auto self = shared_from_this();
        with_stream([&](auto& s) {
            asio::async_write(s, asio::buffer(in_flight_), [self](const boost::system::error_code& ec, std::size_t) {
                self->writing_ = false;
                if (self->closed_) return;
                if (ec) {
                    self->close();
                    return;
                }
                if (!self->pending_.empty()) self->write_next();
                else if (self->closing_) self->close();
            });
        });
    }

    Server& server_;
    std::variant<std::monostate, tcp::socket, TlsStream> stream_;
    AmiSession session_;
    std::array<char, 4096> buf_{};
    std::string in_flight_;  // being written
    std::string pending_;    // waiting for the next write
    bool writing_ = false;
    bool closing_ = false;
    bool closed_ = false;
};

Server::Server(asio::io_context& io, Pbx& pbx, Scheduler& sched, ServerOptions options)
    : io_(io), pbx_(pbx), sched_(sched), opt_(std::move(options)), load_(pbx, sched) {
    if (!opt_.tls_cert.empty() || !opt_.tls_key.empty()) {
        tls_.emplace(asio::ssl::context::tls_server);
        tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                          asio::ssl::context::no_tlsv1_1);
        tls_->use_certificate_chain_file(opt_.tls_cert);
        tls_->use_private_key_file(opt_.tls_key, asio::ssl::context::pem);
    }
    pbx_.set_event_sink([this](const ami::Message& e) { on_event(e); });
}

Server::~Server() {
    pbx_.set_event_sink({});
}

std::uint16_t Server::http_port() const noexcept { return http_ ? http_->port() : 0; }

std::size_t Server::session_count() const noexcept { return connections_.size(); }

void Server::start() {
    listen();
    spdlog::info("pbx-sim: AMI listening on {}:{}{}", opt_.bind, port_, tls_ ? " (TLS)" : "");
    if (opt_.http_port) {
        http_ = std::make_unique<HttpServer>(io_, pbx_, [this] { return hooks(); }, opt_.bind, *opt_.http_port,
                                             opt_.http_session_timeout);
        http_->start();
    }
}

void Server::listen() {
    tcp::endpoint ep(asio::ip::make_address(opt_.bind), port_ ? port_ : opt_.port);
    acceptor_.emplace(io_);
    acceptor_->open(ep.protocol());
    acceptor_->set_option(tcp::acceptor::reuse_address(true));
    acceptor_->bind(ep);
    acceptor_->listen();
    port_ = acceptor_->local_endpoint().port();
    accept();
}

void Server::accept() {
    acceptor_->async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec) {
            if (ec != asio::error::operation_aborted) spdlog::warn("pbx-sim: accept: {}", ec.message());
            return;
        }
        if (connections_.size() >= opt_.max_sessions) {
            spdlog::warn("pbx-sim: too many sessions ({}), refusing a connection", connections_.size());
        } else {
            auto c = std::make_shared<Connection>(*this, std::move(socket), tls_ ? &*tls_ : nullptr, hooks());
            connections_.push_back(c);
            c->start();
        }
        accept();
    });
}

AmiSession::Hooks Server::hooks() {
    AmiSession::Hooks h;
    h.drop_link = [this](Millis pause, const std::string& on_action) {
        if (!on_action.empty()) {
            armed_drop_ = ArmedDrop{on_action, pause};
            spdlog::info("pbx-sim: the AMI link will drop when the next {} arrives", on_action);
            return std::string{};
        }
        // After the response has been written: defer through the io_context.
        asio::post(io_, [this, pause] { drop_link(pause); });
        return std::string{};
    };
    h.drop_before = [this](std::string_view action) {
        // Every action in the debug log: a test can tell what reached the PBX.
        spdlog::debug("pbx-sim: action {}", action);
        if (!armed_drop_ || !ami::iequals(action, armed_drop_->action)) return false;
        const auto pause = armed_drop_->pause;
        armed_drop_.reset();
        spdlog::info("pbx-sim: {} received: dropping the AMI link before answering it", action);
        asio::post(io_, [this, pause] { drop_link(pause); });
        return true;
    };
    h.load = [this](const ami::Message& a) -> std::string {
        LoadProfile p;
        try {
            if (a.has("Rate")) p.calls_per_second = std::stod(std::string(a.get("Rate")));
            if (a.has("HoldMs")) p.hold_time = Millis{std::stol(std::string(a.get("HoldMs")))};
            if (a.has("Duration")) p.duration = Millis{std::stol(std::string(a.get("Duration")))};
            if (a.has("Busy")) p.busy_ratio = std::stod(std::string(a.get("Busy")));
            if (a.has("NoAnswer")) p.noanswer_ratio = std::stod(std::string(a.get("NoAnswer")));
        } catch (const std::exception&) {
            return "Bad load parameters";
        }
        if (p.calls_per_second <= 0) {
            load_.stop();
            return {};
        }
        load_.start(p);
        return {};
    };
    return h;
}

void Server::on_event(const ami::Message& e) {
    auto copy = connections_;  // a delivery may close (and unlist) a connection
    for (auto& c : copy) c->deliver(e);
    if (http_) http_->on_event(e);
    if (ami::iequals(e.event_name(), "Shutdown")) {
        // The PBX is gone: sessions end after the event, nobody can connect until the
        // simulated restart.
        for (auto& c : copy) c->close_after_flush();
        boost::system::error_code ignored;
        if (acceptor_) acceptor_->close(ignored);
        sched_.schedule(opt_.restart_after, [this] { relisten(); });
    }
}

void Server::relisten() {
    if (stopped_) return;
    try {
        listen();
        spdlog::info("pbx-sim: AMI listening again on port {}", port_);
    } catch (const std::exception& ex) {
        spdlog::error("pbx-sim: cannot listen again: {}", ex.what());
    }
}

void Server::drop_link(Millis pause) {
    spdlog::info("pbx-sim: dropping the AMI link for {} ms", pause.count());
    // Stop listening before closing the sessions: a client that sees its socket close must
    // not be able to reconnect at once.
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    auto copy = connections_;
    for (auto& c : copy) c->close();
    if (http_) http_->drop_sessions();
    sched_.schedule(pause, [this] { relisten(); });
}

void Server::stop() {
    stopped_ = true;
    load_.stop();
    if (http_) http_->stop();
    boost::system::error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    auto copy = connections_;
    for (auto& c : copy) c->close();
}

}  // namespace pbxsim
