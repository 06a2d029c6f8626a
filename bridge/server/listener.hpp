#pragma once
// One CSTA listening port ([listener:NAME]): accepts connections, applies the permit/deny
// rules before a byte is read, sets up TLS, and hands each connection to a new Session.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "bridge/server/session.hpp"

namespace bridge {

class Listener {
public:
    using SessionCreated = std::function<void(const std::shared_ptr<Session>&)>;

    Listener(boost::asio::io_context& io, const ListenerConfig& config, SessionHost& host, SessionCreated created);
    // Opens the port; returns an error text or "". Port 0 in the config picks a free port.
    std::string start();
    void stop();
    unsigned short port() const;
    const ListenerConfig& config() const noexcept { return config_; }

private:
    void accept();
    std::string setup_tls();

    boost::asio::io_context& io_;
    const ListenerConfig& config_;
    SessionHost& host_;
    SessionCreated created_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::optional<boost::asio::ssl::context> tls_;
    static inline SessionId next_session_id_ = 1;
};

}  // namespace bridge
