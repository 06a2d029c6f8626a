#include "bridge/server/monitors.hpp"

#include "bridge/core/emitted.hpp"

#include <algorithm>
#include <charconv>

namespace bridge {

namespace {

// Which filter flag governs an event type (ECMA-269 MonitorFilter).
struct FilterVisitor {
    const csta::MonitorFilter& f;
    using CC = csta::CallControlEvent;
    using LD = csta::LogicalDeviceFeatureEvent;
    bool operator()(const csta::ServiceInitiatedEvent&) const { return f.callcontrol.test(CC::serviceInitiated); }
    bool operator()(const csta::OriginatedEvent&) const { return f.callcontrol.test(CC::originated); }
    bool operator()(const csta::DeliveredEvent&) const { return f.callcontrol.test(CC::delivered); }
    bool operator()(const csta::EstablishedEvent&) const { return f.callcontrol.test(CC::established); }
    bool operator()(const csta::ConnectionClearedEvent&) const { return f.callcontrol.test(CC::connectionCleared); }
    bool operator()(const csta::CallClearedEvent&) const { return f.callcontrol.test(CC::callCleared); }
    bool operator()(const csta::FailedEvent&) const { return f.callcontrol.test(CC::failed); }
    bool operator()(const csta::HeldEvent&) const { return f.callcontrol.test(CC::held); }
    bool operator()(const csta::RetrievedEvent&) const { return f.callcontrol.test(CC::retrieved); }
    bool operator()(const csta::TransferredEvent&) const { return f.callcontrol.test(CC::transferred); }
    bool operator()(const csta::ConferencedEvent&) const { return f.callcontrol.test(CC::conferenced); }
    bool operator()(const csta::DivertedEvent&) const { return f.callcontrol.test(CC::diverted); }
    bool operator()(const csta::QueuedEvent&) const { return f.callcontrol.test(CC::queued); }
    bool operator()(const csta::NetworkReachedEvent&) const { return f.callcontrol.test(CC::networkReached); }
    bool operator()(const csta::DigitsGeneratedEvent&) const {
        return f.callAssociated.test(csta::CallAssociatedEvent::digitsGenerated);
    }
    bool operator()(const csta::AgentLoggedOnEvent&) const { return f.logicalDeviceFeature.test(LD::agentLoggedOn); }
    bool operator()(const csta::AgentLoggedOffEvent&) const { return f.logicalDeviceFeature.test(LD::agentLoggedOff); }
    bool operator()(const csta::AgentReadyEvent&) const { return f.logicalDeviceFeature.test(LD::agentReady); }
    bool operator()(const csta::AgentNotReadyEvent&) const { return f.logicalDeviceFeature.test(LD::agentNotReady); }
    bool operator()(const csta::AgentWorkingAfterCallEvent&) const {
        return f.logicalDeviceFeature.test(LD::agentWorkingAfterCall);
    }
    bool operator()(const csta::AgentBusyEvent&) const { return f.logicalDeviceFeature.test(LD::agentBusy); }
    bool operator()(const csta::DoNotDisturbEvent&) const { return f.logicalDeviceFeature.test(LD::doNotDisturb); }
    bool operator()(const csta::ForwardingEvent&) const { return f.logicalDeviceFeature.test(LD::forwarding); }
    // ECMA-323's MonitorFilter has no vendor-specific (private) filter: never filtered out.
    bool operator()(const csta::PrivateEvent&) const { return false; }
};

// The copy one monitor gets: its cross reference id, and for device monitors that device's
// localConnectionInfo (call monitors have no "local" device).
csta::Event addressed(const csta::Event& event, const Monitor& m,
                      const std::optional<csta::LocalConnectionState>* state) {
    csta::Event copy = event;
    std::visit([&](auto& e) { e.monitorCrossRefID = m.xref(); }, copy);
    set_local_connection_info(copy, state ? *state : std::nullopt);
    return copy;
}

}  // namespace

bool filtered_out(const csta::MonitorFilter& filter, const csta::Event& event) {
    return std::visit(FilterVisitor{filter}, event);
}

void MonitorRegistry::KeyList::insert(Key key) {
    if (!many_ && one_ == 0) {
        one_ = key;
        return;
    }
    if (!many_) {
        many_ = std::make_unique<std::vector<Key>>(1, one_);
        one_ = 0;
    }
    many_->insert(std::lower_bound(many_->begin(), many_->end(), key), key);
}

void MonitorRegistry::KeyList::erase(Key key) {
    if (!many_) {
        if (one_ == key) one_ = 0;
        return;
    }
    auto pos = std::lower_bound(many_->begin(), many_->end(), key);
    if (pos != many_->end() && *pos == key) many_->erase(pos);
    if (many_->empty()) many_.reset();
}

std::optional<MonitorRegistry::Key> MonitorRegistry::key_of(const csta::MonitorCrossRefID& xref) noexcept {
    Key k = 0;
    auto [end, ec] = std::from_chars(xref.data(), xref.data() + xref.size(), k);
    if (ec != std::errc() || end != xref.data() + xref.size() || xref.empty() || xref[0] == '0') return std::nullopt;
    return k;
}

const MonitorRegistry::Entry* MonitorRegistry::entry(SessionId session, const csta::MonitorCrossRefID& xref) const {
    auto key = key_of(xref);
    if (!key) return nullptr;
    auto it = monitors_.find(*key);
    if (it == monitors_.end() || it->monitor.session != session) return nullptr;
    return &*it;
}

void MonitorRegistry::link(const Entry& e) {
    auto& list = by_session_[e.monitor.session];
    e.prev_in_session = 0;
    e.next_in_session = list.head;
    if (list.head) at(list.head).prev_in_session = e.monitor.key;
    list.head = e.monitor.key;
    ++list.count;
}

void MonitorRegistry::unlink(const Entry& e) {
    auto s = by_session_.find(e.monitor.session);
    if (s == by_session_.end()) return;
    if (e.prev_in_session) at(e.prev_in_session).next_in_session = e.next_in_session;
    else s->second.head = e.next_in_session;
    if (e.next_in_session) at(e.next_in_session).prev_in_session = e.prev_in_session;
    e.prev_in_session = e.next_in_session = 0;
    if (--s->second.count == 0) by_session_.erase(s);
}

MonitorRegistry::Result MonitorRegistry::start(SessionId session, MonitorTarget target, csta::MonitorFilter filter,
                                               std::size_t max_per_session, std::string_view user) {
    if (count(session) >= max_per_session)
        return csta::ErrorCode(csta::SystemResourceAvailabilityError::overallMonitorLimitExceeded);
    const auto key = next_++;
    const bool call = target.is_call();
    auto& index = call ? by_call_ : by_device_;
    auto watched = index.try_emplace(call ? std::move(target.call_id) : std::move(target.device)).first;
    watched->second.insert(key);  // keys only grow: goes at the end
    std::pair<const std::string, std::size_t>* user_count = nullptr;
    if (!user.empty()) {
        user_count = &*per_user_.try_emplace(std::string(user), 0).first;
        ++user_count->second;
    }
    const auto& e = *monitors_.insert(Entry{Monitor{key, session, &watched->first, filter, call}, user_count}).first;
    link(e);
    return e.monitor.xref();
}

void MonitorRegistry::erase(Key key) {
    auto it = monitors_.find(key);
    if (it == monitors_.end()) return;
    const auto& m = it->monitor;
    auto& index = m.call ? by_call_ : by_device_;
    if (auto w = index.find(m.object()); w != index.end()) {
        w->second.erase(key);
        if (w->second.empty()) index.erase(w);
    }
    unlink(*it);
    if (auto* user = it->user; user && --user->second == 0) {
        const std::string name = user->first;  // erase() must not read the key it destroys
        per_user_.erase(name);
    }
    monitors_.erase(it);
}

std::optional<csta::ErrorCode> MonitorRegistry::stop(SessionId session, const csta::MonitorCrossRefID& xref) {
    if (!entry(session, xref)) return csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID);
    erase(*key_of(xref));
    return std::nullopt;
}

