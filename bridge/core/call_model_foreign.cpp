// Calls the bridge did not start and calls the PBX answers itself (CALL-MODEL flows 12, 13):
// an Originate sent by another AMI application becomes a call like MakeCall, and a dialplan
// application that answers (Echo, Playback, voicemail) is the call's answering party.
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

// The outbound leg of an Originate (Newexten AppDial2 "(Outgoing Line)" on a channel no Dial
// created): when no call claims the channel, the Originate was not the bridge's. The device is
// then asked to take a call exactly as for MakeCall: ServiceInitiated while it is alerted,
// Originated when it answers (channel_state / dial_end, as for the bridge's own Originate).
void CallModel::originate_leg(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch || !ch->is_party() || ch->originate || ch->call != kNoCall || ch->dialed_by != kNoChannel) return;
    auto& c = new_call(ch->linkedid, ch->uniqueid);
    c.make_call = true;
    c.foreign_originate = true;
    c.establish_cause = r.cause.value_or(EventCause::makeCall);
    c.calling = ch->device->id;
    add_connection(c, {ch->device->id, State::null, ch->handle, false, false});
    ch->call = c.handle;
    ch->originate = true;
    if (ch->state != ChannelState::ringing) return;
    // Already ringing (Newstate can come first): the device is being alerted now.
    auto& cn = c.connections.back();
    cn.state = State::initiated;
    cn.reported = true;
    csta::ServiceInitiatedEvent ev;
    ev.initiatedConnection = conn(c.id, cn.device);
    ev.initiatingDevice = dev(cn.device);
    ev.cause = c.establish_cause;
    emit(out, c, ev);
}

// OriginateResponse of an Originate the bridge did not send: its Exten is the number the call
// is for (calledDevice of Originated). An Originate with Application= has none: the called
// device stays unknown. Asterisk sends it just before or just after the answer (a race:
// other-app-originate vs originate-answered), so Originated waits for it, or for the
// dialplan's first step (DialBegin, an answering application) if that comes first.
void CallModel::originate_destination(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch || !ch->originate || !ch->is_party()) return;
    auto* c = call(ch->call);
    if (!c || !c->foreign_originate || c->destination_known) return;
    c->destination_known = true;
    if (c->called.empty()) c->called = device_id(r.input(m, "exten"));
    // The originated channel's own Newchannel said Exten s: the Originate's extension is the
    // number this call was dialled to (DNIS, CALL-MODEL flow 15).
    if (c->dialled.empty()) c->dialled = c->called;
    auto* cn = c->find(ch->device->id);
    if (cn && ch->state == ChannelState::up && cn->reported && !cn->originated)
        originated(out, *c, *cn, c->establish_cause);
}

// A dialplan application that answers the call itself. The answering device is the one the
// table names for the application (param, e.g. the voicemail pilot), else the number the
// caller dialled, else the extension the application runs at. The caller's call was placed
// (Originated, if not yet) and answered (Established) by that device, a PBX-held connection.
void CallModel::application_answered(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch) return;
    auto* party = channel(party_of(ch->handle));  // through Local/ halves
    if (!party) return;
    auto* c = call(party->call);
    if (!c) return;
    auto* cn = c->find(party->device->id);
    if (!cn || cn->state == State::hold) return;
    // Only a call nobody else is in: an application after a bridge or beside a ringing
    // party is not what answered the call.
    if (std::any_of(c->connections.begin(), c->connections.end(),
                    [&](const Connection& x) { return x.device != cn->device; }))
        return;
    std::string device = device_id(expand_simple(r.param, nullptr, table_->variables()));
    if (device.empty()) device = c->called;
    if (device.empty()) device = device_id(r.input(m, "exten"));
    if (device.empty() || device == cn->device) return;
    if (!cn->originated) {
        c->called = device;
        originated(out, *c, *cn, c->establish_cause);
    }
    Connection app{device, State::connected, kNoChannel, true, false};
    app.pbx = true;
    add_connection(*c, app);
    c->answered = true;
    csta::EstablishedEvent ev;
    ev.establishedConnection = conn(c->id, device);
    ev.answeringDevice = dev(device);
    ev.callingDevice = dev(c->calling);
    ev.calledDevice = dev(device);
    ev.cause = c->establish_cause;
    emit(out, *c, ev);
}

void CallModel::clear_pbx_connections(Out& out, Call& c, EventCause cause) {
    if (c.connections.empty() ||
        std::any_of(c.connections.begin(), c.connections.end(), [](const Connection& x) { return !x.pbx; }))
        return;
    std::vector<std::string> held;
    for (const auto& cn : c.connections) held.push_back(cn.device);
    for (const auto& d : held) clear_connection(out, c, d, cause);
    for (auto it = parked_.begin(); it != parked_.end();)
        it = std::find(held.begin(), held.end(), it->second) != held.end() && !channel(it->first) ? parked_.erase(it) : std::next(it);
}

}  // namespace bridge
