#pragma once
// What the web console learns from the call model's event stream (the same fan-out the CSTA
// sessions get): the event lines each device's monitors would receive (kept as a short tail
// per device and pushed live to every open browser), when each call was first seen, and the
// device states that only events tell (do not disturb, forwarding, agent state).
// Owned by the io_context thread: no locks. Every store is bounded.
#include <chrono>
#include <cstdint>
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
    std::string call_id;
    std::string line;          // as `csta-bridge replay --format text` writes it
};

// The last lines of one device, oldest first: a ring in a vector that grows with the lines
// (a std::deque allocates a 512-byte block and its map for the first line: with thousands of
// devices that was about half the bridge's memory per active call).
class ConsoleTail {
public:
    void push(ConsoleEventLine line, std::size_t capacity);
    std::vector<ConsoleEventLine> lines() const;
    std::size_t size() const { return ring_.size(); }

private:
    std::vector<ConsoleEventLine> ring_;
    std::size_t oldest_ = 0;  // index of the oldest line once the ring is full
};

struct ConsoleDeviceExtras {
    std::optional<bool> do_not_disturb;
    std::map<std::string, std::string> forwarding;  // forwardingType -> forwardTo ("" = no number)
    std::string agent_state;                        // "loggedOn", "ready", ... ("" = never heard)
};

class ConsoleFeed {
public:
    static constexpr std::size_t kTailPerDevice = 100;
    static constexpr std::size_t kMaxDevices = 20000;  // tails and extras beyond this are not kept
    static constexpr std::size_t kMaxCalls = 20000;    // start times beyond this: "seen now"
    static constexpr std::size_t kMaxSubscribers = 64;

    // Every event of the call model, in order.
    void observe(const Emitted& e);

    // A call the console shows: when it was first seen (now, if it was not seen before).
    std::chrono::system_clock::time_point call_seen(const std::string& call_id);
    // Forgets the start times of calls that no longer exist.
    void keep_calls(const std::vector<std::string>& live_call_ids);

    // The events of one device, oldest first.
    std::vector<ConsoleEventLine> tail(const std::string& device) const;
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
    std::map<std::string, ConsoleTail> tails_;
    std::map<std::string, ConsoleDeviceExtras> extras_;
    std::map<std::string, std::chrono::system_clock::time_point> call_seen_;
    std::map<std::uint64_t, std::uint64_t> events_out_;
    std::vector<std::weak_ptr<ConsoleSubscriber>> subscribers_;
    void note_extras(const std::string& device, const csta::Event& event);
};

}  // namespace bridge
