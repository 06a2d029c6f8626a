#pragma once
// The thin network edge of pbx-sim: accepts AMI connections over TCP or TLS on one
// io_context thread, runs an AmiSession per connection, fans the Pbx events out to them.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include "tools/pbx-sim/ami_session.hpp"
#include "tools/pbx-sim/load_generator.hpp"
#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

struct ServerOptions {
    std::string bind = "127.0.0.1";
    std::uint16_t port = 5038;  // 0 = any free port (tests)
    std::string tls_cert, tls_key;  // both set = TLS instead of plain TCP
    std::size_t max_sessions = 256;
    std::size_t max_pending_output = 8 * 1024 * 1024;  // a slower reader is disconnected
    Millis restart_after{2000};  // after Event: Shutdown, not listening for that long
    // AMI over HTTP (/rawman, WaitEvent) on this port as well (0 = any free port): http_server.hpp.
    std::optional<std::uint16_t> http_port;
    Millis http_session_timeout{60000};  // Asterisk's httptimeout
};

class Server {
public:
    Server(boost::asio::io_context& io, Pbx& pbx, Scheduler& sched, ServerOptions options);
    ~Server();
    void start();  // throws on bind errors
    std::uint16_t port() const noexcept { return port_; }
    std::uint16_t http_port() const noexcept;  // 0 without AMI over HTTP
    std::size_t session_count() const noexcept;
    // Closes every session and stops listening for `pause`, then listens again.
    void drop_link(Millis pause);
    void stop();

    class Connection;

private:
    void listen();
    void relisten();
    void accept();
    void on_event(const ami::Message& e);
    AmiSession::Hooks hooks();

    boost::asio::io_context& io_;
    Pbx& pbx_;
    Scheduler& sched_;
    ServerOptions opt_;
    std::optional<boost::asio::ssl::context> tls_;
    std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
    std::uint16_t port_ = 0;
    std::list<std::shared_ptr<Connection>> connections_;
    LoadGenerator load_;
    std::unique_ptr<class HttpServer> http_;
    bool stopped_ = false;
    struct ArmedDrop {
        std::string action;
        Millis pause;
    };
    std::optional<ArmedDrop> armed_drop_;  // SimDropLink OnAction=...
};

}  // namespace pbxsim
