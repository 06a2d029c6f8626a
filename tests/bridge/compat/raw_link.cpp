#include "tests/bridge/compat/raw_link.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/support/fixtures.hpp"

namespace compat {

RawLink::RawLink(unsigned short port, Framing framing) : framing_(framing) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
        throw std::runtime_error("compat: cannot connect to the bridge");
}

RawLink::~RawLink() {
    if (fd_ >= 0) ::close(fd_);
}

void RawLink::send(const Bytes& bytes) {
    std::size_t off = 0;
    while (off < bytes.size()) {
        auto n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("compat: send failed");
        off += static_cast<std::size_t>(n);
    }
}

bool RawLink::fill(std::size_t n, std::chrono::steady_clock::time_point deadline) {
    while (buffer_.size() < n) {
        if (eof_) return false;
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(ms)) <= 0) continue;
        std::uint8_t buf[8192];
        auto got = ::recv(fd_, buf, sizeof buf, 0);
        if (got <= 0) {
            eof_ = true;
            return false;
        }
        buffer_.insert(buffer_.end(), buf, buf + got);
    }
    return true;
}

std::optional<Bytes> RawLink::frame(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t header = framing_ == Framing::xml ? 8 : 2;
    if (!fill(header, deadline)) return std::nullopt;
    std::size_t total = framing_ == Framing::xml
                            ? (std::size_t{buffer_[0]} << 24 | std::size_t{buffer_[1]} << 16 | std::size_t{buffer_[2]} << 8 | buffer_[3])
                            : 2 + (std::size_t{buffer_[0]} << 8 | buffer_[1]);
    if (total < header) throw std::runtime_error("compat: bad frame length from the bridge");
    if (!fill(total, deadline)) return std::nullopt;
    Bytes f(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(total));
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(total));
    return f;
}

bool RawLink::closed(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_) {
        buffer_.clear();
        if (!fill(1, deadline) && !eof_) return false;
    }
    return true;
}

bool RawLink::silent_for(std::chrono::milliseconds time) {
    return !fill(1, std::chrono::steady_clock::now() + time) && buffer_.empty();
}

Bytes pyssimist_frame(const std::string& document, int invoke_id) {
    const std::size_t total = document.size() + 8;
    Bytes f;
    f.reserve(total);
    for (int shift : {24, 16, 8, 0}) f.push_back(static_cast<std::uint8_t>(total >> shift));
    char digits[5];
    std::snprintf(digits, sizeof digits, "%04d", invoke_id);
    for (int i = 0; i < 4; ++i) f.push_back(static_cast<std::uint8_t>(digits[i]));
    for (char c : document) f.push_back(static_cast<std::uint8_t>(c));
    return f;
}

Bytes two_byte_frame(const Bytes& apdu) {
    Bytes f;
    f.reserve(apdu.size() + 2);
    f.push_back(static_cast<std::uint8_t>(apdu.size() >> 8));
    f.push_back(static_cast<std::uint8_t>(apdu.size()));
    for (auto b : apdu) f.push_back(b);
    return f;
}

std::string xml_document(const Bytes& frame) {
    return frame.size() < 8 ? std::string() : std::string(frame.begin() + 8, frame.end());
}

int xml_invoke_id(const Bytes& frame) {
    return frame.size() < 8 ? -1 : std::stoi(std::string(frame.begin() + 4, frame.begin() + 8));
}

Bytes from_hex(const std::string& hex) {
    Bytes out;
    std::string digits;
    for (char c : hex)
        if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    return out;
}

std::string compat_file(const std::string& name) {
    std::ifstream in(test_support::data_dir() + "/compat/" + name, std::ios::binary);
    if (!in) throw std::runtime_error("compat: missing test data " + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace compat