std::optional<csta::ErrorCode> MonitorRegistry::change_filter(SessionId session, const csta::MonitorCrossRefID& xref,
                                                              const csta::MonitorFilter& filter) {
    const auto* e = entry(session, xref);
    if (!e) return csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID);
    e->monitor.filter = filter;
    return std::nullopt;
}

std::size_t MonitorRegistry::drop_session(SessionId session) {
    auto s = by_session_.find(session);
    if (s == by_session_.end()) return 0;
    std::vector<Key> mine;
    mine.reserve(s->second.count);
    for (Key k = s->second.head; k; k = at(k).next_in_session) mine.push_back(k);
    for (auto key : mine) erase(key);
    return mine.size();
}

std::size_t MonitorRegistry::move_session(SessionId from, SessionId to) {
    auto s = by_session_.find(from);
    if (s == by_session_.end() || from == to) return 0;
    std::vector<Key> keys;
    keys.reserve(s->second.count);
    for (Key k = s->second.head; k; k = at(k).next_in_session) keys.push_back(k);
    for (auto key : keys) {
        const auto& e = at(key);
        unlink(e);
        e.monitor.session = to;
        link(e);
    }
    return keys.size();
}

std::size_t MonitorRegistry::end_call(const std::string& call_id) {
    auto it = by_call_.find(call_id);
    if (it == by_call_.end()) return 0;
    const std::vector<Key> ended(it->second.begin(), it->second.end());  // erase() edits the index
    for (auto key : ended) erase(key);
    return ended.size();
}

