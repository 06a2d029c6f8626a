#include "tools/csta-cli/command.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace csta_cli {

namespace {

struct Spec {
    std::string_view name;
    std::string_view usage;  // arguments
    std::string_view what;
};

// The order of help. Aliases are handled in parse_command.
constexpr Spec kSpecs[] = {
    {"monitor", "<device>", "start monitoring a device (MonitorStart)"},
    {"unmonitor", "<xref>", "stop a monitor (MonitorStop)"},
    {"makecall", "<from> <to>", "call from a device to a number (MakeCall)"},
    {"answer", "<callID> <device>", "answer an alerting call (AnswerCall)"},
    {"clear", "<callID> <device>", "drop one device from a call (ClearConnection)"},
    {"clearcall", "<callID>", "end a whole call (ClearCall)"},
    {"hold", "<callID> <device>", "put a call on hold (HoldCall)"},
    {"retrieve", "<callID> <device>", "take a held call back (RetrieveCall)"},
    {"transfer", "<callID> <device> <to>", "blind transfer (SingleStepTransferCall)"},
    {"deflect", "<callID> <device> <to>", "send an alerting call elsewhere (DeflectCall)"},
    {"park", "<callID> <device> <lot>", "park the call at the device's other party (ParkCall)"},
    {"digits", "<callID> <device> <digits>", "send DTMF digits (GenerateDigits)"},
    {"snapshot", "<device>", "calls at a device (SnapshotDevice)"},
    {"snapshotcall", "<callID>", "devices in a call (SnapshotCall)"},
    {"agent", "<device> ready|notready|login <queue>|logout <queue>", "agent state (SetAgentState)"},
    {"dnd", "<device> on|off", "do not disturb (SetDoNotDisturb)"},
    {"forward", "<device> <to>|off", "immediate call forwarding (SetForwarding)"},
    {"devices", "", "list the switch's devices (GetSwitchingFunctionDevices)"},
    {"status", "", "is the switch up? (RequestSystemStatus)"},
    {"raw", "<xml document>", "send an XML document as it is (XML sessions only)"},
    {"wait", "<seconds>", "print what arrives for a while"},
    {"wait-event", "<EventName> [seconds]", "wait for an event (fails after 10 s by default)"},
    {"help", "", "this list"},
    {"quit", "", "log out and leave (also: exit, Ctrl-D)"},
};

constexpr std::string_view kEventNames[] = {
    "ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent", "EstablishedEvent", "ConnectionClearedEvent",
    "CallClearedEvent", "FailedEvent", "HeldEvent", "RetrievedEvent", "TransferedEvent", "ConferencedEvent",
    "DivertedEvent", "QueuedEvent", "NetworkReachedEvent", "DigitsGeneratedEvent", "AgentLoggedOnEvent",
    "AgentLoggedOffEvent", "AgentReadyEvent", "AgentNotReadyEvent", "AgentWorkingAfterCallEvent",
    "AgentBusyEvent", "DoNotDisturbEvent", "ForwardingEvent",
};

std::vector<std::string> words_of(std::string_view line) {
    std::istringstream in{std::string(line)};
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

const Spec* find_spec(std::string_view name) {
    for (const auto& s : kSpecs)
        if (s.name == name) return &s;
    return nullptr;
}

ParseResult usage(std::string_view name) {
    const Spec* s = find_spec(name);
    return {std::nullopt, "usage: " + std::string(name) + (s && !s->usage.empty() ? " " + std::string(s->usage) : "")};
}

ParseResult request(csta::Request r) {
    Command c;
    c.kind = Command::Kind::request;
    c.request = std::move(r);
    return {c, {}};
}

csta::ConnectionID connection(const std::string& call, const std::string& device) {
    return csta::ConnectionID(call, csta::DeviceID(device));
}

std::optional<double> seconds_of(const std::string& s) {
    double v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v) || v < 0 || v > 86400) return std::nullopt;
    return v;
}

}  // namespace

