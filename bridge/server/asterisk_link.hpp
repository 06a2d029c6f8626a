#pragma once
// One [asterisk:NAME] as the bridge runs it: the AMI client, the call model fed by it, the
// mapping table in force, and the link's state.
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "ami/client.hpp"
#include "bridge/core/call_model.hpp"
#include "bridge/core/table.hpp"
#include "bridge/server/config.hpp"

namespace bridge {

struct AsteriskLink {
    AsteriskServerConfig config;
    std::shared_ptr<const Table> table;
    // The model before the client: members die in reverse order, and ~Client completes the
    // pending actions (ErrorCode::stopped) whose callbacks may still use the model.
    std::unique_ptr<CallModel> model;
    std::unique_ptr<ami::Client> client;
    bool up = false;
    std::string last_error;
    std::set<std::string> devices;  // known device ids (DeviceStateList / ExtensionStateList)
    // Counts the link's losses: a resync started before the last loss must not declare the
    // link up (its actions failed with link_lost, or went to the next connection).
    std::uint64_t losses = 0;
    double* events_received = nullptr;  // its csta_bridge_ami_events_total series
};

// The links of the bridge, in [asterisk:NAME] order.
using AsteriskLinks = std::vector<std::unique_ptr<AsteriskLink>>;

}  // namespace bridge
