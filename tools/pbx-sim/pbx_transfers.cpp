// Transfers and bridges: the BlindTransfer and Atxfer actions, the attended transfer's
// Local-channel consultation and its feature codes (*1 abort, *2 complete, *3 three-way,
// *4 swap), bridge moves and merges, and leaving a bridge of three or more.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/pbx_internal.hpp"

namespace pbxsim {

std::vector<ami::Message> Pbx::blind_transfer(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "No such channel")};
    if (c->bridge.empty()) return {response(a, "Error", "Transfer failed")};
    const std::string uid = c->uniqueid, context(a.has("Context") ? a.get("Context") : cfg_.context),
        exten(a.get("Exten"));
    if (is_park_extension(exten)) {
        sched_.schedule(Millis{0}, [this, uid, context, exten] { park_by_blind_transfer(uid, context, exten); });
        return {response(a, "Success", "Transfer succeeded")};
    }
    sched_.schedule(Millis{0}, [this, uid, context, exten] {
        auto* x = find(uid);  // transferer
        if (!x) return;
        auto* y = find(x->peer);  // transferee
        auto bit = bridges_.find(x->bridge);
        if (!y || bit == bridges_.end()) return;
        const std::string y_uid = y->uniqueid;
        emit_channel_event("Unhold", *x);
        auto m = event("BlindTransfer");
        m.add("Result", "Success");
        add_snapshot(m, *x, "Transferer");
        add_snapshot(m, *y, "Transferee");
        m.add("BridgeUniqueid", bit->second.id);
        m.add("BridgeType", "basic");
        m.add("BridgeTechnology", "simple_bridge");
        m.add("BridgeCreator", "<unknown>");
        m.add("BridgeName", "<unknown>");
        m.add("BridgeNumChannels", std::to_string(bit->second.members.size()));
        m.add("BridgeVideoSourceMode", "none");
        m.add("IsExternal", "Yes");
        m.add("Context", context);
        m.add("Extension", exten);
        emit(std::move(m));
        leave_bridge(*y);
        leave_bridge(*x);
        emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
        emit_bridge("BridgeDestroy", bit->second, nullptr);
        bridges_.erase(bit);
        emit_hangup(*x, 16);
        destroy(uid);
        y = find(y_uid);
        if (!y) return;
        y->peer.clear();
        y->runs_dialplan = true;
        run_dialplan(y_uid, context, exten);
    });
    return {response(a, "Success", "Transfer succeeded")};
}

std::vector<ami::Message> Pbx::atxfer(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "No such channel")};
    if (!a.has("Exten")) return {response(a, "Error", "No extension specified")};
    if (c->bridge.empty() || !c->atxfer.consult_bridge.empty())
        return {response(a, "Error", "Atxfer is not possible on this channel")};
    const std::string uid = c->uniqueid, context(a.has("Context") ? a.get("Context") : cfg_.context),
        exten(a.get("Exten"));
    sched_.schedule(Millis{0}, [this, uid, context, exten] { start_atxfer(uid, context, exten); });
    return {response(a, "Success", "Atxfer successfully queued")};
}

