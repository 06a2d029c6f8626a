#include "tools/pbx-sim/http_server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

#include "ami/http_form.hpp"
#include "ami/writer.hpp"

namespace pbxsim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct HttpServer::Session {
    Session(std::string session_id, Pbx& pbx, AmiSession::Hooks hooks) : id(std::move(session_id)), ami(pbx, std::move(hooks)) {}
    std::string id;
    AmiSession ami;
    std::string events;                          // queued for the next WaitEvent
    std::shared_ptr<asio::steady_timer> waiter;  // the WaitEvent waiting now
    std::chrono::steady_clock::time_point last_used = std::chrono::steady_clock::now();
    bool dropped = false;
};

struct HttpServer::Answer {
    unsigned status = 200;
    std::string body;
    std::string session_id;  // for Set-Cookie
};

namespace {
auto use_ec(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// "Thu, 26 Nov 2026 06:54:30 GMT" (RFC 9110 IMF-fixdate), as Asterisk's Date header.
std::string http_date() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

std::string unquote(std::string v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}
}  // namespace

HttpServer::HttpServer(asio::io_context& io, Pbx& pbx, std::function<AmiSession::Hooks()> hooks, std::string bind,
                       std::uint16_t port, Millis session_timeout)
    : io_(io), pbx_(pbx), hooks_(std::move(hooks)), bind_(std::move(bind)), port_(port), session_timeout_(session_timeout) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    tcp::endpoint ep(asio::ip::make_address(bind_), port_);
    acceptor_.emplace(io_);
    acceptor_->open(ep.protocol());
    acceptor_->set_option(tcp::acceptor::reuse_address(true));
    acceptor_->bind(ep);
    acceptor_->listen();
    port_ = acceptor_->local_endpoint().port();
    spdlog::info("pbx-sim: AMI over HTTP on {}:{} (/rawman)", bind_, port_);
    sweeper_ = std::make_unique<asio::steady_timer>(io_);
    sweep();
    accept();
}

void HttpServer::accept() {
    acceptor_->async_accept([this](const error_code& ec, tcp::socket socket) {
        if (ec || stopped_) return;
        asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
        accept();
    });
}

// Asterisk's httptimeout: a session nobody asked anything for that long is forgotten.
void HttpServer::sweep() {
    const auto now = std::chrono::steady_clock::now();
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        if (!it->second->waiter && now - it->second->last_used > session_timeout_) {
            spdlog::info("pbx-sim: HTTP session {} timed out", it->first);
            it = sessions_.erase(it);
        } else {
            ++it;
        }
    }
    sweeper_->expires_after(std::chrono::milliseconds(250));
    sweeper_->async_wait([this](const error_code& ec) {
        if (!ec && !stopped_) sweep();
    });
}

std::shared_ptr<HttpServer::Session> HttpServer::session_for(const std::string& cookie) {
    if (auto it = sessions_.find(unquote(cookie)); !cookie.empty() && it != sessions_.end()) return it->second;
    static std::mt19937 rng{std::random_device{}()};
    char id[9];
    std::snprintf(id, sizeof id, "%08x", static_cast<unsigned>(rng() ^ ++next_id_));
    auto s = std::make_shared<Session>(id, pbx_, hooks_ ? hooks_() : AmiSession::Hooks{});
    sessions_[id] = s;
    return s;
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    error_code ec;
    stream.expires_after(std::chrono::seconds(30));
    co_await http::async_read(stream, buffer, req, use_ec(ec));
    if (ec) co_return;
    stream.expires_never();
    const std::string target(req.target());
    std::string form;
    if (req.method() == http::verb::post) form = req.body();
    // No temporaries inside a co_await expression (GCC 12 destroys them twice).
    const std::string cookie = ami::mansession_cookie(std::string(req[http::field::cookie]));
    auto a = co_await answer(target, form, cookie);
    if (!a || stopped_) {  // lost in flight (SimDropLink OnAction), or the session was dropped
        stream.socket().close(ec);
        co_return;
    }
    http::response<http::string_body> res{static_cast<http::status>(a->status), 11};
    res.set(http::field::server, "Asterisk/22.11.0-rc1");
    res.set(http::field::date, http_date());
    res.set(http::field::connection, "close");
    res.set(http::field::cache_control, "no-cache, no-store");
    res.set(http::field::content_type, "text/plain");
    if (!a->session_id.empty())
        res.set(http::field::set_cookie, "mansession_id=\"" + a->session_id + "\"; Version=1; Max-Age=" +
                                             std::to_string(session_timeout_.count() / 1000));
    res.set(http::field::pragma, "SuppressEvents");
    res.body() = std::move(a->body);
    res.prepare_payload();
    stream.expires_after(std::chrono::seconds(30));
    co_await http::async_write(stream, res, use_ec(ec));
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
}

