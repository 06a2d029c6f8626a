#include "tests/tools/pbx-sim/event_compare.hpp"

#include <algorithm>
#include <map>

#include "ami/parser.hpp"

namespace pbxsim_test {

const std::vector<std::string> kNoiseEvents = {
    // dialplan and media noise
    "VarSet", "Newexten", "RTCPSent", "RTCPReceived", "NewCallerid",
    // security and registration (pbx-sim has no SIP side)
    "SuccessfulAuth", "ChallengeSent", "InvalidPassword", "FailedACL", "ChallengeResponseFailed",
    "PeerStatus", "ContactStatus", "Registry",
    // per-session greeting
    "FullyBooted",
};

namespace {

// Headers that identify what happened; everything else (timestamps, CallerIDName, Language,
// Priority, RTP statistics...) is left out.
const std::vector<std::string> kKeyHeaders = {
    "Response", "Message", "EventList", "ListItems", "Ping",
    "Channel", "ChannelStateDesc", "DestChannel", "DestChannelStateDesc", "DialString", "DialStatus",
    "Cause", "Cause-txt", "BridgeUniqueid", "BridgeType", "BridgeNumChannels",
    "Reason", "Queue", "Interface", "MemberName", "Membership", "Paused", "PausedReason",
    "Device", "State", "Hint", "StatusText", "Family", "Key", "Val", "Digit", "Direction",
    "MusicClass", "Shutdown", "Restart", "Result", "TransfererChannel", "TransfereeChannel",
    "Extension", "Location", "Name",
};

const std::vector<std::string> kMattering = {
    "Newchannel", "Newstate", "DialBegin", "DialState", "DialEnd", "BridgeCreate", "BridgeEnter",
    "BridgeLeave", "BridgeDestroy", "Hangup", "HangupRequest", "SoftHangupRequest", "Hold",
    "Unhold", "BlindTransfer", "AttendedTransfer", "OriginateResponse", "QueueMemberAdded",
    "QueueMemberRemoved", "QueueMemberPause", "QueueMemberStatus", "QueueParams", "QueueMember",
    "QueueStatusComplete", "Shutdown", "DBGetResponse", "DBGetComplete",
};

bool is_channel_header(const std::string& h) {
    return h == "Channel" || h == "DestChannel" || h == "TransfererChannel" || h == "TransfereeChannel";
}

}  // namespace

std::string Aliases::channel(const std::string& name) {
    for (const auto& [n, a] : channels_)
        if (n == name) return a;
    auto dash = name.rfind('-');
    std::string device = dash == std::string::npos ? name : name.substr(0, dash);
    int count = 1;
    for (const auto& [n, a] : channels_)
        if (a.rfind(device + "#", 0) == 0) ++count;
    auto alias = device + "#" + std::to_string(count);
    channels_.emplace_back(name, alias);
    return alias;
}

std::string Aliases::name_of(const std::string& alias) const {
    for (const auto& [n, a] : channels_)
        if (a == alias) return n;
    return {};
}

std::string Aliases::id(const std::string& value, const char* kind) {
    if (value.empty() || value == "<null>") return value;
    for (const auto& [v, a] : ids_)
        if (v == value) return a;
    int count = 1;
    for (const auto& [v, a] : ids_)
        if (a.rfind(std::string(kind) + "#", 0) == 0) ++count;
    auto alias = std::string(kind) + "#" + std::to_string(count);
    ids_.emplace_back(value, alias);
    return alias;
}

bool is_noise(const ami::Message& m) {
    const auto name = m.event_name();
    if (name.empty()) return false;
    for (const auto& n : kNoiseEvents)
        if (ami::iequals(n, name)) return true;
    // Queue availability hints (Queue:q-test_avail): pbx-sim does not simulate them.
    if (ami::iequals(name, "DeviceStateChange") && m.get("Device").find("_avail") != std::string_view::npos)
        return true;
    return false;
}

std::vector<NormalizedMessage> normalize(const std::vector<ami::Message>& stream, Aliases& aliases) {
    std::vector<NormalizedMessage> out;
    for (const auto& m : stream) {
        if (is_noise(m)) continue;
        NormalizedMessage n;
        const std::string name(m.kind() == ami::MessageKind::event ? m.event_name() : std::string_view("Response"));
        n.text = m.kind() == ami::MessageKind::event ? "Event " + name : std::string("Reply");
        for (const auto& h : kKeyHeaders) {
            auto v = m.find(h);
            if (!v) continue;
            std::string value(*v);
            // The Dest snapshot of DialBegin/DialState races with the callee's 180 inside
            // Asterisk: the same story records Down or Ringing from run to run.
            if (h == "DestChannelStateDesc" && (name == "DialBegin" || name == "DialState")) continue;
            if (is_channel_header(h)) {
                // OriginateResponse Failure names the dial string, not a channel.
                value = value.find('-') == std::string::npos ? value : aliases.channel(value);
            } else if (h == "BridgeUniqueid") {
                value = aliases.id(value, "bridge");
            }
            n.text += " " + h + "=" + value;
        }
        if (name == "Newchannel" || name == "OriginateResponse")
            n.text += " Context=" + std::string(m.get("Context")) + " Exten=" + std::string(m.get("Exten"));
        if (name == "NewConnectedLine") n.text += " ConnectedLineNum=" + std::string(m.get("ConnectedLineNum"));
        if (name == "ExtensionStatus") n.text += " Exten=" + std::string(m.get("Exten"));
        if (m.has("Uniqueid")) n.text += " Uniqueid=" + aliases.id(std::string(m.get("Uniqueid")), "uid");
        if (m.has("Linkedid")) n.text += " Linkedid=" + aliases.id(std::string(m.get("Linkedid")), "uid");
        if (m.has("ActionID")) n.text += " ActionID=" + std::string(m.action_id());

        // Lane: responses and per-action lists stay together; events by what they are about.
        if (m.kind() != ami::MessageKind::event || m.has("ActionID")) n.lane = "session";
        else if (m.has("Channel") && m.get("Channel").find('-') != std::string_view::npos)
            n.lane = aliases.channel(std::string(m.get("Channel")));
        else if (m.has("DestChannel")) n.lane = aliases.channel(std::string(m.get("DestChannel")));
        else if (m.has("BridgeUniqueid")) n.lane = aliases.id(std::string(m.get("BridgeUniqueid")), "bridge");
        else if (m.has("Queue") && m.has("Interface"))
            n.lane = "queue " + std::string(m.get("Queue")) + " " + std::string(m.get("Interface"));
        else if (m.has("Device")) n.lane = "device " + std::string(m.get("Device"));
        else if (ami::iequals(name, "ExtensionStatus")) n.lane = "hint " + std::string(m.get("Exten"));
        else n.lane = "global";

        n.matters = m.kind() != ami::MessageKind::event ||
                    std::find(kMattering.begin(), kMattering.end(), name) != kMattering.end();
        out.push_back(std::move(n));
    }
    return out;
}

std::vector<ami::Message> received_messages(const ami::Transcript& t) {
    ami::Parser parser(true);
    std::vector<ami::Message> out;
    for (const auto& c : t.chunks) {
        if (c.direction != ami::TranscriptChunk::Direction::from_asterisk) continue;
        parser.feed(c.bytes);
        while (auto o = parser.next())
            if (auto* m = std::get_if<ami::Message>(&*o)) out.push_back(*m);
    }
    return out;
}

std::vector<Difference> compare(const std::vector<NormalizedMessage>& recorded,
                                const std::vector<NormalizedMessage>& simulated) {
    std::map<std::string, std::pair<std::vector<const NormalizedMessage*>, std::vector<const NormalizedMessage*>>> lanes;
    for (const auto& r : recorded) lanes[r.lane].first.push_back(&r);
    for (const auto& s : simulated) lanes[s.lane].second.push_back(&s);
    std::vector<Difference> diffs;
    for (const auto& [lane, seqs] : lanes) {
        const auto& a = seqs.first;
        const auto& b = seqs.second;
        // LCS table, then walk it to list what is only on one side.
        std::vector<std::vector<int>> l(a.size() + 1, std::vector<int>(b.size() + 1, 0));
        for (std::size_t i = a.size(); i-- > 0;)
            for (std::size_t j = b.size(); j-- > 0;)
                l[i][j] = a[i]->text == b[j]->text ? l[i + 1][j + 1] + 1 : std::max(l[i + 1][j], l[i][j + 1]);
        std::size_t i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a[i]->text == b[j]->text) {
                ++i;
                ++j;
            } else if (j < b.size() && (i == a.size() || l[i][j + 1] >= l[i + 1][j])) {
                diffs.push_back({lane, "+ " + b[j]->text, b[j]->matters});
                ++j;
            } else {
                diffs.push_back({lane, "- " + a[i]->text, a[i]->matters});
                ++i;
            }
        }
    }
    return diffs;
}

}  // namespace pbxsim_test
