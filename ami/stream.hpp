#pragma once
// One TCP connection, optionally wrapped in TLS once connected (client) or accepted (server).
// Lets the AMI client and the test servers share one read/write path for both transports.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include <optional>
#include <utility>

namespace ami {

class Stream {
public:
    using tcp = boost::asio::ip::tcp;
    using tls_stream = boost::asio::ssl::stream<tcp::socket>;

    // Constructed in place (not from a moved socket: g++ 12 then warns maybe-uninitialized
    // inside Asio's epoll reactor).
    explicit Stream(boost::asio::io_context& io) : tcp_(io) {}

    // Wraps the connected socket in TLS; the handshake is still to be done on tls().
    void start_tls(boost::asio::ssl::context& context) { tls_.emplace(std::move(tcp_), context); }
    bool is_tls() const noexcept { return tls_.has_value(); }
    tls_stream& tls() { return *tls_; }

    tcp::socket& socket() { return tls_ ? tls_->next_layer() : tcp_; }

    template <class Buffers, class Handler>
    void async_read_some(const Buffers& buffers, Handler&& handler) {
        if (tls_) tls_->async_read_some(buffers, std::forward<Handler>(handler));
        else tcp_.async_read_some(buffers, std::forward<Handler>(handler));
    }

    template <class Buffers, class Handler>
    void async_write(const Buffers& buffers, Handler&& handler) {
        if (tls_) boost::asio::async_write(*tls_, buffers, std::forward<Handler>(handler));
        else boost::asio::async_write(tcp_, buffers, std::forward<Handler>(handler));
    }

    // Closes without a TLS close_notify: used on errors and when the peer is gone.
    void close() {
        boost::system::error_code ignored;
        socket().shutdown(tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
    }

private:
    tcp::socket tcp_;
    std::optional<tls_stream> tls_;
};

}  // namespace ami
