#include "tools/pbx-sim/pbx.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pbxsim {

std::string pjsip_ext(std::string_view interface) {
    constexpr std::string_view prefix = "PJSIP/";
    if (interface.size() <= prefix.size() || !ami::iequals(interface.substr(0, prefix.size()), prefix))
        return {};
    return std::string(interface.substr(prefix.size()));
}

namespace {

std::string_view state_desc(ChanState s) {
    switch (s) {
        case ChanState::down: return "Down";
        case ChanState::ring: return "Ring";
        case ChanState::ringing: return "Ringing";
        case ChanState::up: return "Up";
    }
    return "Unknown";
}

ami::Message response(const ami::Message& action, std::string_view status, std::string_view message) {
    ami::Message r;
    r.add("Response", status);
    if (action.has("ActionID")) r.add("ActionID", action.action_id());
    if (!message.empty()) r.add("Message", message);
    return r;
}

bool truthy(std::string_view v) {
    return ami::iequals(v, "true") || ami::iequals(v, "yes") || v == "1" || ami::iequals(v, "on");
}

// ExtensionStatus code and text, QueueMemberStatus code, for a device state.
struct StateCodes {
    int ext_status;
    std::string_view ext_text;
    int device_code;
};
StateCodes codes_for(std::string_view state) {
    if (state == "INUSE") return {1, "InUse", 2};
    if (state == "BUSY") return {2, "Busy", 3};
    if (state == "UNAVAILABLE") return {4, "Unavailable", 5};
    if (state == "RINGING") return {8, "Ringing", 6};
    if (state == "RINGINUSE") return {9, "InUse&Ringing", 7};
    if (state == "ONHOLD") return {16, "Hold", 8};
    return {0, "Idle", 1};
}

}  // namespace

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

// Bound on live channels: a client looping on Originate cannot exhaust memory.
constexpr std::size_t kMaxChannels = 20000;

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

