#pragma once
// ECMA-269 lets a ConnectionID carry its callID, its deviceID or both. Requests may name a
// connection by one part only (pyssimist's ClearConnection sends just the deviceID); before
// a service runs, such a ConnectionID is completed from the call model:
//   * deviceID only: the device's single connection (the device must be one the user may
//     use; none or several connections -> invalidConnectionID, the log naming the device);
//   * callID only: the call's single connection at a device the user may use (none or
//     several -> invalidConnectionID).
// The completed ConnectionID then passes the same checks as one the client sent in full.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bridge/server/config.hpp"
#include "csta/model/messages.hpp"

namespace bridge {

struct ConnectionLookup {
    // callIDs of the calls the device has a connection in.
    std::function<std::vector<std::string>(const std::string& device)> calls_of_device;
    // devices with a connection in the call (empty when the call is not known).
    std::function<std::vector<std::string>(const std::string& call_id)> devices_of_call;
};

struct ConnectionRefusal {
    csta::ErrorCode code;
    std::string reason;  // for the log
};

// Completes every ConnectionID of the request that has one part only; the first that cannot
// be completed is returned (and the request must not run).
std::optional<ConnectionRefusal> complete_connections(csta::Request& request, const ConnectionLookup& lookup,
                                                      const UserConfig* user);

}  // namespace bridge
