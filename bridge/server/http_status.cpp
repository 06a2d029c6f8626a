#include "bridge/server/http_status.hpp"

#include "bridge/server/tls_policy.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <array>
#include <deque>
#include <spdlog/spdlog.h>

#include "bridge/server/console_http.hpp"

namespace bridge {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct Handlers {
    HttpStatusServer::HealthFn health;
    HttpStatusServer::MetricsFn metrics;
    ConsoleHttp* console;
};

// One connection: (TLS handshake,) read one request (bounded), answer, close. A console event
// stream instead stays open and carries the feed's events: its output is bounded like a CSTA
// session's, and a browser that does not read is dropped, never waited for.
template <class Stream>
class HttpConnection : public ConsoleSubscriber, public std::enable_shared_from_this<HttpConnection<Stream>> {
public:
    static constexpr std::size_t kMaxStreamQueueBytes = 512 * 1024;
    static constexpr std::chrono::seconds kStreamKeepalive{15};
    static constexpr std::chrono::seconds kWriteTimeout{30};

    template <class... Args>
    HttpConnection(const Handlers& handlers, Args&&... stream_args)
        : stream_(std::forward<Args>(stream_args)...), handlers_(handlers), keepalive_(socket().get_executor()) {
        boost::system::error_code ec;
        const auto ep = socket().remote_endpoint(ec);
        if (!ec) peer_ = ep.address();
    }

    void start() {
        parser_.header_limit(8 * 1024);
        parser_.body_limit(1024);
        lowest().expires_after(std::chrono::seconds(10));
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
                if (!ec) self->read();
            });
        } else {
            read();
        }
    }

    bool offer(const std::string& chunk) override {
        if (closed_) return false;
        if (queued_bytes_ + chunk.size() > kMaxStreamQueueBytes) {
            spdlog::warn("console: browser at {} does not read its event stream ({} bytes waiting); dropped",
                         peer_.to_string(), queued_bytes_);
            close();
            return false;
        }
        queue_.push_back(chunk);
        queued_bytes_ += chunk.size();
        write_next();
        return true;
    }

    void close() override {
        if (closed_) return;
        closed_ = true;
        keepalive_.cancel();
        beast::error_code ignored;
        socket().shutdown(tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
    }

private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
    tcp::socket& socket() { return lowest().socket(); }

    void read() {
        http::async_read(stream_, buffer_, parser_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec) return;  // client went away or sent garbage; nothing to answer
        const auto& req = parser_.get();
        auto target = std::string(req.target());
        auto res = std::make_shared<http::response<http::string_body>>();
        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            res->result(http::status::method_not_allowed);
            res->set(http::field::allow, "GET, HEAD");
            res->body() = "only GET\n";
        } else if (target == "/healthz") {
            auto h = handlers_.health();
            res->result(h.healthy ? http::status::ok : http::status::service_unavailable);
            res->set(http::field::content_type, "text/plain; charset=utf-8");
            res->body() = h.text;
        } else if (target == "/metrics") {
            res->result(http::status::ok);
            res->set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            res->body() = handlers_.metrics();
        } else if (handlers_.console) {
            auto answer = handlers_.console->answer(req, peer_);
            *res = std::move(answer.response);
            if (answer.stream) return start_stream(*res);
        } else {
            res->result(http::status::not_found);
            res->set(http::field::content_type, "text/plain; charset=utf-8");
            res->body() = "try /healthz or /metrics (the web console is off: no [user:NAME] has console = yes)\n";
        }
        res->version(req.version());
        res->set(http::field::server, "csta-bridge");
        res->keep_alive(false);
        res->prepare_payload();
        lowest().expires_after(kWriteTimeout);
        http::async_write(stream_, *res, [self = this->shared_from_this(), res](beast::error_code, std::size_t) {
            self->finish();
        });
    }

    void finish() {
        beast::error_code ignored;
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            lowest().expires_after(std::chrono::seconds(2));
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close(); });
        } else {
            socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    // Server-Sent Events: the header without a length (the stream ends when the connection
    // does), then one chunk per event. Reading on catches the browser going away.
    void start_stream(const http::response<http::string_body>& res) {
        if (!handlers_.console->feed().subscribe(this->shared_from_this())) {
            auto busy = std::make_shared<http::response<http::string_body>>(http::status::service_unavailable, 11);
            busy->set(http::field::content_type, "text/plain; charset=utf-8");
            busy->body() = "too many console event streams open\n";
            busy->keep_alive(false);
            busy->prepare_payload();
            lowest().expires_after(kWriteTimeout);
            http::async_write(stream_, *busy, [self = this->shared_from_this(), busy](beast::error_code, std::size_t) {
                self->finish();
            });
            return;
        }
        std::string header = "HTTP/1.1 200 OK\r\nServer: csta-bridge\r\nConnection: close\r\n";
        for (const auto& field : res) header += std::string(field.name_string()) + ": " + std::string(field.value()) + "\r\n";
        offer(header + "\r\nretry: 2000\n\n");
        lowest().expires_never();
        watch_peer();
        keepalive();
    }

    void watch_peer() {
        stream_.async_read_some(asio::buffer(discard_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close();  // gone (or the stream was closed here)
            self->watch_peer();
        });
    }

    void keepalive() {
        keepalive_.expires_after(kStreamKeepalive);
        keepalive_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (ec || self->closed_) return;
            self->offer(": keepalive\n\n");
            self->keepalive();
        });
    }

    void write_next() {
        if (writing_ || queue_.empty() || closed_) return;
        writing_ = true;
        lowest().expires_after(kWriteTimeout);
        asio::async_write(stream_, asio::buffer(queue_.front()), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            self->writing_ = false;
            if (ec) return self->close();
            self->queued_bytes_ -= self->queue_.front().size();
            self->queue_.pop_front();
            self->write_next();
        });
    }

    Stream stream_;
    Handlers handlers_;
    asio::ip::address peer_;
    beast::flat_buffer buffer_{8 * 1024};
    http::request_parser<http::string_body> parser_;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closed_ = false;
    std::array<char, 256> discard_{};
    asio::steady_timer keepalive_;
};

}  // namespace

