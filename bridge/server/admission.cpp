// Who gets in: connections that have not logged in yet are limited on their own (all together
// and per source address), so idle or garbage-sending sockets cannot hold the places of real
// clients; logged-in sessions are limited at login (max-sessions, and per user).
#include <spdlog/spdlog.h>

#include "bridge/server/app.hpp"

namespace bridge {

std::string BridgeApp::admit(const Session& session) {
    std::size_t total = 0, same_address = 0;
    for (const auto& [id, weak] : sessions_) {
        const auto s = weak.lock();
        if (!s || s.get() == &session || !s->open() || s->logged_in()) continue;
        ++total;
        if (s->peer_address() == session.peer_address()) ++same_address;
    }
    const auto& g = config_.general;
    if (total >= g.max_unauthenticated) {
        metrics_.add("csta_bridge_connections_refused_total", 1, {{"reason", "max-unauthenticated"}});
        return "too many connections not logged in (max-unauthenticated " + std::to_string(g.max_unauthenticated) + ")";
    }
    if (same_address >= g.max_unauthenticated_per_address) {
        metrics_.add("csta_bridge_connections_refused_total", 1, {{"reason", "max-unauthenticated-per-address"}});
        return "too many connections not logged in from " + session.peer_address().to_string() +
               " (max-unauthenticated-per-address " + std::to_string(g.max_unauthenticated_per_address) + ")";
    }
    return {};
}

std::string BridgeApp::session_limit(const Session& session, const UserConfig* user) const {
    std::size_t logged_in = 0, of_user = 0;
    for (const auto& [id, weak] : sessions_) {
        const auto s = weak.lock();
        if (!s || s.get() == &session || !s->open() || !s->logged_in()) continue;
        ++logged_in;
        if (user && s->user() == user) ++of_user;
    }
    if (logged_in >= config_.general.max_sessions)
        return "too many sessions (max-sessions " + std::to_string(config_.general.max_sessions) + ")";
    if (user && of_user >= user->max_sessions)
        return "user '" + user->name + "' has too many sessions (max-sessions " + std::to_string(user->max_sessions) + ")";
    return {};
}

std::size_t BridgeApp::monitors_of_user(const UserConfig& user) const {
    // Sessions are at most max-sessions: counting on demand keeps the registry's API as it is.
    std::size_t n = 0;
    for (const auto& [id, weak] : sessions_)
        if (const auto s = weak.lock(); s && s->user() == &user) n += monitors_.count(id);
    return n + recovery_.monitors_of_user(user.name);
}

}  // namespace bridge