// As recorded (attended-transfer.ami): Asterisk queues the feature code *2 and the digits as
// DTMF on the transferer, holds the transferee, and consults the target through a Local
// channel pair: ;1 joins a new bridge with the transferer, ;2 runs Dial(PJSIP/<exten>).
void Pbx::start_atxfer(const std::string& uid, const std::string& context, const std::string& exten) {
    auto* x = find(uid);
    if (!x || x->bridge.empty()) return;
    auto* y = x->peer.empty() ? nullptr : find(x->peer);
    auto dtmf = [&](char d) {
        emit_channel_event("DTMFEnd", *x, {{"Digit", std::string(1, d)}, {"DurationMs", "0"}, {"Direction", "Received"}});
    };
    dtmf('*');
    dtmf('2');
    x->held = true;
    emit_channel_event("Hold", *x);
    if (y) {
        y->hearing_moh = true;
        update_device(y->device_ext);
    }
    for (char d : exten) dtmf(d);

    const std::string linkedid = x->linkedid;
    char seq[16];
    std::snprintf(seq, sizeof seq, "%08llx", static_cast<unsigned long long>(chan_seq_++));
    const std::string base = "Local/" + exten + "@" + context + "-" + seq;
    auto make_local = [&](const std::string& suffix, ChanState st) -> Channel& {
        Channel c;
        c.name = base + suffix;
        c.seq = chan_seq_;
        auto secs = static_cast<long long>(std::floor(cfg_.epoch_base + sched_.now().count() / 1000.0));
        c.uniqueid = std::to_string(secs) + "." + std::to_string(uid_seq_++);
        c.linkedid = linkedid;
        c.caller_num = c.caller_name = "<unknown>";
        c.context = context;
        c.exten = exten;
        c.state = st;
        auto [it, ok] = channels_.emplace(c.uniqueid, std::move(c));
        (void)ok;
        emit_channel_event("Newchannel", it->second);
        return it->second;
    };
    auto& l1 = make_local(";1", ChanState::down);
    auto& l2 = make_local(";2", ChanState::ring);
    const std::string l1_uid = l1.uniqueid, l2_uid = l2.uniqueid;
    l1.local_partner = l2_uid;
    l2.local_partner = l1_uid;
    l2.runs_dialplan = true;
    x = find(uid);
    l2.caller_num = x->caller_num;  // NewCallerid (not simulated): ;2 carries the transferer's id
    l2.caller_name = x->caller_name;

    char id[64];
    std::snprintf(id, sizeof id, "5151b000-0000-4000-8000-%012llx", static_cast<unsigned long long>(++bridge_seq_));
    Bridge consult{id, {}, {}};
    emit_bridge("BridgeCreate", consult, nullptr);
    {
        auto m = event("LocalBridge");
        add_snapshot(m, l1, "LocalOne");
        add_snapshot(m, l2, "LocalTwo");
        m.add("Context", context);
        m.add("Exten", exten);
        m.add("LocalOptimization", "Yes");
        emit(std::move(m));
    }
    l1.connected_num = x->caller_num;
    l1.connected_name = x->caller_name;
    emit_channel_event("NewConnectedLine", l1);
    consult.members.push_back(l1_uid);
    l1.bridge = consult.id;
    emit_bridge("BridgeEnter", consult, &l1);
    x->atxfer.orig_bridge = x->bridge;
    x->atxfer.consult_bridge = consult.id;
    x->atxfer.local1 = l1_uid;
    leave_bridge(*x);
    consult.members.push_back(uid);
    x->bridge = consult.id;
    emit_bridge("BridgeEnter", consult, x);
    x->connected_num = x->connected_name = "<unknown>";
    emit_channel_event("NewConnectedLine", *x);
    bridges_[consult.id] = std::move(consult);
    dial(l2_uid, exten);
    x = find(uid);
    if (auto* l2p = find(l2_uid); l2p && x && !l2p->peer.empty()) {
        if (auto* z = find(l2p->peer)) {
            x->connected_num = z->caller_num;
            x->connected_name = z->caller_name;
            emit_channel_event("NewConnectedLine", *x);
        }
    }
}

// bridge_basic.c basic_hangup_hook(): a channel leaving a bridge in which two or more others
// remain just leaves (no dissolve); the others stay bridged.
void Pbx::leave_multiparty_bridge(Channel& x, HangupSource source) {
    const std::string uid = x.uniqueid, bridge_id = x.bridge;
    if (source != HangupSource::ami) emit_channel_event("HangupRequest", x, {{"Cause", "16"}});
    leave_bridge(x);
    if (x.runs_dialplan) emit_channel_event("SoftHangupRequest", x, {{"Cause", "16"}});
    emit_hangup(x, 16);
    destroy(uid);
    // Two left: they are a pair again (a later hang-up ends the bridge as usual).
    if (auto b = bridges_.find(bridge_id); b != bridges_.end() && b->second.members.size() == 2) {
        auto* a = find(b->second.members[0]);
        auto* c = find(b->second.members[1]);
        if (a && c) {
            a->peer = c->uniqueid;
            c->peer = a->uniqueid;
        }
    }
}
// A digit received on a transferer during an attended transfer (in either bridge): Asterisk's
// feature hooks (features.conf defaults) match it. *1 abandons the consultation, *2
// completes the transfer, *3 makes it three-way, *4 swaps between the two bridges.
void Pbx::atxfer_feature_digit(const std::string& uid, char digit) {
    auto* x = find(uid);
    if (!x) return;
    if (x->atxfer.feature_digits.empty()) {
        if (digit == '*') x->atxfer.feature_digits = "*";
        return;
    }
    x->atxfer.feature_digits.clear();
    if (digit == '1') abort_atxfer(uid);
    else if (digit == '2') complete_atxfer(uid, AtxferEnd::complete_code);
    else if (digit == '3') threeway_atxfer(uid);
    else if (digit == '4') swap_atxfer(uid);
}