ParseResult parse_command(std::string_view line) {
    const auto first = line.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || line[first] == '#') return {};
    auto w = words_of(line);
    std::string name = w[0];
    const std::size_t n = w.size() - 1;  // argument count

    if (name == "help" || name == "?") return {Command{Command::Kind::help}, {}};
    if (name == "quit" || name == "exit") return {Command{Command::Kind::quit}, {}};
    if (name == "raw") {
        auto start = line.find("raw", first) + 3;
        auto doc = line.substr(start);
        doc.remove_prefix(std::min(doc.find_first_not_of(" \t"), doc.size()));
        if (doc.empty()) return usage(name);
        Command c{Command::Kind::raw};
        c.text = std::string(doc);
        return {c, {}};
    }
    if (name == "wait") {
        auto s = n == 1 ? seconds_of(w[1]) : std::nullopt;
        if (!s) return usage(name);
        Command c{Command::Kind::wait};
        c.seconds = *s;
        return {c, {}};
    }
    if (name == "wait-event") {
        if (n < 1 || n > 2) return usage(name);
        auto s = n == 2 ? seconds_of(w[2]) : std::optional<double>(default_wait_event_seconds);
        if (!s) return usage(name);
        if (std::find(std::begin(kEventNames), std::end(kEventNames), w[1]) == std::end(kEventNames))
            return {std::nullopt, "unknown event '" + w[1] + "' (Tab after wait-event lists them)"};
        Command c{Command::Kind::wait_event};
        c.text = w[1];
        c.seconds = *s;
        return {c, {}};
    }
    if (name == "monitor" && n == 1) return request(csta::MonitorStart{csta::DeviceID(w[1])});
    if (name == "unmonitor" && n == 1) {
        csta::MonitorStop m;
        m.monitorCrossRefID = w[1];
        return request(m);
    }
    if (name == "makecall" && n == 2) {
        csta::MakeCall m;
        m.callingDevice = w[1];
        m.calledDirectoryNumber = w[2];
        return request(m);
    }
    if (name == "answer" && n == 2) return request(csta::AnswerCall{connection(w[1], w[2])});
    if (name == "clear" && n == 2) return request(csta::ClearConnection{connection(w[1], w[2])});
    if (name == "clearcall" && n == 1) {
        csta::ClearCall m;
        m.callToBeCleared.callID = w[1];
        return request(m);
    }
    if (name == "hold" && n == 2) return request(csta::HoldCall{connection(w[1], w[2])});
    if (name == "retrieve" && n == 2) return request(csta::RetrieveCall{connection(w[1], w[2])});
    if (name == "transfer" && n == 3) {
        csta::SingleStepTransferCall m;
        m.activeCall = connection(w[1], w[2]);
        m.transferredTo = w[3];
        return request(m);
    }
    if (name == "deflect" && n == 3) {
        csta::DeflectCall m;
        m.callToBeDiverted = connection(w[1], w[2]);
        m.newDestination = w[3];
        return request(m);
    }
    if (name == "park" && n == 3) {
        csta::ParkCall m;
        m.parking = connection(w[1], w[2]);
        m.parkTo = w[3];
        return request(m);
    }
    if (name == "digits" && n == 3) {
        csta::GenerateDigits m;
        m.connectionToSendDigits = connection(w[1], w[2]);
        m.charactersToSend = w[3];
        return request(m);
    }
    if (name == "snapshot" && n == 1) return request(csta::SnapshotDevice{csta::DeviceID(w[1])});
    if (name == "snapshotcall" && n == 1) {
        csta::SnapshotCall m;
        m.snapshotObject.callID = w[1];
        return request(m);
    }
    if (name == "agent" && (n == 2 || n == 3)) {
        csta::SetAgentState m;
        m.device = w[1];
        const std::string& what = w[2];
        if (n == 2 && what == "ready") m.requestedAgentState = csta::ReqAgentState::ready;
        else if (n == 2 && what == "notready") m.requestedAgentState = csta::ReqAgentState::notReady;
        else if (n == 3 && what == "login") m.requestedAgentState = csta::ReqAgentState::loggedOn;
        else if (n == 3 && what == "logout") m.requestedAgentState = csta::ReqAgentState::loggedOff;
        else return usage(name);
        if (n == 3) m.group = csta::DeviceID(w[3]);
        return request(m);
    }
    if (name == "dnd" && n == 2 && (w[2] == "on" || w[2] == "off")) {
        csta::SetDoNotDisturb m;
        m.device = w[1];
        m.doNotDisturbOn = w[2] == "on";
        return request(m);
    }
    if (name == "forward" && n == 2) {
        csta::SetForwarding m;
        m.device = w[1];
        m.forwardingType = csta::ForwardingType::forwardImmediate;
        m.activateForward = w[2] != "off";
        if (m.activateForward) m.forwardDN = csta::DeviceID(w[2]);
        return request(m);
    }
    if (name == "devices" && n == 0) return request(csta::GetSwitchingFunctionDevices{});
    if (name == "status" && n == 0) return request(csta::RequestSystemStatus{});
    if (find_spec(name)) return usage(name);
    return {std::nullopt, "unknown command '" + name + "' (try help)"};
}

