#include "bridge/core/call_model.hpp"

#include <algorithm>

#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;

Connection* Call::find(const std::string& device) {
    for (auto& c : connections)
        if (c.device == device) return &c;
    return nullptr;
}
const Connection* Call::find(const std::string& device) const {
    for (const auto& c : connections)
        if (c.device == device) return &c;
    return nullptr;
}

using call_model_detail::conn;
using call_model_detail::dev;

CallModel::CallModel(std::shared_ptr<const Table> table, std::string device_prefix)
    : table_(std::move(table)), prefix_(std::move(device_prefix)) {}

std::string CallModel::device_id(std::string_view asterisk_number) const {
    return asterisk_number.empty() ? std::string() : prefix_ + std::string(asterisk_number);
}

std::string CallModel::asterisk_number(const std::string& device_id) const {
    return !prefix_.empty() && device_id.starts_with(prefix_) ? device_id.substr(prefix_.size()) : device_id;
}

std::optional<DeviceName> CallModel::device_for_channel(const std::string& channel, std::string_view caller_id_num) const {
    auto d = table_->device_for_channel(channel, caller_id_num, trunk_endpoints_);
    if (d) d->id = device_id(d->id);
    return d;
}

std::optional<std::string> CallModel::device_for_interface(const std::string& interface) const {
    auto d = table_->device_for_interface(interface);
    if (d) *d = device_id(*d);
    return d;
}

// Actions the bridge sent whose answer never came (lost link) must not pile up.
constexpr std::size_t CallModel::kMaxPendingActions;

Call* CallModel::call(const std::string& id) {
    if (id.empty()) return nullptr;
    const auto it = calls_.find(id);
    return it == calls_.end() ? nullptr : &it->second;
}

Call* CallModel::call(CallHandle handle) {
    const auto it = call_handles_.find(handle);
    return it == call_handles_.end() ? nullptr : it->second;
}

const Call* CallModel::call(CallHandle handle) const {
    const auto it = call_handles_.find(handle);
    return it == call_handles_.end() ? nullptr : it->second;
}

void CallModel::forget_call(Calls::iterator it) {
    call_handles_.erase(it->second.handle);
    calls_.erase(it);
}

Call& CallModel::new_call(std::string_view preferred_id, std::string_view fallback_id) {
    // callID = Linkedid of the call's first channel; when a live call already uses it (a
    // consultation call shares the Linkedid of the call it consults from) the channel's own
    // Uniqueid, then a numbered suffix. Deterministic, so replays are exact.
    // With several servers the ids carry the server's prefix, so that they never collide.
    std::string id = preferred_id.empty() ? std::string() : call_id_for(preferred_id);
    if (id.empty() || calls_.count(id)) id = call_id_for(fallback_id);
    for (int n = 2; id == prefix_ || calls_.count(id); ++n) id = call_id_for(std::string(fallback_id) + "-" + std::to_string(n));
    auto& c = calls_[id];
    c.id = id;
    c.handle = ++next_call_;
    call_handles_.emplace(c.handle, &c);
    return c;
}

ChannelHandle CallModel::party_of(ChannelHandle handle, int depth) const {
    if (depth > 8) return kNoChannel;
    const auto* ch = channel(handle);
    if (!ch) return kNoChannel;
    if (ch->is_party()) return ch->handle;
    if (!ch->is_plumbing()) return kNoChannel;
    // A Local half stands for whatever its other half is connected to: a bridge peer, or the
    // channel that dialed it.
    const auto* peer = channel(ch->local_peer);
    if (!peer) return kNoChannel;
    if (const auto* members = members_of(peer->bridge))
        for (const auto other : *members)
            if (other != peer->handle)
                if (const auto p = party_of(other, depth + 1)) return p;
    return peer->dialed_by ? party_of(peer->dialed_by, depth + 1) : kNoChannel;
}

void CallModel::emit(Out& out, const Call& c, csta::Event ev, const std::vector<std::string>& extra_recipients) {
    Emitted e;
    e.event = std::move(ev);
    e.call_id = c.id;
    for (const auto& cn : c.connections)
        if (cn.reported && !cn.external) e.recipients.push_back({cn.device, cn.state});
    for (const auto& d : extra_recipients)
        if (std::none_of(e.recipients.begin(), e.recipients.end(), [&](const Recipient& r) { return r.device == d; }))
            e.recipients.push_back({d, State::null});
    if (!e.recipients.empty()) out.push_back(std::move(e));
}

