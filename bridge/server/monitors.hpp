#pragma once
// The monitors of every CSTA session: MonitorStart / MonitorStop / ChangeMonitorFilter, and
// the fan-out of one call-model event to every monitor that wants it. One entry per
// (session, object); many sessions may watch the same device (one internal subscription,
// many cross-reference ids). Pure: no I/O, owned by the io_context thread.
#include <cstdint>
#include <functional>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "csta/model/messages.hpp"

namespace bridge {

using SessionId = std::uint64_t;

struct MonitorTarget {
    std::string device;   // device object (CSTA device id), or
    std::string call_id;  // call object
    bool is_call() const noexcept { return !call_id.empty(); }
};

struct Monitor {
    csta::MonitorCrossRefID xref;
    SessionId session = 0;
    MonitorTarget target;
    csta::MonitorFilter filter;  // flags set = filtered out
};

// Who an event concerns: the call it belongs to (if any) and, for each device with a
// connection in that call, the device's own LocalConnectionState after the event.
struct EventAudience {
    std::string call_id;
    std::vector<std::pair<std::string, std::optional<csta::LocalConnectionState>>> devices;
};

// True when the filter removes this event type.
bool filtered_out(const csta::MonitorFilter& filter, const csta::Event& event);

class MonitorRegistry {
public:
    using Result = std::variant<csta::MonitorCrossRefID, csta::ErrorCode>;

    // Starts a monitor; overallMonitorLimitExceeded when the session already has max_per_session.
    // `user` (optional) is the login the session belongs to, counted by count_user().
    Result start(SessionId session, MonitorTarget target, csta::MonitorFilter filter, std::size_t max_per_session,
                 std::string_view user = {});
    // invalidMonitorCrossRefID when unknown or owned by another session.
    std::optional<csta::ErrorCode> stop(SessionId session, const csta::MonitorCrossRefID& xref);
    std::optional<csta::ErrorCode> change_filter(SessionId session, const csta::MonitorCrossRefID& xref,
                                                 const csta::MonitorFilter& filter);
    // Removes every monitor of a session (it logged off or its connection closed for good).
    std::size_t drop_session(SessionId session);
    // Hands every monitor of `from` to `to` (a recovered session), cross reference ids kept.
    std::size_t move_session(SessionId from, SessionId to);
    // Removes the call monitors of a call that no longer exists (ECMA-269: a call-type
    // monitor ends when its call is cleared; CallCleared was its last event).
    std::size_t end_call(const std::string& call_id);
    // A call merged into another (transfer, conference): its call monitors now watch the
    // resulting call (like Avaya's rule for a monitored call merged into another one: the
    // Transferred/Conferenced event is the first they get with the new callID).
    std::size_t move_call(const std::string& from, const std::string& to);

    // Sends a copy of the event (with that monitor's cross reference id and, for device
    // monitors, that device's localConnectionInfo) to each interested monitor, in the order
    // the monitors were started.
    // `form` tags the copy: copies with the same tag differ only in their cross reference id
    // (SharedEncodings::select); nullptr when no other copy of this event has its form.
    using Sink = std::function<void(const Monitor& monitor, csta::Event event, const void* form)>;
    void deliver(const csta::Event& event, const EventAudience& audience, const Sink& sink) const;

    const Monitor* find(const csta::MonitorCrossRefID& xref) const;
    std::size_t size() const noexcept { return monitors_.size(); }
    // Monitors of a session / of a user (as given to start()); both O(1).
    std::size_t count(SessionId session) const;
    std::size_t count_user(std::string_view user) const;
    bool device_monitored(const std::string& device) const { return by_device_.count(device) != 0; }

private:
    // Cross reference ids are the decimal start numbers, so the ordered map keyed by that
    // number is also the start order (deliver's order) and every index holds 8-byte keys.
    using Key = std::uint64_t;
    struct Entry {
        Monitor monitor;
        std::pair<const std::string, std::size_t>* user = nullptr;  // its per_user_ count (stable node)
    };
    static std::optional<Key> key_of(const csta::MonitorCrossRefID& xref) noexcept;
    Entry* entry(SessionId session, const csta::MonitorCrossRefID& xref);
    void erase(Key key);

    Key next_ = 1;
    std::map<Key, Entry> monitors_;
    // Per device / call: its monitors' keys in ascending (start) order.
    std::unordered_map<std::string, std::vector<Key>> by_device_;
    std::unordered_map<std::string, std::vector<Key>> by_call_;
    std::unordered_map<SessionId, std::unordered_set<Key>> by_session_;
    std::unordered_map<std::string, std::size_t> per_user_;
};

}  // namespace bridge
