#pragma once
// Time for the simulation core. The core never reads a clock or sleeps: it asks "now" and
// schedules work through this interface. The asio server implements it with steady timers;
// tests use ManualScheduler and advance time explicitly, so a 30 s story runs in microseconds.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace pbxsim {

using Millis = std::chrono::milliseconds;

class Scheduler {
public:
    virtual ~Scheduler() = default;
    // Time since the simulation started.
    virtual Millis now() const = 0;
    // Runs task after delay (0 = after the current action/event has been delivered).
    virtual void schedule(Millis delay, std::function<void()> task) = 0;
};

// Deterministic scheduler: tasks run only inside advance_to()/advance(), in time order and,
// for equal times, in scheduling order.
class ManualScheduler final : public Scheduler {
public:
    Millis now() const override { return now_; }
    void schedule(Millis delay, std::function<void()> task) override {
        tasks_.emplace(std::make_pair(now_ + delay, seq_++), std::move(task));
    }
    // Runs every task due up to and including t, then sets now to t.
    void advance_to(Millis t) {
        while (!tasks_.empty() && tasks_.begin()->first.first <= t) {
            auto it = tasks_.begin();
            now_ = it->first.first;
            auto task = std::move(it->second);
            tasks_.erase(it);
            task();
        }
        if (t > now_) now_ = t;
    }
    void advance(Millis d) { advance_to(now_ + d); }
    std::size_t pending() const noexcept { return tasks_.size(); }

private:
    Millis now_{0};
    std::uint64_t seq_ = 0;
    std::map<std::pair<Millis, std::uint64_t>, std::function<void()>> tasks_;
};

}  // namespace pbxsim
