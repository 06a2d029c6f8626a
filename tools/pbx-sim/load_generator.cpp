#include "tools/pbx-sim/load_generator.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace pbxsim {

LoadGenerator::LoadGenerator(Pbx& pbx, Scheduler& sched, std::uint32_t seed)
    : pbx_(pbx), sched_(sched), rng_(seed) {}

void LoadGenerator::start(const LoadProfile& profile) {
    profile_ = profile;
    profile_.calls_per_second = std::clamp(profile_.calls_per_second, 0.01, 100000.0);
    due_done_ = 0;
    const auto gen = ++generation_;
    const auto now = sched_.now();
    sched_.schedule(Millis{0}, [this, gen, now] { tick(gen, now); });
}

void LoadGenerator::place(const std::string& from, const std::string& to) {
    std::uniform_real_distribution<double> u(0, 1);
    const double pick = u(rng_);
    if (auto* b = pbx_.endpoint(to)) {
        b->mode = pick < profile_.busy_ratio ? EndpointBehaviour::Mode::busy
                  : pick < profile_.busy_ratio + profile_.noanswer_ratio ? EndpointBehaviour::Mode::no_answer
                                                                         : EndpointBehaviour::Mode::answer;
    }
    if (pbx_.phone_call(from, to).empty()) {
        ++placed_;
        sched_.schedule(profile_.hold_time, [this, from] { (void)pbx_.phone_hangup(from); });
    }
}

void LoadGenerator::tick(std::uint64_t generation, Millis started) {
    if (generation != generation_) return;
    const auto elapsed = sched_.now() - started;
    if (profile_.duration.count() > 0 && elapsed >= profile_.duration) return;

    // Every call due by now (one at the start, then rate per second), counted from the start.
    const auto due = static_cast<std::uint64_t>(static_cast<double>(elapsed.count()) * profile_.calls_per_second / 1000.0) + 1;
    if (due > due_done_) {
        std::set<std::string> busy_devices;
        for (const auto& [uid, c] : pbx_.channels()) busy_devices.insert(c.device_ext);
        std::vector<std::string> idle;
        for (const auto& [ext, b] : pbx_.config().endpoints)
            if (b.registered && !busy_devices.count(ext)) idle.push_back(ext);
        std::shuffle(idle.begin(), idle.end(), rng_);
        std::size_t next = 0;
        for (; due_done_ < due; ++due_done_) {
            if (idle.size() - next < 2) {
                ++skipped_;
                continue;
            }
            place(idle[next], idle[next + 1]);
            next += 2;
        }
    }
    const auto interval = Millis{std::clamp<long>(static_cast<long>(1000.0 / profile_.calls_per_second), 1, 1000)};
    sched_.schedule(interval, [this, generation, started] { tick(generation, started); });
}

}  // namespace pbxsim
