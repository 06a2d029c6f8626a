#pragma once
// AMI over HTTP as Asterisk's manager.c serves it (http.conf enabled = yes, manager.conf
// webenabled = yes), /rawman only: an action's fields in the query of a GET or the form body
// of a POST; each HTTP session is an AmiSession found by its mansession_id cookie (a request
// without a known cookie starts a new, unauthenticated one; one idle for the session timeout,
// Asterisk's httptimeout, is forgotten); events are queued per session and returned by
// WaitEvent, which waits for the first one (long poll). One request per connection
// (Connection: close) with the headers of the recording tests/data/ami/http-rawman.http.
#include <utility>  // before Asio's awaitable.hpp, which uses std::exchange without it (Boost 1.74)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "tools/pbx-sim/ami_session.hpp"
#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

class HttpServer {
public:
    HttpServer(boost::asio::io_context& io, Pbx& pbx, std::function<AmiSession::Hooks()> hooks, std::string bind,
               std::uint16_t port, Millis session_timeout);
    ~HttpServer();
    void start();  // throws on bind errors
    std::uint16_t port() const noexcept { return port_; }
    std::size_t session_count() const noexcept { return sessions_.size(); }
    void on_event(const ami::Message& event);
    // Every HTTP session ends at once (an Asterisk restart for HTTP clients): their cookies
    // are unknown from now on, a waiting WaitEvent's connection closes without an answer.
    void drop_sessions();
    void stop();

    struct Session;
    struct Answer;

private:
    void accept();
    boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<std::optional<Answer>> answer(const std::string& target, const std::string& form,
                                                         const std::string& cookie);
    std::shared_ptr<Session> session_for(const std::string& cookie);
    void sweep();

    boost::asio::io_context& io_;
    Pbx& pbx_;
    std::function<AmiSession::Hooks()> hooks_;
    std::string bind_;
    std::uint16_t port_;
    Millis session_timeout_;
    std::optional<boost::asio::ip::tcp::acceptor> acceptor_;
    std::map<std::string, std::shared_ptr<Session>> sessions_;
    std::unique_ptr<boost::asio::steady_timer> sweeper_;
    unsigned next_id_ = 0;
    bool stopped_ = false;
};

}  // namespace pbxsim
