// res_parking's default lot as recorded (park-dial-retrieve.ami) and as its source does it:
// a party parked (Park() on the parking extension, or a blind transfer there) waits in a
// parking bridge in the first free slot (ParkedCall, BridgeEnter parking); dialling the slot
// retrieves it (ParkedCall app: Answer, UnParkedCall, a basic bridge with the retriever); when
// parkingtime runs out, ParkedCallTimeOut and the parker is called back (comebacktoorigin:
// Dial(PJSIP/<parker>) from the parked channel); a parked party that hangs up is
// ParkedCallGiveUp. The AMI Park action (res_parking/parking_manager.c manager_park) parks a
// channel the same way: see park_action below.
#include <algorithm>

#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

namespace {
constexpr Millis kRetrieveDelay{500};  // ParkedCall() answers, then connects (recorded ~0.5 s)
constexpr const char* kParkingBridge = "parking-00000000-0000-4000-8000-default";
// The parker of a Park action hears its slot number (ast_say_digits of three digits) before
// it leaves the call; not recorded, the length of the announcement.
constexpr Millis kParkAnnouncement{1500};

ami::Message park_response(const ami::Message& a, std::string_view status, std::string_view message) {
    ami::Message r;
    r.add("Response", status);
    if (a.has("ActionID")) r.add("ActionID", a.action_id());
    r.add("Message", message);
    return r;
}
}  // namespace

bool Pbx::is_park_extension(const std::string& exten) const {
    return std::find(cfg_.park_extensions.begin(), cfg_.park_extensions.end(), exten) != cfg_.park_extensions.end();
}

Pbx::Bridge& Pbx::parking_bridge() {
    auto& b = bridges_[kParkingBridge];
    b.id = kParkingBridge;
    return b;
}

ami::Message Pbx::park_event(std::string_view name, const Channel& parkee, const Channel* retriever) const {
    auto m = event(name);
    add_snapshot(m, parkee, "Parkee");
    if (retriever) add_snapshot(m, *retriever, "Retriever");
    if (!parkee.park.parker_ext.empty()) m.add("ParkerDialString", "PJSIP/" + parkee.park.parker_ext);
    m.add("Parkinglot", "default");
    m.add("ParkingSpace", std::to_string(parkee.park.slot));
    m.add("ParkingTimeout", std::to_string(cfg_.parking_timeout.count() / 1000));
    m.add("ParkingDuration", "0");
    return m;
}

// Into the first free slot; nothing free: the dialplan goes on and hangs up.
void Pbx::park(const std::string& uid, const std::string& parker_ext) {
    auto* c = find(uid);
    if (!c) return;
    int slot = 0;
    for (int n = cfg_.park_first; n <= cfg_.park_last && !slot; ++n)
        if (std::none_of(channels_.begin(), channels_.end(), [&](const auto& kv) { return kv.second.park.slot == n; }))
            slot = n;
    if (!slot) {
        emit_channel_event("SoftHangupRequest", *c, {{"Cause", "16"}});
        emit_hangup(*c, 16);
        destroy(uid);
        return;
    }
    c->app.clear();
    c->park.slot = slot;
    c->park.parker_ext = parker_ext.empty() ? c->device_ext : parker_ext;
    c->runs_dialplan = true;
    const auto generation = ++c->park.generation;
    emit(park_event("ParkedCall", *c, nullptr));
    auto& b = parking_bridge();
    b.members.push_back(uid);
    c->bridge = b.id;
    emit_bridge("BridgeEnter", b, c);
    sched_.schedule(cfg_.parking_timeout, [this, uid, generation] { park_timeout(uid, generation); });
}