asio::awaitable<std::optional<HttpServer::Answer>> HttpServer::answer(const std::string& target, const std::string& form,
                                                                      const std::string& cookie) {
    const auto q = target.find('?');
    const auto path = target.substr(0, q);
    if (path != "/rawman") co_return Answer{404, "404 Not Found: pbx-sim serves AMI over HTTP at /rawman only\r\n", {}};
    auto decoded = ami::form_decode(form.empty() && q != std::string::npos ? std::string_view(target).substr(q + 1)
                                                                          : std::string_view(form));
    if (!decoded) co_return Answer{400, "400 Bad Request: bad %-escape\r\n", {}};
    ami::Message action = std::move(*decoded);
    auto session = session_for(cookie);
    session->last_used = std::chrono::steady_clock::now();
    Answer a{200, {}, session->id};

    if (ami::iequals(action.action_name(), "WaitEvent") && session->ami.authenticated()) {
        long seconds = 30;
        try {
            if (action.has("Timeout")) seconds = std::clamp(std::stol(std::string(action.get("Timeout"))), 0L, 3600L);
        } catch (const std::exception&) {
        }
        if (session->events.empty()) {
            if (session->waiter) session->waiter->cancel();  // Asterisk wakes an earlier WaitEvent
            auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::seconds(seconds));
            session->waiter = timer;
            error_code ec;
            co_await timer->async_wait(use_ec(ec));
            if (session->waiter == timer) session->waiter.reset();
            if (session->dropped || stopped_) co_return std::nullopt;
            session->last_used = std::chrono::steady_clock::now();
        }
        std::string id = action.has("ActionID") ? "ActionID: " + std::string(action.action_id()) + "\r\n" : "";
        a.body = "Response: Success\r\n" + id + "Message: Waiting for Event completed.\r\n\r\n" + session->events +
                 "Event: WaitEventComplete\r\n" + id + "\r\n";
        session->events.clear();
        co_return a;
    }
    auto bytes = ami::serialize_message(action);
    if (!bytes.ok()) co_return Answer{400, "400 Bad Request: " + bytes.error + "\r\n", session->id};
    a.body = session->ami.on_bytes(bytes.bytes);
    if (session->ami.finished()) sessions_.erase(session->id);  // Logoff, or a failed login
    if (a.body.empty()) co_return std::nullopt;
    co_return a;
}

void HttpServer::on_event(const ami::Message& event) {
    for (auto& [id, s] : sessions_) {
        auto bytes = s->ami.on_event(event);
        if (bytes.empty()) continue;
        s->events += bytes;
        if (s->waiter) s->waiter->cancel();
    }
}

void HttpServer::drop_sessions() {
    if (!sessions_.empty()) spdlog::info("pbx-sim: {} HTTP session(s) dropped", sessions_.size());
    for (auto& [id, s] : sessions_) {
        s->dropped = true;
        if (s->waiter) s->waiter->cancel();
    }
    sessions_.clear();
}

void HttpServer::stop() {
    if (stopped_) return;
    drop_sessions();
    stopped_ = true;
    error_code ignored;
    if (acceptor_) acceptor_->close(ignored);
    if (sweeper_) sweeper_->cancel();
}

}  // namespace pbxsim
