#include "bridge/server/console_feed.hpp"

#include <algorithm>
#include <set>

#include "bridge/core/golden_format.hpp"
#include "bridge/server/console_json.hpp"

namespace bridge {

namespace {

// The agent state an agent event reports (ECMA-269 12.2), "" for any other event.
std::string agent_state_of(const csta::Event& e) {
    if (std::holds_alternative<csta::AgentLoggedOnEvent>(e)) return "loggedOn";
    if (std::holds_alternative<csta::AgentLoggedOffEvent>(e)) return "loggedOff";
    if (std::holds_alternative<csta::AgentReadyEvent>(e)) return "ready";
    if (std::holds_alternative<csta::AgentNotReadyEvent>(e)) return "notReady";
    if (std::holds_alternative<csta::AgentWorkingAfterCallEvent>(e)) return "workingAfterCall";
    if (std::holds_alternative<csta::AgentBusyEvent>(e)) return "busy";
    return {};
}

// What a held line costs, about: the struct and its strings' characters.
std::size_t bytes_of(const ConsoleEventLine& l) {
    return sizeof(ConsoleEventLine) + l.device.size() + l.call_id.size() + l.line.size();
}

}  // namespace

void ConsoleFeed::note_extras(const std::string& device, const csta::Event& event) {
    if (!extras_.count(device) && extras_.size() >= kMaxDevices) return;
    if (const auto* dnd = std::get_if<csta::DoNotDisturbEvent>(&event)) {
        extras_[device].do_not_disturb = dnd->doNotDisturbOn;
    } else if (const auto* fwd = std::get_if<csta::ForwardingEvent>(&event)) {
        auto& f = extras_[device].forwarding;
        const std::string type(csta::to_string(fwd->forwardingType));
        if (fwd->forwardStatus) f[type] = fwd->forwardTo ? fwd->forwardTo->value : std::string();
        else f.erase(type);
    } else if (auto agent = agent_state_of(event); !agent.empty()) {
        extras_[device].agent_state = agent;
    }
}

void ConsoleFeed::observe(const Emitted& e) {
    const auto now = std::chrono::system_clock::now();
    if (!e.call_id.empty() && call_seen_.size() < kMaxCalls) call_seen_.emplace(e.call_id, now);
    for (const auto& merged : e.merged_calls) call_seen_.erase(merged);
    if (std::holds_alternative<csta::CallClearedEvent>(e.event)) call_seen_.erase(e.call_id);

    const auto same = [](const std::string& call) { return call; };
    json::Array lines;  // for the open browsers only: no JSON is built while none listens
    for (const auto& r : e.recipients) {
        ConsoleEventLine line{json::unix_ms(now), r.device, e.call_id,
                              render_event_line(for_recipient(e, r, {}), same)};
        note_extras(r.device, e.event);
        if (!subscribers_.empty()) lines.raw(json::Object().add("device", r.device).add("line", line.line).str());
        held_bytes_ += bytes_of(line);
        lines_.push_back(std::move(line));
    }
    while (held_bytes_ > kTailBytes && !lines_.empty()) {
        held_bytes_ -= bytes_of(lines_.front());
        lines_.pop_front();
    }
    if (subscribers_.empty()) return;
    auto data = json::Object()
                    .add("time", json::unix_ms(now))
                    .add("call", e.call_id)
                    .add("type", std::string(csta::name(e.event)))
                    .raw("lines", lines.str())
                    .str();
    broadcast("event: csta\ndata: " + data + "\n\n");
}

std::chrono::system_clock::time_point ConsoleFeed::call_seen(const std::string& call_id) {
    const auto it = call_seen_.find(call_id);
    if (it != call_seen_.end()) return it->second;
    const auto now = std::chrono::system_clock::now();
    if (call_seen_.size() < kMaxCalls) call_seen_.emplace(call_id, now);
    return now;
}

void ConsoleFeed::keep_calls(const std::vector<std::string>& live_call_ids) {
    const std::set<std::string> live(live_call_ids.begin(), live_call_ids.end());
    std::erase_if(call_seen_, [&](const auto& item) { return !live.count(item.first); });
}

std::vector<ConsoleEventLine> ConsoleFeed::tail(const std::string& device) const {
    // A scan of every held line (tens of thousands at most): a console page asking, not the
    // event path.
    std::vector<ConsoleEventLine> out;
    for (auto it = lines_.rbegin(); it != lines_.rend() && out.size() < kTailPerDevice; ++it)
        if (it->device == device) out.push_back(*it);
    std::reverse(out.begin(), out.end());
    return out;
}

std::uint64_t ConsoleFeed::events_out(std::uint64_t session) const {
    const auto it = events_out_.find(session);
    return it == events_out_.end() ? 0 : it->second;
}

bool ConsoleFeed::subscribe(const std::shared_ptr<ConsoleSubscriber>& s) {
    std::erase_if(subscribers_, [](const auto& w) { return w.expired(); });
    if (subscribers_.size() >= kMaxSubscribers) return false;
    subscribers_.push_back(s);
    return true;
}

void ConsoleFeed::broadcast(const std::string& chunk) {
    // A subscriber may drop itself while offered: walk a copy.
    auto current = subscribers_;
    for (const auto& w : current) {
        const auto s = w.lock();
        if (s && s->offer(chunk)) continue;
        std::erase_if(subscribers_, [&](const auto& x) { return !x.owner_before(w) && !w.owner_before(x); });
    }
}

void ConsoleFeed::close_all() {
    auto current = std::move(subscribers_);
    subscribers_.clear();
    for (const auto& w : current)
        if (auto s = w.lock()) s->close();
}

}  // namespace bridge
