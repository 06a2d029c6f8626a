#pragma once
// Which calls a user may see: a call is visible only while one of its connections is at a
// device the user may use (ECMA-269 gives no other rule; callIDs are guessable, so knowing
// one must not be enough). A user with no device list, and a trusted peer without a login,
// see everything.
#include <string>

#include "bridge/core/call_model.hpp"
#include "bridge/server/config.hpp"
#include "bridge/server/monitors.hpp"

namespace bridge {

bool call_visible(const UserConfig* user, const Call& call);
// For an event of a call monitor: a device of the user is among the call's connections (the
// one whose connection this very event clears included, so the monitor sees it leave).
bool event_visible(const UserConfig* user, const EventAudience& audience);

}  // namespace bridge
