#pragma once
// Asynchronous AMI client over TCP or TLS on one boost::asio::io_context thread.
//
// Connects, checks the banner, logs in (MD5 challenge or plain) with Events on, then
// correlates actions with their responses and event lists by ActionID, delivers events in
// arrival order to one subscriber, keeps the link alive with Ping and reconnects with
// exponential back-off and jitter (reset only after a link stayed up stable_after). Pending actions fail with link_lost when the link goes
// down; they are never re-sent (a re-sent Originate would dial twice). The owner resyncs its
// state in on_logged_in(), which runs after every (re)login.
//
// Every member function must be called on the io_context thread. Callbacks run on it too.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "ami/action_result.hpp"
#include "ami/client_config.hpp"
#include "ami/message.hpp"

namespace ami {

enum class LinkState { up, down };

// up: logged in. down: a link that was up was lost, or a connection attempt failed (one
// report per failed attempt, error says why: auth_failed, connect_failed, tls_failed...).
struct LinkStatus {
    LinkState state = LinkState::down;
    ErrorCode error = ErrorCode::ok;
    std::string detail;
};

struct ClientStats {
    std::uint64_t events_received = 0;   // events read that were not list items
    std::uint64_t events_delivered = 0;
    std::uint64_t events_dropped = 0;    // always 0: a full subscriber queue pauses reading instead
    std::uint64_t read_pauses = 0;       // times reading paused for the subscriber to catch up
    std::uint64_t parse_errors = 0;
    std::uint64_t actions_sent = 0;      // including Login, Challenge, Ping, Logoff
    std::uint64_t logins = 0;
    std::uint64_t link_losses = 0;
};

class ClientImpl;

class Client {
public:
    Client(boost::asio::io_context& io, ClientConfig config);
    ~Client();  // closes at once; pending actions complete with ErrorCode::stopped
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    void start();
    // Logs off (when logged in, waiting up to logoff_timeout for Goodbye), closes and stops
    // reconnecting. done runs once everything is closed.
    void stop(std::function<void()> done = {});

    // Sends an action (its ActionID is replaced by the client's own). callback runs exactly
    // once, never from inside send(). timeout defaults to config().action_timeout.
    void send(Message action, ActionCallback callback,
              std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    // The same for an action answered by an event list, whose items go to on_item one by one
    // as they are read (ActionResult::items stays empty). Events read before an item, and before
    // the list's end, are delivered to the event subscriber first: a resync that applies each
    // item at once sees them in the order Asterisk sent them.
    void send_list(Message action, ItemCallback on_item, ActionCallback callback,
                   std::optional<std::chrono::milliseconds> timeout = std::nullopt);

    void on_event(std::function<void(const Message&)> subscriber);
    void on_link(std::function<void(const LinkStatus&)> handler);
    void on_logged_in(std::function<void()> resync);

    bool logged_in() const;
    const std::string& banner() const;   // "Asterisk Call Manager/11.0.0" (last connection)
    const std::string& version() const;  // "11.0.0"
    // Write classes found missing: an action of that class was answered "Permission denied".
    std::vector<std::string> missing_write_classes() const;
    ClientStats stats() const;
    const ClientConfig& config() const;
    const std::string& peer() const;

private:
    std::shared_ptr<ClientImpl> impl_;
};

// The write class Asterisk requires for a known action ("Originate" -> "originate"), or "".
std::string builtin_write_class(std::string_view action);

}  // namespace ami