// BlindTransfer to the parking extension, in the order Asterisk reports it: the transferee is
// parked (ParkedCall) before the BlindTransfer event; then both leave the bridge, the
// transferer is hung up and the parkee enters the parking bridge.
void Pbx::park_by_blind_transfer(const std::string& transferer_uid, const std::string& context,
                                 const std::string& exten) {
    auto* x = find(transferer_uid);
    if (!x) return;
    auto* y = find(x->peer);
    auto bit = bridges_.find(x->bridge);
    if (!y || bit == bridges_.end()) return;
    const std::string y_uid = y->uniqueid;
    emit_channel_event("Unhold", *x);
    int slot = 0;
    for (int n = cfg_.park_first; n <= cfg_.park_last && !slot; ++n)
        if (std::none_of(channels_.begin(), channels_.end(), [&](const auto& kv) { return kv.second.park.slot == n; }))
            slot = n;
    if (!slot) return;
    y->park.slot = slot;
    y->park.parker_ext = x->device_ext;
    emit(park_event("ParkedCall", *y, nullptr));
    auto m = event("BlindTransfer");
    m.add("Result", "Success");
    add_snapshot(m, *x, "Transferer");
    add_snapshot(m, *y, "Transferee");
    add_bridge_snapshot(m, bit->second);
    m.add("IsExternal", "Yes");
    m.add("Context", context);
    m.add("Extension", exten);
    emit(std::move(m));
    leave_bridge(*y);
    leave_bridge(*x);
    emit_bridge("BridgeDestroy", bit->second, nullptr);
    bridges_.erase(bit);
    y->peer.clear();
    y->runs_dialplan = true;
    y->context = context;
    y->exten = exten;
    y->priority = 2;
    emit_newexten(*y, "Park");
    emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
    emit_hangup(*x, 16);
    destroy(transferer_uid);
    y = find(y_uid);
    if (!y) return;
    const auto generation = ++y->park.generation;
    auto& b = parking_bridge();
    b.members.push_back(y_uid);
    y->bridge = b.id;
    emit_bridge("BridgeEnter", b, y);
    sched_.schedule(cfg_.parking_timeout, [this, y_uid, generation] { park_timeout(y_uid, generation); });
}

void Pbx::retrieve_parked(const std::string& uid, int slot) {
    auto* r = find(uid);
    if (!r) return;
    const auto parked = std::find_if(channels_.begin(), channels_.end(), [&](const auto& kv) { return kv.second.park.slot == slot; });
    emit_newexten(*r, "ParkedCall");
    if (parked == channels_.end()) {  // an empty slot: ParkedCall() fails, the dialplan ends
        emit_channel_event("SoftHangupRequest", *r, {{"Cause", "16"}});
        emit_hangup(*r, 16);
        destroy(uid);
        return;
    }
    if (r->state != ChanState::up) set_state(*r, ChanState::up);
    update_device(r->device_ext);
    const auto parkee_uid = parked->first;
    sched_.schedule(kRetrieveDelay, [this, uid, parkee_uid, slot] {
        auto* p = find(parkee_uid);
        auto* ret = find(uid);
        if (!ret) return;
        if (!p || p->park.slot != slot) {
            emit_channel_event("SoftHangupRequest", *ret, {{"Cause", "16"}});
            emit_hangup(*ret, 16);
            destroy(uid);
            return;
        }
        emit(park_event("UnParkedCall", *p, ret));
        p->park.slot = 0;
        leave_bridge(*p);
        ret->linkedid = p->linkedid;  // bridged with the parked call: its linkedid wins (as recorded)
        bridge_pair(parkee_uid, uid);
    });
}

void Pbx::park_timeout(const std::string& uid, std::uint64_t generation) {
    auto* p = find(uid);
    if (!p || !p->park.slot || p->park.generation != generation) return;
    emit(park_event("ParkedCallTimeOut", *p, nullptr));
    p->park.slot = 0;
    leave_bridge(*p);
    const auto parker = p->park.parker_ext;
    p->context = "park-dial";
    p->exten = "PJSIP_" + parker;
    p->priority = 1;
    if (endpoint(parker) && parker != p->device_ext) {
        dial(uid, parker);  // comebacktoorigin: Dial(PJSIP/<parker>) from the parked channel
        return;
    }
    emit_channel_event("SoftHangupRequest", *p, {{"Cause", "16"}});
    emit_hangup(*p, 16);
    destroy(uid);
}

void Pbx::parked_hangup(const std::string& uid) {
    auto* p = find(uid);
    if (!p) return;
    emit_channel_event("HangupRequest", *p);
    emit(park_event("ParkedCallGiveUp", *p, nullptr));
    p->park.slot = 0;
    leave_bridge(*p);
    emit_channel_event("SoftHangupRequest", *p, {{"Cause", "16"}});
    emit_hangup(*p, 16);
    destroy(uid);
}

