#pragma once
// What the web console learns from the call model's event stream (the same fan-out the CSTA
// sessions get): the event lines each device's monitors would receive (the newest kept, up to
// a byte budget for all devices, and pushed live to every open browser), when each call was
// first seen, and the device states that only events tell (do not disturb, forwarding, agent
// state).
// Owned by the io_context thread: no locks. Every store is bounded.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/core/emitted.hpp"

namespace bridge {

// A browser's live event stream. offer() queues a Server-Sent Events chunk; it returns false
// when the subscriber is over its bound (it then closes itself, like a slow CSTA client) or
// already closed, and the feed forgets it.
class ConsoleSubscriber {
public:
    virtual ~ConsoleSubscriber() = default;
    virtual bool offer(const std::string& chunk) = 0;
    virtual void close() = 0;
};

struct ConsoleEventLine {
    std::int64_t time_ms = 0;  // Unix time
    std::string device;        // the recipient whose view of the event this is
    std::string call_id;
    std::string line;          // as `csta-bridge replay --format text` writes it
};

struct ConsoleDeviceExtras {
    std::optional<bool> do_not_disturb;
    std::map<std::string, std::string> forwarding;  // forwardingType -> forwardTo ("" = no number)
    std::string agent_state;                        // "loggedOn", "ready", ... ("" = never heard)
};

class ConsoleFeed {
public:
    static constexpr std::size_t kTailPerDevice = 100;  // lines tail() gives at most
    // Every device's lines together, estimated bytes (held_bytes); the oldest go first. One
    // store for all devices: a tail per device (100 lines each for up to 20,000 devices) could
    // reach hundreds of MB on a large PBX, and cost a map node and a vector per device.
    static constexpr std::size_t kTailBytes = 8 * 1024 * 1024;
    static constexpr std::size_t kMaxDevices = 20000;  // extras beyond this are not kept
    static constexpr std::size_t kMaxCalls = 20000;    // start times beyond this: "seen now"
    static constexpr std::size_t kMaxSubscribers = 64;

    // Every event of the call model, in order.
    void observe(const Emitted& e);

    // A call the console shows: when it was first seen (now, if it was not seen before).
    std::chrono::system_clock::time_point call_seen(const std::string& call_id);
    // Forgets the start times of calls that no longer exist.
    void keep_calls(const std::vector<std::string>& live_call_ids);

    // The last kTailPerDevice events of one device still held, oldest first.
    std::vector<ConsoleEventLine> tail(const std::string& device) const;
    std::size_t held_bytes() const { return held_bytes_; }
    std::size_t held_lines() const { return lines_.size(); }
    const std::map<std::string, ConsoleDeviceExtras>& extras() const { return extras_; }

    // CSTA events sent to each session (for the sessions page).
    void count_event_out(std::uint64_t session) { ++events_out_[session]; }
    std::uint64_t events_out(std::uint64_t session) const;
    void session_closed(std::uint64_t session) { events_out_.erase(session); }

    // false when there are already kMaxSubscribers.
    bool subscribe(const std::shared_ptr<ConsoleSubscriber>& s);
    std::size_t subscribers() const { return subscribers_.size(); }
    // Sends one chunk to every subscriber, dropping the ones that cannot take it.
    void broadcast(const std::string& chunk);
    void close_all();

private:
    std::deque<ConsoleEventLine> lines_;  // every device's, oldest first
    std::size_t held_bytes_ = 0;
    std::map<std::string, ConsoleDeviceExtras> extras_;
    std::map<std::string, std::chrono::system_clock::time_point> call_seen_;
    std::map<std::uint64_t, std::uint64_t> events_out_;
    std::vector<std::weak_ptr<ConsoleSubscriber>> subscribers_;
    void note_extras(const std::string& device, const csta::Event& event);
};

}  // namespace bridge
