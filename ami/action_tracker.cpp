#include "ami/action_tracker.hpp"

#include <utility>
#include <vector>

namespace ami {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok: return "ok";
        case ErrorCode::error_response: return "error_response";
        case ErrorCode::permission_denied: return "permission_denied";
        case ErrorCode::timeout: return "timeout";
        case ErrorCode::link_lost: return "link_lost";
        case ErrorCode::not_connected: return "not_connected";
        case ErrorCode::rejected_by_writer: return "rejected_by_writer";
        case ErrorCode::auth_failed: return "auth_failed";
        case ErrorCode::connect_failed: return "connect_failed";
        case ErrorCode::connect_timeout: return "connect_timeout";
        case ErrorCode::tls_failed: return "tls_failed";
        case ErrorCode::bad_banner: return "bad_banner";
        case ErrorCode::stopped: return "stopped";
        case ErrorCode::busy: return "busy";
    }
    return "unknown";
}

ErrorCode classify_response(const Message& response, std::string& text) {
    const auto r = response.response();
    if (iequals(r, "Success") || iequals(r, "Goodbye") || iequals(r, "Follows")) return ErrorCode::ok;
    text = std::string(response.get("Message"));
    if (text.empty()) text = "Response: " + std::string(r);
    if (iequals(response.get("Message"), "Permission denied")) return ErrorCode::permission_denied;
    return ErrorCode::error_response;
}

ActionTracker::ActionTracker(std::string prefix, std::size_t max_list_items)
    : prefix_(std::move(prefix)), max_list_items_(max_list_items) {}

std::string ActionTracker::next_id() { return prefix_ + std::to_string(++counter_); }

void ActionTracker::add(const std::string& action_id, std::string action_name,
                        clock::duration timeout, clock::time_point now, ActionCallback callback,
                        ItemCallback on_item) {
    Pending p;
    p.action_name = std::move(action_name);
    p.timeout = timeout;
    p.deadline = now + timeout;
    p.callback = std::move(callback);
    p.on_item = std::move(on_item);
    if (auto old = pending_.find(action_id); old != pending_.end()) deadlines_.erase(old->second.deadline_entry);
    p.deadline_entry = deadlines_.emplace(p.deadline, action_id);
    pending_[action_id] = std::move(p);
}

void ActionTracker::complete(std::map<std::string, Pending>::iterator it) {
    Pending p = std::move(it->second);
    deadlines_.erase(p.deadline_entry);
    pending_.erase(it);
    if (p.callback) p.callback(std::move(p.result));
}

bool ActionTracker::on_message(const Message& message) {
    const auto id = message.action_id();
    if (id.empty()) return false;
    auto it = pending_.find(std::string(id));
    if (it == pending_.end()) return false;
    Pending& p = it->second;
    const auto kind = message.kind();

    if (!p.collecting) {
        // Only the Response answers an action; an event with our ActionID before it (never seen
        // from Asterisk) is left to the event subscriber.
        if (kind != MessageKind::response) return false;
        p.result.response = message;
        p.result.error = classify_response(message, p.result.error_text);
        if (p.result.ok() && iequals(message.get("EventList"), "start")) {
            p.collecting = true;
            return true;
        }
        if (!p.result.ok())
            p.result.error_text = p.action_name + " (ActionID " + it->first + "): " + p.result.error_text;
        complete(it);
        return true;
    }

    if (kind != MessageKind::event) return false;
    if (iequals(message.get("EventList"), "Complete")) {
        p.result.list_complete = message;
        complete(it);
        return true;
    }
    if (p.result.item_count >= max_list_items_) {
        p.result.error = ErrorCode::error_response;
        p.result.error_text = p.action_name + " (ActionID " + it->first + "): event list exceeded " +
                              std::to_string(max_list_items_) + " items";
        complete(it);
        return true;
    }
    ++p.result.item_count;
    if (!p.on_item) {
        p.result.items.push_back(message);
        return true;
    }
    // A copy: the callback may add actions or fail them all, which can end this entry.
    const auto on_item = p.on_item;
    on_item(message);
    return true;
}

std::size_t ActionTracker::expire(clock::time_point now) {
    std::vector<std::string> due;
    for (auto d = deadlines_.begin(); d != deadlines_.end() && d->first <= now; ++d) due.push_back(d->second);
    for (const auto& id : due) {
        auto it = pending_.find(id);
        if (it == pending_.end()) continue;  // completed by an earlier callback
        Pending& p = it->second;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(p.timeout).count();
        p.result.error = ErrorCode::timeout;
        p.result.error_text = p.action_name + " (ActionID " + id + "): " +
                              (p.collecting ? "event list not complete" : "no response") +
                              " within " + std::to_string(ms) + " ms";
        complete(it);
    }
    return due.size();
}

void ActionTracker::fail_all(ErrorCode code, const std::string& why) {
    auto all = std::move(pending_);
    pending_.clear();
    deadlines_.clear();
    for (auto& [id, p] : all) {
        p.result.error = code;
        p.result.error_text = p.action_name + " (ActionID " + id + "): " + why;
        if (p.callback) p.callback(std::move(p.result));
    }
}

std::optional<ActionTracker::clock::time_point> ActionTracker::next_deadline() const {
    if (deadlines_.empty()) return std::nullopt;
    return deadlines_.begin()->first;
}

}  // namespace ami
