// Hangup and hold: a channel's release and the ConnectionCleared events it makes (pending
// until flush_clears), DIALSTATUS, Hold/Unhold. Moved out of call_model.cpp unchanged.
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

// ---------------------------------------------------------------- hangup, hold

void CallModel::release_begun(ChannelHandle handle) {
    const auto* ch = channel(handle);
    if (!ch || !ch->is_party()) return;
    for (const auto& p : clears_)
        if (p.channel == handle) return;
    PendingClear p{handle, ch->device->id, {}, std::nullopt};
    for (const auto call_handle : calls_with_channel(handle)) p.calls.insert(call_handle);
    if (!p.calls.empty()) clears_.push_back(std::move(p));
}

void CallModel::forget_pending_clear(ChannelHandle handle) {
    clears_.erase(std::remove_if(clears_.begin(), clears_.end(), [&](const PendingClear& p) { return p.channel == handle; }),
                  clears_.end());
}

void CallModel::hangup(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch) return;
    const auto handle = ch->handle;
    release_begun(handle);  // a Hangup without a request before it starts the release itself
    for (auto& p : clears_)
        if (p.channel == handle) p.q850 = std::string(r.input(m, "cause"));
    // Pairs are set both ways at once (by name or LocalBridge), so the peer is the one to
    // clear; a peer re-paired since keeps its new partner. Any other channel still naming
    // this one (only after a pathological re-pairing) finds no channel by that handle, which
    // is never given again. So no walk over every channel per Hangup.
    if (auto* peer = channel(ch->local_peer); peer && peer->local_peer == handle) peer->local_peer = kNoChannel;
    forget_channel(*ch);  // ch is gone from here on
    flush_clears(out);
}

void CallModel::flush_clears(Out& out) {
    CallSet blocked;  // calls with an earlier release still waiting for its Hangup
    for (auto it = clears_.begin(); it != clears_.end();) {
        const bool waits = !it->q850 ||
            std::any_of(it->calls.begin(), it->calls.end(), [&](CallHandle c) { return blocked.count(c) > 0; });
        if (waits) {
            blocked.insert(it->calls.begin(), it->calls.end());
            ++it;
            continue;
        }
        const auto p = *it;
        it = clears_.erase(it);
        for (const auto call_handle : calls_with_channel(p.channel)) {  // where its connections are now
            auto* c = call(call_handle);
            if (!c) continue;
            const auto id = c->id;  // (the call may go below)
            // An unanswered call's DialStatus decides the cause of all its clearings.
            auto cause = table_->q850(*p.q850);
            if (!c->answered && !c->dial_status.empty())
                if (auto s = table_->dial_status(c->dial_status)) cause = s->cause;
            clear_connection(out, *c, p.device, cause);
            clear_detached(out, *c, cause);
            clear_pbx_connections(out, *c, cause);
            drop_call_if_empty(out, id, cause);
        }
        prune_channel_index(p.channel);  // its connections are cleared: its index entry goes too
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
        const auto* ch = channel(cn.channel);
        if (!ch || ch->call == c.handle) return;  // a real party remains
        detached.push_back(cn.device);
    }
    for (const auto& d : detached) clear_connection(out, c, d, cause);
}

void CallModel::dial_status_set(const EventRule& r, const ami::Message& m, Out& out) {
    // Dial() gave up before creating an outgoing leg (CHANUNAVAIL: no DialBegin/DialEnd).
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch || !ch->is_party()) return;
    auto* c = call(ch->call);
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
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch || !ch->is_party()) return;
    auto* c = call(ch->call);
    if (!c) return;
    auto* cn = c->find(ch->device->id);
    if (!cn) return;
    if (hold && cn->state == State::connected) {
        // Holding one call while another of the device's waits held on the same channel:
        // swapping between them (the channel's calls from the index, not a walk of every call).
        const auto on_channel = calls_with_channel(ch->handle);
        const bool other_held = std::any_of(on_channel.begin(), on_channel.end(), [&](CallHandle handle) {
            const auto* other = handle == c->handle ? nullptr : call(handle);
            const auto* o = other ? other->find(cn->device) : nullptr;
            return o && o->state == State::hold && o->channel == ch->handle;
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

}  // namespace bridge
