// The Pbx itself (construction, clock, endpoints), the AMI events every part emits, and
// device / extension state. The rest of the class is split by concern: pbx_channels.cpp
// (channels and dialling), pbx_actions.cpp (AMI action handlers), pbx_transfers.cpp
// (transfers and bridges), pbx_conference.cpp, pbx_queue.cpp, pbx_apps.cpp, pbx_parking.cpp,
// pbx_trunk.cpp.
#include "tools/pbx-sim/pbx.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tools/pbx-sim/pbx_internal.hpp"

namespace pbxsim {

std::string pjsip_ext(std::string_view interface) {
    constexpr std::string_view prefix = "PJSIP/";
    if (interface.size() <= prefix.size() || !ami::iequals(interface.substr(0, prefix.size()), prefix))
        return {};
    return std::string(interface.substr(prefix.size()));
}

std::string_view cause_text(int cause) noexcept {
    switch (cause) {
        case 0: return "Unknown";
        case 1: return "Unallocated (unassigned) number";
        case 3: return "No route to destination";
        case 4: return "Channel unacceptable";  // also used by 'core stop now'
        case 16: return "Normal Clearing";
        case 17: return "User busy";
        case 18: return "No user responding";
        case 19: return "User alerting, no answer";
        case 21: return "Call Rejected";
        case 26: return "Answered elsewhere";  // a ringall queue's other members (trunk-inbound-queue)
        case 34: return "Circuit/channel congestion";
        case 127: return "Interworking, unspecified";
        default: return "Unknown";
    }
}
Pbx::Pbx(SimConfig config, Scheduler& scheduler) : cfg_(std::move(config)), sched_(scheduler) {
    for (const auto& [name, q] : cfg_.queues) {
        Queue queue{q, {}};
        for (const auto& iface : q.static_members)
            queue.members.push_back({iface, iface, false, false, "", cfg_.epoch_base, 0});
        queues_[name] = std::move(queue);
    }
    for (const auto& [ext, b] : cfg_.endpoints) device_states_[ext] = device_state(ext);
}

std::string Pbx::timestamp() const {
    double t = cfg_.epoch_base + static_cast<double>(sched_.now().count()) / 1000.0;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6f", t);
    return buf;
}

EndpointBehaviour* Pbx::endpoint(const std::string& ext) {
    auto it = cfg_.endpoints.find(ext);
    return it == cfg_.endpoints.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------- events

void Pbx::emit(ami::Message m) {
    if (sink_) sink_(m);
}

ami::Message Pbx::event(std::string_view name, std::string_view privilege) const {
    ami::Message m;
    m.add("Event", name);
    m.add("Privilege", privilege);
    m.add("Timestamp", timestamp());
    return m;
}

void Pbx::add_snapshot(ami::Message& m, const Channel& c, std::string_view prefix) const {
    auto h = [&](std::string_view name, std::string_view value) {
        m.add(std::string(prefix) + std::string(name), value);
    };
    h("Channel", c.name);
    h("ChannelState", std::to_string(static_cast<int>(c.state)));
    h("ChannelStateDesc", state_desc(c.state));
    h("CallerIDNum", c.caller_num);
    h("CallerIDName", c.caller_name);
    h("ConnectedLineNum", c.connected_num);
    h("ConnectedLineName", c.connected_name);
    h("Language", "en");
    h("AccountCode", "");
    h("Context", c.context);
    h("Exten", c.exten);
    h("Priority", std::to_string(c.priority));
    h("Uniqueid", c.uniqueid);
    h("Linkedid", c.linkedid);
}

void Pbx::emit_channel_event(std::string_view name, const Channel& c,
                             std::vector<std::pair<std::string, std::string>> extra) {
    auto m = event(name);
    add_snapshot(m, c);
    for (auto& [k, v] : extra) m.add(k, v);
    emit(std::move(m));
}

void Pbx::emit_dial(std::string_view name, const Channel* caller, const Channel& dest,
                    std::vector<std::pair<std::string, std::string>> extra) {
    auto m = event(name);
    if (caller) add_snapshot(m, *caller);
    add_snapshot(m, dest, "Dest");
    for (auto& [k, v] : extra) m.add(k, v);
    emit(std::move(m));
}

void Pbx::emit_bridge(std::string_view name, const Bridge& b, const Channel* c) {
    auto m = event(name);
    add_bridge_snapshot(m, b);
    if (c) add_snapshot(m, *c);
    emit(std::move(m));
}

void Pbx::add_bridge_snapshot(ami::Message& m, const Bridge& b) const {
    const bool conf = !b.conference.empty();
    m.add("BridgeUniqueid", b.id);
    m.add("BridgeType", conf ? "base" : b.id.rfind("parking-", 0) == 0 ? "parking" : "basic");
    // A basic bridge turns multimix when a third channel joins (no event says so).
    m.add("BridgeTechnology", conf || b.members.size() > 2 ? "softmix" : "simple_bridge");
    m.add("BridgeCreator", conf ? "ConfBridge" : "<unknown>");
    m.add("BridgeName", conf ? b.conference : "<unknown>");
    m.add("BridgeNumChannels", std::to_string(b.channels()));
    m.add("BridgeVideoSourceMode", "none");
}

void Pbx::emit_hangup(Channel& c, int cause) {
    emit_channel_event("Hangup", c, {{"Cause", std::to_string(cause)},
                                     {"Cause-txt", std::string(cause_text(cause))}});
}

void Pbx::varset(const Channel& c, std::string_view var, std::string_view value, bool always) {
    if (!always && !cfg_.varset_noise) return;
    auto m = event("VarSet", "dialplan,all");
    add_snapshot(m, c);
    m.add("Variable", var);
    m.add("Value", value);
    emit(std::move(m));
}
// ---------------------------------------------------------------- device state

std::string Pbx::device_state(const std::string& ext) const {
    auto it = cfg_.endpoints.find(ext);
    if (it != cfg_.endpoints.end() && !it->second.registered) return "UNAVAILABLE";
    bool ringing = false, inuse = false, held = false;
    for (const auto& [uid, c] : channels_) {
        if (c.device_ext != ext) continue;
        if (c.state == ChanState::ringing && !c.runs_dialplan) ringing = true;
        else if (c.hearing_moh) held = true;
        else inuse = true;
    }
    if (ringing) return inuse ? "RINGINUSE" : "RINGING";
    if (held && !inuse) return "ONHOLD";
    if (inuse || held) return "INUSE";
    return "NOT_INUSE";
}

// Asterisk computes device states on a taskprocessor, after the channel change: a call that
// fails within a few milliseconds (busy, unavailable) never shows the caller INUSE. pbx-sim
// reproduces that by publishing device states kDeviceStateDelay after the change, coalesced.
constexpr Millis kDeviceStateDelay{5};

void Pbx::update_device(const std::string& ext) {
    if (ext.empty()) return;  // Local channels have no device
    if (!device_updates_pending_.insert(ext).second) return;
    sched_.schedule(kDeviceStateDelay, [this, ext] {
        device_updates_pending_.erase(ext);
        publish_device(ext);
    });
}

void Pbx::publish_device(const std::string& ext) {
    auto state = device_state(ext);
    auto& last = device_states_[ext];
    if (last == state) return;
    last = state;
    const auto codes = codes_for(state);
    const std::string device = "PJSIP/" + ext;
    if (is_trunk(ext)) {  // a trunk has no hint and is no queue member: its device state only
        auto ds = event("DeviceStateChange");
        ds.add("Device", device);
        ds.add("State", state);
        emit(std::move(ds));
        return;
    }
    for (const auto& [qname, q] : queues_) {
        for (const auto& m : q.members) {
            if (!ami::iequals(m.interface, device)) continue;
            auto e = queue_member_event("QueueMemberStatus", qname, m);
            e.set("Status", std::to_string(codes.device_code));
            emit(std::move(e));
        }
    }
    auto es = event("ExtensionStatus");
    es.add("Exten", ext);
    es.add("Context", cfg_.context);
    es.add("Hint", device);
    es.add("Status", std::to_string(codes.ext_status));
    es.add("StatusText", codes.ext_text);
    emit(std::move(es));
    auto ds = event("DeviceStateChange");
    ds.add("Device", device);
    ds.add("State", state);
    emit(std::move(ds));
}

}  // namespace pbxsim
