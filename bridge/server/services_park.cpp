// ParkCall (ECMA-269; CALL-MODEL flow 14): the call at the parking device moves to the parked-to
// device and waits there, queued; the parking device's connection ends. Asterisk's Park action
// does exactly that when it is given the other party's channel to park and the parking
// device's channel as TimeoutChannel (the two-party bridge case: TimeoutChannel hears the slot
// number, is treated as the parker, and leaves the call). The table's recipe ("ParkCall")
// names the headers; the events that follow (ParkedCall -> Queued at the slot, the parker's
// Hangup -> ConnectionCleared) are the parking primitives' (call_model_parking.cpp).
//
// Asterisk chooses the slot itself (the lot's first free one), so parkTo must name the lot:
// the table variable parkingExtension (700 by default). The slot is known only from the
// ParkedCall event that follows, so the response leaves the optional parkedTo out.
#include <spdlog/spdlog.h>

#include "bridge/server/access.hpp"
#include "bridge/server/services.hpp"
#include "bridge/server/service_call.hpp"

namespace bridge {

namespace {
using csta::ErrorCode;
using Op = csta::OperationError;
using SI = csta::StateIncompatibilityError;
}  // namespace

void ServiceRunner::serve(const CallPtr& call, const csta::ParkCall& req) {
    const auto& parking = req.parking;
    if (!parking.callID || !parking.deviceID) return call->answer(ErrorCode(Op::invalidConnectionID));
    const std::string device = parking.deviceID->value;
    // The parking device first: a user learns nothing of calls at devices it may not use.
    if (const auto* user = call->session->user(); user && !device_permitted(user->devices, device)) {
        spdlog::warn("session {}: ParkCall #{}: user '{}' may not use device {}", call->session->id(), call->invoke_id,
                     user->name, device);
        return call->answer(ErrorCode(Op::privilegeViolationCallToParkDevice));
    }
    auto* link = route(call, device, *parking.callID);
    if (!link) return;
    RecipeParams params;
    if (!add_connection(call, *link, "parking", parking, params)) return;

    const auto& variables = link->table->variables();
    const auto lot = variables.find("parkingExtension");
    const auto park_to = link->model->asterisk_number(req.parkTo.value);
    if (lot == variables.end() || park_to != lot->second) {
        spdlog::info("session {}: ParkCall #{}: parkTo {} is not the parking lot's extension {} (Asterisk's Park "
                     "action picks the slot itself)", call->session->id(), call->invoke_id, req.parkTo.value,
                     lot == variables.end() ? std::string("(no parkingExtension in the table)") : lot->second);
        return call->answer(ErrorCode(Op::invalidParkToDeviceID));
    }

    // ECMA-269 parks a connected or held call; the call must have exactly one other party
    // with a channel of its own, the one Asterisk parks.
    const auto* c = link->model->snapshot_call(*parking.callID);
    if (!c) return call->answer(ErrorCode(Op::invalidCallID));
    const auto* mine = c->find(device);
    using State = csta::LocalConnectionState;
    if (!mine || (mine->state != State::connected && mine->state != State::hold))
        return call->answer(ErrorCode(SI::invalidCallToParkDeviceState));
    std::vector<std::string> others;
    for (const auto& cn : c->connections)
        if (cn.device != device && !cn.pbx && cn.channel != kNoChannel && cn.state != State::null) others.push_back(cn.device);
    const auto* other = others.size() == 1 ? c->find(others.front()) : nullptr;
    if (other && other->state != State::connected && other->state != State::hold) {
        spdlog::info("session {}: ParkCall #{}: {} in call {} has not answered: nothing to park yet", call->session->id(),
                     call->invoke_id, other->device, c->id);
        return call->answer(ErrorCode(SI::invalidCallToParkDeviceState));
    }
    if (others.size() != 1) {
        spdlog::info("session {}: ParkCall #{}: call {} has {} other parties; Park moves one channel, so it "
                     "parks a two-party call only", call->session->id(), call->invoke_id, c->id, others.size());
        return call->answer(ErrorCode(SI::invalidCallToParkDeviceState));
    }
    const auto parked = link->model->channel_of(c->id, others.front());
    if (!parked) return call->answer(ErrorCode(SI::invalidCallToParkDeviceState));
    params.values["parked.channel"] = *parked;
    params.values["parked.deviceID"] = others.front();
    via_ami(call, *link, "ParkCall", std::move(params),
            [](const std::vector<ami::ActionResult>&, const std::map<std::string, std::string>&)
                -> std::optional<csta::Response> { return csta::ParkCallResponse{}; });
}

}  // namespace bridge