// ---------------------------------------------------------------- channels

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
    if (!callee->queue_caller.empty()) return queue_member_answers(callee_uid);
    auto* caller = find(callee->peer);
    set_state(*callee, ChanState::up);
    if (!caller) {  // an originated channel: no Dial() caller
        emit_dial("DialEnd", nullptr, *callee, {{"DialStatus", "ANSWER"}});
        update_device(callee->device_ext);
        if (callee->originate_action_id) {
            callee->runs_dialplan = true;
            originate_result(*callee, true, 4);
            const auto ctx = callee->originate_context, ext = callee->originate_exten, app = callee->originate_app;
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
        if (caller->originate_action_id) {
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

    if (!x->atxfer_consult_bridge.empty() && x->bridge == x->atxfer_consult_bridge) {
        complete_atxfer(uid, AtxferEnd::transferer_hangup);
        return;
    }
    if (!x->app.empty()) return application_hangup(uid, source);
    if (x->park_slot) return parked_hangup(uid);
    if (!x->queue.empty()) return queue_abandon(uid, source);
    if (!x->queue_caller.empty()) return queue_member_gone(uid);
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
        const bool queue_caller = x->runs_dialplan && y && !y->queue_member.empty();
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
    if (x->originate_action_id && x->state != ChanState::up) originate_result(*x, false, 1);
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

// ---------------------------------------------------------------- actions

std::optional<std::string_view> Pbx::action_class(std::string_view action) {
    static const std::vector<std::pair<std::string_view, std::string_view>> table = {
        {"Ping", ""}, {"Login", ""}, {"Logoff", ""}, {"Challenge", ""}, {"Events", ""},
        {"ListCommands", ""}, {"QueueStatus", ""},
        {"Originate", "originate"}, {"Hangup", "system,call"}, {"Redirect", "call"},
        {"BlindTransfer", "call"}, {"Atxfer", "call"}, {"PlayDTMF", "call"}, {"PJSIPNotify", "system"},
        {"QueueAdd", "agent"}, {"QueueRemove", "agent"}, {"QueuePause", "agent"},
        {"DBPut", "system"}, {"DBDel", "system"}, {"DBGet", "system,reporting"},
        {"CoreShowChannels", "system,reporting"}, {"Status", "system,call,reporting"},
        {"DeviceStateList", "call,reporting"}, {"ExtensionStateList", "call,reporting"},
        {"Command", "command"}, {"CoreSettings", "system,reporting"},
        {"CoreStatus", "system,reporting"},
        // pbx-sim's own control actions (documented in tools/pbx-sim/README.md)
        {"SimCall", "system"}, {"SimHangup", "system"}, {"SimHold", "system"},
        {"SimUnhold", "system"}, {"SimAnswer", "system"}, {"SimEndpoint", "system"},
        {"SimShutdown", "system"}, {"SimDropLink", "system"}, {"SimLoad", "system"},
        {"SimTrunkCall", "system"},
        {"Park", "call"},  // pbx_parking.cpp
    };
    for (const auto& [name, cls] : table)
        if (ami::iequals(name, action)) return cls;
    return std::nullopt;
}

std::vector<ami::Message> Pbx::execute(const ami::Message& a) {
    const auto name = a.action_name();
    auto is = [&](std::string_view n) { return ami::iequals(name, n); };
    if (is("Ping")) {
        auto r = response(a, "Success", "");
        r.add("Ping", "Pong");
        r.add("Timestamp", timestamp());
        return {r};
    }
    if (is("Originate")) return originate(a);
    if (is("Hangup")) return ami_hangup(a);
    if (is("Redirect")) return redirect(a);
    if (is("BlindTransfer")) return blind_transfer(a);
    if (is("Atxfer")) return atxfer(a);
    if (is("PlayDTMF")) return play_dtmf(a);
    if (is("PJSIPNotify")) return pjsip_notify(a);
    if (is("QueueAdd") || is("QueueRemove") || is("QueuePause")) return queue_action(a);
    if (is("QueueStatus")) return queue_status(a);
    if (is("DBPut") || is("DBGet") || is("DBDel")) return db_action(a);
    if (is("Command")) return command(a);
    if (is("CoreShowChannels")) return list_channels(a, false);
    if (is("Status")) return list_channels(a, true);
    if (is("DeviceStateList")) return device_state_list(a);
    if (is("ExtensionStateList")) return extension_state_list(a);
    if (is("CoreSettings")) return core_settings(a);
    if (is("CoreStatus")) return core_status(a);
    if (auto r = parking_action(a)) return *r;  // Park (pbx_parking.cpp)
    // Phone-side control: deferred like every call action so the response goes first.
    auto deferred = [&](std::function<std::string()> fn, std::string_view ok) {
        sched_.schedule(Millis{0}, [fn = std::move(fn)] { (void)fn(); });
        return std::vector<ami::Message>{response(a, "Success", ok)};
    };
    if (auto r = trunk_action(a)) return *r;  // SimTrunkCall, SimHangup of a trunk (pbx_trunk.cpp)
    if (is("SimCall")) {
        const std::string from(a.get("From")), to(a.get("To"));
        if (!endpoint(from)) return {response(a, "Error", "Unknown extension in From")};
        return deferred([this, from, to] { return phone_call(from, to); }, "Call queued");
    }
    if (is("SimHangup") || is("SimHold") || is("SimUnhold") || is("SimAnswer")) {
        const std::string ext(a.get("Exten"));
        if (!endpoint(ext)) return {response(a, "Error", "Unknown extension")};
        if (is("SimHangup")) return deferred([this, ext] { return phone_hangup(ext); }, "Hangup queued");
        if (is("SimAnswer")) return deferred([this, ext] { return phone_answer(ext); }, "Answer queued");
        const bool hold = is("SimHold");
        return deferred([this, ext, hold] { return phone_hold(ext, hold); }, "Hold queued");
    }
    if (is("SimEndpoint")) {
        const std::string ext(a.get("Exten"));
        auto* b = endpoint(ext);
        if (!b) return {response(a, "Error", "Unknown extension")};
        EndpointBehaviour copy = *b;
        try {
            for (const auto& h : a.headers()) {
                if (ami::iequals(h.name, "Action") || ami::iequals(h.name, "ActionID") ||
                    ami::iequals(h.name, "Exten"))
                    continue;
                std::string key = h.name;
                std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
                apply_endpoint_key(copy, key, h.value);
            }
        } catch (const std::exception& e) {
            return {response(a, "Error", e.what())};
        }
        *b = copy;
        update_device(ext);
        return {response(a, "Success", "Endpoint updated")};
    }
    if (is("SimShutdown")) return deferred([this] { shutdown(); return std::string{}; }, "Shutting down");
    return {response(a, "Error", "Invalid/unknown command")};
}

std::vector<ami::Message> Pbx::originate(const ami::Message& a) {
    const std::string channel(a.get("Channel"));
    const std::string ext = pjsip_ext(channel);
    const bool async = truthy(a.get("Async"));
    if (channel.empty()) return {response(a, "Error", "Channel not specified")};
    if (!a.has("Exten") && !a.has("Application"))
        return {response(a, "Error", "Exten not specified")};
    // What this simulator can run: PJSIP/<ext> to a dialplan extension. Anything else (Local
    // channels, Application=) fails like an unreachable channel.
    const std::string action_id(a.action_id()), context(a.has("Context") ? a.get("Context") : cfg_.context),
        exten(a.get("Exten")), chan_id(a.get("ChannelId")), caller_id(a.get("CallerID")),
        app(a.get("Application")), data(a.get("Data"));
    auto start = [this, action_id, channel, ext, context, exten, chan_id, caller_id, app, data] {
        auto* b = endpoint(ext);
        if (ext.empty() || !b || !b->registered || (exten.empty() && app.empty()) || channels_.size() >= kMaxChannels) {
            auto m = event("OriginateResponse");
            if (!action_id.empty()) m.add("ActionID", action_id);
            m.add("Response", "Failure");
            m.add("Channel", channel);
            m.add("Context", context);
            m.add("Exten", exten);
            m.add("Reason", "0");
            m.add("Uniqueid", chan_id.empty() ? "<null>" : chan_id);
            m.add("CallerIDNum", caller_id.empty() ? "<unknown>" : caller_id);
            m.add("CallerIDName", "<unknown>");
            emit(std::move(m));
            return;
        }
        auto& c = new_channel(ext, ChanState::down, ext, "Ext " + ext, "s", "",
                              chan_id.empty() ? std::nullopt : std::optional<std::string>(chan_id));
        ++processed_calls_;
        c.originate_action_id = action_id;
        c.originate_context = context;
        c.originate_exten = exten;
        c.originate_app = app;
        c.originate_data = data;
        c.connected_num = caller_id.empty() ? "<unknown>" : caller_id;
        emit_channel_event("NewConnectedLine", c);
        emit_dial("DialBegin", nullptr, c, {{"DialString", ext}});
        const auto uid = c.uniqueid;
        if (b->mode == EndpointBehaviour::Mode::busy) {
            sched_.schedule(b->ring_delay, [this, uid] {
                auto* ch = find(uid);
                if (!ch) return;
                emit_channel_event("HangupRequest", *ch, {{"Cause", "17"}});
                emit_dial("DialEnd", nullptr, *ch, {{"DialStatus", "BUSY"}});
                originate_result(*ch, false, 5);
                emit_hangup(*ch, 17);
                destroy(uid);
            });
            return;
        }
        sched_.schedule(b->ring_delay, [this, uid] {
            auto* ch = find(uid);
            if (!ch || ch->state != ChanState::down) return;
            set_state(*ch, ChanState::ringing);
            update_device(ch->device_ext);
            emit_dial("DialState", nullptr, *ch, {{"DialStatus", "RINGING"}});
            auto* be = endpoint(ch->device_ext);
            if (be && be->mode == EndpointBehaviour::Mode::answer)
                sched_.schedule(be->answer_after, [this, uid] { callee_answers(uid); });
        });
    };
    sched_.schedule(Millis{0}, start);
    if (!async) {
        // Synchronous Originate answers after the outcome; the simulator answers at once and
        // still reports the outcome as OriginateResponse (documented difference).
    }
    return {response(a, "Success", "Originate successfully queued")};
}

void Pbx::originate_result(Channel& c, bool ok, int reason) {
    if (!c.originate_action_id) return;
    auto m = event("OriginateResponse");
    if (!c.originate_action_id->empty()) m.add("ActionID", *c.originate_action_id);
    m.add("Response", ok ? "Success" : "Failure");
    m.add("Channel", c.name);
    if (!c.originate_app.empty()) {  // as Asterisk's originate of an application reports it
        m.add("Application", c.originate_app);
        m.add("Data", c.originate_data);
    } else {
        m.add("Context", c.originate_context);
        m.add("Exten", c.originate_exten);
    }
    m.add("Reason", std::to_string(reason));
    m.add("Uniqueid", c.uniqueid);
    m.add("CallerIDNum", c.connected_num);
    m.add("CallerIDName", "<unknown>");
    c.originate_action_id.reset();
    emit(std::move(m));
}

std::vector<ami::Message> Pbx::ami_hangup(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "No such channel")};
    const auto uid = c->uniqueid;
    sched_.schedule(Millis{0}, [this, uid] { hangup(uid, HangupSource::ami); });
    return {response(a, "Success", "Channel Hungup")};
}

std::vector<ami::Message> Pbx::redirect(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "Channel specified does not exist")};
    if (!a.has("Exten")) return {response(a, "Error", "Exten not specified")};
    const std::string uid = c->uniqueid, context(a.has("Context") ? a.get("Context") : cfg_.context),
        exten(a.get("Exten"));
    sched_.schedule(Millis{0}, [this, uid, context, exten] {
        auto* x = find(uid);
        if (!x) return;
        auto* y = x->peer.empty() ? nullptr : find(x->peer);
        const std::string y_uid = y ? y->uniqueid : "";
        if (x->bridge.empty() && y && !y->runs_dialplan && y->state != ChanState::up) {
            // X's Dial() still rings Y: the async goto ends the Dial, app_dial cancels the leg
            // (DialEnd CANCEL, hanguptree with cause 16), then X runs the new extension. Not
            // recorded; written from app_dial.c / pbx.c.
            emit_dial("DialEnd", x, *y, {{"DialStatus", "CANCEL"}});
            emit_hangup(*y, 16);
            destroy(y_uid);
            x->peer.clear();
            run_dialplan(uid, context, exten);
            return;
        }
        // X leaves its bridge and runs the dialplan; the peer's Dial() ends and its dialplan
        // hangs it up (SoftHangupRequest, Hangup).
        const auto bridge_id = x->bridge;
        leave_bridge(*x);
        if (y) leave_bridge(*y);
        if (auto it = bridges_.find(bridge_id); it != bridges_.end()) {
            emit_bridge("BridgeDestroy", it->second, nullptr);
            bridges_.erase(it);
        }
        x->peer.clear();
        x->runs_dialplan = true;
        if (y) {
            emit_channel_event("SoftHangupRequest", *y, {{"Cause", "16"}});
            emit_hangup(*y, 16);
            destroy(y_uid);
        }
        run_dialplan(uid, context, exten);
    });
    return {response(a, "Success", "Redirect successful")};
}

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
    if (c->bridge.empty() || !c->atxfer_consult_bridge.empty())
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
    x->atxfer_orig_bridge = x->bridge;
    x->atxfer_consult_bridge = consult.id;
    x->atxfer_local1 = l1_uid;
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