void CallModel::clear_connection(Out& out, Call& c, const std::string& device, EventCause cause) {
    auto* cn = c.find(device);
    if (!cn) return;
    const bool reported = cn->reported;
    cn->state = State::null;
    if (reported) {
        csta::ConnectionClearedEvent ev;
        ev.droppedConnection = conn(c.id, device);
        ev.releasingDevice = dev(device);
        ev.cause = cause;
        emit(out, c, ev);
    }
    c.connections.erase(std::remove_if(c.connections.begin(), c.connections.end(),
                                       [&](const Connection& x) { return x.device == device; }),
                        c.connections.end());
}

void CallModel::drop_call_if_empty(Out& out, const std::string& id, EventCause cause) {
    const auto it = calls_.find(id);
    if (it == calls_.end() || !it->second.connections.empty()) return;
    forget_call(it);
    // The call no longer exists: its call monitors learn it from CallCleared (device monitors
    // have had a ConnectionCleared for their own connection, so the event has no devices).
    csta::CallClearedEvent ev;
    ev.clearedCall.callID = id;
    ev.cause = cause;
    out.push_back(Emitted{std::move(ev), id, {}, {}});
}

std::vector<Emitted> CallModel::on_asterisk(const ami::Message& m) {
    Out out;
    if (m.kind() == ami::MessageKind::response) {
        on_response(m, out);
        return out;
    }
    for (const auto* rule : table_->rules_for(m, false)) apply(*rule, m, out);
    return out;
}

std::vector<Emitted> CallModel::on_client(const ami::Message& m) {
    Out out;
    for (const auto* rule : table_->rules_for(m, true)) apply(*rule, m, out);
    return out;
}

// ---------------------------------------------------------------- channels

void CallModel::channel_created(const EventRule& r, const ami::Message& m, Out& out) {
    auto* added = add_channel(r.input(m, "uniqueid"));
    if (!added) return;  // no Uniqueid, or a channel known already
    auto& stored = *added;
    stored.name = std::string(r.input(m, "channel"));
    stored.linkedid = std::string(r.input(m, "linkedid"));
    stored.state = table_->channel_state(r.input(m, "state"));
    stored.caller_id_num = std::string(r.input(m, "callerIdNum"));
    stored.exten = std::string(r.input(m, "exten"));
    stored.device = device_for_channel(stored.name, stored.caller_id_num);
    file_local_half(stored, true);  // Local/x;1 and Local/x;2 pair up by name (LocalBridge confirms it)
    if (!stored.is_party()) return;

    // The bridge's own Originate (keyed by its ChannelId): the callID is that ChannelId,
    // already returned in MakeCallResponse.
    if (const auto it = originates_.find(stored.uniqueid);
        it != originates_.end() && it->second.channel_id == stored.uniqueid) {
        auto& o = it->second;
        o.channel_seen = true;
        auto& c = new_call(o.channel_id, stored.uniqueid);
        c.make_call = true;
        c.establish_cause = o.cause;
        c.calling = stored.device->id;
        c.called = o.called;
        c.dialled = o.called;
        add_connection(c, {stored.device->id, State::null, stored.handle, false, false});
        stored.call = c.handle;
        stored.originate = true;
        return;
    }
    if (stored.state == ChannelState::down) return;  // an outgoing leg: DialBegin tells whose call it joins
    if (stored.device->kind == DeviceKind::external) {
        start_network_call(stored);  // a call from a trunk (call_model_dialled.cpp)
        return;
    }

    // A device starting a call of its own (off-hook / INVITE): ServiceInitiated.
    auto& c = new_call(stored.linkedid, stored.uniqueid);
    c.calling = stored.device->id;
    c.called = stored.exten == "s" ? std::string() : device_id(stored.exten);
    c.dialled = c.called;  // the number dialled (DNIS): calledDevice of the call's events
    add_connection(c, {stored.device->id, State::initiated, stored.handle, true, false});
    stored.call = c.handle;
    csta::ServiceInitiatedEvent ev;
    ev.initiatedConnection = conn(c.id, stored.device->id);
    ev.initiatingDevice = dev(stored.device->id);
    ev.cause = EventCause::newCall;
    emit(out, c, ev);
}