std::size_t MonitorRegistry::move_call(const std::string& from, const std::string& to) {
    auto it = by_call_.find(from);
    if (it == by_call_.end() || from == to) return 0;
    const std::vector<Key> moved(it->second.begin(), it->second.end());
    by_call_.erase(it);
    auto& dest = *by_call_.try_emplace(to).first;
    for (auto key : moved) {
        at(key).monitor.watched = &dest.first;
        dest.second.insert(key);
    }
    return moved.size();
}

std::size_t MonitorRegistry::count(SessionId session) const {
    auto it = by_session_.find(session);
    return it == by_session_.end() ? 0 : it->second.count;
}

std::size_t MonitorRegistry::count_user(std::string_view user) const {
    auto it = per_user_.find(std::string(user));
    return it == per_user_.end() ? 0 : it->second;
}

const Monitor* MonitorRegistry::find(const csta::MonitorCrossRefID& xref) const {
    auto key = key_of(xref);
    if (!key) return nullptr;
    auto it = monitors_.find(*key);
    return it == monitors_.end() ? nullptr : &it->monitor;
}

void MonitorRegistry::deliver(const csta::Event& event, const EventAudience& audience, const Sink& sink) const {
    // Collect (start order, monitor, state) so every monitor gets the event once, in the
    // order monitors were started, whichever index found it.
    struct Target {
        std::uint64_t order;
        const Monitor* monitor;
        const std::optional<csta::LocalConnectionState>* state;
    };
    std::vector<Target> targets;
    for (const auto& [device, state] : audience.devices) {
        auto found = by_device_.find(device);
        if (found == by_device_.end()) continue;
        for (auto it = found->second.begin(); it != found->second.end(); ++it) {
            targets.push_back({*it, &at(*it).monitor, &state});
        }
    }
    if (auto found = audience.call_id.empty() ? by_call_.end() : by_call_.find(audience.call_id);
        found != by_call_.end()) {
        for (auto it = found->second.begin(); it != found->second.end(); ++it) {
            targets.push_back({*it, &at(*it).monitor, nullptr});
        }
    }
    std::sort(targets.begin(), targets.end(), [](const Target& a, const Target& b) { return a.order < b.order; });
    std::erase_if(targets, [&](const Target& t) { return filtered_out(t.monitor->filter, event); });
    // A copy's form is its localConnectionInfo, i.e. which device's state it carries (call
    // monitors carry none: one form of their own). Only forms that more than one copy has
    // are named to the sink; an event for a single monitor is not worth keeping.
    static const char call_form = 0;
    const auto form_of = [](const Target& t) -> const void* { return t.state ? static_cast<const void*>(t.state) : &call_form; };
    std::vector<const void*> forms;  // sorted, for many copies only
    if (targets.size() > 8) {
        for (const auto& t : targets) forms.push_back(form_of(t));
        std::sort(forms.begin(), forms.end());
    }
    const auto shared = [&](std::size_t i) {
        if (!forms.empty()) {
            const auto [first, last] = std::equal_range(forms.begin(), forms.end(), form_of(targets[i]));
            return last - first > 1;
        }
        for (std::size_t j = 0; j < targets.size(); ++j)
            if (j != i && targets[j].state == targets[i].state) return true;
        return false;
    };
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto& t = targets[i];
        sink(*t.monitor, addressed(event, *t.monitor, t.state), shared(i) ? form_of(t) : nullptr);
    }
}

}  // namespace bridge