// *4 (bridge_basic.c consulting_exit / double_checking_exit): Hold on the transferer where
// it is, it moves to the other bridge (BridgeLeave, BridgeEnter), Unhold on it. The party it
// leaves hears music on hold, the one it joins no more.
void Pbx::swap_atxfer(const std::string& uid) {
    auto* x = find(uid);
    if (!x) return;
    const bool consulting = x->bridge == x->atxfer.consult_bridge;
    auto to = bridges_.find(consulting ? x->atxfer.orig_bridge : x->atxfer.consult_bridge);
    if (to == bridges_.end()) return;
    emit_channel_event("Hold", *x);
    move_to_bridge(*x, to->second);
    emit_channel_event("Unhold", *x);
    if (auto* y = atxfer_transferee(*x)) {
        y->hearing_moh = !consulting;  // back with the transferee: it hears the call again
        update_device(y->device_ext);
    }
}

// *1 (rebridge_enter, then attended_transfer_properties_shutdown): a consulting transferer
// moves back to the transferee (BridgeLeave, BridgeEnter, Unhold); one that had swapped back
// already stays. Then the consultation bridge is destroyed: its Local ;1 half leaves and is
// hung up (cause 16), which ends the ;2 half's Dial to the target.
void Pbx::abort_atxfer(const std::string& uid) {
    auto* x = find(uid);
    if (!x) return;
    auto orig = bridges_.find(x->atxfer.orig_bridge);
    auto consult = bridges_.find(x->atxfer.consult_bridge);
    if (orig == bridges_.end() || consult == bridges_.end()) return;
    if (x->bridge == consult->second.id) {
        move_to_bridge(*x, orig->second);
        emit_channel_event("Unhold", *x);
    }
    x->held = false;
    if (auto* y = atxfer_transferee(*x)) {
        y->hearing_moh = false;
        update_device(y->device_ext);
    }
    const std::string l1_uid = x->atxfer.local1;
    x->atxfer.orig_bridge.clear();
    x->atxfer.consult_bridge.clear();
    x->atxfer.local1.clear();
    if (auto* l1 = find(l1_uid)) {
        leave_bridge(*l1);
        emit_hangup(*l1, 16);
        destroy(l1_uid);  // the ;2 half is hung up next, ending its Dial to the target
    }
    if (auto b = bridges_.find(consult->first); b != bridges_.end()) {
        emit_bridge("BridgeDestroy", b->second, nullptr);
        bridges_.erase(b);
    }
}

// bridge_do_move: BridgeLeave from its bridge, BridgeEnter into `to`.
void Pbx::move_to_bridge(Channel& c, Bridge& to) {
    leave_bridge(c);
    to.members.push_back(c.uniqueid);
    c.bridge = to.id;
    emit_bridge("BridgeEnter", to, &c);
}

// The transferee of an attended transfer in progress: the other member of the original bridge.
Channel* Pbx::atxfer_transferee(const Channel& x) {
    const auto orig = bridges_.find(x.atxfer.orig_bridge);
    if (orig == bridges_.end()) return nullptr;
    for (const auto& m : orig->second.members)
        if (m != x.uniqueid) return find(m);
    return nullptr;
}

// The transferer ends its consultation: the consultation bridge merges into the original one
// (the ;1 half replaces the transferer) and AttendedTransfer reports it. A transferer that
// hung up leaves first; one that keyed *2 is kicked out by the merge (bridge_merge_do:
// BridgeMerge, then the kicked channel's BridgeLeave), and its dialplan hangs it up.
void Pbx::complete_atxfer(const std::string& uid, AtxferEnd how) {
    auto* x = find(uid);
    if (!x) return;
    auto orig = bridges_.find(x->atxfer.orig_bridge);
    auto consult = bridges_.find(x->atxfer.consult_bridge);
    auto* l1 = find(x->atxfer.local1);
    if (orig == bridges_.end() || consult == bridges_.end() || !l1) return;
    auto* y = orig->second.members.empty() ? nullptr : find(orig->second.members.front());
    auto* l2 = find(l1->local_partner);
    auto* z = l2 && !l2->peer.empty() ? find(l2->peer) : nullptr;

    if (how == AtxferEnd::transferer_hangup) {
        emit_channel_event("HangupRequest", *x, {{"Cause", "16"}});
        leave_bridge(*x);
    }
    emit_bridge_merge(orig->second, consult->second);
    if (how == AtxferEnd::complete_code) leave_bridge(*x);
    move_to_bridge(*l1, orig->second);
    emit_attended_transfer(*x, y, how == AtxferEnd::complete_code ? l1 : nullptr, orig->second, consult->second,
                           {{"DestType", "Bridge"}, {"DestBridgeUniqueid", orig->second.id}});
    if (y) {
        l1->connected_num = y->caller_num;
        l1->connected_name = y->caller_name;
        emit_channel_event("NewConnectedLine", *l1);
        y->peer = l1->uniqueid;
        l1->peer = y->uniqueid;
        y->hearing_moh = false;
        if (z) {
            y->connected_num = z->caller_num;
            y->connected_name = z->caller_name;
            emit_channel_event("NewConnectedLine", *y);
        }
        update_device(y->device_ext);
    }
    emit_bridge("BridgeDestroy", consult->second, nullptr);
    bridges_.erase(consult);
    if (z && y) {
        z->connected_num = y->caller_num;
        z->connected_name = y->caller_name;
        emit_channel_event("NewConnectedLine", *z);
    }
    emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
    emit_hangup(*x, 16);
    destroy(uid);
}

