// res_parking's default lot as recorded (park-dial-retrieve.ami) and as its source does it:
// a party parked (Park() on the parking extension, or a blind transfer there) waits in a
// parking bridge in the first free slot (ParkedCall, BridgeEnter parking); dialling the slot
// retrieves it (ParkedCall app: Answer, UnParkedCall, a basic bridge with the retriever); when
// parkingtime runs out, ParkedCallTimeOut and the parker is called back (comebacktoorigin:
// Dial(PJSIP/<parker>) from the parked channel); a parked party that hangs up is
// ParkedCallGiveUp.
#include <algorithm>

#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

namespace {
constexpr Millis kRetrieveDelay{500};  // ParkedCall() answers, then connects (recorded ~0.5 s)
constexpr const char* kParkingBridge = "parking-00000000-0000-4000-8000-default";
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

}  // namespace pbxsim
