#include "bridge/server/visibility.hpp"

namespace bridge {

namespace {
bool sees_everything(const UserConfig* user) { return !user || user->devices.empty(); }
}  // namespace

bool call_visible(const UserConfig* user, const Call& call) {
    if (sees_everything(user)) return true;
    for (const auto& c : call.connections)
        if (device_permitted(user->devices, c.device)) return true;
    return false;
}

bool event_visible(const UserConfig* user, const EventAudience& audience) {
    if (sees_everything(user)) return true;
    for (const auto& [device, state] : audience.devices)
        if (device_permitted(user->devices, device)) return true;
    return false;
}

}  // namespace bridge
