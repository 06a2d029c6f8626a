// The call model's merges and moves: single-step and attended transfers, three-way and
// ConfBridge conferences, diversions (CALL-MODEL flows 5-8).
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

// ---------------------------------------------------------------- transfers

void CallModel::blind_transfer(const EventRule& r, const ami::Message& m, Out& out) {
    auto* transferer = channel(r.input(m, "transferer"));
    auto* transferee = channel(r.input(m, "transferee"));
    if (!transferer || !transferer->is_party()) return;
    auto* c = call(transferer->call);
    if (!c) return;
    // A transfer to the parking extension: the call went to the slot the party is parked in.
    const auto slot = transferee ? parked_slot(transferee->handle) : std::nullopt;
    single_step_transfer(out, *c, transferer->device->id,
                         transferee && transferee->is_party() ? transferee->device->id : std::string(),
                         slot ? *slot : device_id(r.input(m, "extension")),
                         r.cause.value_or(EventCause::singleStepTransfer), transferer->handle);
}

void CallModel::single_step_transfer(Out& out, Call& c, const std::string& from, const std::string& transferee,
                                     const std::string& to, EventCause cause, ChannelHandle transferer) {
    csta::TransferredEvent ev;
    ev.primaryOldCall = conn(c.id, from);
    ev.transferringDevice = dev(from);
    ev.transferredToDevice = dev(to);
    for (const auto& cn : c.connections) {
        if (cn.device == from || !cn.reported) continue;
        csta::ConnectionListItem item;
        item.oldConnection = conn(c.id, cn.device);
        item.newConnection = conn(c.id, cn.device);
        ev.transferredConnections.push_back(item);
    }
    if (!to.empty() && !c.find(to)) {  // (a parking slot is in the call already)
        csta::ConnectionListItem item;
        item.newConnection = conn(c.id, to);
        ev.transferredConnections.push_back(item);
    }
    ev.cause = cause;
    // The transferring device leaves the call with this event (no ConnectionCleared after it).
    c.connections.erase(std::remove_if(c.connections.begin(), c.connections.end(),
                                       [&](const Connection& x) { return x.device == from; }),
                        c.connections.end());
    emit(out, c, ev, {from});
    if (!transferee.empty()) c.calling = transferee;
    // The transferred call now goes to the number the transfer dialled: the transferee is its
    // calling party, so the number it "dialled" is the transfer target.
    if (!to.empty()) c.dialled = to;
    c.establish_cause = cause;  // the transferred-to party is Delivered/Established with it
    forget_pending_clear(transferer);
    if (auto* t = channel(transferer)) t->call = kNoCall;
}

void CallModel::attended_transfer(const EventRule& r, const ami::Message& m, Out& out) {
    auto* transferer = channel(r.input(m, "secondTransferer"));
    if (!transferer) transferer = channel(r.input(m, "origTransferer"));
    auto* transferee = channel(r.input(m, "transferee"));
    if (!transferer || !transferer->is_party() || !transferee || !transferee->is_party()) return;
    const auto from = transferer->device->id;
    auto* primary = call(transferee->call);
    if (!primary) return;
    // The secondary (consultation) call: the transferer's other call on the same channel (the
    // last in callID order if several, as a walk of every call found it).
    Call* secondary = nullptr;
    for (const auto handle : calls_with_channel(transferer->handle))
        if (auto* c = call(handle); c && c != primary && c->find(from) && c->find(from)->channel == transferer->handle)
            secondary = c;
    const bool threeway = r.input(m, "destType") == "Threeway";

    std::string target;
    if (secondary)
        for (const auto& cn : secondary->connections)
            if (cn.device != from && cn.reported) target = cn.device;

    std::vector<std::string> all_recipients;
    for (const auto* c : {primary, secondary})
        if (c) for (const auto& cn : c->connections) if (cn.reported) all_recipients.push_back(cn.device);

    csta::ConnectionList list;
    for (const auto& cn : primary->connections)
        if (cn.reported && (threeway || cn.device != from)) {
            csta::ConnectionListItem item;
            item.oldConnection = conn(primary->id, cn.device);
            item.newConnection = conn(primary->id, cn.device);
            list.push_back(item);
        }
    // Move the consultation call's other parties into the primary call (its callID survives).
    const std::string secondary_id = secondary ? secondary->id : std::string();
    if (secondary) merge_call(*primary, secondary_id, from, list);

    if (threeway) {
        if (auto* cn = primary->find(from)) {
            cn->state = State::connected;
            cn->channel = transferer->handle;
            index_connection(primary->handle, cn->channel);
        }
        transferer->call = primary->handle;
        csta::ConferencedEvent ev;
        ev.primaryOldCall = conn(primary->id, from);
        if (!secondary_id.empty()) ev.secondaryOldCall = conn(secondary_id, from);
        ev.conferencingDevice = dev(from);
        ev.addedParty = dev(target);
        ev.conferenceConnections = list;
        ev.cause = EventCause::conference;
        emit(out, *primary, ev, all_recipients);
        if (!secondary_id.empty() && !out.empty()) out.back().merged_calls = {secondary_id};
        return;
    }
    primary->connections.erase(std::remove_if(primary->connections.begin(), primary->connections.end(),
                                              [&](const Connection& x) { return x.device == from; }),
                               primary->connections.end());
    transferer->call = kNoCall;
    forget_pending_clear(transferer->handle);
    csta::TransferredEvent ev;
    ev.primaryOldCall = conn(primary->id, from);
    if (!secondary_id.empty()) ev.secondaryOldCall = conn(secondary_id, from);
    ev.transferringDevice = dev(from);
    ev.transferredToDevice = dev(target);
    ev.transferredConnections = list;
    ev.cause = r.cause.value_or(EventCause::transfer);
    emit(out, *primary, ev, all_recipients);
    if (!secondary_id.empty() && !out.empty()) out.back().merged_calls = {secondary_id};
}

