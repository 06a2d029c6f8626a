#pragma once
// Load mode for benchmarks: N calls per second between random idle endpoints, each call
// held for hold_time after it is placed (ring + talk), with a mix of busy / no-answer calls.
// Runs on the injected Scheduler like the rest of the core. The rate is kept against the
// time since start (each tick places every call due by then), so millisecond ticks and a
// late timer never make it drift; up to 100,000 calls/s.
#include <cstdint>
#include <random>

#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

struct LoadProfile {
    double calls_per_second = 10;
    Millis hold_time{5000};     // from dialling to the caller's hangup
    Millis duration{0};         // 0 = until stop()
    double busy_ratio = 0.0;    // share of calls where the callee answers busy
    double noanswer_ratio = 0.0;  // share of calls the caller abandons while ringing
};

class LoadGenerator {
public:
    LoadGenerator(Pbx& pbx, Scheduler& sched, std::uint32_t seed = 1);
    void start(const LoadProfile& profile);
    void stop() { ++generation_; }
    std::uint64_t placed() const noexcept { return placed_; }
    std::uint64_t skipped() const noexcept { return skipped_; }  // no idle pair available

private:
    void tick(std::uint64_t generation, Millis started);
    void place(const std::string& from, const std::string& to);

    Pbx& pbx_;
    Scheduler& sched_;
    std::mt19937 rng_;
    LoadProfile profile_;
    std::uint64_t generation_ = 0;
    std::uint64_t placed_ = 0, skipped_ = 0;
    std::uint64_t due_done_ = 0;  // calls attempted since start (placed or skipped)
};

}  // namespace pbxsim
