#include "tools/pbx-sim/load_generator.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace pbxsim {

LoadGenerator::LoadGenerator(Pbx& pbx, Scheduler& sched, std::uint32_t seed)
    : pbx_(pbx), sched_(sched), rng_(seed) {}

void LoadGenerator::start(const LoadProfile& profile) {
    profile_ = profile;
    profile_.calls_per_second = std::clamp(profile_.calls_per_second, 0.01, 10000.0);
    const auto gen = ++generation_;
    const auto now = sched_.now();
    sched_.schedule(Millis{0}, [this, gen, now] { tick(gen, now); });
}

void LoadGenerator::tick(std::uint64_t generation, Millis started) {
    if (generation != generation_) return;
    if (profile_.duration.count() > 0 && sched_.now() - started >= profile_.duration) return;

    std::set<std::string> busy_devices;
    for (const auto& [uid, c] : pbx_.channels()) busy_devices.insert(c.device_ext);
    std::vector<std::string> idle;
    for (const auto& [ext, b] : pbx_.config().endpoints)
        if (b.registered && !busy_devices.count(ext)) idle.push_back(ext);
    if (idle.size() < 2) {
        ++skipped_;
    } else {
        std::shuffle(idle.begin(), idle.end(), rng_);
        const auto from = idle[0], to = idle[1];
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
    const auto interval = Millis{std::max<long>(1, static_cast<long>(1000.0 / profile_.calls_per_second))};
    sched_.schedule(interval, [this, generation, started] { tick(generation, started); });
}

}  // namespace pbxsim
