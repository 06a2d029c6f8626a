// ConfBridge conferences (app_confbridge): joining, leaving, and the Confbridge* events.
#include <cstdio>

#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/pbx_internal.hpp"

namespace pbxsim {

// apps/confbridge/confbridge_manager.c: Conference, the bridge, the channel, then extras.
void Pbx::emit_conference(std::string_view name, const Bridge& b, const Channel* c,
                          std::vector<std::pair<std::string, std::string>> extra) {
    auto m = event(name);
    m.add("Conference", b.conference);
    add_bridge_snapshot(m, b);
    if (c) add_snapshot(m, *c);
    for (const auto& [k, v] : extra) m.add(k, v);
    emit(std::move(m));
}
// ConfBridge(room), as app_confbridge does it: the first user creates the conference bridge
// (BridgeCreate; the announcer joins unseen; ConfbridgeStart), every user enters it
// (BridgeEnter, then ConfbridgeJoin from the join hook).
void Pbx::join_conference(const std::string& uid, const std::string& room) {
    auto* c = find(uid);
    if (!c) return;
    Bridge* conf = nullptr;
    for (auto& [id, b] : bridges_)
        if (b.conference == room) conf = &b;
    if (!conf) {
        char id[64];
        std::snprintf(id, sizeof id, "5151c000-0000-4000-8000-%012llx", static_cast<unsigned long long>(++bridge_seq_));
        Bridge b{id, {}, room};
        auto m = event("BridgeCreate");
        add_bridge_snapshot(m, b);
        m.set("BridgeNumChannels", "0");  // created empty; the announcer joins right after
        emit(std::move(m));
        conf = &(bridges_[b.id] = std::move(b));
        emit_conference("ConfbridgeStart", *conf, nullptr);
    }
    conf->members.push_back(uid);
    c->bridge = conf->id;
    emit_bridge("BridgeEnter", *conf, c);
    emit_conference("ConfbridgeJoin", *conf, c, {{"Admin", "No"}, {"Muted", "No"}});
}

// A user hangs up (as recorded in confbridge-dial-in): HangupRequest without a Cause (the
// dialplan answered it, no Dial), ConfbridgeLeave (still counted), BridgeLeave, then
// ConfBridge() returns and the dialplan ends (SoftHangupRequest 16), Hangup; the last one
// also ends the conference (ConfbridgeEnd with the announcer alone; BridgeDestroy, the
// announcer gone: 0 channels) before its Hangup.
void Pbx::leave_conference(Channel& x, HangupSource source) {
    const std::string uid = x.uniqueid, bridge_id = x.bridge;
    auto b = bridges_.find(bridge_id);
    if (source != HangupSource::ami) emit_channel_event("HangupRequest", x);
    emit_conference("ConfbridgeLeave", b->second, &x, {{"Admin", "No"}});
    leave_bridge(x);
    const bool last = b->second.members.empty();
    if (last) emit_conference("ConfbridgeEnd", b->second, nullptr);
    if (x.runs_dialplan) emit_channel_event("SoftHangupRequest", x, {{"Cause", "16"}});
    if (last) {
        auto m = event("BridgeDestroy");
        add_bridge_snapshot(m, b->second);
        m.set("BridgeNumChannels", "0");
        emit(std::move(m));
        bridges_.erase(b);
    }
    emit_hangup(x, 16);
    destroy(uid);
}

}  // namespace pbxsim