void CallModel::merge_call(Call& into, const std::string& from_id, const std::string& skip_device,
                           csta::ConnectionList& list) {
    const auto it = calls_.find(from_id);
    if (it == calls_.end() || &it->second == &into) return;
    for (const auto& cn : it->second.connections) {
        if (cn.device == skip_device) continue;
        csta::ConnectionListItem item;
        item.oldConnection = conn(from_id, cn.device);
        item.newConnection = conn(into.id, cn.device);
        list.push_back(item);
        add_connection(into, cn);
        if (auto* ch = channel(cn.channel)) ch->call = into.handle;
    }
    forget_call(it);
}

// ---------------------------------------------------------------- conference rooms (ConfBridge)

// A party joins a conference room. The room is one CSTA call: the first party's call becomes
// the room's call, every later party's own call merges into it with Conferenced, seen by
// everyone in the room and by the joiner: primaryOldCall = the room's call (a callID only: the
// joiner had no connection in it), secondaryOldCall = the joiner's own connection, and the
// joiner is both the conferencing device and the added party (it conferenced itself in).
void CallModel::conference_join(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    const std::string room(r.input(m, "conference"));
    if (!ch || !ch->is_party() || room.empty()) return;
    auto* own = call(ch->call);
    if (!own) return;
    // A phone that dialled the room's number: its call was originated to the room.
    if (auto* cn = own->find(ch->device->id); cn && !cn->originated && cn->state == State::initiated)
        originated(out, *own, *cn, own->establish_cause);
    // Rooms named per call (ConfBridge(${UNIQUEID})) must not pile up: forget ended ones.
    if (rooms_.size() > 2 * calls_.size() + 64)
        std::erase_if(rooms_, [&](const auto& kv) { return !call(kv.second); });
    auto& room_call_handle = rooms_[room];
    auto* room_call = call(room_call_handle);
    if (!room_call || room_call == own) {
        room_call_handle = own->handle;
        return;
    }
    const auto joiner = ch->device->id;
    const auto own_id = own->id;
    std::vector<std::string> recipients;
    for (const auto* c : {room_call, own})
        for (const auto& cn : c->connections)
            if (cn.reported) recipients.push_back(cn.device);
    csta::ConferencedEvent ev;
    for (const auto& cn : room_call->connections) {
        if (!cn.reported) continue;
        csta::ConnectionListItem item;
        item.oldConnection = conn(room_call->id, cn.device);
        item.newConnection = conn(room_call->id, cn.device);
        ev.conferenceConnections.push_back(item);
    }
    merge_call(*room_call, own_id, {}, ev.conferenceConnections);
    ev.primaryOldCall.callID = room_call->id;
    ev.secondaryOldCall = conn(own_id, joiner);
    ev.conferencingDevice = dev(joiner);
    ev.addedParty = dev(joiner);
    ev.cause = r.cause.value_or(EventCause::conference);
    emit(out, *room_call, ev, recipients);
    if (!out.empty()) out.back().merged_calls = {own_id};
}

void CallModel::diverted(const EventRule& r, const ami::Message& m, Out& out) {
    auto* dest = channel(r.input(m, "destUniqueid"));
    if (!dest || !dest->is_party()) return;
    auto* c = call(dest->call);
    if (!c) return;
    const std::string forward(r.input(m, "forward"));
    std::string to = device_id(forward);
    if (auto d = device_for_channel(forward + "-0", ""); d && !d->id.empty()) to = d->id;
    else if (auto i = device_for_interface(forward)) to = *i;
    divert(out, *c, *dest, to, r.cause.value_or(EventCause::redirected));
}

// The ringing device `dest` no longer takes the call, which goes on to `to`: Diverted for
// everyone in the call; the diverting device's connection is gone with it (its leg's
// Hangup reports nothing more).
void CallModel::divert(Out& out, Call& diverted_call, Channel& dest, const std::string& to, EventCause cause) {
    auto* c = &diverted_call;
    const auto from = dest.device->id;
    csta::DivertedEvent ev;
    ev.connection = conn(c->id, from);
    ev.divertingDevice = dev(from);
    ev.newDestination = dev(to);
    ev.callingDevice = dev(c->calling);
    ev.calledDevice = dev(called_device(*c, c->called));
    ev.lastRedirectionDevice = dev(from);
    ev.cause = cause;
    add_network_devices(*c, ev.networkCallingDevice, ev.networkCalledDevice);
    auto* cn = c->find(from);
    if (cn) cn->state = State::null;
    emit(out, *c, ev, {from});
    c->connections.erase(std::remove_if(c->connections.begin(), c->connections.end(),
                                        [&](const Connection& x) { return x.device == from; }),
                         c->connections.end());
    dest.call = kNoCall;
}

}  // namespace bridge
