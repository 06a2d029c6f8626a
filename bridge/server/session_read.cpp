// How a session reads, apart from session.cpp: without holding memory while the client is
// quiet. Thousands of idle sessions must not each keep a read buffer (issue 17: 10,000
// sessions in < 200 MB).
//   Plain TCP: wait until the socket is readable, then read what is there into one buffer
//   per thread and hand it on at once (the protocol copies what it keeps): an idle session
//   holds no read buffer at all.
//   TLS: the SSL stream reads into a buffer of the session's own that starts small, doubles
//   while reads fill it (up to the old fixed 16 KiB) and goes back to small after a short read.
#include <array>
#include <spdlog/spdlog.h>

#include "bridge/server/session.hpp"

namespace bridge {

namespace asio = boost::asio;

namespace {
constexpr std::size_t kMaxRead = 16 * 1024;     // one read at most (as before)
constexpr std::size_t kSmallTlsRead = 2 * 1024;  // a TLS session's buffer while it sends little

std::span<std::uint8_t> thread_read_buffer() {
    static thread_local std::array<std::uint8_t, kMaxRead> buffer;
    return buffer;
}
}  // namespace

void Session::read() {
    if (tls()) read_tls();
    else read_plain();
}

void Session::read_plain() {
    socket_.async_wait(asio::ip::tcp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
        if (ec) {
            self->on_read(ec, {});
            return;
        }
        const auto buffer = thread_read_buffer();
        const std::size_t n = self->socket_.read_some(asio::buffer(buffer.data(), buffer.size()), ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) {
            if (!self->closing_) self->read_plain();  // woken without data: wait again
            return;
        }
        self->on_read(ec, buffer.first(n));
    });
}

void Session::read_tls() {
    if (tls_read_buffer_.size() != tls_read_size_) Bytes(tls_read_size_).swap(tls_read_buffer_);  // swap: shrinking frees
    tls_stream_->async_read_some(asio::buffer(tls_read_buffer_), [self = shared_from_this()](boost::system::error_code ec,
                                                                                            std::size_t n) {
        const std::size_t size = self->tls_read_buffer_.size();
        if (n == size) self->tls_read_size_ = std::min(size * 2, kMaxRead);  // applied before the next read
        else if (n < kSmallTlsRead) self->tls_read_size_ = kSmallTlsRead;
        self->on_read(ec, std::span<const std::uint8_t>(self->tls_read_buffer_.data(), n));
    });
}

void Session::on_read(boost::system::error_code ec, std::span<const std::uint8_t> bytes) {
    if (ec) {
        if (!closing_) close(ec == asio::error::eof ? "client closed the connection" : "read failed: " + ec.message());
        return;
    }
    on_bytes(bytes);
    if (!closing_) read();
}

}  // namespace bridge
