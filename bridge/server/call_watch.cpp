#include "bridge/server/call_watch.hpp"

#include <vector>

namespace bridge {

std::uint64_t NewCallWatches::add(std::string device, std::string not_call, Found found) {
    const auto id = next_++;
    watches_.emplace(id, Watch{std::move(device), std::move(not_call), std::move(found)});
    return id;
}

void NewCallWatches::remove(std::uint64_t id) { watches_.erase(id); }

void NewCallWatches::observe(const Emitted& emitted) {
    const auto* originated = std::get_if<csta::OriginatedEvent>(&emitted.event);
    if (!originated || !originated->originatedConnection.deviceID || emitted.call_id.empty()) return;
    const auto& device = originated->originatedConnection.deviceID->value;
    // Fire after erasing: a callback may add or remove watches.
    std::vector<Found> fire;
    for (auto it = watches_.begin(); it != watches_.end();) {
        if (it->second.device == device && it->second.not_call != emitted.call_id) {
            fire.push_back(std::move(it->second.found));
            it = watches_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& f : fire) f(emitted.call_id);
}

}  // namespace bridge
