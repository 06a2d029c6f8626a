// The number that was dialled (DNIS) and calls that come from the network (CALL-MODEL flow
// 15). ECMA-269 calledDevice is the originally called device: the number the caller dialled,
// which a call centre routes, greets and reports by. alertingDevice / answeringDevice / queue
// keep saying who rings, who answers and where the call waits. A call from a trunk also
// carries what the network gave: networkCallingDevice (the carrier's caller number) and
// networkCalledDevice (the DID). associatedCallingDevice / associatedCalledDevice name the
// network interface device (the trunk) of an incoming / outgoing network call; the table
// names a trunk's remote party, never the trunk itself, so they stay absent
// (tests/golden/README.md rules 19-20).
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using State = csta::LocalConnectionState;

// A trunk channel that arrives ringing (not Down, not an outgoing leg) is a call from the
// network. Its remote party is outside the switch: its connection exists, connected (the
// caller hears the call progress), so the other parties see it cleared; but no
// ServiceInitiated / Originated is reported for it (no device of this switch initiated the
// call) and it never is a device monitor's recipient.
void CallModel::start_network_call(Channel& trunk) {
    auto& c = new_call(trunk.linkedid, trunk.uniqueid);
    c.calling = trunk.device->id;
    const bool has_did = !trunk.exten.empty() && trunk.exten != "s";
    c.called = has_did ? device_id(trunk.exten) : std::string();
    c.dialled = c.called;
    c.network = std::make_unique<Call::NetworkNumbers>(Call::NetworkNumbers{
        device_id(trunk.caller_id_num == "<unknown>" ? std::string() : trunk.caller_id_num), c.called});
    Connection cn{trunk.device->id, State::connected, trunk.handle, true, true};
    cn.external = true;
    add_connection(c, cn);
    trunk.call = c.handle;
}

// calledDevice of an event whose connection reached `reached`: the number dialled when it is
// known, else the device reached (the dialled number is that device's own in most calls).
std::string CallModel::called_device(const Call& c, const std::string& reached) const {
    return c.dialled.empty() ? reached : c.dialled;
}

void CallModel::add_network_devices(const Call& c, std::optional<csta::ExtendedDeviceID>& calling,
                                    std::optional<csta::ExtendedDeviceID>& called) {
    if (!c.network) return;
    if (!c.network->calling.empty()) calling = call_model_detail::dev(c.network->calling);
    if (!c.network->called.empty()) called = call_model_detail::dev(c.network->called);
}

}  // namespace bridge
