#include "bridge/server/login_guard.hpp"

#include <algorithm>

namespace bridge {

namespace {
// Past this many tracked keys, records whose back-off is long over are forgotten.
constexpr std::size_t kPruneAbove = 10000;
}  // namespace

LoginGuard::clock::duration LoginGuard::wait(const Failures& f) const {
    if (f.count <= free_failures_) return clock::duration::zero();
    const auto doublings = std::min<std::size_t>(f.count - free_failures_ - 1, 20);
    const auto d = std::chrono::seconds(1) * (1LL << doublings);
    return std::min<clock::duration>(d, max_backoff_);
}

LoginGuard::clock::duration LoginGuard::remaining(const std::map<std::string, Failures>& records, const std::string& key,
                                                  clock::time_point now) const {
    const auto it = records.find(key);
    if (it == records.end()) return clock::duration::zero();
    const auto until = it->second.last + wait(it->second);
    return until > now ? until - now : clock::duration::zero();
}

LoginGuard::clock::duration LoginGuard::blocked_for(const std::string& address, const std::string& user,
                                                    clock::time_point now) const {
    return std::max(remaining(by_address_, address, now), user.empty() ? clock::duration::zero()
                                                                       : remaining(by_user_, user, now));
}

void LoginGuard::failed(const std::string& address, const std::string& user, clock::time_point now) {
    forget_old(now);
    auto& a = by_address_[address];
    ++a.count;
    a.last = now;
    if (!user.empty()) {
        auto& u = by_user_[user];
        ++u.count;
        u.last = now;
    }
}

void LoginGuard::succeeded(const std::string& address, const std::string& user) {
    by_address_.erase(address);
    by_user_.erase(user);
}

bool LoginGuard::may_log(const std::string& address, clock::time_point now, std::size_t& suppressed) {
    auto& w = log_[address];
    if (w.last != clock::time_point{} && now - w.last < std::chrono::seconds(1)) {
        ++w.suppressed;
        return false;
    }
    suppressed = w.suppressed;
    w.suppressed = 0;
    w.last = now;
    return true;
}

void LoginGuard::forget_old(clock::time_point now) {
    if (by_address_.size() + by_user_.size() + log_.size() < kPruneAbove) return;
    // A record counts for a whole back-off after its last failure; twice the longest one
    // later it cannot matter any more.
    const auto horizon = 2 * max_backoff_;
    std::erase_if(by_address_, [&](const auto& kv) { return now - kv.second.last > horizon; });
    std::erase_if(by_user_, [&](const auto& kv) { return now - kv.second.last > horizon; });
    std::erase_if(log_, [&](const auto& kv) { return now - kv.second.last > std::chrono::seconds(2); });
}

}  // namespace bridge
