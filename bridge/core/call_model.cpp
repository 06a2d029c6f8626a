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

namespace {
// "Local/1003@test-00000002;1" -> "Local/1003@test-00000002"
std::string local_base(const std::string& name) {
    const auto semi = name.rfind(';');
    return semi == std::string::npos ? name : name.substr(0, semi);
}
}  // namespace

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

Channel* CallModel::channel(const std::string& uniqueid) {
    if (uniqueid.empty()) return nullptr;
    const auto it = channels_.find(uniqueid);
    return it == channels_.end() ? nullptr : &it->second;
}

Call* CallModel::call(const std::string& id) {
    if (id.empty()) return nullptr;
    const auto it = calls_.find(id);
    return it == calls_.end() ? nullptr : &it->second;
}

Call& CallModel::new_call(const std::string& preferred_id, const std::string& fallback_id) {
    // callID = Linkedid of the call's first channel; when a live call already uses it (a
    // consultation call shares the Linkedid of the call it consults from) the channel's own
    // Uniqueid, then a numbered suffix. Deterministic, so replays are exact.
    // With several servers the ids carry the server's prefix, so that they never collide.
    std::string id = preferred_id.empty() ? std::string() : call_id_for(preferred_id);
    if (id.empty() || calls_.count(id)) id = call_id_for(fallback_id);
    for (int n = 2; id == prefix_ || calls_.count(id); ++n) id = call_id_for(fallback_id + "-" + std::to_string(n));
    auto& c = calls_[id];
    c.id = id;
    return c;
}

std::string CallModel::party_of(const std::string& uniqueid, int depth) const {
    if (depth > 8) return {};
    const auto it = channels_.find(uniqueid);
    if (it == channels_.end()) return {};
    const auto& ch = it->second;
    if (ch.is_party()) return ch.uniqueid;
    if (!ch.is_plumbing() || ch.local_peer.empty()) return {};
    // A Local half stands for whatever its other half is connected to: a bridge peer, or the
    // channel that dialed it.
    const auto peer = channels_.find(ch.local_peer);
    if (peer == channels_.end()) return {};
    if (!peer->second.bridge.empty()) {
        const auto b = bridges_.find(peer->second.bridge);
        if (b != bridges_.end())
            for (const auto& other : b->second)
                if (other != peer->second.uniqueid) {
                    if (auto p = party_of(other, depth + 1); !p.empty()) return p;
                }
    }
    if (!peer->second.dialed_by.empty()) return party_of(peer->second.dialed_by, depth + 1);
    return {};
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
    calls_.erase(it);
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
    Channel ch;
    ch.uniqueid = std::string(r.input(m, "uniqueid"));
    if (ch.uniqueid.empty() || channels_.count(ch.uniqueid)) return;
    ch.name = std::string(r.input(m, "channel"));
    ch.linkedid = std::string(r.input(m, "linkedid"));
    ch.state = std::string(r.input(m, "state"));
    ch.caller_id_num = std::string(r.input(m, "callerIdNum"));
    ch.exten = std::string(r.input(m, "exten"));
    ch.device = device_for_channel(ch.name, ch.caller_id_num);
    if (ch.is_plumbing()) {
        // Local/x;1 and Local/x;2 pair up by name (LocalBridge confirms it).
        const auto base = local_base(ch.name);
        for (auto& [uid, other] : channels_)
            if (other.is_plumbing() && other.name != ch.name && local_base(other.name) == base) {
                other.local_peer = ch.uniqueid;
                ch.local_peer = uid;
            }
    }
    auto& stored = channels_[ch.uniqueid] = std::move(ch);
    if (!stored.is_party()) return;

    for (auto& [aid, o] : originates_) {
        if (o.channel_id.empty() || o.channel_id != stored.uniqueid) continue;
        // The bridge's own Originate: the callID is the ChannelId given in the action,
        // already returned in MakeCallResponse.
        o.channel_seen = true;
        auto& c = new_call(o.channel_id, stored.uniqueid);
        c.make_call = true;
        c.establish_cause = o.cause;
        c.calling = stored.device->id;
        c.called = o.called;
        c.dialled = o.called;
        c.connections.push_back({stored.device->id, State::null, stored.uniqueid, false, false});
        stored.call_id = c.id;
        stored.originate = true;
        return;
    }
    if (table_->channel_state_is(stored.state, ChannelState::down)) return;  // an outgoing leg: DialBegin tells whose call it joins
    if (stored.device->kind == DeviceKind::external) {
        start_network_call(stored);  // a call from a trunk (call_model_dialled.cpp)
        return;
    }

    // A device starting a call of its own (off-hook / INVITE): ServiceInitiated.
    auto& c = new_call(stored.linkedid, stored.uniqueid);
    c.calling = stored.device->id;
    c.called = stored.exten == "s" ? std::string() : device_id(stored.exten);
    c.dialled = c.called;  // the number dialled (DNIS): calledDevice of the call's events
    c.connections.push_back({stored.device->id, State::initiated, stored.uniqueid, true, false});
    stored.call_id = c.id;
    csta::ServiceInitiatedEvent ev;
    ev.initiatedConnection = conn(c.id, stored.device->id);
    ev.initiatingDevice = dev(stored.device->id);
    ev.cause = EventCause::newCall;
    emit(out, c, ev);
}