// *3 while consulting (bridge_basic.c threeway_enter): the consultation bridge merges into
// the transferee's with nobody kicked out, so transferer, transferee and target (through its
// Local ;1 half) share one bridge; the transferee stops hearing music on hold;
// AttendedTransfer reports DestType Threeway.
void Pbx::threeway_atxfer(const std::string& uid) {
    auto* x = find(uid);
    if (!x) return;
    auto orig = bridges_.find(x->atxfer.orig_bridge);
    auto consult = bridges_.find(x->atxfer.consult_bridge);
    if (orig == bridges_.end() || consult == bridges_.end()) return;
    auto* y = orig->second.members.empty() ? nullptr : find(orig->second.members.front());

    auto* target = find(x->atxfer.local1);
    emit_bridge_merge(orig->second, consult->second);
    const auto moving = consult->second.members;  // Local ;1 first, then the transferer
    for (const auto& member : moving)
        if (auto* c = find(member)) move_to_bridge(*c, orig->second);
    emit_attended_transfer(*x, y, target, orig->second, consult->second,
                           {{"DestType", "Threeway"}, {"DestBridgeUniqueid", orig->second.id},
                            {"DestTransfererChannel", x->name}});
    emit_bridge("BridgeDestroy", consult->second, nullptr);
    bridges_.erase(consult);
    x->held = false;
    x->atxfer.orig_bridge.clear();
    x->atxfer.consult_bridge.clear();
    x->atxfer.local1.clear();
    update_device(x->device_ext);
    if (y) {
        y->hearing_moh = false;
        update_device(y->device_ext);
    }
}

void Pbx::emit_bridge_merge(const Bridge& to, const Bridge& from) {
    auto m = event("BridgeMerge");
    m.add("ToBridgeUniqueid", to.id);
    m.add("ToBridgeType", "basic");
    m.add("ToBridgeNumChannels", std::to_string(to.members.size()));
    m.add("FromBridgeUniqueid", from.id);
    m.add("FromBridgeType", "basic");
    m.add("FromBridgeNumChannels", std::to_string(from.members.size()));
    emit(std::move(m));
}

// The transferer is both the original and the second transferer (one channel consulted).
// TransferTarget (the Local ;1 half) is there when the transferer ended the consultation with
// a feature code; the recording of a transferer hanging up has none.
void Pbx::emit_attended_transfer(const Channel& transferer, const Channel* transferee, const Channel* target,
                                 const Bridge& orig, const Bridge& consult,
                                 std::vector<std::pair<std::string, std::string>> dest) {
    auto m = event("AttendedTransfer");
    m.add("Result", "Success");
    add_snapshot(m, transferer, "OrigTransferer");
    m.add("OrigBridgeUniqueid", orig.id);
    m.add("OrigBridgeType", "basic");
    m.add("OrigBridgeNumChannels", std::to_string(orig.members.size()));
    add_snapshot(m, transferer, "SecondTransferer");
    m.add("SecondBridgeUniqueid", consult.id);
    m.add("SecondBridgeType", "basic");
    m.add("SecondBridgeNumChannels", std::to_string(consult.members.size()));
    if (transferee) add_snapshot(m, *transferee, "Transferee");
    if (target) add_snapshot(m, *target, "TransferTarget");
    m.add("IsExternal", "No");
    for (const auto& [k, v] : dest) m.add(k, v);
    emit(std::move(m));
}

}  // namespace pbxsim
