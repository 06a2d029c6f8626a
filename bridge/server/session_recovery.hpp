#pragma once
// Session recovery, Avaya DMCC style (README "Session recovery"): an XML session whose
// connection is lost keeps its monitors for its recovery window, and the events for them
// are kept in order, until a login with its sessionID (same user) takes it over, or the window
// ends, or too many events would have to be kept (then it ends at once: a recovered session
// never has a gap). No sockets: it works on session ids, the monitor registry and a timer per
// lost session; the app hands the kept events to the new connection.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/server/config.hpp"
#include "bridge/server/metrics.hpp"
#include "bridge/server/monitors.hpp"

namespace bridge {

class SessionRecovery {
public:
    // Events kept for all lost sessions together: a network failure that drops every client
    // at once must not let them take unbounded memory (~1 KB each).
    static constexpr std::size_t kKeptEventsTotal = 200000;

    SessionRecovery(boost::asio::io_context& io, const Config& config, MonitorRegistry& monitors, Metrics& metrics);
    ~SessionRecovery();

    // The connection of session `id` (logged in as `user`, "" for a trusted peer) with the
    // ECMA-354 sessionID `session_id` is lost: its monitors wait for `window`. False when it
    // is not kept (no window, no sessionID, or too many lost sessions already).
    bool keep_lost(SessionId id, const std::string& session_id, const std::string& user,
                   std::chrono::steady_clock::duration window);
    // A login with that sessionID by `user`: marks the lost session as being recovered and
    // gives its id; nullopt when it cannot be (unknown, another user's, ending, or already
    // being taken over).
    std::optional<SessionId> claim(const std::string& session_id, const std::string& user);

    enum class Handover {
        done,                 // monitors moved to new_id, kept events delivered in order
        lost_session_ended,   // it ended before the hand-over: the new connection must close
        new_connection_gone,  // the recovering connection is gone: the lost session waits on
    };
    // Hands the claimed lost session's monitors and kept events over to session new_id;
    // deliver is null when the new connection is no longer open.
    Handover hand_over(const std::string& session_id, SessionId old_id, SessionId new_id,
                       const std::function<void(const csta::Event&)>& deliver);

    // Keeps an event for a monitor of lost session id (false: no such session, or it ends
    // now because the event would pass a cap).
    bool keep_event(SessionId id, const csta::Event& event);
    // The user of a lost session (null: none, or a trusted peer).
    const UserConfig* user_of(SessionId id) const;
    // Monitors of the user's lost sessions (max-monitors counts them too).
    std::size_t monitors_of_user(const std::string& user) const;
    std::size_t size() const noexcept { return lost_.size(); }
    // The bridge stops: every lost session is forgotten (its monitors go with the registry).
    void clear();

private:
    struct Lost {
        SessionId id;
        std::string user;  // "" for an unauthenticated trusted peer
        std::unique_ptr<boost::asio::steady_timer> expiry;
        std::vector<csta::Event> events;  // for its monitors meanwhile, in order
        bool overflowed = false;          // too many events: it ends (no recovery with a gap)
        bool recovering = false;          // a login took it over; the hand-over is under way
    };
    using Iterator = std::map<std::string, Lost>::iterator;
    void end(Iterator it, const std::string& why);

    boost::asio::io_context& io_;
    const Config& config_;
    MonitorRegistry& monitors_;
    Metrics& metrics_;
    std::map<std::string, Lost> lost_;  // by sessionID
    std::size_t kept_events_ = 0;       // in all lost sessions together
};

}  // namespace bridge