HttpStatusServer::HttpStatusServer(asio::io_context& io, HealthFn health, MetricsFn metrics)
    : io_(io), acceptor_(io), health_(std::move(health)), metrics_(std::move(metrics)) {}

std::string HttpStatusServer::use_tls(const std::string& cert_file, const std::string& key_file,
                                      const std::string& min_version, const std::string& ciphers) {
    try {
        tls_.emplace(asio::ssl::context::tls_server);
        tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                          asio::ssl::context::single_dh_use);
        if (auto err = restrict_tls(tls_->native_handle(), min_version, ciphers); !err.empty()) {
            tls_.reset();
            return err;
        }
        tls_->use_certificate_chain_file(cert_file);
        tls_->use_private_key_file(key_file, asio::ssl::context::pem);
    } catch (const boost::system::system_error& e) {
        tls_.reset();
        return "TLS setup failed (cert-file " + cert_file + ", key-file " + key_file + "): " + e.code().message();
    }
    return {};
}

std::string HttpStatusServer::listen(const std::string& address_port) {
    auto colon = address_port.rfind(':');
    if (colon == std::string::npos) return "'" + address_port + "' is not ADDRESS:PORT";
    auto host = address_port.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) return "'" + host + "' is not an IP address";
    unsigned long port_number = 0;
    try {
        port_number = std::stoul(address_port.substr(colon + 1));
    } catch (...) {
        return "bad port in '" + address_port + "'";
    }
    if (port_number > 65535) return "bad port in '" + address_port + "'";
    tcp::endpoint ep(address, static_cast<unsigned short>(port_number));
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(64, ec);
    if (ec) return "cannot listen on " + address_port + ": " + ec.message();
    spdlog::info("http: {} endpoint on {} (/healthz, /metrics{})", tls_ ? "HTTPS" : "HTTP", address_port,
                 console_ ? ", web console /" : "");
    accept();
    return {};
}

unsigned short HttpStatusServer::port() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void HttpStatusServer::stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
}

void HttpStatusServer::accept() {
    acceptor_.async_accept(io_, [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
            const Handlers handlers{health_, metrics_, console_};
            if (tls_) std::make_shared<HttpConnection<TlsStream>>(handlers, std::move(socket), *tls_)->start();
            else std::make_shared<HttpConnection<beast::tcp_stream>>(handlers, std::move(socket))->start();
        }
        accept();
    });
}

}  // namespace bridge
