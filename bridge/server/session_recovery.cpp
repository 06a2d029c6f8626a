#include "bridge/server/session_recovery.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace bridge {

namespace {
// What one kept event costs in memory, estimated: the variant itself plus its strings' heap
// blocks. The byte caps (session-recovery-bytes) count in these units.
constexpr std::size_t kKeptEventBytes = sizeof(csta::Event) + 256;

std::string event_type(const csta::Event& e) { return std::string(csta::name(e)); }
}  // namespace

SessionRecovery::SessionRecovery(boost::asio::io_context& io, const Config& config, MonitorRegistry& monitors,
                                 Metrics& metrics)
    : io_(io), config_(config), monitors_(monitors), metrics_(metrics) {}

SessionRecovery::~SessionRecovery() { clear(); }

bool SessionRecovery::keep_lost(SessionId id, const std::string& session_id, const std::string& user,
                                std::chrono::steady_clock::duration window) {
    if (window <= std::chrono::steady_clock::duration::zero() || session_id.empty()) return false;
    if (lost_.size() >= config_.general.max_sessions) {
        spdlog::warn("session {}: too many lost sessions waiting for recovery; its monitors stop now", id);
        return false;
    }
    auto timer = std::make_unique<boost::asio::steady_timer>(io_, window);
    timer->async_wait([this, session_id, id](boost::system::error_code ec) {
        if (ec) return;  // recovered, ended, or the bridge is stopping
        const auto it = lost_.find(session_id);
        if (it == lost_.end() || it->second.id != id) return;
        end(it, "not recovered within its window");
    });
    lost_[session_id] = Lost{id, user, std::move(timer), {}, false, false};
    spdlog::info("session {}: connection lost; sessionID {} keeps its {} monitor(s) for {} s, waiting for recovery",
                 id, session_id, monitors_.count(id), std::chrono::duration_cast<std::chrono::seconds>(window).count());
    return true;
}

std::optional<SessionId> SessionRecovery::claim(const std::string& session_id, const std::string& user) {
    const auto it = lost_.find(session_id);
    if (it == lost_.end()) return std::nullopt;
    if (it->second.user != user) {
        spdlog::warn("sessionID {} belongs to another user; recovery by '{}' refused", session_id, user);
        return std::nullopt;
    }
    // Ending (its events have a gap), or another connection is taking it over right now.
    if (it->second.overflowed || it->second.recovering) return std::nullopt;
    it->second.recovering = true;
    return it->second.id;
}

SessionRecovery::Handover SessionRecovery::hand_over(const std::string& session_id, SessionId old_id, SessionId new_id,
                                                     const std::function<void(const csta::Event&)>& deliver) {
    const auto it = lost_.find(session_id);
    if (it == lost_.end() || it->second.id != old_id) return Handover::lost_session_ended;
    if (!deliver) {  // the new connection is gone already: the session waits on
        it->second.recovering = false;
        return Handover::new_connection_gone;
    }
    it->second.expiry->cancel();
    const auto events = std::move(it->second.events);
    kept_events_ -= events.size();
    lost_.erase(it);
    const auto n = monitors_.move_session(old_id, new_id);
    spdlog::info("session {}: takes over sessionID {} of lost session {} with its {} monitor(s) and {} event(s) kept for it",
                 new_id, session_id, old_id, n, events.size());
    metrics_.add("csta_bridge_sessions_recovered_total");
    for (const auto& ev : events) {
        deliver(ev);
        metrics_.add("csta_bridge_csta_events_total", 1, {{"type", event_type(ev)}});
    }
    return Handover::done;
}

const UserConfig* SessionRecovery::user_of(SessionId id) const {
    for (const auto& [sid, p] : lost_)
        if (p.id == id) return config_.find_user(p.user);
    return nullptr;
}

std::size_t SessionRecovery::monitors_of_user(const std::string& user) const {
    std::size_t n = 0;
    for (const auto& [sid, p] : lost_)
        if (p.user == user) n += monitors_.count(p.id);
    return n;
}

bool SessionRecovery::keep_event(SessionId id, const csta::Event& event) {
    // Lost sessions are few (at most max-sessions) and only events for them come here.
    for (auto it = lost_.begin(); it != lost_.end(); ++it) {
        if (it->second.id != id) continue;
        if (it->second.overflowed) return false;
        const auto* user = config_.find_user(it->second.user);
        std::size_t user_events = 0;
        if (user)
            for (const auto& [sid, p] : lost_)
                if (p.user == it->second.user) user_events += p.events.size();
        const bool over_bytes = (kept_events_ + 1) * kKeptEventBytes > config_.general.session_recovery_bytes ||
                                (user && (user_events + 1) * kKeptEventBytes > user->session_recovery_bytes);
        if (it->second.events.size() >= config_.general.session_recovery_events || kept_events_ >= kKeptEventsTotal ||
            over_bytes) {
            // Ended after this delivery: the monitor registry is being walked right now.
            metrics_.add("csta_bridge_queue_drops_total");
            it->second.overflowed = true;
            kept_events_ -= it->second.events.size();
            it->second.events.clear();
            boost::asio::post(io_, [this, sid = it->first, id, over_bytes] {
                const auto p = lost_.find(sid);
                if (p != lost_.end() && p->second.id == id)
                    end(p, over_bytes ? "the events waiting for its recovery would pass session-recovery-bytes "
                                        "(of its user, or of all lost sessions)"
                                      : "too many events waiting for its recovery (session-recovery-events " +
                                            std::to_string(config_.general.session_recovery_events) + ", or " +
                                            std::to_string(kKeptEventsTotal) + " for all lost sessions)");
            });
            return false;
        }
        it->second.events.push_back(event);
        ++kept_events_;
        return true;
    }
    return false;
}

void SessionRecovery::end(Iterator it, const std::string& why) {
    const auto id = it->second.id;
    const auto sid = it->first;
    it->second.expiry->cancel();
    kept_events_ -= it->second.events.size();
    lost_.erase(it);
    const auto n = monitors_.drop_session(id);
    spdlog::warn("session {}: sessionID {} ends: {}; {} monitor(s) stopped", id, sid, why, n);
}

void SessionRecovery::clear() {
    for (auto& [sid, lost] : lost_) lost.expiry->cancel();
    lost_.clear();
    kept_events_ = 0;
}

}  // namespace bridge