void CallModel::channel_state(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch) return;
    ch->state = table_->channel_state(r.input(m, "state"));
    auto* c = call(ch->call);
    if (!ch->is_party() || !c) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    if (ch->state == ChannelState::ringing) {
        if (ch->originate && !cn->reported) {
            // MakeCall: the calling device is being alerted to take the call.
            cn->state = State::initiated;
            cn->reported = true;
            csta::ServiceInitiatedEvent ev;
            ev.initiatedConnection = conn(c->id, cn->device);
            ev.initiatingDevice = dev(cn->device);
            ev.cause = c->establish_cause;
            emit(out, *c, ev);
        } else if (!ch->originate && cn->state == State::null) {
            deliver(out, *c, *ch);
        }
    } else if (ch->state == ChannelState::up && ch->originate && !cn->originated &&
               !(c->foreign_originate && !c->destination_known)) {
        originated(out, *c, *cn, r.cause.value_or(c->establish_cause));
    }
}

void CallModel::originated(Out& out, Call& c, Connection& cn, EventCause cause) {
    cn.state = State::connected;
    cn.reported = true;
    cn.originated = true;
    csta::OriginatedEvent ev;
    ev.originatedConnection = conn(c.id, cn.device);
    ev.callingDevice = dev(cn.device);
    ev.calledDevice = dev(called_device(c, c.called));
    ev.cause = cause;
    add_network_devices(c, ev.networkCallingDevice, ev.networkCalledDevice);
    emit(out, c, ev);
}

void CallModel::deliver(Out& out, Call& c, Channel& dest) {
    auto* cn = c.find(dest.device->id);
    if (!cn || cn->state != State::null) return;
    cn->state = State::alerting;
    cn->reported = true;
    csta::DeliveredEvent ev;
    ev.connection = conn(c.id, cn->device);
    ev.alertingDevice = dev(cn->device);
    ev.callingDevice = dev(c.calling);
    ev.calledDevice = dev(called_device(c, cn->device));
    ev.cause = c.establish_cause;
    add_network_devices(c, ev.networkCallingDevice, ev.networkCalledDevice);
    emit(out, c, ev);
}

void CallModel::establish(Out& out, Call& c, Channel& dest) {
    auto* cn = c.find(dest.device->id);
    if (!cn || cn->state == State::connected || cn->state == State::hold) return;
    cn->state = State::connected;
    cn->reported = true;
    c.answered = true;
    csta::EstablishedEvent ev;
    ev.establishedConnection = conn(c.id, cn->device);
    ev.answeringDevice = dev(cn->device);
    ev.callingDevice = dev(c.calling);
    ev.calledDevice = dev(called_device(c, cn->device));
    ev.cause = c.establish_cause;  // the cause of the Delivered that preceded it
    add_network_devices(c, ev.networkCallingDevice, ev.networkCalledDevice);
    emit(out, c, ev);
}

void CallModel::fail(Out& out, Call& c, Channel& dest, EventCause cause) {
    auto* cn = c.find(dest.device->id);
    if (!cn) return;
    const bool was_reported = cn->reported;
    // The caller hears the failure: its connection is the one in the fail state.
    if (auto* caller = c.find(c.calling); caller && caller != cn) caller->state = State::fail;
    csta::FailedEvent ev;
    ev.failedConnection = conn(c.id, cn->device);
    ev.failingDevice = dev(cn->device);
    ev.callingDevice = dev(c.calling);
    ev.calledDevice = dev(called_device(c, cn->device));
    ev.cause = cause;
    add_network_devices(c, ev.networkCallingDevice, ev.networkCalledDevice);
    emit(out, c, ev);
    if (!was_reported) {
        // The failing party was never part of the call for its monitors: drop it quietly.
        c.connections.erase(std::remove_if(c.connections.begin(), c.connections.end(),
                                           [&](const Connection& x) { return x.device == dest.device->id; }),
                            c.connections.end());
        dest.call = kNoCall;
    }
}

// ---------------------------------------------------------------- dialling

