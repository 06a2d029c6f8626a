// The bridge's own actions (CALL-MODEL flow 2): the Originate a MakeCall sent, its
// OriginateResponse, the AstDB writes of SetForwarding, and the Responses that settle them.
// Moved out of call_model.cpp unchanged.
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

// ---------------------------------------------------------------- the bridge's Originate

void CallModel::originate_sent(const EventRule& r, const ami::Message& m) {
    PendingOriginate o;
    o.channel_id = std::string(r.input(m, "channelId"));
    const std::string dial(r.input(m, "channel"));
    if (auto d = device_for_interface(dial)) o.calling = *d;
    o.called = device_id(r.input(m, "exten"));
    o.cause = r.cause.value_or(EventCause::makeCall);
    if (o.calling.empty()) return;  // e.g. Local/100@test: not a device the bridge reports
    if (originates_.size() >= kMaxPendingActions) originates_.erase(originates_.begin());  // bounded
    // Keyed by ChannelId when there is one: OriginateResponse carries it as Uniqueid, and a
    // live AMI client replaces the ActionID the model saw with its own.
    originates_[o.channel_id.empty() ? std::string(r.input(m, "actionId")) : o.channel_id] = o;
}

void CallModel::originate_result(const EventRule& r, const ami::Message& m, Out& out) {
    auto it = originates_.find(r.input(m, "uniqueid"));
    if (it == originates_.end()) it = originates_.find(std::string(r.input(m, "actionId")));
    if (it == originates_.end()) return;
    const auto o = it->second;
    originates_.erase(it);
    const auto outcome = table_->originate_reason(r.input(m, "reason"));
    if (!outcome || outcome->outcome == Outcome::answered || outcome->outcome == Outcome::pending) return;
    // The calling device never took the call: Failed, then its connection is cleared.
    Call* c = o.channel_seen ? call(call_id_for(o.channel_id)) : nullptr;
    if (!c) {
        auto& nc = new_call(o.channel_id, r.input(m, "uniqueid"));
        nc.make_call = true;
        nc.calling = o.calling;
        nc.called = o.called;
        add_connection(nc, {o.calling, State::null, kNoChannel, true, false});
        c = &nc;
    }
    auto* cn = c->find(o.calling);
    if (!cn) return;
    cn->reported = true;
    if (outcome->outcome == Outcome::failed) {
        cn->state = State::fail;
        csta::FailedEvent ev;
        ev.failedConnection = conn(c->id, o.calling);
        ev.failingDevice = dev(o.calling);
        ev.callingDevice = dev(o.calling);
        ev.calledDevice = dev(o.called);
        ev.cause = outcome->cause;
        emit(out, *c, ev);
    }
    const auto id = c->id;
    const auto handle = c->handle;
    clear_connection(out, *c, o.calling, outcome->cause);
    for (auto& [uid, ch] : channels_)  // (a walk: only for a MakeCall that failed)
        if (ch.call == handle) ch.call = kNoCall;
    drop_call_if_empty(out, id, outcome->cause);
}

void CallModel::forwarding_sent(const EventRule& r, const ami::Message& m) {
    // param is a ForwardingType literal, or "doNotDisturb" for the DND family (same AstDB
    // convention: a value stored = on, deleted = off).
    const bool dnd = r.param == "doNotDisturb";
    const auto type = csta::from_string<csta::ForwardingType>(dnd ? "forwardDND" : r.param);
    const std::string device = device_id(r.input(m, "device"));
    if (!type || device.empty()) return;
    if (forwardings_.size() >= kMaxPendingActions) forwardings_.erase(forwardings_.begin());  // bounded
    forwardings_[std::string(r.input(m, "actionId"))] = {device, *type, device_id(r.input(m, "forwardTo")), dnd};
}

void CallModel::on_response(const ami::Message& m, Out& out) {
    const std::string id(m.action_id());
    if (id.empty()) return;
    const bool success = ami::iequals(m.response(), "Success");
    if (const auto it = forwardings_.find(id); it != forwardings_.end()) {
        const auto f = it->second;
        forwardings_.erase(it);
        if (!success) return;
        Emitted e;
        e.recipients.push_back({f.device, std::nullopt});
        if (f.dnd) {
            csta::DoNotDisturbEvent dnd;
            dnd.device = dev(f.device);
            dnd.doNotDisturbOn = !f.forward_to.empty();
            e.event = dnd;
            out.push_back(std::move(e));
            return;
        }
        csta::ForwardingEvent ev;
        ev.device = dev(f.device);
        ev.forwardingType = f.type;
        ev.forwardStatus = !f.forward_to.empty();
        if (!f.forward_to.empty()) ev.forwardTo = csta::DeviceID(f.forward_to);
        e.event = ev;
        out.push_back(std::move(e));
    }
    // A refused Originate never produces a call (the server answers the MakeCall error).
    if (!success) originates_.erase(id);
}

}  // namespace bridge
