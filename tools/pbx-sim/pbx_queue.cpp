// Queue() with strategy ringall, as apps/app_queue.c of Asterisk 22 reports it. No recording
// has a queue call: the order follows the source (join_queue, ring_entry, wait_for_answer,
// hangupcalls, leave_queue, record_abandoned), see tools/pbx-sim/README.md.
#include <algorithm>
#include <cmath>

#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/pbx_internal.hpp"

namespace pbxsim {

namespace {
std::string seconds_since(Millis then, Millis now) {
    return std::to_string(std::max<long long>(0, (now - then).count() / 1000));
}
}  // namespace

// QueueCallerJoin / Leave / Abandon: the caller's snapshot, then the event's own fields.
void Pbx::emit_queue_caller(std::string_view name, const Channel& caller,
                            std::vector<std::pair<std::string, std::string>> extra) {
    auto m = event(name, "agent,all");
    add_snapshot(m, caller);
    for (const auto& [k, v] : extra) m.add(k, v);
    emit(std::move(m));
}

// The member legs ringing for a caller, in the order they were rung.
std::vector<Channel*> Pbx::queue_legs(const std::string& caller_uid) {
    std::vector<Channel*> legs;
    for (auto& [uid, c] : channels_)
        if (c.queue.caller == caller_uid) legs.push_back(&c);
    std::sort(legs.begin(), legs.end(), [](const Channel* a, const Channel* b) { return a->seq < b->seq; });
    return legs;
}

// The caller joins (QueueCallerJoin) and, its turn at once, every free member rings: per
// member Newchannel, AgentCalled (member as Dest*), DialBegin with the interface. app_queue
// keeps members hashed and puts each attempt in front of the list, so q-test's PJSIP/1003
// rings before PJSIP/1002: members are rung in reverse order of the list here.
void Pbx::join_queue(const std::string& uid, const std::string& queue) {
    auto* c = find(uid);
    const auto q = queues_.find(queue);
    if (!c || q == queues_.end()) return;
    c->queue.name = queue;
    c->queue.joined = sched_.now();
    std::size_t waiting = 0;
    for (const auto& [id, ch] : channels_) waiting += ch.queue.name == queue;
    emit_queue_caller("QueueCallerJoin", *c, {{"Queue", queue}, {"Position", std::to_string(waiting)},
                                              {"Count", std::to_string(waiting)}});
    const auto members = q->second.members;
    for (auto m = members.rbegin(); m != members.rend(); ++m) {
        const auto ext = pjsip_ext(m->interface);
        auto* b = endpoint(ext);
        const bool busy = std::any_of(channels_.begin(), channels_.end(),
                                      [&](const auto& kv) { return kv.second.device_ext == ext; });
        if (m->paused || !b || !b->registered || busy) continue;
        c = find(uid);
        auto& leg = new_channel(ext, ChanState::down, ext, "Ext " + ext, "s", c->linkedid, std::nullopt);
        leg.peer = uid;
        leg.queue.caller = uid;
        leg.queue.member = m->name;
        leg.queue.interface = m->interface;
        leg.connected_num = c->caller_num;
        leg.connected_name = c->caller_name;
        auto called = event("AgentCalled", "agent,all");
        add_snapshot(called, *c);
        add_snapshot(called, leg, "Dest");
        called.add("Queue", queue);
        called.add("Interface", m->interface);
        called.add("MemberName", m->name);
        emit(std::move(called));
        emit_dial("DialBegin", c, leg, {{"DialString", m->interface}});
        const std::string leg_uid = leg.uniqueid;
        sched_.schedule(b->ring_delay, [this, leg_uid] { callee_ringing(leg_uid); });
    }
}

// A member answers (wait_for_answer): DialEnd ANSWER for it, CANCEL for the others, which
// hangupcalls() then hangs up (a second DialEnd CANCEL each, cause 26 "answered elsewhere");
// the caller leaves the queue (QueueCallerLeave), AgentConnect, and the two are bridged,
// member first.
void Pbx::queue_member_answers(const std::string& leg_uid) {
    auto* leg = find(leg_uid);
    auto* caller = leg ? find(leg->queue.caller) : nullptr;
    if (!leg || !caller || caller->queue.name.empty()) return;
    const std::string caller_uid = caller->uniqueid, queue = caller->queue.name;
    set_state(*leg, ChanState::up);
    emit_dial("DialEnd", caller, *leg, {{"DialStatus", "ANSWER"}});
    auto losers = queue_legs(caller_uid);
    losers.erase(std::remove(losers.begin(), losers.end(), leg), losers.end());
    for (auto* l : losers) emit_dial("DialEnd", caller, *l, {{"DialStatus", "CANCEL"}});
    for (auto* l : losers) {
        emit_dial("DialEnd", caller, *l, {{"DialStatus", "CANCEL"}});
        emit_hangup(*l, 26);
        destroy(l->uniqueid);
    }
    caller = find(caller_uid);
    leg = find(leg_uid);
    const auto ring_time = seconds_since(caller->queue.joined, sched_.now());
    caller->queue.name.clear();
    leg->queue.caller.clear();
    std::size_t still_waiting = 0;
    for (const auto& [id, ch] : channels_) still_waiting += ch.queue.name == queue;
    emit_queue_caller("QueueCallerLeave", *caller, {{"Queue", queue}, {"Position", "1"},
                                                    {"Count", std::to_string(still_waiting)}});
    auto connect = event("AgentConnect", "agent,all");
    add_snapshot(connect, *caller);
    add_snapshot(connect, *leg, "Dest");
    connect.add("Queue", queue);
    connect.add("MemberName", leg->queue.member);
    connect.add("Interface", leg->queue.interface);
    connect.add("HoldTime", ring_time);
    connect.add("RingTime", ring_time);
    emit(std::move(connect));
    leg->dial_completed = caller->dial_completed = true;
    update_device(leg->device_ext);
    bridge_pair(leg_uid, caller_uid);
    if (auto* b = endpoint(leg->device_ext); b && b->hangup_after)
        sched_.schedule(*b->hangup_after, [this, leg_uid] {
            if (find(leg_uid)) hangup(leg_uid, HangupSource::phone);
        });
}

// A ringing member leg goes away (the phone rejects, or the AMI hangs it up): DialEnd
// NOANSWER, AgentRingNoAnswer, its Hangup; the caller stays in the queue.
void Pbx::queue_member_gone(const std::string& leg_uid) {
    auto* leg = find(leg_uid);
    auto* caller = leg ? find(leg->queue.caller) : nullptr;
    if (!leg) return;
    if (caller) {
        emit_dial("DialEnd", caller, *leg, {{"DialStatus", "NOANSWER"}});
        auto rna = event("AgentRingNoAnswer", "agent,all");
        add_snapshot(rna, *caller);
        add_snapshot(rna, *leg, "Dest");
        rna.add("Queue", caller->queue.name);
        rna.add("Interface", leg->queue.interface);
        rna.add("MemberName", leg->queue.member);
        rna.add("RingTime", std::to_string((sched_.now() - caller->queue.joined).count()));
        emit(std::move(rna));
    }
    emit_hangup(*leg, 0);
    destroy(leg_uid);
}

// The caller hangs up while waiting: the ringing legs are cancelled (DialEnd CANCEL, then
// hangupcalls' second DialEnd CANCEL and Hangup with no cause set), then QueueCallerAbandon
// and QueueCallerLeave, then the caller's Hangup.
void Pbx::queue_abandon(const std::string& uid, HangupSource source) {
    auto* x = find(uid);
    if (!x) return;
    if (source != HangupSource::ami) emit_channel_event("HangupRequest", *x, {{"Cause", "16"}});
    auto legs = queue_legs(uid);
    for (auto* l : legs) emit_dial("DialEnd", x, *l, {{"DialStatus", "CANCEL"}});
    for (auto* l : legs) {
        emit_dial("DialEnd", x, *l, {{"DialStatus", "CANCEL"}});
        emit_hangup(*l, 0);
        destroy(l->uniqueid);
    }
    x = find(uid);
    const std::string queue = x->queue.name;
    const auto hold_time = seconds_since(x->queue.joined, sched_.now());
    x->queue.name.clear();
    std::size_t still_waiting = 0;
    for (const auto& [id, ch] : channels_) still_waiting += ch.queue.name == queue;
    emit_queue_caller("QueueCallerAbandon", *x, {{"Queue", queue}, {"Position", "1"}, {"OriginalPosition", "1"},
                                                 {"HoldTime", hold_time}});
    emit_queue_caller("QueueCallerLeave", *x, {{"Queue", queue}, {"Position", "1"},
                                               {"Count", std::to_string(still_waiting)}});
    emit_hangup(*x, 16);
    destroy(uid);
}

// ---------------------------------------------------------------- queue actions

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
}  // namespace pbxsim
