#pragma once
// The optional HTTP status endpoint (Boost.Beast): GET /healthz answers 200 when every AMI
// link is up (503 otherwise) with a line per server, GET /metrics the Prometheus text.
// One request per connection, bounded request size, loopback by default in the sample config.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

namespace bridge {

struct HealthReport {
    bool healthy = false;
    std::string text;  // one line per AMI server: "main up" / "main down: <reason>"
};

class HttpStatusServer {
public:
    using HealthFn = std::function<HealthReport()>;
    using MetricsFn = std::function<std::string()>;

    HttpStatusServer(boost::asio::io_context& io, HealthFn health, MetricsFn metrics);
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
};

}  // namespace bridge
