#pragma once
// PrivateEvent (ECMA-269 clause 25 vendor-specific events; ECMA-323 ed6 <PrivateEvent>,
// ECMA-285 CSTA-private-event, reported as vendorSpecEvents [7] / privateEvent [0]): an event
// whose whole content is CSTAPrivateData. The bridge reports AMI events a table rule maps to
// it (mappings/README.md, "Private data from AMI headers").
#include <string_view>

#include "csta/model/common.hpp"

namespace csta {

// Members in ed6 schema order: monitorCrossRefID, security, privateData. security
// (CSTASecurityData) is not modelled, as in <extensions>: the bridge never sends it.
struct PrivateEvent {
    static constexpr std::string_view kName = "PrivateEvent";
    MonitorCrossRefID monitorCrossRefID{};
    PrivateData privateData{};
    bool operator==(const PrivateEvent&) const = default;
};

}  // namespace csta
