#pragma once
// Small builders shared by the call model's source files (not part of its interface).
#include <string>

#include "csta/model/messages.hpp"

namespace bridge::call_model_detail {

inline csta::ConnectionID conn(const std::string& call, const std::string& device) {
    return {call, csta::DeviceID(device)};
}

// An unknown device (empty id) is reported as notKnown, as ECMA-269 asks.
inline csta::ExtendedDeviceID dev(const std::string& d) {
    if (d.empty()) return csta::ExtendedDeviceID::with_status(csta::DeviceIDStatus::notKnown);
    return csta::ExtendedDeviceID(csta::DeviceID(d));
}

}  // namespace bridge::call_model_detail
