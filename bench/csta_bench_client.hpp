#pragma once
// A minimal blocking CSTA XML (ECMA-323 ed6) client for the end-to-end benchmarks: it
// writes encoded requests and reads raw frames; callers look only at what they measure.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "csta/framing/framing.hpp"
#include "csta/xml/codec.hpp"

namespace bench {

class CstaClient {
public:
    explicit CstaClient(unsigned short port) : socket_(io_), deframer_(csta::framing::Kind::xml) {
        socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
        socket_.set_option(boost::asio::ip::tcp::no_delay(true));
    }

    void send_document(const std::string& xml, std::uint16_t invoke) {
        auto frame = csta::framing::encode_xml(xml, invoke);
        if (!frame) throw std::runtime_error("request too large to frame");
        boost::asio::write(socket_, boost::asio::buffer(*frame));
    }
    void send(const csta::Request& r, std::uint16_t invoke) { send_document(csta::xml::Codec::encode(r), invoke); }

    // Next frame's document (blocking); nullopt when the connection ended.
    std::optional<std::string> next() {
        for (;;) {
            if (auto f = deframer_.next()) {
                if (auto* frame = std::get_if<csta::framing::Frame>(&*f))
                    return std::string(frame->payload.begin(), frame->payload.end());
                throw std::runtime_error("bad framing from the bridge");
            }
            boost::system::error_code ec;
            auto n = socket_.read_some(boost::asio::buffer(buf_), ec);
            if (ec) return std::nullopt;
            deframer_.feed(std::span<const std::uint8_t>(buf_, n));
        }
    }

    bool login(const std::string& user, const std::string& secret) {
        csta::StartApplicationSession s;
        s.applicationID = "bench";
        s.credentials = csta::SessionCredentials{user, secret};
        send_document(csta::xml::Codec::encode(csta::SessionMessage(s)), 1);
        auto answer = next();
        return answer && answer->find("StartApplicationSessionPosResponse") != std::string::npos;
    }

    // Asks RequestSystemStatus until the AMI link is up (systemStatus normal).
    bool wait_link_up(std::chrono::seconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < until) {
            send(csta::RequestSystemStatus{}, 2);
            for (auto doc = next(); doc; doc = next()) {
                if (doc->find("RequestSystemStatusResponse") == std::string::npos) continue;
                if (doc->find(">normal<") != std::string::npos) return true;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    boost::asio::ip::tcp::socket& socket() { return socket_; }

private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::socket socket_;
    csta::framing::Deframer deframer_;
    std::uint8_t buf_[64 * 1024];
};

}  // namespace bench
