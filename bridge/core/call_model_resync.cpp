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
    ch.state = table_->channel_state(r.input(m, "state"));
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
    // The ChannelStateDesc word means what the table's <channelStates> says it means.
    const auto state = stored.state == ChannelState::up        ? State::connected
                     : stored.state == ChannelState::ringing ? State::alerting
                                                             : State::initiated;
    if (!c->find(stored.device->id)) {
        add_connection(*c, {stored.device->id, state, uid, true, true});
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
    spill_if_long(out);
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
            if (live != channels_.end()) {
                cn.channel = live->first;
                index_connection(id, cn.channel);
            } else if (!release_pending(cn.channel)) {
                gone.push_back(cn.device);
            }
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
        spill_if_long(out);
    }
    bridges_.clear();
    for (const auto& [uid, ch] : channels_)
        if (!ch.bridge.empty()) bridges_[ch.bridge].insert(uid);
}

void CallModel::spill_if_long(Out& out) {
    if (!spill_ || out.size() < kSpillEvents) return;
    Out part;
    part.swap(out);
    spill_(std::move(part));
}

}  // namespace bridge
