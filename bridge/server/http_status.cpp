#include "bridge/server/http_status.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace bridge {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

// One connection: read one request (bounded), answer, close.
class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    HttpConnection(tcp::socket socket, HttpStatusServer::HealthFn health, HttpStatusServer::MetricsFn metrics)
        : stream_(std::move(socket)), health_(std::move(health)), metrics_(std::move(metrics)) {}

    void start() {
        parser_.header_limit(8 * 1024);
        parser_.body_limit(1024);
        stream_.expires_after(std::chrono::seconds(10));
        http::async_read(stream_, buffer_, parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

private:
    void on_read(beast::error_code ec) {
        if (ec) return;  // client went away or sent garbage; nothing to answer
        const auto& req = parser_.get();
        auto target = std::string(req.target());
        auto res = std::make_shared<http::response<http::string_body>>();
        res->version(req.version());
        res->set(http::field::server, "csta-bridge");
        res->keep_alive(false);
        if (req.method() != http::verb::get && req.method() != http::verb::head) {
            res->result(http::status::method_not_allowed);
            res->set(http::field::allow, "GET, HEAD");
            res->body() = "only GET\n";
        } else if (target == "/healthz") {
            auto h = health_();
            res->result(h.healthy ? http::status::ok : http::status::service_unavailable);
            res->set(http::field::content_type, "text/plain; charset=utf-8");
            res->body() = h.text;
        } else if (target == "/metrics") {
            res->result(http::status::ok);
            res->set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            res->body() = metrics_();
        } else {
            res->result(http::status::not_found);
            res->set(http::field::content_type, "text/plain; charset=utf-8");
            res->body() = "try /healthz or /metrics\n";
        }
        res->prepare_payload();
        http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, std::size_t) {
            beast::error_code ignored;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_{8 * 1024};
    http::request_parser<http::string_body> parser_;
    HttpStatusServer::HealthFn health_;
    HttpStatusServer::MetricsFn metrics_;
};

}  // namespace

HttpStatusServer::HttpStatusServer(boost::asio::io_context& io, HealthFn health, MetricsFn metrics)
    : io_(io), acceptor_(io), health_(std::move(health)), metrics_(std::move(metrics)) {}

std::string HttpStatusServer::listen(const std::string& address_port) {
    auto colon = address_port.rfind(':');
    if (colon == std::string::npos) return "'" + address_port + "' is not ADDRESS:PORT";
    auto host = address_port.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(host, ec);
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
    spdlog::info("http: status endpoint on {} (/healthz, /metrics)", address_port);
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
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) std::make_shared<HttpConnection>(std::move(socket), health_, metrics_)->start();
        accept();
    });
}

}  // namespace bridge
