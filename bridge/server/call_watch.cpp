#include "bridge/server/call_watch.hpp"

#include <vector>

namespace bridge {

std::uint64_t NewCallWatches::add(std::string device, std::string not_call, Found found) {
    const auto id = next_++;
    watches_.emplace(id, Watch{std::move(device), std::move(not_call), {}, std::move(found)});
    return id;
}

std::uint64_t NewCallWatches::add_in_call(std::string device, std::string call_id, Found found) {
    const auto id = next_++;
    watches_.emplace(id, Watch{std::move(device), {}, std::move(call_id), std::move(found)});
    return id;
}

void NewCallWatches::remove(std::uint64_t id) { watches_.erase(id); }

void NewCallWatches::observe(const Emitted& emitted) {
    if (emitted.call_id.empty()) return;
    const csta::ConnectionID* connection = nullptr;
    const auto* originated = std::get_if<csta::OriginatedEvent>(&emitted.event);
    if (originated) connection = &originated->originatedConnection;
    if (const auto* initiated = std::get_if<csta::ServiceInitiatedEvent>(&emitted.event))
        connection = &initiated->initiatedConnection;
    if (!connection || !connection->deviceID) return;
    const auto& device = connection->deviceID->value;
    auto matches = [&](const Watch& w) {
        if (w.device != device) return false;
        if (!w.in_call.empty()) return w.in_call == emitted.call_id;
        return originated && w.not_call != emitted.call_id;
    };
    // Fire after erasing: a callback may add or remove watches.
    std::vector<Found> fire;
    for (auto it = watches_.begin(); it != watches_.end();) {
        if (matches(it->second)) {
            fire.push_back(std::move(it->second.found));
            it = watches_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto& f : fire) f(emitted.call_id);
}

}  // namespace bridge