void CallModel::channel_state(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    if (!ch) return;
    ch->state = std::string(r.input(m, "state"));
    auto* c = call(ch->call_id);
    if (!ch->is_party() || !c) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    if (table_->channel_state_is(ch->state, ChannelState::ringing)) {
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
    } else if (table_->channel_state_is(ch->state, ChannelState::up) && ch->originate && !cn->originated &&
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
        dest.call_id.clear();
    }
}

// ---------------------------------------------------------------- dialling

void CallModel::dial_begin(const EventRule& r, const ami::Message& m, Out& out) {
    auto* dest = channel(std::string(r.input(m, "destUniqueid")));
    if (!dest) return;
    const std::string caller_uid(r.input(m, "uniqueid"));
    dest->dialed_by = caller_uid;
    if (caller_uid.empty() || !dest->is_party()) return;  // Originate's own leg, or a Local hop
    const auto party_uid = party_of(caller_uid);
    auto* party = channel(party_uid);
    if (!party) return;
    auto* c = call(party->call_id);
    if (!c) return;
    auto* caller_cn = c->find(party->device->id);
    c->dialed = true;
    if (c->called.empty() || c->connections.size() <= 1) c->called = dest->device->id;
    if (caller_cn && !caller_cn->originated && caller_cn->state == State::initiated) {
        c->called = dest->device->id;
        originated(out, *c, *caller_cn, c->establish_cause);
    }
    if (c->find(dest->device->id)) return;
    c->connections.push_back({dest->device->id, State::null, dest->uniqueid, false, false});
    c->connections.back().external = dest->device->kind == DeviceKind::external;
    dest->call_id = c->id;
    if (table_->channel_state_is(dest->state, ChannelState::ringing)) deliver(out, *c, *dest);
}

