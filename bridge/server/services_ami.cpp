// Services carried out with AMI actions from the mapping table's recipes. The request's own
// fields reach a recipe through its <param>s (services.cpp); what is filled here is what the
// bridge derives: a connection's channel, the channel that dials a ringing device, the calls'
// channels, and the checks that answer a precise error before anything is sent.
#include <spdlog/spdlog.h>

#include "bridge/server/service_call.hpp"

namespace bridge {

namespace {
using csta::ErrorCode;
using Op = csta::OperationError;
using Results = std::vector<ami::ActionResult>;
using RecipeResult = std::map<std::string, std::string>;

// A recipe whose answer carries nothing but success.
template <class Response>
ServiceRunner::Complete plain() {
    return [](const Results&, const RecipeResult&) -> csta::Response { return Response{}; };
}

std::string value_of(const Results& results, std::string_view header) {
    for (const auto& r : results)
        for (const auto& item : r.items)
            if (item.has(header)) return std::string(item.get(header));
    return {};
}

// ECMA-269 agent state from one QueueMember list item (Paused, InCall, Status).
csta::AgentState agent_state(const ami::Message& member) {
    if (member.get("Paused") == "1") return csta::AgentState::agentNotReady;
    if (member.get("InCall") == "1") return csta::AgentState::agentBusy;
    return csta::AgentState::agentReady;
}
}  // namespace

void ServiceRunner::serve(const CallPtr& call, const csta::ClearConnection& req) {
    RecipeParams params;
    auto* link = connection_link(call, "connection", req.connectionToBeCleared, params);
    if (!link) return;
    return via_ami(call, *link, "ClearConnection", std::move(params), plain<csta::ClearConnectionResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::ClearCall& req) {
    RecipeParams params;
    if (!req.callToBeCleared.callID) return call->answer(ErrorCode(Op::invalidCallID));
    auto* link = route(call, "", *req.callToBeCleared.callID);
    if (!link) return;
    const auto* c = link->model->snapshot_call(*req.callToBeCleared.callID);
    if (!c) return call->answer(ErrorCode(Op::invalidCallID));
    for (const auto& conn : c->connections)
        if (!permitted(call, conn.device)) return;
    params.lists["call.channels"] = link->model->channels_of_call(c->id);
    if (params.lists["call.channels"].empty()) return call->answer(ErrorCode(csta::StateIncompatibilityError::noCallToClear));
    return via_ami(call, *link, "ClearCall", std::move(params), plain<csta::ClearCallResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::SingleStepTransferCall& req) {
    RecipeParams params;
    auto* link = connection_link(call, "transferringConnection", req.activeCall, params);
    if (!link) return;
    auto call_id = req.activeCall.callID.value_or("");
    return via_ami(call, *link, "SingleStepTransferCall", std::move(params),
                   [call_id](const Results&, const RecipeResult&) -> csta::Response {
                       // Asterisk keeps the transferee's channel, so its call keeps its id.
                       csta::SingleStepTransferCallResponse resp;
                       resp.transferredCall.callID = call_id;
                       return resp;
                   });
}

void ServiceRunner::serve(const CallPtr& call, const csta::DeflectCall& req) {
    RecipeParams params;
    auto* link = connection_link(call, "callToBeDiverted", req.callToBeDiverted, params);
    if (!link) return;
    // Only a ringing connection can be deflected: the channel whose Dial() rings it is
    // sent on to the new destination (that ends the ringing leg).
    auto dialing = link->model->dialing_channel_of(*req.callToBeDiverted.callID, req.callToBeDiverted.deviceID->value);
    if (!dialing) return call->answer(ErrorCode(csta::StateIncompatibilityError::invalidDivertingDeviceState));
    params.values["callToBeDiverted.dialingChannel"] = *dialing;
    return via_ami(call, *link, "DeflectCall", std::move(params), plain<csta::DeflectCallResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::GenerateDigits& req) {
    RecipeParams params;
    auto* link = connection_link(call, "connectionToSendDigits", req.connectionToSendDigits, params);
    if (!link) return;
    if (req.charactersToSend.empty() ||
        req.charactersToSend.find_first_not_of("0123456789*#ABCDabcd") != std::string::npos)
        return call->answer(ErrorCode(Op::invalidParameterValue));
    return via_ami(call, *link, "GenerateDigits", std::move(params), plain<csta::GenerateDigitsResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::HoldCall& req) {
    return recipe_only(call, "HoldCall", "callToBeHeld", req.callToBeHeld, plain<csta::HoldCallResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::RetrieveCall& req) {
    return recipe_only(call, "RetrieveCall", "callToBeRetrieved", req.callToBeRetrieved, plain<csta::RetrieveCallResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::AnswerCall& req) {
    return recipe_only(call, "AnswerCall", "callToBeAnswered", req.callToBeAnswered, plain<csta::AnswerCallResponse>());
}

// The primary (held) call keeps its callID when the consultation call merges into it.
void ServiceRunner::serve(const CallPtr& call, const csta::TransferCall& req) {
    const auto held = req.heldCall.callID.value_or("");
    return atxfer_feature(call, "TransferCall", req.heldCall, req.activeCall,
                          [held](const Results&, const RecipeResult&) -> csta::Response {
                              csta::TransferCallResponse resp;
                              resp.transferredCall.callID = held;
                              return resp;
                          });
}

void ServiceRunner::serve(const CallPtr& call, const csta::ConferenceCall& req) {
    const auto conference = req.heldCall;
    return atxfer_feature(call, "ConferenceCall", req.heldCall, req.activeCall,
                          [conference](const Results&, const RecipeResult&) -> csta::Response {
                              csta::ConferenceCallResponse resp;
                              resp.conferenceCall = conference;
                              return resp;
                          });
}

void ServiceRunner::serve(const CallPtr& call, const csta::AlternateCall& req) {
    return atxfer_feature(call, "AlternateCall", req.heldCall, req.activeCall, plain<csta::AlternateCallResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::ReconnectCall& req) {
    return atxfer_feature(call, "ReconnectCall", req.heldCall, req.activeCall, plain<csta::ReconnectCallResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::SetAgentState& req) {
    RecipeParams params;
    auto* link = device_link(call, req.device.value, params);
    if (!link) return;
    auto state = std::string(csta::to_string(req.requestedAgentState));
    bool needs_group = req.requestedAgentState == csta::ReqAgentState::loggedOn ||
                       req.requestedAgentState == csta::ReqAgentState::loggedOff;
    if (needs_group && !req.group) return call->answer(ErrorCode(Op::invalidAgentGroup));
    return via_ami(call, *link, "SetAgentState." + state, std::move(params), plain<csta::SetAgentStateResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::GetAgentState& req) {
    RecipeParams params;
    auto* link = device_link(call, req.device.value, params);
    if (!link) return;
    const auto* model = link->model.get();
    const auto table = link->table;
    const auto agent = req.device.value;
    return via_ami(call, *link, "GetAgentState", std::move(params), [model, table, agent](const Results& results, const RecipeResult&) -> csta::Response {
        // The recipe asks for this member only; members of other devices are skipped all
        // the same (a QueueStatus without Member support lists every member).
        auto of_agent = [&](const ami::Message& member) {
            auto d = table->device_for_interface(std::string(member.get("Location")));
            return d && model->device_id(*d) == agent;
        };
        csta::GetAgentStateResponse resp;
        csta::AgentStateEntry entry;
        for (const auto& result : results)
            for (const auto& item : result.items) {
                if (item.event_name() != "QueueMember" || !of_agent(item)) continue;
                entry.loggedOnState = true;
                if (!entry.agentID && item.has("Name")) entry.agentID = std::string(item.get("Name"));
                csta::AgentInfo info;
                info.acdGroup = csta::DeviceID(model->device_id(item.get("Queue")));
                info.agentState = agent_state(item);
                entry.agentInfo.push_back(std::move(info));
            }
        resp.agentStateList.push_back(std::move(entry));
        return resp;
    });
}

void ServiceRunner::serve(const CallPtr& call, const csta::SetDoNotDisturb& req) {
    RecipeParams params;
    auto* link = device_link(call, req.device.value, params);
    if (!link) return;
    return via_ami(call, *link, req.doNotDisturbOn ? "SetDoNotDisturb.on" : "SetDoNotDisturb.off", std::move(params),
                   plain<csta::SetDoNotDisturbResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::GetDoNotDisturb& req) {
    RecipeParams params;
    auto* link = device_link(call, req.device.value, params);
    if (!link) return;
    return via_ami(call, *link, "GetDoNotDisturb", std::move(params), [](const Results& results, const RecipeResult&) -> csta::Response {
        csta::GetDoNotDisturbResponse resp;
        resp.doNotDisturbOn = !value_of(results, "Val").empty();
        return resp;
    });
}

void ServiceRunner::serve(const CallPtr& call, const csta::SetForwarding& req) {
    RecipeParams params;
    auto* link = device_link(call, req.device.value, params);
    if (!link) return;
    auto type = std::string(csta::to_string(req.forwardingType.value_or(csta::ForwardingType::forwardImmediate)));
    if (req.activateForward && (!req.forwardDN || req.forwardDN->value.empty()))
        return call->answer(ErrorCode(Op::invalidForwardingDestination));
    return via_ami(call, *link, "SetForwarding." + type + (req.activateForward ? ".on" : ".off"), std::move(params),
                   plain<csta::SetForwardingResponse>());
}

void ServiceRunner::serve(const CallPtr& call, const csta::GetForwarding& req) {
    RecipeParams params;
    auto* link = device_link(call, req.device.value, params);
    if (!link) return;
    const auto* model = link->model.get();
    // One DBGet per forwarding type of the recipe (<action answers="forwardBusy">), answered
    // in order; a family without an entry is that type off.
    const auto table = link->table;
    return via_ami(call, *link, "GetForwarding", std::move(params), [model, table](const Results& results, const RecipeResult&) -> csta::Response {
        csta::GetForwardingResponse resp;
        const auto* recipe = table->recipe("GetForwarding");
        for (std::size_t i = 0; recipe && i < recipe->actions.size() && i < results.size(); ++i) {
            csta::ForwardListItem item;
            item.forwardingType = csta::from_string<csta::ForwardingType>(recipe->actions[i].answers)
                                      .value_or(csta::ForwardingType::forwardImmediate);
            auto target = value_of({results[i]}, "Val");
            item.forwardStatus = !target.empty();
            if (!target.empty()) item.forwardDN = csta::DeviceID(model->device_id(target));
            resp.forwardingList.push_back(std::move(item));
        }
        return resp;
    });
}

void ServiceRunner::serve(const CallPtr& call, const csta::Escape&) {
    RecipeParams params;
    if (host_.links().empty() || !host_.links().front()->table->recipe("Escape")) return call->answer(ErrorCode(Op::serviceNotSupported));
    auto* link = route(call, "", "");
    if (!link) return;
    return via_ami(call, *link, "Escape", std::move(params), plain<csta::EscapeResponse>());
}

}  // namespace bridge
