// Parking (res_parking, CALL-MODEL flow 14). A parked party keeps its call and callID; the
// slot (ParkingSpace, e.g. 701) is a device of the call, its connection queued, while the
// party waits there (ECMA-269 ParkCall: the call is queued at the parked-to device, cause
// park). Whoever retrieves it joins that same call; a timeout or give-up ends the slot's part.
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

std::optional<std::string> CallModel::parked_slot(ChannelHandle party) const {
    const auto it = parked_.find(party);
    if (it == parked_.end()) return std::nullopt;
    return it->second;
}

void CallModel::parked(const EventRule& r, const ami::Message& m, Out& out) {
    auto* parkee = channel(r.input(m, "uniqueid"));
    const auto slot = device_id(r.input(m, "slot"));
    if (!parkee || !parkee->is_party() || slot.empty()) return;
    auto* c = call(parkee->call);
    if (!c || c->find(slot)) return;
    // A caller that dialled the parking extension itself (Park() on its own call): the switch
    // took the number, so its call was originated first.
    if (auto* cn = c->find(parkee->device->id); cn && cn->state == State::initiated && !cn->originated)
        originated(out, *c, *cn, c->establish_cause);
    parked_[parkee->handle] = slot;
    c->called = slot;
    Connection at_slot{slot, State::queued, kNoChannel, true, false};
    at_slot.pbx = true;
    add_connection(*c, at_slot);
    csta::QueuedEvent ev;
    ev.queuedConnection = conn(c->id, slot);
    ev.queue = dev(slot);
    ev.callingDevice = dev(c->calling);
    ev.calledDevice = dev(slot);
    ev.cause = r.cause.value_or(EventCause::park);
    emit(out, *c, ev);
}

// The retriever (a phone that dialled the slot, or was originated into it) joins the parked
// call: its own call ends for it, it is Established in the parked call, the slot's
// connection ends.
void CallModel::unparked(const EventRule& r, const ami::Message& m, Out& out) {
    auto* parkee = channel(r.input(m, "uniqueid"));
    auto* retriever = channel(r.input(m, "retriever"));
    if (!parkee) return;
    const auto it = parked_.find(parkee->handle);
    const auto slot = it != parked_.end() ? it->second : device_id(r.input(m, "slot"));
    if (it != parked_.end()) parked_.erase(it);
    auto* c = call(parkee->call);
    if (!c) return;
    const auto cause = r.cause.value_or(EventCause::park);
    const auto parked_call = c->id;
    if (retriever && retriever->is_party() && !c->find(retriever->device->id)) {
        const auto who = retriever->device->id;
        if (auto* own = call(retriever->call); own && own->id != parked_call) {
            if (auto* cn = own->find(who); cn && cn->state == State::initiated && !cn->originated)
                originated(out, *own, *cn, own->establish_cause);
            const auto own_id = own->id;
            clear_connection(out, *own, who, cause);
            drop_call_if_empty(out, own_id, cause);
        }
        c = call(parked_call);
        if (!c) return;
        add_connection(*c, {who, State::connected, retriever->handle, true, true});
        retriever->call = c->handle;
        c->answered = true;
        csta::EstablishedEvent ev;
        ev.establishedConnection = conn(c->id, who);
        ev.answeringDevice = dev(who);
        ev.callingDevice = dev(c->calling);
        ev.calledDevice = dev(slot);
        ev.cause = cause;
        emit(out, *c, ev);
    }
    if (!slot.empty()) clear_connection(out, *c, slot, cause);
}

// ParkedCallTimeOut / ParkedCallGiveUp: the party leaves the slot (the slot's connection ends
// with the rule's cause). After a timeout Asterisk calls the parker back from the parked
// party's channel; param names the cause of that establishment (recall).
void CallModel::park_ended(const EventRule& r, const ami::Message& m, Out& out) {
    auto* parkee = channel(r.input(m, "uniqueid"));
    const auto it = parkee ? parked_.find(parkee->handle) : parked_.end();
    if (it == parked_.end()) return;
    const auto slot = it->second;
    parked_.erase(it);
    auto* c = call(parkee->call);
    if (!c) return;
    clear_connection(out, *c, slot, r.cause.value_or(EventCause::normalClearing));
    if (const auto then = csta::from_string<EventCause>(r.param)) c->establish_cause = *then;
}

// ParkedCallSwap: another channel takes the parked party's place in the slot (a transfer of
// the parked call). The slot follows it into that channel's call.
void CallModel::park_swapped(const EventRule& r, const ami::Message& m, Out& out) {
    // The event names the new parkee and the slot; the old one is whoever waited there.
    auto* now = channel(r.input(m, "uniqueid"));
    const auto now_handle = now ? now->handle : kUnseenChannel;
    const auto wanted = device_id(r.input(m, "slot"));
    const auto it = std::find_if(parked_.begin(), parked_.end(), [&](const auto& kv) { return kv.second == wanted; });
    if (it == parked_.end() || it->first == now_handle) return;
    const auto slot = it->second;
    auto* old_party = channel(it->first);
    parked_.erase(it);
    auto* old_call = old_party ? call(old_party->call) : nullptr;
    auto* new_call_ = now ? call(now->call) : nullptr;
    if (old_call && new_call_ && old_call == new_call_) {
        parked_[now_handle] = slot;
        return;
    }
    if (old_call) clear_connection(out, *old_call, slot, r.cause.value_or(EventCause::park));
    if (!now || !now->is_party() || !new_call_ || new_call_->find(slot)) return;
    parked_[now_handle] = slot;
    new_call_->called = slot;
    Connection at_slot{slot, State::queued, kNoChannel, true, false};
    at_slot.pbx = true;
    add_connection(*new_call_, at_slot);
    csta::QueuedEvent ev;
    ev.queuedConnection = conn(new_call_->id, slot);
    ev.queue = dev(slot);
    ev.callingDevice = dev(new_call_->calling);
    ev.calledDevice = dev(slot);
    ev.cause = r.cause.value_or(EventCause::park);
    emit(out, *new_call_, ev);
}

}  // namespace bridge
