#pragma once
// AMI over HTTP (Asterisk's http.conf + manager.conf webenabled = yes), the third transport
// of the AMI client beside TCP and TLS. Each action is one GET (or, when long, POST) to
// /rawman on its own connection, the session is the mansession_id cookie that the Login's
// answer sets, and events come from a long-poll WaitEvent loop started after the login.
//
// Towards the client it looks like the TCP byte stream: first a banner line, then every
// answer body (Response and event-list items in AMI wire form) and every event WaitEvent
// returned, so the client's parser, ActionID tracking, login, keepalive and resync work as
// for TCP. A lost session (the cookie no longer known: WaitEvent refused) or any failed
// request ends the transport like a closed socket: the client drops the link, logs in
// again (a new cookie) and resyncs.
//
// All calls on the io_context thread; callbacks never run after close().
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "ami/action_result.hpp"
#include "ami/message.hpp"

namespace ami {

struct HttpTransportSettings {
    std::string host;
    unsigned short port = 8088;
    std::string path = "/rawman";
    boost::asio::ssl::context* tls = nullptr;  // https when set (verification configured on it)
    bool verify = true;
    std::string server_name;                    // SNI / certificate name; empty = host
    std::chrono::seconds wait_event_timeout{20};  // below Asterisk's httptimeout (60 s)
    std::chrono::milliseconds request_timeout{30000};  // one action's exchange
    std::string peer;                           // for messages
};

// The interface; http_transport.cpp has the Boost.Beast implementation (kept out of the
// client's translation unit).
class HttpTransport {
public:
    using BytesHandler = std::function<void(std::string_view)>;
    using ClosedHandler = std::function<void(ErrorCode, const std::string& why)>;

    static std::shared_ptr<HttpTransport> create(boost::asio::io_context& io, HttpTransportSettings settings,
                                                 BytesHandler on_bytes, ClosedHandler on_closed);
    // Asks the server for /rawman once (is it there, is it Asterisk?), then delivers the banner.
    virtual void start() = 0;
    // Sends one action; its answer body arrives through on_bytes.
    virtual void send(const Message& action) = 0;
    // Back-pressure: while paused no new WaitEvent is sent (Asterisk keeps the events queued
    // in its manager session, as TCP keeps them in the socket); unpausing polls again.
    virtual void set_paused(bool paused) = 0;
    // Cancels every request; no callback runs afterwards.
    virtual void close() = 0;
    virtual ~HttpTransport() = default;
};

}  // namespace ami