// Action: Park (Asterisk 22 manager_park). Channel is parked; TimeoutChannel (or the old
// Channel2) names the parker, called back on timeout (ParkerDialString). When TimeoutChannel
// is Channel's peer in a two-party bridge, the Park Call DTMF feature's path is taken
// (manager_park_bridged): Response Success first, then the parkee moves from that bridge to
// the parking bridge (ParkedCall, BridgeLeave, BridgeEnter parking, ordered as the recorded
// park by blind transfer), the parker hears the slot and leaves the bridge, which is then
// empty (BridgeLeave, BridgeDestroy) and is hung up (cause 16). Otherwise the channel alone is
// parked (manager_park_unbridged) and a peer stays where it is. AnnounceChannel only plays
// the slot to a channel: no events. Not simulated: the Timeout override (validated only) and
// lots other than `default` ("Park action failed", as Asterisk answers an unknown lot).
std::optional<std::vector<ami::Message>> Pbx::parking_action(const ami::Message& a) {
    if (!ami::iequals(a.action_name(), "Park")) return std::nullopt;
    const std::string name(a.get("Channel"));
    const std::string timeout_channel(a.has("TimeoutChannel") ? a.get("TimeoutChannel") : a.get("Channel2"));
    if (name.empty()) return std::vector{park_response(a, "Error", "Channel not specified")};
    if (a.has("Timeout")) {
        const std::string t(a.get("Timeout"));
        if (t.empty() || t.find_first_not_of("0123456789") != std::string::npos)
            return std::vector{park_response(a, "Error", "Invalid Timeout value.")};
    }
    auto* c = find_by_name(name);
    if (!c) return std::vector{park_response(a, "Error", "Channel does not exist: " + name)};
    if (a.has("Parkinglot") && a.get("Parkinglot") != "default")
        return std::vector{park_response(a, "Error", "Park action failed")};
    const std::string uid = c->uniqueid;
    auto* peer = c->peer.empty() || c->bridge.empty() ? nullptr : find(c->peer);
    const bool bridged = peer && peer->bridge == c->bridge && ami::iequals(peer->name, timeout_channel);
    const std::string parker_uid = bridged ? peer->uniqueid : std::string();
    const std::string parker_ext = pjsip_ext(timeout_channel.substr(0, timeout_channel.rfind('-')));
    sched_.schedule(Millis{0}, [this, uid, parker_uid, parker_ext] { park_by_action(uid, parker_uid, parker_ext); });
    return std::vector{park_response(a, "Success", "Park successful")};
}

void Pbx::park_by_action(const std::string& uid, const std::string& parker_uid, const std::string& parker_ext) {
    auto* p = find(uid);
    if (!p || p->park.slot) return;
    int slot = 0;
    for (int n = cfg_.park_first; n <= cfg_.park_last && !slot; ++n)
        if (std::none_of(channels_.begin(), channels_.end(), [&](const auto& kv) { return kv.second.park.slot == n; }))
            slot = n;
    if (!slot) return;  // the lot is full: Asterisk's park fails after its answer, nothing moves
    p->park.slot = slot;
    p->park.parker_ext = parker_ext.empty() ? p->device_ext : parker_ext;
    p->app.clear();
    emit(park_event("ParkedCall", *p, nullptr));
    const auto original = p->bridge;
    leave_bridge(*p);
    if (auto* other = p->peer.empty() ? nullptr : find(p->peer); other && other->peer == uid) other->peer.clear();
    p->peer.clear();
    const auto generation = ++p->park.generation;
    auto& b = parking_bridge();
    b.members.push_back(uid);
    p->bridge = b.id;
    emit_bridge("BridgeEnter", b, p);
    sched_.schedule(cfg_.parking_timeout, [this, uid, generation] { park_timeout(uid, generation); });
    if (parker_uid.empty()) return;
    sched_.schedule(kParkAnnouncement, [this, parker_uid, original] {
        auto* x = find(parker_uid);
        if (!x || x->bridge != original) return;  // hung up or moved meanwhile
        leave_bridge(*x);
        if (auto bit = bridges_.find(original); bit != bridges_.end() && bit->second.members.empty()) {
            emit_bridge("BridgeDestroy", bit->second, nullptr);
            bridges_.erase(bit);
        }
        if (x->runs_dialplan) emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
        emit_hangup(*x, 16);
        destroy(parker_uid);
    });
}

}  // namespace pbxsim