void CallModel::dial_end(const EventRule& r, const ami::Message& m, Out& out) {
    auto* dest = channel(std::string(r.input(m, "destUniqueid")));
    if (!dest || !dest->is_party()) return;
    auto* c = call(dest->call_id);
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
    if (auto* caller = channel(std::string(r.input(m, "uniqueid")));
        caller && caller->redirect_to && status->outcome != Outcome::answered) {
        const auto to = *caller->redirect_to;
        caller->redirect_to.reset();
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
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    const std::string bridge(r.input(m, "bridge"));
    if (!ch || bridge.empty()) return;
    ch->bridge = bridge;
    bridges_[bridge].insert(ch->uniqueid);
    if (!ch->is_party()) return;
    auto* c = call(ch->call_id);
    if (!c) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    // A bridge that already holds a party of the channel's own call is a merge (three-way:
    // the consultation's target moves over first), not a way back.
    const auto merging = [&] {
        for (const auto& other : bridges_[bridge]) {
            const auto* pc = other == ch->uniqueid ? nullptr : channel(party_of(other));
            if (pc && pc->call_id == c->id) return true;
        }
        return false;
    };
    if (auto* back = held_call_behind(*ch, bridge); back && back != c && !merging()) {
        // The device goes back to a call it holds (atxferswap / atxferabort, AlternateCall /
        // ReconnectCall): its channel carries that call again; the Unhold that follows is the
        // Retrieved. Leaving the other call without holding it ends that connection.
        const bool keeps_other_held = cn->state == State::hold;
        const auto back_id = back->id;
        if (!keeps_other_held) {
            const auto left = c->id;
            clear_connection(out, *c, ch->device->id, EventCause::normalClearing);  // c, cn may go
            drop_call_if_empty(out, left, EventCause::normalClearing);
        }
        ch->alternating = keeps_other_held;
        ch->call_id = back_id;
        return;
    }
    if (cn->state != State::hold) return;
    // A device whose call is on hold joins another bridge: it is making a consultation call
    // (Atxfer, or the phone's own transfer key). That is a new CSTA call from the same device.
    const auto& members = bridges_[bridge];
    for (const auto& other : members) {
        if (other == ch->uniqueid) continue;
        if (auto p = party_of(other); !p.empty()) {
            const auto* pc = channel(p);
            if (pc && pc->call_id == c->id) return;  // back in its own call
        }
    }
    auto& nc = new_call(ch->linkedid, [&] {
        for (const auto& other : members)
            if (other != ch->uniqueid) return other;
        return ch->uniqueid;
    }());
    c = nullptr;  // new_call may rehash calls_ (std::map: references stay valid, but be explicit)
    nc.consultation = true;
    nc.establish_cause = EventCause::consultation;
    nc.calling = ch->device->id;
    for (const auto& other : members) {
        const auto it = channels_.find(other);
        if (it != channels_.end() && it->second.is_plumbing() && !it->second.exten.empty()) nc.called = device_id(it->second.exten);
    }
    nc.connections.push_back({ch->device->id, State::initiated, ch->uniqueid, true, false});
    ch->call_id = nc.id;
}

Call* CallModel::held_call_behind(const Channel& ch, const std::string& bridge) {
    const auto b = bridges_.find(bridge);
    if (b == bridges_.end()) return nullptr;
    for (const auto& other : b->second) {
        if (other == ch.uniqueid) continue;
        const auto* pc = channel(party_of(other));
        auto* c = pc ? call(pc->call_id) : nullptr;
        const auto* cn = c ? c->find(ch.device->id) : nullptr;
        if (cn && cn->state == State::hold && cn->channel == ch.uniqueid) return c;
    }
    return nullptr;
}

void CallModel::bridge_leave(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    const std::string bridge(r.input(m, "bridge"));
    if (!ch) return;
    if (ch->redirect_to && ch->is_party()) {
        // The bridge's Redirect takes this party out of its bridge: a single-step transfer
        // by the party it was bridged with (the transferring device).
        const auto to = *ch->redirect_to;
        ch->redirect_to.reset();
        const auto b = bridges_.find(bridge);
        auto* c = call(ch->call_id);
        if (b != bridges_.end() && c)
            for (const auto& other : b->second) {
                if (other == ch->uniqueid) continue;
                const auto p = party_of(other);
                const auto* t = channel(p);
                if (t && t->call_id == c->id) {
                    single_step_transfer(out, *c, t->device->id, ch->device->id, to, ch->redirect_cause, p);
                    break;
                }
            }
    }
    if (const auto it = bridges_.find(bridge); it != bridges_.end()) {
        it->second.erase(ch->uniqueid);
        if (it->second.empty()) bridges_.erase(it);
    }
    if (ch->bridge == bridge) ch->bridge.clear();
}

// ---------------------------------------------------------------- hangup, hold

void CallModel::release_begun(const std::string& uid) {
    const auto* ch = channel(uid);
    if (!ch || !ch->is_party()) return;
    for (const auto& p : clears_)
        if (p.uniqueid == uid) return;
    PendingClear p{uid, ch->device->id, {}, std::nullopt};
    for (const auto& [id, c] : calls_)
        for (const auto& cn : c.connections)
            if (cn.channel == uid) p.calls.insert(id);
    if (!p.calls.empty()) clears_.push_back(std::move(p));
}

void CallModel::forget_pending_clear(const std::string& uid) {
    clears_.erase(std::remove_if(clears_.begin(), clears_.end(), [&](const PendingClear& p) { return p.uniqueid == uid; }),
                  clears_.end());
}

void CallModel::hangup(const EventRule& r, const ami::Message& m, Out& out) {
    const std::string uid(r.input(m, "uniqueid"));
    auto it = channels_.find(uid);
    if (it == channels_.end()) return;
    release_begun(uid);  // a Hangup without a request before it starts the release itself
    for (auto& p : clears_)
        if (p.uniqueid == uid) p.q850 = std::string(r.input(m, "cause"));
    const Channel ch = it->second;
    channels_.erase(it);
    if (!ch.bridge.empty()) {
        if (auto b = bridges_.find(ch.bridge); b != bridges_.end()) {
            b->second.erase(uid);
            if (b->second.empty()) bridges_.erase(b);
        }
    }
    for (auto& [id, other] : channels_)
        if (other.local_peer == uid) other.local_peer.clear();
    flush_clears(out);
}

void CallModel::flush_clears(Out& out) {
    std::set<std::string> blocked;  // calls with an earlier release still waiting for its Hangup
    for (auto it = clears_.begin(); it != clears_.end();) {
        const bool waits = !it->q850 ||
            std::any_of(it->calls.begin(), it->calls.end(), [&](const std::string& c) { return blocked.count(c) > 0; });
        if (waits) {
            blocked.insert(it->calls.begin(), it->calls.end());
            ++it;
            continue;
        }
        const auto p = *it;
        it = clears_.erase(it);
        std::vector<std::string> ids;  // where the channel's connections are now
        for (const auto& [id, c] : calls_)
            for (const auto& cn : c.connections)
                if (cn.channel == p.uniqueid) ids.push_back(id);
        for (const auto& id : ids) {
            auto* c = call(id);
            if (!c) continue;
            // An unanswered call's DialStatus decides the cause of all its clearings.
            auto cause = table_->q850(*p.q850);
            if (!c->answered && !c->dial_status.empty())
                if (auto s = table_->dial_status(c->dial_status)) cause = s->cause;
            clear_connection(out, *c, p.device, cause);
            clear_detached(out, *c, cause);
            clear_pbx_connections(out, *c, cause);
            drop_call_if_empty(out, id, cause);
        }
        it = clears_.begin();  // an entry held back by this one may go now
        blocked.clear();
    }
}

// A call whose every remaining connection is carried by a channel that now serves another
// call (a held consultation the device left for its other call) ends with its last real
// party: those connections are cleared too.
void CallModel::clear_detached(Out& out, Call& c, EventCause cause) {
    if (c.connections.empty()) return;
    std::vector<std::string> detached;
    for (const auto& cn : c.connections) {
        const auto it = channels_.find(cn.channel);
        if (it == channels_.end() || it->second.call_id == c.id) return;  // a real party remains
        detached.push_back(cn.device);
    }
    for (const auto& d : detached) clear_connection(out, c, d, cause);
}

void CallModel::dial_status_set(const EventRule& r, const ami::Message& m, Out& out) {
    // Dial() gave up before creating an outgoing leg (CHANUNAVAIL: no DialBegin/DialEnd).
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    if (!ch || !ch->is_party()) return;
    auto* c = call(ch->call_id);
    if (!c || c->dialed || c->answered) return;
    const std::string status(r.input(m, "dialStatus"));
    const auto outcome = table_->dial_status(status);
    if (!outcome || outcome->outcome != Outcome::failed) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    c->dialed = true;
    c->dial_status = status;
    // The caller finished dialling and the switch attempted the call: Originated first.
    if (!cn->originated) originated(out, *c, *cn, c->establish_cause);
    cn->state = State::fail;
    csta::FailedEvent ev;
    ev.failedConnection = conn(c->id, c->called);
    ev.failingDevice = dev(c->called);
    ev.callingDevice = dev(c->calling);
    ev.calledDevice = dev(c->called);
    ev.cause = outcome->cause;
    emit(out, *c, ev);
}

void CallModel::held(const EventRule& r, const ami::Message& m, Out& out, bool hold) {
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    if (!ch || !ch->is_party()) return;
    auto* c = call(ch->call_id);
    if (!c) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    if (hold && cn->state == State::connected) {
        // Holding one call while another of the device's waits held: swapping between them.
        const bool other_held = std::any_of(calls_.begin(), calls_.end(), [&](const auto& kv) {
            const auto* o = kv.second.find(cn->device);
            return kv.first != c->id && o && o->state == State::hold && o->channel == ch->uniqueid;
        });
        cn->state = State::hold;
        csta::HeldEvent ev;
        ev.heldConnection = conn(c->id, cn->device);
        ev.holdingDevice = dev(cn->device);
        ev.cause = ch->consulting ? ch->consult_cause
                   : other_held   ? EventCause::alternate
                                  : r.cause.value_or(EventCause::normal);
        ch->consulting = false;
        emit(out, *c, ev);
    } else if (!hold && cn->state == State::hold) {
        cn->state = State::connected;
        csta::RetrievedEvent ev;
        ev.retrievedConnection = conn(c->id, cn->device);
        ev.retrievingDevice = dev(cn->device);
        ev.cause = ch->alternating ? EventCause::alternate : r.cause.value_or(EventCause::normal);
        ch->alternating = false;
        emit(out, *c, ev);
    }
}

// ---------------------------------------------------------------- queues and agents

void CallModel::queued(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    const std::string queue = device_id(r.input(m, "queue"));
    if (!ch || !ch->is_party() || queue.empty()) return;
    auto* c = call(ch->call_id);
    if (!c || c->find(queue)) return;
    c->called = queue;
    // A caller that dialled the queue's number: its call was originated to the ACD group.
    if (auto* caller = c->find(ch->device->id); caller && caller->state == State::initiated && !caller->originated)
        originated(out, *c, *caller, c->establish_cause);
    c->connections.push_back({queue, State::queued, std::string(), true, false});
    csta::QueuedEvent ev;
    ev.queuedConnection = conn(c->id, queue);
    ev.queue = dev(queue);
    ev.callingDevice = dev(c->calling);
    ev.calledDevice = dev(called_device(*c, queue));
    ev.cause = r.cause.value_or(EventCause::enteringDistribution);
    add_network_devices(*c, ev.networkCallingDevice, ev.networkCalledDevice);
    emit(out, *c, ev);
}

void CallModel::dequeued(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    const std::string queue = device_id(r.input(m, "queue"));
    if (!ch) return;
    if (auto* c = call(ch->call_id))
        clear_connection(out, *c, queue, r.cause.value_or(EventCause::callNotAnswered));
}

void CallModel::agent_connected(const EventRule& r, const ami::Message& m, Out& out) {
    auto* caller = channel(std::string(r.input(m, "uniqueid")));
    auto* agent = channel(std::string(r.input(m, "destUniqueid")));
    const std::string queue = device_id(r.input(m, "queue"));
    if (!caller || !agent || !agent->is_party()) return;
    auto* c = call(caller->call_id);
    if (!c) return;
    if (agent->call_id == c->id) establish(out, *c, *agent);
    // The call left the queue for the agent: the ACD group's connection is cleared.
    clear_connection(out, *c, queue, r.cause.value_or(EventCause::distributed));
}

void CallModel::agent_event(const EventRule& r, const ami::Message& m, Out& out) {
    const std::string interface(r.input(m, "interface"));
    auto device = device_for_interface(interface);
    if (!device) return;
    const std::string agent_id(r.input(m, "agentID"));
    const std::string queue = device_id(r.input(m, "queue"));
    Emitted e;
    auto fill = [&](auto ev) {
        ev.agentDevice = dev(*device);
        if (!agent_id.empty()) ev.agentID = agent_id;
        if (!queue.empty()) ev.acdGroup = csta::DeviceID(queue);
        if (r.cause) ev.cause = *r.cause;
        e.event = ev;
    };
    switch (r.primitive) {
    case Primitive::agentLoggedOn: fill(csta::AgentLoggedOnEvent{}); break;
    case Primitive::agentLoggedOff: fill(csta::AgentLoggedOffEvent{}); break;
    case Primitive::agentReady: fill(csta::AgentReadyEvent{}); break;
    default: fill(csta::AgentNotReadyEvent{}); break;
    }
    e.recipients.push_back({*device, std::nullopt});
    out.push_back(std::move(e));
}

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
    auto it = originates_.find(std::string(r.input(m, "uniqueid")));
    if (it == originates_.end()) it = originates_.find(std::string(r.input(m, "actionId")));
    if (it == originates_.end()) return;
    const auto o = it->second;
    originates_.erase(it);
    const auto outcome = table_->originate_reason(r.input(m, "reason"));
    if (!outcome || outcome->outcome == Outcome::answered || outcome->outcome == Outcome::pending) return;
    // The calling device never took the call: Failed, then its connection is cleared.
    Call* c = o.channel_seen ? call(call_id_for(o.channel_id)) : nullptr;
    if (!c) {
        auto& nc = new_call(o.channel_id, std::string(r.input(m, "uniqueid")));
        nc.make_call = true;
        nc.calling = o.calling;
        nc.called = o.called;
        nc.connections.push_back({o.calling, State::null, std::string(), true, false});
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
    clear_connection(out, *c, o.calling, outcome->cause);
    for (auto& [uid, ch] : channels_)
        if (ch.call_id == id) ch.call_id.clear();
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

// ---------------------------------------------------------------- resynchronisation

void CallModel::begin_resync() {
    resyncing_ = true;
    for (auto& [uid, ch] : channels_) ch.seen_in_resync = false;
}

void CallModel::snapshot_channel(const EventRule& r, const ami::Message& m, Out& out) {
    (void)out;
    const std::string uid(r.input(m, "uniqueid"));
    if (uid.empty()) return;
    if (auto* known = channel(uid)) {
        known->seen_in_resync = true;
        // Renamed (masqueraded) or moved to another bridge while the link was down: the list
        // has the current name and bridge, the Rename / BridgeEnter events were lost.
        if (const auto name = r.input(m, "channel"); !name.empty()) known->name = std::string(name);
        known->bridge = std::string(r.input(m, "bridge"));
        return;
    }
    // A channel that appeared while the link was down (or before the bridge started).
    Channel ch;
    ch.uniqueid = uid;
    ch.name = std::string(r.input(m, "channel"));
    ch.linkedid = std::string(r.input(m, "linkedid"));
    ch.state = std::string(r.input(m, "state"));
    ch.caller_id_num = std::string(r.input(m, "callerIdNum"));
    ch.exten = std::string(r.input(m, "exten"));
    ch.bridge = std::string(r.input(m, "bridge"));
    ch.seen_in_resync = true;
    ch.device = device_for_channel(ch.name, ch.caller_id_num);
    if (!ch.bridge.empty()) bridges_[ch.bridge].insert(uid);
    auto& stored = channels_[uid] = std::move(ch);
    if (!stored.is_party()) return;
    // Same bridge => same call; else the Linkedid's call.
    Call* c = nullptr;
    if (!stored.bridge.empty())
        for (const auto& other : bridges_[stored.bridge])
            if (auto* oc = channel(other); oc && oc != &stored && call(oc->call_id)) c = call(oc->call_id);
    if (!c) c = call(call_id_for(stored.linkedid));
    if (!c) {
        auto& nc = new_call(stored.linkedid, uid);
        nc.calling = stored.device->id;
        nc.called = device_id(r.input(m, "connectedLineNum"));
        c = &nc;
    }
    const auto state = stored.state == "Up" ? State::connected
                     : stored.state == "Ringing" ? State::alerting : State::initiated;
    if (!c->find(stored.device->id)) {
        c->connections.push_back({stored.device->id, state, uid, true, true});
        c->connections.back().external = stored.device->kind == DeviceKind::external;  // never a monitor's recipient
    }
    stored.call_id = c->id;
}

void CallModel::snapshot_complete(Out& out) {
    if (!resyncing_) return;
    resyncing_ = false;
    const auto cause = table_->causes().default_clearing;
    // 1. Channels Asterisk no longer has: they were hung up while the link was down.
    std::set<std::string> vanished;
    for (const auto& [uid, ch] : channels_)
        if (!ch.seen_in_resync) vanished.insert(uid);
    for (const auto& uid : vanished) channels_.erase(uid);
    for (auto& [uid, ch] : channels_) {
        if (vanished.count(ch.local_peer)) ch.local_peer.clear();
        if (vanished.count(ch.dialed_by)) ch.dialed_by.clear();
    }
    // 2. Releases in progress: a vanished channel's Hangup was lost with the link (default
    // cause). Flushing them in the order the releases began also lets go the clears held back
    // behind them (a Hangup that came before the drop, its channel already gone).
    for (auto& p : clears_)
        if (vanished.count(p.uniqueid) && !p.q850) p.q850 = std::string();
    flush_clears(out);
    // 3. Every other connection whose channel is gone (a vanished channel without a release,
    // or one the model lost track of) is cleared, unless a live channel of the same device
    // now carries the call (a new channel that showed up in the list).
    const auto release_pending = [&](const std::string& uid) {
        return std::any_of(clears_.begin(), clears_.end(), [&](const PendingClear& p) { return p.uniqueid == uid; });
    };
    std::vector<std::string> ids;
    for (const auto& [id, c] : calls_) ids.push_back(id);
    for (const auto& id : ids) {
        auto* c = call(id);
        if (!c) continue;
        std::vector<std::string> gone;
        for (auto& cn : c->connections) {
            if (cn.channel.empty() || channels_.count(cn.channel)) continue;
            const auto live = std::find_if(channels_.begin(), channels_.end(), [&](const auto& kv) {
                return kv.second.call_id == id && kv.second.is_party() && kv.second.device->id == cn.device;
            });
            if (live != channels_.end()) cn.channel = live->first;
            else if (!release_pending(cn.channel)) gone.push_back(cn.device);
        }
        for (const auto& d : gone) clear_connection(out, *c, d, cause);
        // Connections without a channel of their own (a queue's, an application's, a parking
        // slot's) end with the call's last connection that has one.
        const bool carried = std::any_of(c->connections.begin(), c->connections.end(), [&](const Connection& cn) {
            return !cn.channel.empty() && (channels_.count(cn.channel) > 0 || release_pending(cn.channel));
        });
        if (!carried) {
            std::vector<std::string> rest;
            for (const auto& cn : c->connections)
                if (!cn.pbx) rest.push_back(cn.device);
            for (const auto& d : rest) clear_connection(out, *c, d, cause);
            clear_pbx_connections(out, *c, cause);
        }
        drop_call_if_empty(out, id, cause);
    }
    bridges_.clear();
    for (const auto& [uid, ch] : channels_)
        if (!ch.bridge.empty()) bridges_[ch.bridge].insert(uid);
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
    const auto it = channels_.find(cn->channel);
    if (it == channels_.end()) return std::nullopt;
    return it->second.name;
}

std::optional<std::string> CallModel::dialing_channel_of(const std::string& call_id, const std::string& device) const {
    const auto* c = snapshot_call(call_id);
    const auto* cn = c ? c->find(device) : nullptr;
    if (!cn || cn->state != State::alerting) return std::nullopt;
    const auto leg = channels_.find(cn->channel);
    if (leg == channels_.end()) return std::nullopt;
    const auto caller = channels_.find(leg->second.dialed_by);
    if (caller == channels_.end()) return std::nullopt;
    return caller->second.name;
}

std::vector<std::string> CallModel::channels_of_call(const std::string& call_id) const {
    std::vector<std::string> out;
    for (const auto& [uid, ch] : channels_)
        if (ch.call_id == call_id) out.push_back(ch.name);
    return out;
}

std::vector<std::string> CallModel::devices() const {
    std::set<std::string> s;
    for (const auto& [uid, ch] : channels_)
        if (ch.is_party()) s.insert(ch.device->id);
    return {s.begin(), s.end()};
}

}  // namespace bridge
