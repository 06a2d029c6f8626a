#include "bridge/server/monitors.hpp"

#include "bridge/core/emitted.hpp"

#include <algorithm>

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
};

// The copy one monitor gets: its cross reference id, and for device monitors that device's
// localConnectionInfo (call monitors have no "local" device).
csta::Event addressed(const csta::Event& event, const Monitor& m,
                      const std::optional<csta::LocalConnectionState>* state) {
    csta::Event copy = event;
    std::visit([&](auto& e) { e.monitorCrossRefID = m.xref; }, copy);
    set_local_connection_info(copy, state ? *state : std::nullopt);
    return copy;
}

void erase_index(std::multimap<std::string, csta::MonitorCrossRefID>& index, const std::string& key,
                 const csta::MonitorCrossRefID& xref) {
    auto [b, e] = index.equal_range(key);
    for (auto it = b; it != e; ++it)
        if (it->second == xref) {
            index.erase(it);
            return;
        }
}

}  // namespace

bool filtered_out(const csta::MonitorFilter& filter, const csta::Event& event) {
    return std::visit(FilterVisitor{filter}, event);
}

MonitorRegistry::Result MonitorRegistry::start(SessionId session, MonitorTarget target, csta::MonitorFilter filter,
                                               std::size_t max_per_session) {
    if (count(session) >= max_per_session)
        return csta::ErrorCode(csta::SystemResourceAvailabilityError::overallMonitorLimitExceeded);
    auto n = next_++;
    Monitor m{std::to_string(n), session, std::move(target), filter};
    if (m.target.is_call()) by_call_.emplace(m.target.call_id, m.xref);
    else by_device_.emplace(m.target.device, m.xref);
    order_[m.xref] = n;
    auto xref = m.xref;
    monitors_.emplace(xref, std::move(m));
    return xref;
}

std::optional<csta::ErrorCode> MonitorRegistry::stop(SessionId session, const csta::MonitorCrossRefID& xref) {
    auto it = monitors_.find(xref);
    if (it == monitors_.end() || it->second.session != session)
        return csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID);
    const auto& m = it->second;
    if (m.target.is_call()) erase_index(by_call_, m.target.call_id, xref);
    else erase_index(by_device_, m.target.device, xref);
    order_.erase(xref);
    monitors_.erase(it);
    return std::nullopt;
}

std::optional<csta::ErrorCode> MonitorRegistry::change_filter(SessionId session, const csta::MonitorCrossRefID& xref,
                                                              const csta::MonitorFilter& filter) {
    auto it = monitors_.find(xref);
    if (it == monitors_.end() || it->second.session != session)
        return csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID);
    it->second.filter = filter;
    return std::nullopt;
}

std::size_t MonitorRegistry::drop_session(SessionId session) {
    std::vector<csta::MonitorCrossRefID> mine;
    for (const auto& [xref, m] : monitors_)
        if (m.session == session) mine.push_back(xref);
    for (const auto& x : mine) stop(session, x);
    return mine.size();
}

std::size_t MonitorRegistry::move_session(SessionId from, SessionId to) {
    std::size_t n = 0;
    for (auto& [xref, m] : monitors_)
        if (m.session == from) {
            m.session = to;
            ++n;
        }
    return n;
}

std::size_t MonitorRegistry::end_call(const std::string& call_id) {
    std::vector<std::pair<SessionId, csta::MonitorCrossRefID>> ended;
    auto [b, e] = by_call_.equal_range(call_id);
    for (auto it = b; it != e; ++it) ended.emplace_back(monitors_.at(it->second).session, it->second);
    for (const auto& [session, xref] : ended) stop(session, xref);
    return ended.size();
}

std::size_t MonitorRegistry::move_call(const std::string& from, const std::string& to) {
    auto [b, e] = by_call_.equal_range(from);
    std::vector<csta::MonitorCrossRefID> moved;
    for (auto it = b; it != e; ++it) moved.push_back(it->second);
    by_call_.erase(b, e);
    for (const auto& xref : moved) {
        monitors_.at(xref).target.call_id = to;
        by_call_.emplace(to, xref);
    }
    return moved.size();
}

std::size_t MonitorRegistry::count(SessionId session) const {
    return static_cast<std::size_t>(
        std::count_if(monitors_.begin(), monitors_.end(), [&](const auto& kv) { return kv.second.session == session; }));
}

const Monitor* MonitorRegistry::find(const csta::MonitorCrossRefID& xref) const {
    auto it = monitors_.find(xref);
    return it == monitors_.end() ? nullptr : &it->second;
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
        auto [b, e] = by_device_.equal_range(device);
        for (auto it = b; it != e; ++it) {
            const auto& m = monitors_.at(it->second);
            targets.push_back({order_.at(m.xref), &m, &state});
        }
    }
    if (!audience.call_id.empty()) {
        auto [b, e] = by_call_.equal_range(audience.call_id);
        for (auto it = b; it != e; ++it) {
            const auto& m = monitors_.at(it->second);
            targets.push_back({order_.at(m.xref), &m, nullptr});
        }
    }
    std::sort(targets.begin(), targets.end(), [](const Target& a, const Target& b) { return a.order < b.order; });
    for (const auto& t : targets) {
        if (filtered_out(t.monitor->filter, event)) continue;
        sink(*t.monitor, addressed(event, *t.monitor, t.state));
    }
}

}  // namespace bridge
