#pragma once
// Sans-I/O correlation of AMI actions with their responses (ActionID), including event lists
// (Response "EventList: start", items carrying the ActionID, then the "EventList: Complete"
// event), per-action deadlines and failing everything when the link goes down.
// Every added action completes exactly once: response, error, timeout or fail_all().
// Callbacks run synchronously from on_message/expire/fail_all, after the entry was removed,
// so a callback may add new actions; an item callback runs from on_message while its entry is
// still pending, and may too.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ami/action_result.hpp"

namespace ami {

class ActionTracker {
public:
    using clock = std::chrono::steady_clock;

    // prefix makes IDs unique per client ("csta-1-"); max_list_items bounds one event list.
    explicit ActionTracker(std::string prefix, std::size_t max_list_items = 100000);

    // "prefix" + counter; never repeats for this tracker.
    std::string next_id();

    // With on_item, the items of an event list go to it one by one as they arrive (the result's
    // items stay empty); the limit of max_list_items still applies.
    void add(const std::string& action_id, std::string action_name, clock::duration timeout,
             clock::time_point now, ActionCallback callback, ItemCallback on_item = {});

    // Offers a message read from Asterisk. Returns true when it belonged to a pending action
    // (a response, or an item / the Complete event of a list being collected): the caller must
    // then not deliver it as an event.
    bool on_message(const Message& message);

    // Completes every action whose deadline is <= now with ErrorCode::timeout.
    std::size_t expire(clock::time_point now);

    // Completes every pending action with the given error (link lost, stopped).
    void fail_all(ErrorCode code, const std::string& why);

    // O(1): the deadlines are kept ordered (adding and completing an action is O(log n)), so a
    // client with thousands of pending actions does not rescan them all on every send.
    std::optional<clock::time_point> next_deadline() const;
    std::size_t pending() const noexcept { return pending_.size(); }
    bool is_pending(const std::string& action_id) const { return pending_.count(action_id) != 0; }

private:
    using Deadlines = std::multimap<clock::time_point, std::string>;
    struct Pending {
        std::string action_name;
        clock::duration timeout{};
        clock::time_point deadline;
        ActionCallback callback;
        ItemCallback on_item;
        bool collecting = false;  // response said "EventList: start"
        ActionResult result;
        Deadlines::iterator deadline_entry;
    };
    void complete(std::map<std::string, Pending>::iterator it);

    std::string prefix_;
    std::size_t max_list_items_;
    std::uint64_t counter_ = 0;
    std::map<std::string, Pending> pending_;
    Deadlines deadlines_;  // one entry per pending action, earliest first
};

// Classifies a Response message: ok, permission_denied or error_response (+ text).
ErrorCode classify_response(const Message& response, std::string& text);

}  // namespace ami
