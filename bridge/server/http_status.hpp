#pragma once
// The optional HTTP endpoint (Boost.Beast): GET /healthz answers 200 when every AMI link is
// up (503 otherwise) with a line per server, GET /metrics the Prometheus text, and, when a
// console is attached, the web console behind a login (console_http.hpp) with its live
// event stream. Plain HTTP or TLS ([http] tls). One request per connection, bounded request
// size, loopback by default in the sample config.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace bridge {

class ConsoleHttp;

struct HealthReport {
    bool healthy = false;
    std::string text;  // one line per AMI server: "main up" / "main down: <reason>"
};

class HttpStatusServer {
public:
    using HealthFn = std::function<HealthReport()>;
    using MetricsFn = std::function<std::string()>;

    HttpStatusServer(boost::asio::io_context& io, HealthFn health, MetricsFn metrics);
    // Serves the web console too (it must outlive the server's connections' requests).
    void set_console(ConsoleHttp* console) { console_ = console; }
    // Serves HTTPS with this certificate chain and key (PEM). Returns an error text or "".
    // TLS with the listeners' policy (tls_policy.hpp): minimum version and cipher list.
    std::string use_tls(const std::string& cert_file, const std::string& key_file, const std::string& min_version,
                        const std::string& ciphers);
    // "ADDRESS:PORT"; port 0 picks a free port. Returns an error text or "".
    std::string listen(const std::string& address_port);
    unsigned short port() const;
    void stop();

private:
    void accept();
    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    HealthFn health_;
    MetricsFn metrics_;
    ConsoleHttp* console_ = nullptr;
    std::optional<boost::asio::ssl::context> tls_;
};

}  // namespace bridge
