// Channels and dialling: creating and finding channels, the dialplan of the recorded PBX
// (Dial() to a phone, queues, conferences, applications), ringing, answering, busy and
// timeouts, the two-party bridge, the hang-up stories, and the phone-side controls
// (phone_call, phone_hangup, phone_hold, phone_answer, set_registered, shutdown).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/pbx_internal.hpp"

namespace pbxsim {

Channel& Pbx::new_channel(const std::string& ext, ChanState state, std::string caller_num,
                          std::string caller_name, std::string exten, std::string linkedid,
                          std::optional<std::string> uniqueid, std::string context) {
    Channel c;
    c.device_ext = ext;
    char seq[16];
    std::snprintf(seq, sizeof seq, "%08llx", static_cast<unsigned long long>(chan_seq_++));
    c.name = "PJSIP/" + ext + "-" + seq;
    c.seq = chan_seq_;
    if (uniqueid && !uniqueid->empty()) {
        c.uniqueid = *uniqueid;
        ++uid_seq_;
    } else {
        auto secs = static_cast<long long>(std::floor(cfg_.epoch_base + sched_.now().count() / 1000.0));
        c.uniqueid = std::to_string(secs) + "." + std::to_string(uid_seq_++);
    }
    c.linkedid = linkedid.empty() ? c.uniqueid : linkedid;
    c.caller_num = std::move(caller_num);
    c.caller_name = std::move(caller_name);
    c.context = context.empty() ? cfg_.context : std::move(context);
    c.exten = std::move(exten);
    c.state = state;
    auto [it, inserted] = channels_.emplace(c.uniqueid, std::move(c));
    (void)inserted;
    emit_channel_event("Newchannel", it->second);
    return it->second;
}

Channel* Pbx::find(const std::string& uniqueid) {
    auto it = channels_.find(uniqueid);
    return it == channels_.end() ? nullptr : &it->second;
}

Channel* Pbx::find_by_name(std::string_view name) {
    for (auto& [uid, c] : channels_)
        if (ami::iequals(c.name, name)) return &c;
    return nullptr;
}

void Pbx::set_state(Channel& c, ChanState s) {
    c.state = s;
    emit_channel_event("Newstate", c);
}

std::string Pbx::phone_call(const std::string& from, const std::string& to) {
    auto* b = endpoint(from);
    if (!b) return "unknown extension " + from;
    if (!b->registered) return "extension " + from + " is not registered";
    if (channels_.size() >= kMaxChannels) return "too many channels";
    auto& caller = new_channel(from, ChanState::ring, from, "Ext " + from, to, "", std::nullopt);
    caller.runs_dialplan = true;
    ++processed_calls_;
    update_device(from);
    run_dialplan(caller.uniqueid, cfg_.context, to);
    return {};
}

// Only the 1001-1999 style hints exist: the dialplan of the recorded PBX for those is
// NoOp, Dial(PJSIP/<exten>,30,tT), Hangup. Unknown extensions hang up (cause 1).
void Pbx::run_dialplan(const std::string& uid, const std::string& context, const std::string& exten) {
    auto* c = find(uid);
    if (!c) return;
    c->context = context;
    c->exten = exten;
    c->priority = 1;
    if (run_pbx_extension(uid, exten)) return;  // applications that answer, parking
    for (const auto& [name, q] : cfg_.queues)
        if (!q.exten.empty() && q.exten == exten) {
            c->priority = 3;  // NoOp, Answer(), Queue(name)
            if (c->state != ChanState::up) set_state(*c, ChanState::up);
            update_device(c->device_ext);
            join_queue(uid, name);
            return;
        }
    if (const auto room = cfg_.conferences.find(exten); room != cfg_.conferences.end()) {
        c->priority = 3;  // NoOp, Answer(), ConfBridge(room)
        if (c->state != ChanState::up) set_state(*c, ChanState::up);
        update_device(c->device_ext);
        join_conference(uid, room->second);
        return;
    }
    if (!endpoint(exten)) {
        emit_channel_event("SoftHangupRequest", *c, {{"Cause", "16"}});
        emit_hangup(*c, 1);
        destroy(uid);
        return;
    }
    c->priority = 2;  // the Dial() priority
    dial(uid, exten);
}

void Pbx::dial(const std::string& caller_uid, const std::string& target) {
    auto* caller = find(caller_uid);
    auto* b = endpoint(target);
    if (!caller || !b) return;
    if (cfg_.varset_noise)
        for (const char* v : {"DIALSTATUS", "DIALEDPEERNUMBER", "DIALEDPEERNAME"}) varset(*caller, v, "");
    if (!b->registered) {
        // chan_pjsip cannot create the channel: Dial sets DIALSTATUS=CHANUNAVAIL (the only
        // trace of the failed attempt: no DialBegin/DialEnd), then the dialplan hangs up.
        varset(*caller, "DIALSTATUS", "CHANUNAVAIL", true);
        emit_channel_event("SoftHangupRequest", *caller, {{"Cause", "16"}});
        emit_hangup(*caller, 3);
        destroy(caller_uid);
        return;
    }
    const std::string caller_num = caller->caller_num, caller_name = caller->caller_name;
    auto& callee = new_channel(target, ChanState::down, target, "Ext " + target, "s",
                               caller->linkedid, std::nullopt);
    caller = find(caller_uid);  // the map insert may not move nodes, but be explicit
    callee.peer = caller_uid;
    callee.exten = target;
    callee.connected_num = caller_num;
    callee.connected_name = caller_name;
    emit_channel_event("NewConnectedLine", callee);
    caller->peer = callee.uniqueid;
    emit_dial("DialBegin", caller->runs_dialplan ? caller : nullptr, callee, {{"DialString", target}});
    caller->connected_num = callee.caller_num;
    caller->connected_name = callee.caller_name;
    emit_channel_event("NewConnectedLine", *caller);
    const std::string callee_uid = callee.uniqueid;
    if (b->mode == EndpointBehaviour::Mode::busy) {
        sched_.schedule(b->ring_delay, [this, callee_uid] { callee_busy(callee_uid); });
        return;
    }
    sched_.schedule(b->ring_delay, [this, callee_uid] { callee_ringing(callee_uid); });
    sched_.schedule(cfg_.dial_timeout, [this, caller_uid, callee_uid] { dial_timeout(caller_uid, callee_uid); });
}

void Pbx::callee_ringing(const std::string& callee_uid) {
    auto* callee = find(callee_uid);
    if (!callee || callee->state != ChanState::down) return;
    auto* caller = find(callee->peer);
    set_state(*callee, ChanState::ringing);
    if (caller) emit_dial("DialState", caller, *callee, {{"DialStatus", "RINGING"}});
    if (caller && !caller->local_partner.empty()) {
        if (auto* l1 = find(caller->local_partner); l1 && l1->state == ChanState::down) {
            set_state(*l1, ChanState::ringing);
            emit_dial("DialState", nullptr, *l1, {{"DialStatus", "RINGING"}});
        }
    }
    update_device(callee->device_ext);
    auto* b = endpoint(callee->device_ext);
    if (!b) return;
    if (b->mode == EndpointBehaviour::Mode::answer) {
        sched_.schedule(b->answer_after, [this, callee_uid] { callee_answers(callee_uid); });
    } else if (b->mode == EndpointBehaviour::Mode::forward && !b->forward_to.empty() && caller) {
        // 302 Moved, as app_dial's do_forward() reports it: the new leg is dialled
        // (DialBegin), then DialEnd of the original leg with DialStatus CANCEL and Forward
        // = the new target, then the original leg hangs up.
        const std::string target = b->forward_to, caller_uid = caller->uniqueid;
        sched_.schedule(Millis{0}, [this, callee_uid, caller_uid, target] {
            auto* ce = find(callee_uid);
            auto* cr = find(caller_uid);
            if (!ce || !cr || ce->state != ChanState::ringing) return;
            cr->peer.clear();
            dial(caller_uid, target);
            ce = find(callee_uid);
            cr = find(caller_uid);
            if (!ce) return;
            emit_dial("DialEnd", cr && cr->runs_dialplan ? cr : nullptr, *ce,
                      {{"DialStatus", "CANCEL"}, {"Forward", target}});
            emit_hangup(*ce, 23);
            destroy(callee_uid);
        });
    }
}

void Pbx::callee_answers(const std::string& callee_uid) {
    auto* callee = find(callee_uid);
    if (!callee || callee->state == ChanState::up) return;
    if (!callee->queue.caller.empty()) return queue_member_answers(callee_uid);
    auto* caller = find(callee->peer);
    set_state(*callee, ChanState::up);
    if (!caller) {  // an originated channel: no Dial() caller
        emit_dial("DialEnd", nullptr, *callee, {{"DialStatus", "ANSWER"}});
        update_device(callee->device_ext);
        if (callee->originate.action_id) {
            callee->runs_dialplan = true;
            originate_result(*callee, true, 4);
            const auto ctx = callee->originate.context, ext = callee->originate.exten, app = callee->originate.app;
            if (!app.empty())  // Originate Application=: the channel runs it, no dialplan
                sched_.schedule(Millis{0}, [this, callee_uid, app] { run_application(callee_uid, app, false); });
            else
                sched_.schedule(Millis{0}, [this, callee_uid, ctx, ext] { run_dialplan(callee_uid, ctx, ext); });
        }
        return;
    }
    callee->exten.clear();  // the dialed leg leaves AppDial: Asterisk reports Exten empty
    callee->dial_completed = true;
    caller->dial_completed = true;
    varset(*caller, "DIALSTATUS", "ANSWER");
    emit_dial("DialEnd", caller, *callee, {{"DialStatus", "ANSWER"}});
    if (caller->state != ChanState::up) set_state(*caller, ChanState::up);
    update_device(callee->device_ext);
    update_device(caller->device_ext);
    const std::string local1 = caller->local_partner;
    bridge_pair(callee_uid, caller->uniqueid);
    if (auto* l1 = local1.empty() ? nullptr : find(local1); l1 && l1->state != ChanState::up) {
        set_state(*l1, ChanState::up);
        emit_dial("DialEnd", nullptr, *l1, {{"DialStatus", "ANSWER"}});
    }
    callee = find(callee_uid);
    if (auto* b = callee ? endpoint(callee->device_ext) : nullptr; b && b->hangup_after) {
        sched_.schedule(*b->hangup_after, [this, callee_uid] {
            if (find(callee_uid)) hangup(callee_uid, HangupSource::phone);
        });
    }
}

void Pbx::bridge_pair(const std::string& a_uid, const std::string& b_uid) {
    char id[64];
    std::snprintf(id, sizeof id, "5151b000-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(++bridge_seq_));
    Bridge br{id, {}, {}};
    emit_bridge("BridgeCreate", br, nullptr);
    for (const auto& uid : {a_uid, b_uid}) {
        auto* c = find(uid);
        if (!c) continue;
        br.members.push_back(uid);
        c->bridge = br.id;
        emit_bridge("BridgeEnter", br, c);
    }
    auto* a = find(a_uid);
    auto* b = find(b_uid);
    if (a && b) {
        a->peer = b_uid;
        b->peer = a_uid;
    }
    bridges_[br.id] = std::move(br);
}

void Pbx::callee_busy(const std::string& callee_uid) {
    auto* callee = find(callee_uid);
    if (!callee) return;
    auto* caller = find(callee->peer);
    emit_channel_event("HangupRequest", *callee, {{"Cause", "17"}});
    if (caller) emit_dial("DialEnd", caller, *callee, {{"DialStatus", "BUSY"}});
    emit_hangup(*callee, 17);
    destroy(callee_uid);
    if (caller) {
        const auto uid = caller->uniqueid;
        if (caller->originate.action_id) {
            originate_result(*caller, false, 5);
        }
        emit_channel_event("SoftHangupRequest", *caller, {{"Cause", "16"}});
        emit_hangup(*caller, 17);
        destroy(uid);
    }
}

void Pbx::dial_timeout(const std::string& caller_uid, const std::string& callee_uid) {
    auto* callee = find(callee_uid);
    auto* caller = find(caller_uid);
    if (!callee || !caller || callee->state == ChanState::up || callee->peer != caller_uid) return;
    emit_dial("DialEnd", caller, *callee, {{"DialStatus", "NOANSWER"}});
    emit_hangup(*callee, 16);
    destroy(callee_uid);
    emit_channel_event("SoftHangupRequest", *caller, {{"Cause", "16"}});
    emit_hangup(*caller, 16);
    destroy(caller_uid);
}

void Pbx::leave_bridge(Channel& c) {
    auto it = bridges_.find(c.bridge);
    if (it == bridges_.end()) return;
    auto& members = it->second.members;
    members.erase(std::remove(members.begin(), members.end(), c.uniqueid), members.end());
    emit_bridge("BridgeLeave", it->second, &c);
    c.bridge.clear();
}

// The hang-up stories, as recorded:
//  * bridged, X hangs up: [HangupRequest X] BridgeLeave X, (SoftHangupRequest X if X runs
//    the dialplan, else Hangup X), BridgeLeave Y, (SoftHangupRequest Y if Y runs the
//    dialplan), BridgeDestroy, Hangup X, Hangup Y.
//  * X is a ringing dialed leg hung up by AMI: DialEnd NOANSWER, Hangup X cause 0, the
//    caller's dialplan ends (SoftHangupRequest 16, Hangup 16).
//  * X is a caller whose Dial() is ringing (CANCEL): HangupRequest X 127, DialEnd CANCEL,
//    SoftHangupRequest X 16, Hangup Y 127, Hangup X 127.
void Pbx::hangup(const std::string& uid, HangupSource source) {
    auto* x = find(uid);
    if (!x) return;
    auto* y = x->peer.empty() ? nullptr : find(x->peer);
    const std::string y_uid = y ? y->uniqueid : "";

    if (!x->atxfer.consult_bridge.empty() && x->bridge == x->atxfer.consult_bridge) {
        complete_atxfer(uid, AtxferEnd::transferer_hangup);
        return;
    }
    if (!x->app.empty()) return application_hangup(uid, source);
    if (x->park.slot) return parked_hangup(uid);
    if (!x->queue.name.empty()) return queue_abandon(uid, source);
    if (!x->queue.caller.empty()) return queue_member_gone(uid);
    if (auto b = bridges_.find(x->bridge); b != bridges_.end() && !b->second.conference.empty()) {
        leave_conference(*x, source);
        return;
    }
    if (auto b = bridges_.find(x->bridge); b != bridges_.end() && b->second.members.size() > 2) {
        leave_multiparty_bridge(*x, source);
        return;
    }
    if (!x->bridge.empty()) {
        // The BYE's cause shows only on a channel that took part in a Dial (or a Local half,
        // attended-transfer); one the dialplan answered itself (ParkedCall, as recorded in
        // park-dial-retrieve) has none, nor has a queue caller bridged with its member by
        // app_queue (recorded: trunk-inbound-queue).
        const bool queue_caller = x->runs_dialplan && y && !y->queue.member.empty();
        if (source != HangupSource::ami) {
            if (!queue_caller && (x->dial_completed || x->name.rfind("Local/", 0) == 0))
                emit_channel_event("HangupRequest", *x, {{"Cause", "16"}});
            else
                emit_channel_event("HangupRequest", *x);
        }
        const auto bridge_id = x->bridge;
        leave_bridge(*x);
        if (x->runs_dialplan) emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
        else emit_hangup(*x, 16);
        if (y) {
            leave_bridge(*y);
            if (y->runs_dialplan) emit_channel_event("SoftHangupRequest", *y, {{"Cause", "16"}});
        }
        if (auto it = bridges_.find(bridge_id); it != bridges_.end()) {
            emit_bridge("BridgeDestroy", it->second, nullptr);
            bridges_.erase(it);
        }
        if (x->runs_dialplan) emit_hangup(*x, 16);
        destroy(uid);
        if (y) {
            emit_hangup(*y, 16);
            destroy(y_uid);
        }
        return;
    }

    if (!x->runs_dialplan && y) {
        // A dialed leg that has not answered.
        emit_dial("DialEnd", y, *x, {{"DialStatus", "NOANSWER"}});
        emit_hangup(*x, 0);
        destroy(uid);
        y = find(y_uid);
        if (y) {
            emit_channel_event("SoftHangupRequest", *y, {{"Cause", "16"}});
            emit_hangup(*y, 16);
            destroy(y_uid);
        }
        return;
    }

    const int cause = source == HangupSource::ami ? 16 : 127;
    if (source != HangupSource::ami) emit_channel_event("HangupRequest", *x, {{"Cause", std::to_string(cause)}});
    if (x->originate.action_id && x->state != ChanState::up) originate_result(*x, false, 1);
    if (y) emit_dial("DialEnd", x, *y, {{"DialStatus", "CANCEL"}});
    if (x->runs_dialplan && x->state != ChanState::down)
        emit_channel_event("SoftHangupRequest", *x, {{"Cause", "16"}});
    if (y) {
        emit_hangup(*y, cause);
        destroy(y_uid);
    }
    emit_hangup(*x, cause);
    destroy(uid);
}

void Pbx::destroy(const std::string& uid) {
    auto it = channels_.find(uid);
    if (it == channels_.end()) return;
    const auto ext = it->second.device_ext;
    const auto partner = it->second.local_partner;
    channels_.erase(it);
    update_device(ext);
    // One half of a Local pair gone: the other half is hung up (HangupRequest, like a BYE).
    if (!partner.empty()) {
        if (auto* p = find(partner)) {
            p->local_partner.clear();
            sched_.schedule(Millis{0}, [this, partner] { hangup(partner, HangupSource::phone); });
        }
    }
}

std::string Pbx::phone_hangup(const std::string& ext) {
    // The newest channel of that device, like the phone's only active dialog.
    const Channel* pick = nullptr;
    for (const auto& [uid, c] : channels_)
        if (c.device_ext == ext && (!pick || c.seq > pick->seq)) pick = &c;
    if (!pick) return "no call on " + ext;
    hangup(pick->uniqueid, HangupSource::phone);
    return {};
}

std::string Pbx::phone_answer(const std::string& ext) {
    for (const auto& [uid, c] : channels_) {
        if (c.device_ext == ext && !c.runs_dialplan && c.state == ChanState::ringing) {
            callee_answers(uid);
            return {};
        }
    }
    return "nothing ringing on " + ext;
}

std::string Pbx::set_registered(const std::string& ext, bool registered) {
    auto* b = endpoint(ext);
    if (!b) return "unknown extension " + ext;
    b->registered = registered;
    update_device(ext);
    return {};
}

std::string Pbx::phone_hold(const std::string& ext, bool hold) {
    for (auto& [uid, c] : channels_) {
        if (c.device_ext == ext && c.state == ChanState::up && c.held != hold) {
            c.held = hold;
            if (hold) emit_channel_event("Hold", c, {{"MusicClass", "default"}});
            else emit_channel_event("Unhold", c);
            // As recorded: the held party's device goes ONHOLD, not the holder's.
            if (auto* peer = c.peer.empty() ? nullptr : find(c.peer)) {
                peer->hearing_moh = hold;
                update_device(peer->device_ext);
            }
            return {};
        }
    }
    return std::string("no call to ") + (hold ? "hold" : "retrieve") + " on " + ext;
}

void Pbx::shutdown() {
    // 'core stop now': every channel gets a soft hangup with cause 4 first, then the calls
    // unwind normally (the dialplan side sees cause 16).
    std::vector<std::string> uids;
    for (auto& [uid, c] : channels_) {
        emit_channel_event("SoftHangupRequest", c, {{"Cause", "4"}});
        uids.push_back(uid);
    }
    for (const auto& uid : uids) {
        auto* c = find(uid);
        if (!c) continue;
        // As recorded: the dialed leg leaves the bridge first and is hung up, then the
        // caller's Dial() returns and its dialplan ends.
        if (!c->bridge.empty() && c->runs_dialplan && !c->peer.empty() && find(c->peer)) {
            hangup(c->peer, HangupSource::ami);
            continue;
        }
        hangup(uid, HangupSource::ami);
    }
    auto m = event("Shutdown", "system,all");
    m.add("Shutdown", "Cleanly");
    m.add("Restart", "False");
    emit(std::move(m));
}

}  // namespace pbxsim
