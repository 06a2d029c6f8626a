// Calls from a carrier trunk (CALL-MODEL flow 15), as the recorded Asterisk 22 reports them
// (trunk-inbound-answered, trunk-inbound-queue; tests/data/asterisk-conf: endpoint
// trunk-carrier, context from-trunk): the trunk's channel appears ringing with the carrier's
// caller number and the DID as Exten, in the trunk's context; a DID routed to a phone runs
// NoOp + Dial(PJSIP/<ext>,30,tT), one routed to a queue's extension Answer() then, about
// half a second later, Queue(name).
#include "tools/pbx-sim/pbx.hpp"

namespace pbxsim {

namespace {
// Answer() to Queue() in the recording (0.418 -> 0.918): Answer waits for media to settle.
constexpr Millis kAnswerToQueue{500};

ami::Message trunk_response(const ami::Message& a, std::string_view status, std::string_view message) {
    ami::Message r;
    r.add("Response", status);
    if (auto id = a.action_id(); !id.empty()) r.add("ActionID", id);
    r.add("Message", message);
    return r;
}
}  // namespace

std::string Pbx::trunk_call(const std::string& trunk, const std::string& caller_num, const std::string& did) {
    const auto t = cfg_.trunks.find(trunk);
    if (t == cfg_.trunks.end()) return "unknown trunk " + trunk;
    const auto route = t->second.dids.find(did);
    if (route == t->second.dids.end()) return "DID " + did + " is not routed by trunk " + trunk;
    if (caller_num.empty()) return "no caller number";
    if (channels_.size() >= 20000) return "too many channels";
    auto& c = new_channel(trunk, ChanState::ring, caller_num, "<unknown>", did, "", std::nullopt, t->second.context);
    c.runs_dialplan = true;
    ++processed_calls_;
    const auto uid = c.uniqueid;
    const auto target = route->second;
    update_device(trunk);
    for (const auto& [name, q] : cfg_.queues)
        if (!q.exten.empty() && q.exten == target) {
            c.priority = 1;  // Answer(), then Queue(name)
            set_state(c, ChanState::up);
            const auto queue = name;
            sched_.schedule(kAnswerToQueue, [this, uid, queue] {
                if (auto* ch = find(uid)) {
                    ch->priority = 2;
                    join_queue(uid, queue);
                }
            });
            return {};
        }
    if (!endpoint(target)) return "DID " + did + " reaches " + target + ", which is no phone or queue";
    c.priority = 2;  // NoOp, then the Dial() priority
    dial(uid, target);
    return {};
}

std::optional<std::vector<ami::Message>> Pbx::trunk_action(const ami::Message& a) {
    const auto name = a.action_name();
    if (ami::iequals(name, "SimTrunkCall")) {
        std::string trunk(a.get("Trunk"));
        if (trunk.empty() && cfg_.trunks.size() == 1) trunk = cfg_.trunks.begin()->first;
        const std::string from(a.get("From")), to(a.get("To"));
        const auto t = cfg_.trunks.find(trunk);
        if (t == cfg_.trunks.end()) return std::vector{trunk_response(a, "Error", "Unknown trunk")};
        if (from.empty()) return std::vector{trunk_response(a, "Error", "From (the caller number) is required")};
        if (!t->second.dids.count(to)) return std::vector{trunk_response(a, "Error", "Unknown DID in To")};
        sched_.schedule(Millis{0}, [this, trunk, from, to] { (void)trunk_call(trunk, from, to); });
        return std::vector{trunk_response(a, "Success", "Call queued")};
    }
    if (ami::iequals(name, "SimHangup") && is_trunk(std::string(a.get("Exten")))) {
        const std::string trunk(a.get("Exten"));
        sched_.schedule(Millis{0}, [this, trunk] { (void)phone_hangup(trunk); });
        return std::vector{trunk_response(a, "Success", "Hangup queued")};
    }
    return std::nullopt;
}

}  // namespace pbxsim
