// ConsultationCall: Atxfer on the existing call's channel. Asterisk answers the action before
// the consultation leg exists, so the ECMA-269 response (initiatedCall = the new call's
// connection at the consulting device) waits for the call model's Originated event of that
// device in a new call, for at most kWaitForCall; without it the response carries no callID
// (the events that follow still do).
// TransferCall / ConferenceCall / AlternateCall / ReconnectCall act on such a consultation:
// both connections must be the same device's, the held one on hold and the active one
// connected, one of the calls the consultation, else Asterisk would take the feature code
// for something else (on a plain bridge *2 starts a transfer).
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "bridge/server/service_call.hpp"

namespace bridge {

namespace {
constexpr auto kWaitForCall = std::chrono::seconds(3);

struct ConsultationWait {
    explicit ConsultationWait(boost::asio::io_context& io) : timer(io) {}
    boost::asio::steady_timer timer;
    std::uint64_t watch = 0;
    std::optional<std::string> call_id;  // the consultation call, once reported
    bool response_due = false;           // Asterisk accepted the Atxfer: answer when known
};
}  // namespace

void ServiceRunner::serve(const CallPtr& call, const csta::ConsultationCall& req) {
    const auto& existing = req.existingCall;
    auto* link = route(call, existing.deviceID ? existing.deviceID->value : std::string(), existing.callID.value_or(""));
    RecipeParams params;
    if (!link || !add_connection(call, *link, "existingCall", existing, params)) return;

    const std::string device = existing.deviceID->value;
    auto respond = [call, device](const std::optional<std::string>& call_id) {
        csta::ConsultationCallResponse resp;
        resp.initiatedCall.deviceID = csta::DeviceID(device);
        if (call_id) resp.initiatedCall.callID = *call_id;
        return resp;
    };
    auto wait = std::make_shared<ConsultationWait>(host_.io());
    wait->watch = host_.new_calls().add(device, *existing.callID, [wait, call, respond](const std::string& id) {
        wait->call_id = id;
        if (wait->response_due) {
            wait->timer.cancel();
            call->answer(respond(id));
        }
    });
    // Ends the watch in every case (also when Asterisk refused the Atxfer and the error was
    // answered), and answers without a callID if none came in time.
    wait->timer.expires_after(kWaitForCall);
    wait->timer.async_wait([this, wait, call, respond](boost::system::error_code) {
        host_.new_calls().remove(wait->watch);
        if (wait->response_due && !wait->call_id) {
            spdlog::warn("session {}: ConsultationCall #{}: no consultation call reported within {} s; answered without its callID",
                         call->session->id(), call->invoke_id, kWaitForCall.count());
            call->answer(respond(std::nullopt));
        }
    });
    via_ami(call, *link, "ConsultationCall", std::move(params),
            [wait, respond](const std::vector<ami::ActionResult>&,
                            const std::map<std::string, std::string>&) -> std::optional<csta::Response> {
                if (wait->call_id) return respond(wait->call_id);
                wait->response_due = true;
                return std::nullopt;
            });
}

void ServiceRunner::atxfer_feature(const CallPtr& call, const std::string& service,
                                   const csta::ConnectionID& held, const csta::ConnectionID& active, Complete complete) {
    using csta::ErrorCode;
    using SI = csta::StateIncompatibilityError;
    if (!held.callID || !held.deviceID || !active.callID || !active.deviceID || *held.callID == *active.callID ||
        held.deviceID->value != active.deviceID->value)
        return call->answer(ErrorCode(csta::OperationError::invalidConnectionID));
    auto* link = route(call, active.deviceID->value, *active.callID);
    RecipeParams params;
    if (!link || !add_connection(call, *link, "heldCall", held, params) ||
        !add_connection(call, *link, "activeCall", active, params))
        return;
    const auto device = active.deviceID->value;
    const auto state_in = [&](const std::string& call_id) {
        const auto* c = link->model->snapshot_call(call_id);
        const auto* cn = c ? c->find(device) : nullptr;
        return cn ? cn->state : csta::LocalConnectionState::null;
    };
    if (state_in(*held.callID) != csta::LocalConnectionState::hold)
        return call->answer(ErrorCode(SI::invalidHeldConnectionState));
    // One of the two is the consultation; after an AlternateCall it is the held one. The
    // abort code ends the consultation, so ReconnectCall needs it to be the active call.
    const bool active_consults = link->model->snapshot_call(*active.callID)->consultation;
    const bool held_consults = link->model->snapshot_call(*held.callID)->consultation;
    const bool consultation_ok = service == "ReconnectCall" ? active_consults : active_consults || held_consults;
    if (!consultation_ok || state_in(*active.callID) != csta::LocalConnectionState::connected) {
        spdlog::info("session {}: {} #{}: calls {} / {} of {} are not an attended transfer in progress with the "
                     "consultation {} (ConsultationCall or the phone's transfer key)", call->session->id(), service,
                     call->invoke_id, *held.callID, *active.callID, device, service == "ReconnectCall" ? "active" : "in it");
        return call->answer(ErrorCode(SI::invalidActiveConnectionState));
    }
    via_ami(call, *link, service, std::move(params), std::move(complete));
}

}  // namespace bridge