// A digit received on a transferer during an attended transfer (in either bridge): Asterisk's
// feature hooks (features.conf defaults) match it. *1 abandons the consultation, *2
// completes the transfer, *3 makes it three-way, *4 swaps between the two bridges.
void Pbx::atxfer_feature_digit(const std::string& uid, char digit) {
    auto* x = find(uid);
    if (!x) return;
    if (x->feature_digits.empty()) {
        if (digit == '*') x->feature_digits = "*";
        return;
    }
    x->feature_digits.clear();
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
    const bool consulting = x->bridge == x->atxfer_consult_bridge;
    auto to = bridges_.find(consulting ? x->atxfer_orig_bridge : x->atxfer_consult_bridge);
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
    auto orig = bridges_.find(x->atxfer_orig_bridge);
    auto consult = bridges_.find(x->atxfer_consult_bridge);
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
    const std::string l1_uid = x->atxfer_local1;
    x->atxfer_orig_bridge.clear();
    x->atxfer_consult_bridge.clear();
    x->atxfer_local1.clear();
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
    const auto orig = bridges_.find(x.atxfer_orig_bridge);
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
    auto orig = bridges_.find(x->atxfer_orig_bridge);
    auto consult = bridges_.find(x->atxfer_consult_bridge);
    auto* l1 = find(x->atxfer_local1);
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
    auto orig = bridges_.find(x->atxfer_orig_bridge);
    auto consult = bridges_.find(x->atxfer_consult_bridge);
    if (orig == bridges_.end() || consult == bridges_.end()) return;
    auto* y = orig->second.members.empty() ? nullptr : find(orig->second.members.front());

    auto* target = find(x->atxfer_local1);
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
    x->atxfer_orig_bridge.clear();
    x->atxfer_consult_bridge.clear();
    x->atxfer_local1.clear();
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

// res_pjsip_notify: a NOTIFY to the endpoint's contact. Asterisk cannot know what the phone
// does with it; a phone with remote_control obeys "Event: talk" (answers a ringing call or
// resumes a held one) and "Event: hold", as BroadSoft-style remote control does.
std::vector<ami::Message> Pbx::pjsip_notify(const ami::Message& a) {
    const std::string ext(a.get("Endpoint"));
    if (ext.empty()) return {response(a, "Error", "PJSIPNotify requires either an endpoint or URI")};
    auto* b = endpoint(ext);
    if (!b) return {response(a, "Error", "Unable to retrieve endpoint " + ext)};
    if (!a.has("Variable") && !a.has("Option")) return {response(a, "Error", "PJSIPNotify requires either an Option or Variable(s)")};
    if (!b->registered) return {response(a, "Error", "Unable to send NOTIFY: no contact for endpoint " + ext)};
    std::string event;
    for (auto v : a.all("Variable"))
        if (v.substr(0, 6) == "Event=") event = std::string(v.substr(6));
    if (b->remote_control && (event == "talk" || event == "hold")) {
        sched_.schedule(Millis{50}, [this, ext, event] {
            if (event == "hold") phone_hold(ext, true);
            else if (!phone_answer(ext).empty()) phone_hold(ext, false);  // nothing rang: resume
        });
    }
    return {response(a, "Success", "NOTIFY sent")};
}

std::vector<ami::Message> Pbx::play_dtmf(const ami::Message& a) {
    auto* c = find_by_name(a.get("Channel"));
    if (!c) return {response(a, "Error", "No such channel")};
    const std::string digit(a.get("Digit"));
    if (digit.size() != 1 || std::string_view("0123456789*#ABCD").find(digit[0]) == std::string_view::npos)
        return {response(a, "Error", "No digit specified")};
    if (truthy(a.get("Receive"))) {
        const std::string uid = c->uniqueid;
        sched_.schedule(Millis{0}, [this, uid, digit] {
            auto* x = find(uid);
            if (!x) return;
            emit_channel_event("DTMFEnd", *x, {{"Digit", digit}, {"DurationMs", "0"}, {"Direction", "Received"}});
            if (!x->atxfer_consult_bridge.empty() &&
                (x->bridge == x->atxfer_consult_bridge || x->bridge == x->atxfer_orig_bridge))
                return atxfer_feature_digit(uid, digit[0]);
            // '#' starts the blind-transfer feature code #1: the bridge swallows it.
            if (digit == "#" || digit == "*" || x->bridge.empty()) return;
            auto* y = find(x->peer);
            if (!y) return;
            emit_channel_event("DTMFBegin", *y, {{"Digit", digit}, {"Direction", "Sent"}});
            const std::string y_uid = y->uniqueid;
            sched_.schedule(Millis{100}, [this, y_uid, digit] {
                if (auto* p = find(y_uid))
                    emit_channel_event("DTMFEnd", *p, {{"Digit", digit}, {"DurationMs", "100"}, {"Direction", "Sent"}});
            });
        });
    }
    return {response(a, "Success", "DTMF successfully queued")};
}

ami::Message Pbx::queue_member_event(std::string_view name, const std::string& queue,
                                     const QueueMember& m) const {
    auto e = event(name, "agent,all");
    auto ext = pjsip_ext(m.interface);
    const auto st = device_states_.count(ext) ? device_states_.at(ext) : std::string("UNAVAILABLE");
    e.add("Queue", queue);
    e.add("MemberName", m.name);
    e.add("Interface", m.interface);
    e.add("StateInterface", m.interface);
    e.add("Membership", m.dynamic ? "dynamic" : "static");
    e.add("Penalty", "0");
    e.add("CallsTaken", "0");
    e.add("LastCall", "0");
    e.add("LastPause", std::to_string(static_cast<long long>(m.last_pause)));
    e.add("LoginTime", std::to_string(static_cast<long long>(m.login_time)));
    e.add("InCall", "0");
    e.add("Status", std::to_string(codes_for(st).device_code));
    e.add("Paused", m.paused ? "1" : "0");
    e.add("PausedReason", m.reason);
    e.add("Ringinuse", "0");
    e.add("Wrapuptime", "0");
    return e;
}

std::vector<ami::Message> Pbx::queue_action(const ami::Message& a) {
    const std::string qname(a.get("Queue")), iface(a.get("Interface"));
    auto qit = queues_.find(qname);
    const auto name = a.action_name();
    if (ami::iequals(name, "QueueAdd")) {
        if (qname.empty() || iface.empty()) return {response(a, "Error", "'Queue' or 'Interface' not set.")};
        if (qit == queues_.end()) return {response(a, "Error", "Unable to add interface to queue: No such queue")};
        for (const auto& m : qit->second.members)
            if (ami::iequals(m.interface, iface))
                return {response(a, "Error", "Unable to add interface: Already there")};
        QueueMember m{iface, a.has("MemberName") ? std::string(a.get("MemberName")) : iface, true,
                      truthy(a.get("Paused")), "", std::floor(cfg_.epoch_base + sched_.now().count() / 1000.0), 0};
        qit->second.members.push_back(m);
        sched_.schedule(Millis{0}, [this, qname, m] {
            auto ds = event("DeviceStateChange");
            ds.add("Device", "Queue:" + qname + "_pause_" + m.interface);
            ds.add("State", m.paused ? "INUSE" : "NOT_INUSE");
            emit(std::move(ds));
            auto e = queue_member_event("QueueMemberAdded", qname, m);
            emit(std::move(e));
        });
        return {response(a, "Success", "Added interface to queue")};
    }
    if (qit == queues_.end() && !(ami::iequals(name, "QueuePause") && qname.empty()))
        return {response(a, "Error", ami::iequals(name, "QueueRemove")
                                         ? "Unable to remove interface: No such queue"
                                         : "Interface not found")};
    if (ami::iequals(name, "QueueRemove")) {
        auto& ms = qit->second.members;
        auto it = std::find_if(ms.begin(), ms.end(), [&](const QueueMember& m) { return ami::iequals(m.interface, iface); });
        if (it == ms.end()) return {response(a, "Error", "Unable to remove interface: Not there")};
        if (!it->dynamic) return {response(a, "Error", "Unable to remove interface: Not dynamic")};
        auto m = *it;
        ms.erase(it);
        sched_.schedule(Millis{0}, [this, qname, m] { emit(queue_member_event("QueueMemberRemoved", qname, m)); });
        return {response(a, "Success", "Removed interface from queue")};
    }
    // QueuePause (Queue optional = every queue of that interface)
    const bool paused = truthy(a.get("Paused"));
    const std::string reason(a.get("Reason"));
    std::vector<std::pair<std::string, QueueMember>> changed;
    for (auto& [n, q] : queues_) {
        if (!qname.empty() && n != qname) continue;
        for (auto& m : q.members) {
            if (!ami::iequals(m.interface, iface)) continue;
            m.paused = paused;
            m.reason = paused ? reason : "";
            m.last_pause = std::floor(cfg_.epoch_base + sched_.now().count() / 1000.0);
            changed.emplace_back(n, m);
        }
    }
    if (changed.empty()) return {response(a, "Error", "Interface not found")};
    sched_.schedule(Millis{0}, [this, changed, paused] {
        for (const auto& [n, m] : changed) {
            auto ds = event("DeviceStateChange");
            ds.add("Device", "Queue:" + n + "_pause_" + m.interface);
            ds.add("State", paused ? "INUSE" : "NOT_INUSE");
            emit(std::move(ds));
            emit(queue_member_event("QueueMemberPause", n, m));
        }
    });
    return {response(a, "Success", paused ? "Interface paused successfully" : "Interface unpaused successfully")};
}

std::vector<ami::Message> Pbx::queue_status(const ami::Message& a) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Queue status will follow");
    std::vector<ami::Message> out{r};
    std::size_t items = 0;
    for (const auto& [n, q] : queues_) {
        if (a.has("Queue") && a.get("Queue") != n) continue;
        ami::Message p;
        p.add("Event", "QueueParams");
        p.add("Queue", n);
        p.add("Max", "0");
        p.add("Strategy", q.cfg.strategy);
        p.add("Calls", "0");
        p.add("Holdtime", "0");
        p.add("TalkTime", "0");
        p.add("Completed", "0");
        p.add("Abandoned", "0");
        p.add("ServiceLevel", "0");
        p.add("ServicelevelPerf", "0.0");
        p.add("ServicelevelPerf2", "0.0");
        p.add("Weight", "0");
        if (a.has("ActionID")) p.add("ActionID", a.action_id());
        out.push_back(p);
        ++items;
        for (const auto& m : q.members) {
            auto st = device_states_.count(pjsip_ext(m.interface)) ? device_states_.at(pjsip_ext(m.interface)) : "UNAVAILABLE";
            ami::Message e;
            e.add("Event", "QueueMember");
            e.add("Queue", n);
            e.add("Name", m.name);
            e.add("Location", m.interface);
            e.add("StateInterface", m.interface);
            e.add("Membership", m.dynamic ? "dynamic" : "static");
            e.add("Penalty", "0");
            e.add("CallsTaken", "0");
            e.add("LastCall", "0");
            e.add("LastPause", std::to_string(static_cast<long long>(m.last_pause)));
            e.add("LoginTime", std::to_string(static_cast<long long>(m.login_time)));
            e.add("InCall", "0");
            e.add("Status", std::to_string(codes_for(st).device_code));
            e.add("Paused", m.paused ? "1" : "0");
            e.add("PausedReason", m.reason);
            e.add("Wrapuptime", "0");
            if (a.has("ActionID")) e.add("ActionID", a.action_id());
            out.push_back(e);
            ++items;
        }
    }
    ami::Message done;
    done.add("Event", "QueueStatusComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(items));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::db_action(const ami::Message& a) {
    const std::string family(a.get("Family")), key(a.get("Key"));
    if (family.empty()) return {response(a, "Error", "No family specified")};
    if (key.empty()) return {response(a, "Error", "No key specified")};
    const auto k = family + "/" + key;
    if (ami::iequals(a.action_name(), "DBPut")) {
        if (db_.size() >= 100000 && !db_.count(k)) return {response(a, "Error", "Failed to update entry")};
        db_[k] = std::string(a.get("Val"));
        return {response(a, "Success", "Updated database successfully")};
    }
    auto it = db_.find(k);
    if (ami::iequals(a.action_name(), "DBDel")) {
        if (it == db_.end()) return {response(a, "Error", "Database entry not found")};
        db_.erase(it);
        return {response(a, "Success", "Key deleted successfully")};
    }
    if (it == db_.end()) return {response(a, "Error", "Database entry not found")};
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Result will follow");
    ami::Message e;
    e.add("Event", "DBGetResponse");
    e.add("Family", family);
    e.add("Key", key);
    e.add("Val", it->second);
    if (a.has("ActionID")) e.add("ActionID", a.action_id());
    ami::Message done;
    done.add("Event", "DBGetComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", "1");
    return {r, e, done};
}

std::vector<ami::Message> Pbx::command(const ami::Message& a) {
    const std::string cmd(a.get("Command"));
    auto r = response(a, "Success", "Command output follows");
    if (cmd == "core show version") {
        r.add("Output", "Asterisk " + cfg_.asterisk_version + " built by pbx-sim (simulated)");
        return {r};
    }
    if (cmd == "pjsip show endpoints") {
        for (const char* line :
             {"", " Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>",
              "==========================================================================================", ""})
            r.add("Output", line);
        for (const auto& [ext, b] : cfg_.endpoints) {
            int chans = 0;
            for (const auto& [uid, c] : channels_) chans += c.device_ext == ext;
            const auto st = device_state(ext);
            std::string desc = st == "UNAVAILABLE" ? "Unavailable" : st == "NOT_INUSE" ? "Not in use" : "In use";
            char buf[160];
            std::snprintf(buf, sizeof buf, " Endpoint:  %-53s%-14s%d of inf", (ext + "/" + ext).c_str(), desc.c_str(), chans);
            r.add("Output", buf);
            r.add("Output", "");
        }
        r.add("Output", "");
        r.add("Output", "Objects found: " + std::to_string(cfg_.endpoints.size()));
        r.add("Output", "");
        return {r};
    }
    if (cmd == "core stop now" || cmd == "core stop gracefully") {
        sched_.schedule(Millis{0}, [this] { shutdown(); });
        return {r};
    }
    // Asterisk answers unknown CLI commands with Success and a "No such command" line.
    r.add("Output", "No such command '" + cmd + "' (type 'core show help " + cmd + "' for other possible commands)");
    return {r};
}

std::vector<ami::Message> Pbx::list_channels(const ami::Message& a, bool status_form) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", status_form ? "Channel status will follow" : "Channels will follow");
    std::vector<ami::Message> out{r};
    // Newest first, as the recorded Asterisk listed them.
    std::vector<const Channel*> order;
    for (const auto& [uid, c] : channels_) order.push_back(&c);
    std::sort(order.begin(), order.end(), [](const Channel* x, const Channel* y) { return x->seq > y->seq; });
    for (const Channel* cp : order) {
        const Channel& c = *cp;
        ami::Message e;
        e.add("Event", status_form ? "Status" : "CoreShowChannel");
        if (a.has("ActionID")) e.add("ActionID", a.action_id());
        add_snapshot(e, c);
        auto peer_it = c.peer.empty() ? channels_.end() : channels_.find(c.peer);
        const Channel* peer = peer_it == channels_.end() ? nullptr : &peer_it->second;
        e.add("BridgeId", c.bridge);
        e.add("Application", c.runs_dialplan ? "Dial" : "AppDial");
        e.add("ApplicationData", c.runs_dialplan ? "PJSIP/" + (peer ? peer->device_ext : std::string()) + ",30,tT" : "(Outgoing Line)");
        e.add("BridgedChannel", peer && !c.bridge.empty() ? peer->name : "");
        e.add("BridgedUniqueID", peer && !c.bridge.empty() ? peer->uniqueid : "");
        out.push_back(e);
    }
    ami::Message done;
    done.add("Event", status_form ? "StatusComplete" : "CoreShowChannelsComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(channels_.size()));
    if (status_form) done.add("Items", std::to_string(channels_.size()));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::device_state_list(const ami::Message& a) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Device State Changes will follow");
    std::vector<ami::Message> out{r};
    auto item = [&](const std::string& device, const std::string& state) {
        ami::Message e;
        e.add("Event", "DeviceStateChange");
        if (a.has("ActionID")) e.add("ActionID", a.action_id());
        e.add("Device", device);
        e.add("State", state);
        out.push_back(e);
    };
    for (const auto& [ext, b] : cfg_.endpoints) item("PJSIP/" + ext, device_state(ext));
    // app_queue's own custom devices: one pause state per member, one availability per queue.
    for (const auto& [qname, q] : queues_) {
        bool available = false;
        for (const auto& m : q.members) {
            item("Queue:" + qname + "_pause_" + m.interface, m.paused ? "INUSE" : "NOT_INUSE");
            const auto ext = pjsip_ext(m.interface);
            available = available || (!m.paused && device_state(ext) == "NOT_INUSE");
        }
        item("Queue:" + qname + "_avail", available ? "NOT_INUSE" : "INUSE");
    }
    ami::Message done;
    done.add("Event", "DeviceStateListComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(out.size() - 1));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::extension_state_list(const ami::Message& a) {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("EventList", "start");
    r.add("Message", "Extension Statuses will follow");
    std::vector<ami::Message> out{r};
    for (const auto& [ext, b] : cfg_.endpoints) {
        const auto codes = codes_for(device_state(ext));
        ami::Message e;
        e.add("Event", "ExtensionStatus");
        if (a.has("ActionID")) e.add("ActionID", a.action_id());
        e.add("Exten", ext);
        e.add("Context", cfg_.context);
        e.add("Hint", "PJSIP/" + ext);
        e.add("Status", std::to_string(codes.ext_status));
        e.add("StatusText", codes.ext_text);
        out.push_back(e);
    }
    ami::Message done;
    done.add("Event", "ExtensionStateListComplete");
    if (a.has("ActionID")) done.add("ActionID", a.action_id());
    done.add("EventList", "Complete");
    done.add("ListItems", std::to_string(out.size() - 1));
    out.push_back(done);
    return out;
}

std::vector<ami::Message> Pbx::core_settings(const ami::Message& a) const {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("AMIversion", "11.0.0");
    r.add("AsteriskVersion", cfg_.asterisk_version);
    r.add("SystemName", "");
    r.add("CoreMaxCalls", "0");
    r.add("CoreMaxLoadAvg", "0.000000");
    r.add("CoreRunUser", "");
    r.add("CoreRunGroup", "");
    r.add("CoreMaxFilehandles", "0");
    r.add("CoreRealTimeEnabled", "No");
    r.add("CoreCDRenabled", "No");
    r.add("CoreHTTPenabled", "No");
    r.add("SoundsSearchCustomDir", "No");
    return {r};
}

std::vector<ami::Message> Pbx::core_status(const ami::Message& a) const {
    auto r = response(a, "Success", "");
    r.remove("Message");
    r.add("CoreStartupDate", "2026-11-26");
    r.add("CoreStartupTime", "06:50:11");
    r.add("CoreReloadDate", "2026-11-26");
    r.add("CoreReloadTime", "06:50:11");
    std::size_t calls = 0;
    for (const auto& [uid, c] : channels_) calls += c.runs_dialplan;
    r.add("CoreCurrentCalls", std::to_string(channels_.size()));
    r.add("CoreProcessedCalls", std::to_string(processed_calls_));
    (void)calls;
    return {r};
}

}  // namespace pbxsim