void Variables::remember(const csta::Response& answer) {
    if (const auto* m = std::get_if<csta::MakeCallResponse>(&answer); m && m->callingDevice.callID)
        call_ = *m->callingDevice.callID;
    if (const auto* c = std::get_if<csta::ConsultationCallResponse>(&answer); c && c->initiatedCall.callID)
        call_ = *c->initiatedCall.callID;
    if (const auto* s = std::get_if<csta::MonitorStartResponse>(&answer)) xref_ = s->monitorCrossRefID;
}

std::optional<std::string> Variables::expand(std::string_view line, std::string& out) const {
    out.clear();
    for (std::size_t i = 0; i < line.size();) {
        const bool call = line.substr(i, 5) == "$call", xref = line.substr(i, 5) == "$xref";
        if (!call && !xref) {
            out += line[i++];
            continue;
        }
        const auto& value = call ? call_ : xref_;
        if (!value) return call ? "$call is not set yet (makecall sets it)" : "$xref is not set yet (monitor sets it)";
        out += *value;
        i += 5;
    }
    return std::nullopt;
}

std::vector<std::string> split_script(std::string_view script) {
    std::vector<std::string> out;
    std::string current;
    for (char ch : script) {
        if (ch == ';' || ch == '\n') {
            out.push_back(current);
            current.clear();
        } else {
            current += ch;
        }
    }
    out.push_back(current);
    std::erase_if(out, [](const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; });
    return out;
}

std::string help_text() {
    std::string out;
    for (const auto& s : kSpecs) {
        std::string left = std::string(s.name) + (s.usage.empty() ? "" : " " + std::string(s.usage));
        out += "  " + left + std::string(left.size() < 44 ? 44 - left.size() : 1, ' ') + std::string(s.what) + "\n";
    }
    out += "In commands, $call is the callID of the last makecall and $xref the last monitor's cross reference.\n";
    out += "Output: 'event <xref> <Name> key=value...', 'response <Name> ...', 'error <category>/<value>'.\n";
    return out;
}

std::vector<std::string> complete(std::string_view before, std::string_view word) {
    std::vector<std::string> out;
    auto w = words_of(before);
    auto add = [&](std::string_view candidate) {
        if (candidate.substr(0, word.size()) == word) out.emplace_back(candidate);
    };
    if (w.empty()) {
        for (const auto& s : kSpecs) add(s.name);
    } else if (w[0] == "wait-event" && w.size() == 1) {
        for (auto e : kEventNames) add(e);
    } else if (w[0] == "agent" && w.size() == 2) {
        for (auto a : {"ready", "notready", "login", "logout"}) add(a);
    } else if (w[0] == "dnd" && w.size() == 2) {
        for (auto a : {"on", "off"}) add(a);
    } else if (w[0] == "forward" && w.size() == 2) {
        add("off");
    }
    return out;
}

}  // namespace csta_cli
