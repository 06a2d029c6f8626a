#include "ami/http_transport.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <map>
#include <optional>
#include <utility>  // before Asio's awaitable.hpp, which uses std::exchange without it (Boost 1.74)

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "ami/http_form.hpp"
#include "ami/parser.hpp"
#include "ami/writer.hpp"

namespace ami {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
auto use_ec(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// The outcome of one request on its own connection.
struct Exchange {
    ErrorCode code = ErrorCode::ok;  // ok: an HTTP answer arrived (any status)
    std::string error;
    unsigned status = 0;
    std::string body, server, cookie;
};

// Every message of a /rawman body, in order.
std::vector<Message> messages_of(const std::string& body) {
    Parser parser(false);
    parser.feed(body);
    parser.feed("\r\n\r\n");  // a body whose last message lacks its blank line
    std::vector<Message> out;
    while (auto o = parser.next())
        if (auto* m = std::get_if<Message>(&*o)) out.push_back(std::move(*m));
    return out;
}

class BeastHttpTransport final : public HttpTransport, public std::enable_shared_from_this<BeastHttpTransport> {
public:
    BeastHttpTransport(asio::io_context& io, HttpTransportSettings s, BytesHandler on_bytes, ClosedHandler on_closed)
        : io_(io), s_(std::move(s)), on_bytes_(std::move(on_bytes)), on_closed_(std::move(on_closed)) {}

    void start() override { asio::co_spawn(io_, probe(shared_from_this()), asio::detached); }

    void send(const Message& action) override {
        if (closed_) return;
        asio::co_spawn(io_, request(shared_from_this(), std::string(action.action_name()), form_encode(action)),
                       asio::detached);
    }

    void set_paused(bool paused) override {
        paused_ = paused;
        if (!paused && resume_) resume_->cancel();
    }

    void close() override {
        if (closed_) return;
        closed_ = true;
        on_bytes_ = nullptr;
        on_closed_ = nullptr;
        if (resume_) resume_->cancel();
        cancel_all();
    }

private:
    using Self = std::shared_ptr<BeastHttpTransport>;

    std::string url(const std::string& target) const {
        return std::string(s_.tls ? "https://" : "http://") + s_.host + ":" + std::to_string(s_.port) + target;
    }

    // Is /rawman there? Its answer (to an unauthenticated Ping) shows who serves it.
    asio::awaitable<void> probe(Self) {
        const std::string target = s_.path + "?Action=Ping", no_form;
        auto x = co_await exchange(target, no_form, s_.request_timeout);
        if (closed_) co_return;
        if (x.code != ErrorCode::ok) co_return finish(x.code, x.error);
        if (x.status != 200)
            co_return finish(ErrorCode::connect_failed,
                             url(s_.path) + " answered HTTP " + std::to_string(x.status) +
                                 ": AMI over HTTP needs enabled = yes in http.conf and webenabled = yes in manager.conf");
        deliver("Asterisk Call Manager/HTTP (" + url(s_.path) + ", " +
                (x.server.empty() ? std::string("no Server header") : "Server: " + x.server) + ")\r\n");
    }

    asio::awaitable<void> request(Self, std::string action, std::string form) {
        const bool post = form.size() > 1500;  // long actions (many Variables) as a form body
        const std::string target = post ? s_.path : s_.path + "?" + form, body = post ? form : std::string();
        auto x = co_await exchange(target, body, s_.request_timeout);
        if (closed_) co_return;
        if (x.code != ErrorCode::ok) co_return finish(ErrorCode::link_lost, action + ": " + x.error);
        if (x.status != 200)
            co_return finish(ErrorCode::link_lost, action + ": " + url(s_.path) + " answered HTTP " + std::to_string(x.status));
        if (logged_in_ && !x.cookie.empty() && x.cookie != cookie_) co_return session_lost(action);
        if (!logged_in_ && !x.cookie.empty()) cookie_ = x.cookie;  // Challenge and Login share one session
        const bool login_ok = iequals(action, "Login") && x.body.starts_with("Response: Success");
        deliver(x.body.ends_with("\r\n\r\n") ? x.body : x.body + "\r\n\r\n");
        if (login_ok && !logged_in_ && !closed_) {
            if (cookie_.empty())
                co_return finish(ErrorCode::auth_failed, "Login over HTTP: the answer set no mansession_id cookie");
            logged_in_ = true;
            asio::co_spawn(io_, wait_events(shared_from_this()), asio::detached);
        }
    }

    // The long poll: one WaitEvent at a time, its events forwarded in order; the answer's
    // own Response and the closing WaitEventComplete are the transport's business.
    asio::awaitable<void> wait_events(Self) {
        const auto timeout = std::to_string(s_.wait_event_timeout.count());
        while (!closed_) {
            while (paused_ && !closed_) {  // the client's subscriber is behind: poll when it caught up
                asio::steady_timer timer(io_, std::chrono::hours(24));
                resume_ = &timer;
                error_code ec;
                co_await timer.async_wait(use_ec(ec));
                resume_ = nullptr;
            }
            if (closed_) co_return;
            const std::string id = "http-wait-" + std::to_string(++waits_);
            const std::string target = s_.path + "?Action=WaitEvent&Timeout=" + timeout + "&ActionID=" + id, no_form;
            const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(s_.wait_event_timeout) + s_.request_timeout;
            auto x = co_await exchange(target, no_form, limit);
            if (closed_) co_return;
            if (x.code != ErrorCode::ok) co_return finish(ErrorCode::link_lost, "WaitEvent: " + x.error);
            if (x.status != 200)
                co_return finish(ErrorCode::link_lost, "WaitEvent: " + url(s_.path) + " answered HTTP " + std::to_string(x.status));
            if (!x.cookie.empty() && x.cookie != cookie_) co_return session_lost("WaitEvent");
            auto messages = messages_of(x.body);
            if (messages.empty() || !iequals(messages.front().response(), "Success"))
                co_return finish(ErrorCode::link_lost,
                                 "WaitEvent refused (" +
                                     (messages.empty() ? std::string("empty answer") : std::string(messages.front().get("Message"))) +
                                     "): the HTTP session is gone");
            std::string events;
            for (std::size_t i = 1; i < messages.size(); ++i) {
                const auto& m = messages[i];
                if (m.kind() != MessageKind::event || iequals(m.event_name(), "WaitEventComplete")) continue;
                if (auto s = serialize_message(m); s.ok()) events += s.bytes;
            }
            if (!events.empty()) deliver(events);
        }
    }

    void session_lost(const std::string& action) {
        finish(ErrorCode::link_lost, action + " answered for a new mansession_id cookie: the HTTP session of the login "
                                              "is gone (Asterisk restarted, or the session timed out)");
    }

    // Parameters by reference to named values of the caller, and no temporaries inside a
    // co_await expression: GCC 12 destroys such temporaries twice (free(): invalid pointer).
    asio::awaitable<Exchange> exchange(const std::string& target, const std::string& form, std::chrono::milliseconds timeout) {
        Exchange x;
        error_code ec;
        tcp::resolver resolver(io_);
        const std::string port = std::to_string(s_.port);
        auto endpoints = co_await resolver.async_resolve(s_.host, port, use_ec(ec));
        if (ec || closed_) {
            x.code = ErrorCode::connect_failed;
            x.error = "cannot resolve " + s_.host + ": " + ec.message();
            co_return x;
        }
        std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
        std::optional<beast::tcp_stream> plain;
        if (s_.tls) tls.emplace(io_, *s_.tls);
        else plain.emplace(io_);
        beast::tcp_stream& lowest = tls ? beast::get_lowest_layer(*tls) : *plain;
        const auto id = ++next_stream_;
        streams_[id] = &lowest;
        struct Forget {
            BeastHttpTransport* transport;
            unsigned key;
            ~Forget() { transport->streams_.erase(key); }
        } forget{this, id};

        lowest.expires_after(timeout);
        co_await lowest.async_connect(endpoints, use_ec(ec));
        if (ec) {
            x.code = ErrorCode::connect_failed;
            x.error = "cannot connect to " + url("") + ": " + ec.message();
            co_return x;
        }
        if (tls && !(co_await handshake(*tls, x))) co_return x;

        http::request<http::string_body> req{form.empty() ? http::verb::get : http::verb::post, target, 11};
        req.set(http::field::host, s_.host + ":" + port);
        req.set(http::field::user_agent, "csta-bridge");
        req.set(http::field::connection, "close");
        if (!cookie_.empty()) req.set(http::field::cookie, "mansession_id=" + cookie_);
        if (!form.empty()) {
            req.set(http::field::content_type, "application/x-www-form-urlencoded");
            req.body() = form;
        }
        req.prepare_payload();
        http::response<http::string_body> res;
        beast::flat_buffer buffer;
        if (tls) {
            co_await http::async_write(*tls, req, use_ec(ec));
            if (!ec) co_await http::async_read(*tls, buffer, res, use_ec(ec));
        } else {
            co_await http::async_write(*plain, req, use_ec(ec));
            if (!ec) co_await http::async_read(*plain, buffer, res, use_ec(ec));
        }
        error_code ignored;
        lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest.close();
        if (ec) {
            x.code = ErrorCode::link_lost;
            x.error = ec == beast::error::timeout
                          ? "no answer from " + url(s_.path) + " within " + std::to_string(timeout.count()) + " ms"
                          : "exchange with " + url(s_.path) + " failed: " + ec.message();
            co_return x;
        }
        x.status = res.result_int();
        x.body = std::move(res.body());
        x.server = std::string(res[http::field::server]);
        x.cookie = mansession_cookie(std::string(res[http::field::set_cookie]));
        co_return x;
    }

    // SNI, the certificate's name check (as the TCP client does it), the handshake.
    asio::awaitable<bool> handshake(beast::ssl_stream<beast::tcp_stream>& tls, Exchange& x) {
        const std::string& name = s_.server_name.empty() ? s_.host : s_.server_name;
        SSL_set_tlsext_host_name(tls.native_handle(), name.c_str());
        if (s_.verify) {
            error_code ip_ec;
            asio::ip::make_address(name, ip_ec);
            if (!ip_ec) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls.native_handle()), name.c_str());
            else SSL_set1_host(tls.native_handle(), name.c_str());
        }
        error_code ec;
        co_await tls.async_handshake(asio::ssl::stream_base::client, use_ec(ec));
        if (!ec) co_return true;
        x.code = ErrorCode::tls_failed;
        x.error = "TLS handshake with " + url("") + " failed: " + ec.message();
        if (const long v = SSL_get_verify_result(tls.native_handle()); v != X509_V_OK)
            x.error += " (certificate verification: " + std::string(X509_verify_cert_error_string(v)) + ")";
        co_return false;
    }

