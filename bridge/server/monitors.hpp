#pragma once
// The monitors of every CSTA session: MonitorStart / MonitorStop / ChangeMonitorFilter, and
// the fan-out of one call-model event to every monitor that wants it. One entry per
// (session, object); many sessions may watch the same device (one internal subscription,
// many cross-reference ids). Pure: no I/O, owned by the io_context thread.
#include <cstdint>
#include <functional>
#include <memory>
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

// What MonitorStart asks to watch.
struct MonitorTarget {
    std::string device;   // device object (CSTA device id), or
    std::string call_id;  // call object
    bool is_call() const noexcept { return !call_id.empty(); }
};

// One monitor as the registry keeps it (~200 B each with its indexes, bench_scale_monitors):
// the watched device or call is the key of its index entry, not a copy, and the cross
// reference id is the decimal start number, not a string.
struct Monitor {
    std::uint64_t key = 0;  // start number: the cross reference id, and the start order
    SessionId session = 0;
    const std::string* watched = nullptr;  // the device id or callID (its index entry's key)
    csta::MonitorFilter filter;            // flags set = filtered out
    bool call = false;

    csta::MonitorCrossRefID xref() const { return std::to_string(key); }
    bool is_call() const noexcept { return call; }
    const std::string& object() const noexcept { return *watched; }
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
    // Cross reference ids are the decimal start numbers: every index holds 8-byte keys.
    using Key = std::uint64_t;
    // The keys of one device's or call's monitors, ascending (start order): the usual single
    // one inline, more on the heap.
    class KeyList {
    public:
        bool empty() const noexcept { return !many_ && one_ == 0; }
        std::size_t size() const noexcept { return many_ ? many_->size() : one_ != 0; }
        const Key* begin() const noexcept { return many_ ? many_->data() : &one_; }
        const Key* end() const noexcept { return many_ ? many_->data() + many_->size() : &one_ + (one_ != 0); }
        void insert(Key key);
        void erase(Key key);

    private:
        Key one_ = 0;
        std::unique_ptr<std::vector<Key>> many_;
    };
    using Index = std::unordered_map<std::string, KeyList>;
    // A monitor and its links in its session's list (keys; 0 = none): sessions hold no
    // per-monitor node of their own. Mutable because set elements are const; nothing
    // changes monitor.key, which the set hashes.
    struct Entry {
        mutable Monitor monitor;
        std::pair<const std::string, std::size_t>* user = nullptr;  // its per_user_ count (stable node)
        mutable Key prev_in_session = 0, next_in_session = 0;
    };
    // Entries are found by key without a second copy of it (a set keyed by monitor.key).
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(Key k) const noexcept { return std::hash<Key>{}(k); }
        std::size_t operator()(const Entry& e) const noexcept { return std::hash<Key>{}(e.monitor.key); }
    };
    struct KeyEqual {
        using is_transparent = void;
        static Key of(Key k) noexcept { return k; }
        static Key of(const Entry& e) noexcept { return e.monitor.key; }
        template <class A, class B>
        bool operator()(const A& a, const B& b) const noexcept { return of(a) == of(b); }
    };
    struct SessionMonitors {
        Key head = 0;
        std::size_t count = 0;
    };

    static std::optional<Key> key_of(const csta::MonitorCrossRefID& xref) noexcept;
    const Entry* entry(SessionId session, const csta::MonitorCrossRefID& xref) const;
    const Entry& at(Key key) const { return *monitors_.find(key); }
    void link(const Entry& e);    // into its session's list
    void unlink(const Entry& e);  // out of it
    void erase(Key key);

    Key next_ = 1;
    std::unordered_set<Entry, KeyHash, KeyEqual> monitors_;
    Index by_device_;
    Index by_call_;
    std::unordered_map<SessionId, SessionMonitors> by_session_;
    std::unordered_map<std::string, std::size_t> per_user_;
};

}  // namespace bridge
