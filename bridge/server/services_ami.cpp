// Services carried out with AMI actions from the mapping table's recipes.
#include <spdlog/spdlog.h>

#include "bridge/server/app.hpp"
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

void ServiceRunner::call_control(const std::shared_ptr<Call>& call) {
    RecipeParams params;
    auto& req = call->request;
    // Finds the link of a connection's call and fills "<name>.channel".
    auto connection = [&](const std::string& name, const csta::ConnectionID& c) -> AsteriskLink* {
        auto* link = route(call, c.deviceID ? c.deviceID->value : std::string(), c.callID.value_or(""));
        if (!link || !add_connection(call, *link, name, c, params)) return nullptr;
        return link;
    };
    if (auto* r = std::get_if<csta::MakeCall>(&req)) {
        if (!permitted(call, r->callingDevice.value)) return;
        auto* link = route(call, r->callingDevice.value, "");
        if (!link) return;
        if (!link->table->dial_string(link->model->asterisk_number(r->callingDevice.value)))
            return call->answer(ErrorCode(Op::invalidCallingDeviceID));
        if (r->calledDirectoryNumber.value.empty()) return call->answer(ErrorCode(Op::invalidDestination));
        params.values["callingDevice"] = r->callingDevice.value;
        params.values["calledDirectoryNumber"] = r->calledDirectoryNumber.value;
        params.values["channelId"] = make_uuid();
        params.values["otherChannelId"] = make_uuid();
        if (r->correlatorData && r->correlatorData->form == csta::OpaqueData::Form::string)
            params.lists["variables"].push_back("CSTA_CORRELATOR=" + r->correlatorData->bytes);
        auto calling = r->callingDevice.value;
        const auto* model = link->model.get();
        return via_ami(call, *link, "MakeCall", std::move(params),
                       [calling, model](const Results&, const RecipeResult& result) -> csta::Response {
                           csta::MakeCallResponse resp;
                           auto id = result.count("callID") ? model->call_id_for(result.at("callID")) : std::string();
                           resp.callingDevice = csta::ConnectionID(id, csta::DeviceID(calling));
                           return resp;
                       });
    }
    if (auto* r = std::get_if<csta::ClearConnection>(&req)) {
        auto* link = connection("connection", r->connectionToBeCleared);
        if (!link) return;
        return via_ami(call, *link, "ClearConnection", std::move(params), plain<csta::ClearConnectionResponse>());
    }
    if (auto* r = std::get_if<csta::ClearCall>(&req)) {
        if (!r->callToBeCleared.callID) return call->answer(ErrorCode(Op::invalidCallID));
        auto* link = route(call, "", *r->callToBeCleared.callID);
        if (!link) return;
        const auto* c = link->model->snapshot_call(*r->callToBeCleared.callID);
        if (!c) return call->answer(ErrorCode(Op::invalidCallID));
        for (const auto& conn : c->connections)
            if (!permitted(call, conn.device)) return;
        params.lists["call.channels"] = link->model->channels_of_call(c->id);
        if (params.lists["call.channels"].empty()) return call->answer(ErrorCode(csta::StateIncompatibilityError::noCallToClear));
        return via_ami(call, *link, "ClearCall", std::move(params), plain<csta::ClearCallResponse>());
    }
    if (auto* r = std::get_if<csta::SingleStepTransferCall>(&req)) {
        auto* link = connection("transferringConnection", r->activeCall);
        if (!link) return;
        params.values["transferredTo"] = r->transferredTo.value;
        auto call_id = r->activeCall.callID.value_or("");
        return via_ami(call, *link, "SingleStepTransferCall", std::move(params),
                       [call_id](const Results&, const RecipeResult&) -> csta::Response {
                           // Asterisk keeps the transferee's channel, so its call keeps its id.
                           csta::SingleStepTransferCallResponse resp;
                           resp.transferredCall.callID = call_id;
                           return resp;
                       });
    }
    if (auto* r = std::get_if<csta::DeflectCall>(&req)) {
        auto* link = connection("callToBeDiverted", r->callToBeDiverted);
        if (!link) return;
        // Only a ringing connection can be deflected: the channel whose Dial() rings it is
        // sent on to the new destination (that ends the ringing leg).
        auto dialing = link->model->dialing_channel_of(*r->callToBeDiverted.callID, r->callToBeDiverted.deviceID->value);
        if (!dialing) return call->answer(ErrorCode(csta::StateIncompatibilityError::invalidDivertingDeviceState));
        params.values["callToBeDiverted.dialingChannel"] = *dialing;
        params.values["newDestination"] = r->newDestination.value;
        return via_ami(call, *link, "DeflectCall", std::move(params), plain<csta::DeflectCallResponse>());
    }
    if (auto* r = std::get_if<csta::ConsultationCall>(&req)) return consultation_call(call, *r);
    if (auto* r = std::get_if<csta::ParkCall>(&req)) return park_call(call, *r);
    if (auto* r = std::get_if<csta::GenerateDigits>(&req)) {
        auto* link = connection("connectionToSendDigits", r->connectionToSendDigits);
        if (!link) return;
        if (r->charactersToSend.empty() ||
            r->charactersToSend.find_first_not_of("0123456789*#ABCDabcd") != std::string::npos)
            return call->answer(ErrorCode(Op::invalidParameterValue));
        params.values["charactersToSend"] = r->charactersToSend;
        return via_ami(call, *link, "GenerateDigits", std::move(params), plain<csta::GenerateDigitsResponse>());
    }
    // Services whose default recipe is "not supported" still go through the table, so an
    // overlay can give them one (a connection named after the request's own element).
    auto recipe_only = [&](const std::string& service, const std::string& name, const csta::ConnectionID& c,
                           ServiceRunner::Complete complete) {
        auto* link = app_.links_.size() == 1 ? app_.links_.front().get() : app_.link_for_call(c.callID.value_or(""));
        if (!link) return call->answer(ErrorCode(Op::invalidCallID));
        const auto* recipe = link->table->recipe(service);
        if (!recipe || recipe->handling != ServiceRecipe::Handling::ami)
            return call->answer(ErrorCode(Op::serviceNotSupported));
        if (!route(call, "", c.callID.value_or(""))) return;
        if (!add_connection(call, *link, name, c, params)) return;
        via_ami(call, *link, service, std::move(params), std::move(complete));
    };
    if (auto* r = std::get_if<csta::HoldCall>(&req))
        return recipe_only("HoldCall", "callToBeHeld", r->callToBeHeld, plain<csta::HoldCallResponse>());
    if (auto* r = std::get_if<csta::RetrieveCall>(&req))
        return recipe_only("RetrieveCall", "callToBeRetrieved", r->callToBeRetrieved, plain<csta::RetrieveCallResponse>());
    if (auto* r = std::get_if<csta::AnswerCall>(&req))
        return recipe_only("AnswerCall", "callToBeAnswered", r->callToBeAnswered, plain<csta::AnswerCallResponse>());
    // The primary (held) call keeps its callID when the consultation call merges into it.
    if (auto* r = std::get_if<csta::TransferCall>(&req)) {
        const auto held = r->heldCall.callID.value_or("");
        return atxfer_feature(call, "TransferCall", r->heldCall, r->activeCall,
                                  [held](const Results&, const RecipeResult&) -> csta::Response {
                                      csta::TransferCallResponse resp;
                                      resp.transferredCall.callID = held;
                                      return resp;
                                  });
    }
    if (auto* r = std::get_if<csta::ConferenceCall>(&req)) {
        const auto conference = r->heldCall;
        return atxfer_feature(call, "ConferenceCall", r->heldCall, r->activeCall,
                                  [conference](const Results&, const RecipeResult&) -> csta::Response {
                                      csta::ConferenceCallResponse resp;
                                      resp.conferenceCall = conference;
                                      return resp;
                                  });
    }
    if (auto* r = std::get_if<csta::AlternateCall>(&req))
        return atxfer_feature(call, "AlternateCall", r->heldCall, r->activeCall, plain<csta::AlternateCallResponse>());
    if (auto* r = std::get_if<csta::ReconnectCall>(&req))
        return atxfer_feature(call, "ReconnectCall", r->heldCall, r->activeCall, plain<csta::ReconnectCallResponse>());
    call->answer(ErrorCode(Op::serviceNotSupported));
}

