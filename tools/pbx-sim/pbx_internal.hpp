#pragma once
// Helpers shared by the pbx*.cpp files (the Pbx class split by concern); not part of the
// simulator's interface.
#include <cstddef>
#include <string_view>

#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

inline std::string_view state_desc(ChanState s) {
    switch (s) {
        case ChanState::down: return "Down";
        case ChanState::ring: return "Ring";
        case ChanState::ringing: return "Ringing";
        case ChanState::up: return "Up";
    }
    return "Unknown";
}

inline ami::Message response(const ami::Message& action, std::string_view status, std::string_view message) {
    ami::Message r;
    r.add("Response", status);
    if (action.has("ActionID")) r.add("ActionID", action.action_id());
    if (!message.empty()) r.add("Message", message);
    return r;
}

inline bool truthy(std::string_view v) {
    return ami::iequals(v, "true") || ami::iequals(v, "yes") || v == "1" || ami::iequals(v, "on");
}

// ExtensionStatus code and text, QueueMemberStatus code, for a device state.
struct StateCodes {
    int ext_status;
    std::string_view ext_text;
    int device_code;
};
inline StateCodes codes_for(std::string_view state) {
    if (state == "INUSE") return {1, "InUse", 2};
    if (state == "BUSY") return {2, "Busy", 3};
    if (state == "UNAVAILABLE") return {4, "Unavailable", 5};
    if (state == "RINGING") return {8, "Ringing", 6};
    if (state == "RINGINUSE") return {9, "InUse&Ringing", 7};
    if (state == "ONHOLD") return {16, "Hold", 8};
    return {0, "Idle", 1};
}

// Bound on live channels: a client looping on Originate cannot exhaust memory.
constexpr std::size_t kMaxChannels = 20000;

}  // namespace pbxsim
