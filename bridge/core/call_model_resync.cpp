// Resynchronisation after the AMI link (re)connects: the CoreShowChannel list is compared with
// the model; channels that appeared meanwhile join their calls, and the calls of channels
// that vanished are cleared at every device (nothing is dropped silently).
#include <algorithm>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using csta::EventCause;
using State = csta::LocalConnectionState;
using call_model_detail::conn;
using call_model_detail::dev;

// ---------------------------------------------------------------- resynchronisation

void CallModel::begin_resync() {
    resyncing_ = true;
    for (auto& [uid, ch] : channels_) ch.seen_in_resync = false;
}

void CallModel::snapshot_channel(const EventRule& r, const ami::Message& m, Out& out) {
    (void)out;
    const auto uid = r.input(m, "uniqueid");
    if (uid.empty()) return;
    if (auto* known = channel(uid)) {
        known->seen_in_resync = true;
        // Renamed (masqueraded) or moved to another bridge while the link was down: the list
        // has the current name and bridge, the Rename / BridgeEnter events were lost.
        if (const auto name = r.input(m, "channel"); !name.empty()) rename_channel(*known, name);
        join_bridge(*known, bridge_handle(r.input(m, "bridge")));
        return;
    }
    // A channel that appeared while the link was down (or before the bridge started).
    auto& stored = *add_channel(uid);
    stored.name = std::string(r.input(m, "channel"));
    stored.linkedid = std::string(r.input(m, "linkedid"));
    stored.state = table_->channel_state(r.input(m, "state"));
    stored.caller_id_num = std::string(r.input(m, "callerIdNum"));
    stored.exten = std::string(r.input(m, "exten"));
    stored.seen_in_resync = true;
    stored.device = device_for_channel(stored.name, stored.caller_id_num);
    join_bridge(stored, bridge_handle(r.input(m, "bridge")));
    file_local_half(stored, false);
    if (!stored.is_party()) return;
    // Same bridge => same call; else the Linkedid's call.
    Call* c = nullptr;
    if (const auto* members = members_of(stored.bridge))
        for (const auto other : *members)
            if (auto* oc = channel(other); oc && oc != &stored && call(oc->call)) c = call(oc->call);
    if (!c) c = call(call_id_for(stored.linkedid));
    if (!c) {
        auto& nc = new_call(stored.linkedid, uid);
        nc.calling = stored.device->id;
        nc.called = device_id(r.input(m, "connectedLineNum"));
        c = &nc;
    }
    // The ChannelStateDesc word means what the table's <channelStates> says it means.
    const auto state = stored.state == ChannelState::up        ? State::connected
                     : stored.state == ChannelState::ringing ? State::alerting
                                                             : State::initiated;
    if (!c->find(stored.device->id)) {
        add_connection(*c, {stored.device->id, state, stored.handle, true, true});
        c->connections.back().external = stored.device->kind == DeviceKind::external;  // never a monitor's recipient
    }
    stored.call = c->handle;
}

void CallModel::snapshot_complete(Out& out) {
    if (!resyncing_) return;
    resyncing_ = false;
    const auto cause = table_->causes().default_clearing;
    // 1. Channels Asterisk no longer has: they were hung up while the link was down.
    std::set<ChannelHandle> vanished;
    for (const auto& [uid, ch] : channels_)
        if (!ch.seen_in_resync) vanished.insert(ch.handle);
    for (const auto handle : vanished) forget_channel(*channel(handle));
    for (auto& [uid, ch] : channels_) {
        if (vanished.count(ch.local_peer)) ch.local_peer = kNoChannel;
        if (vanished.count(ch.dialed_by)) ch.dialed_by = kNoChannel;
    }
    // 2. Releases in progress: a vanished channel's Hangup was lost with the link (default
    // cause). Flushing them in the order the releases began also lets go the clears held back
    // behind them (a Hangup that came before the drop, its channel already gone).
    for (auto& p : clears_)
        if (vanished.count(p.channel) && !p.q850) p.q850 = std::string();
    flush_clears(out);
    spill_if_long(out);
    // 3. Every other connection whose channel is gone (a vanished channel without a release,
    // or one the model lost track of) is cleared, unless a live channel of the same device
    // now carries the call (a new channel that showed up in the list).
    const auto release_pending = [&](ChannelHandle handle) {
        return std::any_of(clears_.begin(), clears_.end(), [&](const PendingClear& p) { return p.channel == handle; });
    };
    std::vector<std::string> ids;
    for (const auto& [id, c] : calls_) ids.push_back(id);
    for (const auto& id : ids) {
        auto* c = call(id);
        if (!c) continue;
        std::vector<std::string> gone;
        for (auto& cn : c->connections) {
            if (cn.channel == kNoChannel || channel(cn.channel)) continue;
            // The device's live channel in this call, the first the model saw if several.
            const Channel* live = nullptr;
            for (const auto& [uid, ch] : channels_)
                if (ch.call == c->handle && ch.is_party() && ch.device->id == cn.device && (!live || ch.handle < live->handle))
                    live = &ch;
            if (live) {
                cn.channel = live->handle;
                index_connection(c->handle, cn.channel);
            } else if (!release_pending(cn.channel)) {
                gone.push_back(cn.device);
            }
        }
        for (const auto& d : gone) clear_connection(out, *c, d, cause);
        // Connections without a channel of their own (a queue's, an application's, a parking
        // slot's) end with the call's last connection that has one.
        const bool carried = std::any_of(c->connections.begin(), c->connections.end(), [&](const Connection& cn) {
            return cn.channel != kNoChannel && (channel(cn.channel) || release_pending(cn.channel));
        });
        if (!carried) {
            std::vector<std::string> rest;
            for (const auto& cn : c->connections)
                if (!cn.pbx) rest.push_back(cn.device);
            for (const auto& d : rest) clear_connection(out, *c, d, cause);
            clear_pbx_connections(out, *c, cause);
        }
        drop_call_if_empty(out, id, cause);
        spill_if_long(out);
    }
    // (Bridges need no rebuild: a listed channel joined its listed bridge, a vanished one left.)
}

void CallModel::spill_if_long(Out& out) {
    if (!spill_ || out.size() < kSpillEvents) return;
    Out part;
    part.swap(out);
    spill_(std::move(part));
}

}  // namespace bridge