    void deliver(const std::string& bytes) {
        if (closed_) return;
        auto handler = on_bytes_;  // the handler may close the transport
        if (handler) handler(bytes);
    }

    void finish(ErrorCode code, const std::string& why) {
        if (closed_) return;
        auto handler = std::move(on_closed_);
        close();
        if (handler) handler(code, why);
    }

    void cancel_all() {
        auto streams = streams_;
        for (auto& [id, stream] : streams) {
            error_code ignored;
            stream->socket().cancel(ignored);
            stream->socket().close(ignored);
        }
    }

    asio::io_context& io_;
    HttpTransportSettings s_;
    BytesHandler on_bytes_;
    ClosedHandler on_closed_;
    std::string cookie_;  // mansession_id as the server sent it (with its quotes)
    bool logged_in_ = false;
    bool closed_ = false;
    bool paused_ = false;
    asio::steady_timer* resume_ = nullptr;  // the wait of a paused WaitEvent loop
    unsigned waits_ = 0;
    unsigned next_stream_ = 0;
    std::map<unsigned, beast::tcp_stream*> streams_;  // open exchanges, cancelled by close()
};

}  // namespace

std::shared_ptr<HttpTransport> HttpTransport::create(boost::asio::io_context& io, HttpTransportSettings settings,
                                                     BytesHandler on_bytes, ClosedHandler on_closed) {
    return std::make_shared<BeastHttpTransport>(io, std::move(settings), std::move(on_bytes), std::move(on_closed));
}

}  // namespace ami