void CallModel::dial_begin(const EventRule& r, const ami::Message& m, Out& out) {
    auto* dest = channel(r.input(m, "destUniqueid"));
    if (!dest) return;
    const auto caller_uid = r.input(m, "uniqueid");
    const auto* caller = channel(caller_uid);
    dest->dialed_by = caller ? caller->handle : caller_uid.empty() ? kNoChannel : kUnseenChannel;
    if (!caller || !dest->is_party()) return;  // Originate's own leg, or a Local hop
    auto* party = channel(party_of(caller->handle));
    if (!party) return;
    auto* c = call(party->call);
    if (!c) return;
    auto* caller_cn = c->find(party->device->id);
    c->dialed = true;
    if (c->called.empty() || c->connections.size() <= 1) c->called = dest->device->id;
    if (caller_cn && !caller_cn->originated && caller_cn->state == State::initiated) {
        c->called = dest->device->id;
        originated(out, *c, *caller_cn, c->establish_cause);
    }
    if (c->find(dest->device->id)) return;
    add_connection(*c, {dest->device->id, State::null, dest->handle, false, false});
    c->connections.back().external = dest->device->kind == DeviceKind::external;
    dest->call = c->handle;
    if (dest->state == ChannelState::ringing) deliver(out, *c, *dest);
}

void CallModel::dial_end(const EventRule& r, const ami::Message& m, Out& out) {
    auto* dest = channel(r.input(m, "destUniqueid"));
    if (!dest || !dest->is_party()) return;
    auto* c = call(dest->call);
    if (!c) return;
    const auto status = table_->dial_status(r.input(m, "dialStatus"));
    if (!status) return;
    auto* cn = c->find(dest->device->id);
    if (!cn) return;
    if (dest->originate) {
        if (status->outcome == Outcome::answered && !cn->originated && !(c->foreign_originate && !c->destination_known))
            originated(out, *c, *cn, r.cause.value_or(c->establish_cause));
        return;
    }
    // The bridge Redirected the dialling channel away from this ringing leg (DeflectCall):
    // the leg's Dial ends, and the call goes on to the new destination.
    if (auto* caller = channel(r.input(m, "uniqueid"));
        caller && caller->redirect && status->outcome != Outcome::answered) {
        const auto to = caller->redirect->to;
        caller->redirect.reset();
        divert(out, *c, *dest, to, EventCause::redirected);
        return;
    }
    switch (status->outcome) {
    case Outcome::answered: establish(out, *c, *dest); break;
    case Outcome::failed:
        c->dial_status = std::string(r.input(m, "dialStatus"));
        fail(out, *c, *dest, status->cause);
        break;
    case Outcome::cleared:
        // The Hangups that follow clear the connections, with this status's cause.
        c->dial_status = std::string(r.input(m, "dialStatus"));
        break;
    case Outcome::pending: break;
    }
}

// ---------------------------------------------------------------- bridges

void CallModel::bridge_enter(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch || r.input(m, "bridge").empty()) return;
    const auto bridge = bridge_handle(r.input(m, "bridge"));
    join_bridge(*ch, bridge);
    if (!ch->is_party()) return;
    auto* c = call(ch->call);
    if (!c) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    // A bridge that already holds a party of the channel's own call is a merge (three-way:
    // the consultation's target moves over first), not a way back.
    const auto merging = [&] {
        for (const auto other : *members_of(bridge)) {
            const auto* pc = other == ch->handle ? nullptr : channel(party_of(other));
            if (pc && pc->call == c->handle) return true;
        }
        return false;
    };
    if (auto* back = held_call_behind(*ch, bridge); back && back != c && !merging()) {
        // The device goes back to a call it holds (atxferswap / atxferabort, AlternateCall /
        // ReconnectCall): its channel carries that call again; the Unhold that follows is the
        // Retrieved. Leaving the other call without holding it ends that connection.
        const bool keeps_other_held = cn->state == State::hold;
        const auto back_handle = back->handle;
        if (!keeps_other_held) {
            const auto left = c->id;
            clear_connection(out, *c, ch->device->id, EventCause::normalClearing);  // c, cn may go
            drop_call_if_empty(out, left, EventCause::normalClearing);
        }
        ch->alternating = keeps_other_held;
        ch->call = back_handle;
        return;
    }
    if (cn->state != State::hold) return;
    // A device whose call is on hold joins another bridge: it is making a consultation call
    // (Atxfer, or the phone's own transfer key). That is a new CSTA call from the same device.
    const auto& members = *members_of(bridge);
    for (const auto other : members) {
        if (other == ch->handle) continue;
        const auto* pc = channel(party_of(other));
        if (pc && pc->call == c->handle) return;  // back in its own call
    }
    auto& nc = new_call(ch->linkedid, [&] {
        for (const auto other : members)
            if (const auto* oc = channel(other); oc && other != ch->handle) return oc->uniqueid;
        return ch->uniqueid;
    }());
    c = nullptr;  // new_call may rehash calls_ (std::map: references stay valid, but be explicit)
    nc.consultation = true;
    nc.establish_cause = EventCause::consultation;
    nc.calling = ch->device->id;
    for (const auto other : members)
        if (const auto* oc = channel(other); oc && oc->is_plumbing() && !oc->exten.empty()) nc.called = device_id(oc->exten);
    add_connection(nc, {ch->device->id, State::initiated, ch->handle, true, false});
    ch->call = nc.handle;
}