void ServiceRunner::features(const std::shared_ptr<Call>& call) {
    RecipeParams params;
    auto& req = call->request;
    auto device_link = [&](const std::string& device) -> AsteriskLink* {
        if (!permitted(call, device)) return nullptr;
        auto* link = route(call, device, "");
        if (link) params.values["device"] = device;
        return link;
    };
    if (auto* r = std::get_if<csta::SetAgentState>(&req)) {
        auto* link = device_link(r->device.value);
        if (!link) return;
        params.values["agentDevice"] = r->device.value;
        if (r->agentID) params.values["agentID"] = *r->agentID;
        if (r->group) params.values["acdGroup"] = r->group->value;
        auto state = std::string(csta::to_string(r->requestedAgentState));
        bool needs_group = r->requestedAgentState == csta::ReqAgentState::loggedOn ||
                           r->requestedAgentState == csta::ReqAgentState::loggedOff;
        if (needs_group && !r->group) return call->answer(ErrorCode(Op::invalidAgentGroup));
        return via_ami(call, *link, "SetAgentState." + state, std::move(params), plain<csta::SetAgentStateResponse>());
    }
    if (auto* r = std::get_if<csta::GetAgentState>(&req)) {
        auto* link = device_link(r->device.value);
        if (!link) return;
        params.values["agentDevice"] = r->device.value;
        const auto* model = link->model.get();
        const auto table = link->table;
        const auto agent = r->device.value;
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
    if (auto* r = std::get_if<csta::SetDoNotDisturb>(&req)) {
        auto* link = device_link(r->device.value);
        if (!link) return;
        return via_ami(call, *link, r->doNotDisturbOn ? "SetDoNotDisturb.on" : "SetDoNotDisturb.off", std::move(params),
                       plain<csta::SetDoNotDisturbResponse>());
    }
    if (auto* r = std::get_if<csta::GetDoNotDisturb>(&req)) {
        auto* link = device_link(r->device.value);
        if (!link) return;
        return via_ami(call, *link, "GetDoNotDisturb", std::move(params), [](const Results& results, const RecipeResult&) -> csta::Response {
            csta::GetDoNotDisturbResponse resp;
            resp.doNotDisturbOn = !value_of(results, "Val").empty();
            return resp;
        });
    }
    if (auto* r = std::get_if<csta::SetForwarding>(&req)) {
        auto* link = device_link(r->device.value);
        if (!link) return;
        auto type = std::string(csta::to_string(r->forwardingType.value_or(csta::ForwardingType::forwardImmediate)));
        if (r->activateForward) {
            if (!r->forwardDN || r->forwardDN->value.empty()) return call->answer(ErrorCode(Op::invalidForwardingDestination));
            params.values["forwardDN"] = r->forwardDN->value;
        }
        return via_ami(call, *link, "SetForwarding." + type + (r->activateForward ? ".on" : ".off"), std::move(params),
                       plain<csta::SetForwardingResponse>());
    }
    if (auto* r = std::get_if<csta::GetForwarding>(&req)) {
        auto* link = device_link(r->device.value);
        if (!link) return;
        const auto* model = link->model.get();
        return via_ami(call, *link, "GetForwarding", std::move(params), [model](const Results& results, const RecipeResult&) -> csta::Response {
            csta::GetForwardingResponse resp;
            csta::ForwardListItem item;
            item.forwardingType = csta::ForwardingType::forwardImmediate;
            auto target = value_of(results, "Val");
            item.forwardStatus = !target.empty();
            if (!target.empty()) item.forwardDN = csta::DeviceID(model->device_id(target));
            resp.forwardingList.push_back(std::move(item));
            return resp;
        });
    }
    if (std::holds_alternative<csta::Escape>(req)) {
        if (app_.links_.empty() || !app_.links_.front()->table->recipe("Escape")) return call->answer(ErrorCode(Op::serviceNotSupported));
        auto* link = route(call, "", "");
        if (!link) return;
        return via_ami(call, *link, "Escape", std::move(params), plain<csta::EscapeResponse>());
    }
    call->answer(ErrorCode(Op::serviceNotSupported));
}

}  // namespace bridge