Call* CallModel::held_call_behind(const Channel& ch, BridgeHandle bridge) {
    const auto* members = members_of(bridge);
    if (!members) return nullptr;
    for (const auto other : *members) {
        if (other == ch.handle) continue;
        const auto* pc = channel(party_of(other));
        auto* c = pc ? call(pc->call) : nullptr;
        const auto* cn = c ? c->find(ch.device->id) : nullptr;
        if (cn && cn->state == State::hold && cn->channel == ch.handle) return c;
    }
    return nullptr;
}

void CallModel::bridge_leave(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch) return;
    const auto bridge = find_bridge(r.input(m, "bridge"));
    if (ch->redirect && ch->is_party()) {
        // The bridge's Redirect takes this party out of its bridge: a single-step transfer
        // by the party it was bridged with (the transferring device).
        const auto [to, cause] = *ch->redirect;
        ch->redirect.reset();
        const auto* members = members_of(bridge);
        auto* c = call(ch->call);
        if (members && c)
            for (const auto other : *members) {
                if (other == ch->handle) continue;
                const auto p = party_of(other);
                const auto* t = channel(p);
                if (t && t->call == c->handle) {
                    single_step_transfer(out, *c, t->device->id, ch->device->id, to, cause, p);
                    break;
                }
            }
    }
    if (ch->bridge == bridge) join_bridge(*ch, kNoBridge);  // (a channel is only in its own bridge)
}

// ---------------------------------------------------------------- queries

std::vector<DeviceSnapshotItem> CallModel::snapshot_device(const std::string& device) const {
    std::vector<DeviceSnapshotItem> out;
    for (const auto& [id, c] : calls_)
        if (const auto* cn = c.find(device)) out.push_back({id, cn->state});
    return out;
}

const Call* CallModel::snapshot_call(const std::string& call_id) const {
    const auto it = calls_.find(call_id);
    return it == calls_.end() ? nullptr : &it->second;
}

std::optional<std::string> CallModel::channel_of(const std::string& call_id, const std::string& device) const {
    const auto* c = snapshot_call(call_id);
    if (!c) return std::nullopt;
    const auto* cn = c->find(device);
    if (!cn) return std::nullopt;
    const auto* ch = channel(cn->channel);
    if (!ch) return std::nullopt;
    return ch->name;
}

std::optional<std::string> CallModel::dialing_channel_of(const std::string& call_id, const std::string& device) const {
    const auto* c = snapshot_call(call_id);
    const auto* cn = c ? c->find(device) : nullptr;
    if (!cn || cn->state != State::alerting) return std::nullopt;
    const auto* leg = channel(cn->channel);
    const auto* caller = leg ? channel(leg->dialed_by) : nullptr;
    if (!caller) return std::nullopt;
    return caller->name;
}

// A walk over every channel: only for a ClearCall request, not per event.
std::vector<std::string> CallModel::channels_of_call(const std::string& call_id) const {
    const auto* c = snapshot_call(call_id);
    if (!c) return {};
    std::vector<const Channel*> in_call;
    for (const auto& [uid, ch] : channels_)
        if (ch.call == c->handle) in_call.push_back(&ch);
    std::sort(in_call.begin(), in_call.end(), [](const Channel* a, const Channel* b) { return a->handle < b->handle; });
    std::vector<std::string> out;
    for (const auto* ch : in_call) out.push_back(ch->name);
    return out;
}

std::vector<std::string> CallModel::devices() const {
    std::set<std::string> s;
    for (const auto& [uid, ch] : channels_)
        if (ch.is_party()) s.insert(ch.device->id);
    return {s.begin(), s.end()};
}

}  // namespace bridge
