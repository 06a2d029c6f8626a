#include "bridge/core/golden_format.hpp"

#include <map>
#include <sstream>
#include <type_traits>
#include <variant>

namespace bridge {

namespace {

using Alias = std::function<std::string(const std::string&)>;

std::string device(const csta::DeviceID& d) { return d.value.empty() ? "-" : d.value; }
std::string device(const csta::ExtendedDeviceID& d) { return d.known() ? device(d.device) : "-"; }
template <class T>
std::string device(const std::optional<T>& d) { return d ? device(*d) : "-"; }

std::string connection(const csta::ConnectionID& c, const Alias& alias) {
    if (!c.valid()) return "-";
    std::string s = c.callID ? alias(*c.callID) : "-";
    s += ":";
    s += c.deviceID ? device(*c.deviceID) : "-";
    return s;
}
std::string connection(const std::optional<csta::ConnectionID>& c, const Alias& alias) {
    return c ? connection(*c, alias) : "-";
}
std::string call_of(const csta::ConnectionID& c, const Alias& alias) {
    // primaryOldCall/secondaryOldCall/clearedCall are ConnectionIDs: written as connections.
    return connection(c, alias);
}
std::string list(const csta::ConnectionList& l, const Alias& alias) {
    std::string s = "[";
    for (std::size_t i = 0; i < l.size(); ++i) {
        if (i) s += ",";
        s += connection(l[i].oldConnection, alias) + ">" + connection(l[i].newConnection, alias);
    }
    return s + "]";
}
std::string state(const std::optional<csta::LocalConnectionState>& s) {
    return s ? std::string(csta::to_string(*s)) : "-";
}
std::string cause(csta::EventCause c) { return std::string(csta::to_string(c)); }
std::string cause(const std::optional<csta::EventCause>& c) { return c ? cause(*c) : "-"; }
std::string text(const std::optional<std::string>& s) { return s && !s->empty() ? *s : "-"; }

// privateData as `string:"..."` / `private:"..."`, C-escaped (\n, \r, \t, \\, \") so that
// one event stays one line.
std::string private_data(const csta::PrivateData& d) {
    std::string s = d.form == csta::PrivateData::Form::string ? "string:\"" : "private:\"";
    for (const char c : d.bytes) {
        switch (c) {
            case '\n': s += "\\n"; break;
            case '\r': s += "\\r"; break;
            case '\t': s += "\\t"; break;
            case '\\': s += "\\\\"; break;
            case '"': s += "\\\""; break;
            default: s += c;
        }
    }
    return s + "\"";
}

struct Line {
    std::ostringstream os;
    void field(const char* name, const std::string& v) { os << ' ' << name << '=' << v; }
    // What the network gave for a call from a trunk (ECMA-269 networkCallingDevice /
    // networkCalledDevice): written after cause, in schema order, only when the event has them.
    template <class Ev>
    void network(const Ev& ev) {
        if (ev.networkCallingDevice) field("networkCallingDevice", device(ev.networkCallingDevice));
        if (ev.networkCalledDevice) field("networkCalledDevice", device(ev.networkCalledDevice));
    }
};

}  // namespace

std::string render_event_line(const csta::Event& e, const Alias& a) {
    Line l;
    std::visit([&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        l.os << T::kName;
        if constexpr (std::is_same_v<T, csta::ServiceInitiatedEvent>) {
            l.field("initiatedConnection", connection(ev.initiatedConnection, a));
            l.field("initiatingDevice", device(ev.initiatingDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::OriginatedEvent>) {
            l.field("originatedConnection", connection(ev.originatedConnection, a));
            l.field("callingDevice", device(ev.callingDevice));
            l.field("calledDevice", device(ev.calledDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
            l.network(ev);
        } else if constexpr (std::is_same_v<T, csta::DeliveredEvent>) {
            l.field("connection", connection(ev.connection, a));
            l.field("alertingDevice", device(ev.alertingDevice));
            l.field("callingDevice", device(ev.callingDevice));
            l.field("calledDevice", device(ev.calledDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
            l.network(ev);
        } else if constexpr (std::is_same_v<T, csta::EstablishedEvent>) {
            l.field("establishedConnection", connection(ev.establishedConnection, a));
            l.field("answeringDevice", device(ev.answeringDevice));
            l.field("callingDevice", device(ev.callingDevice));
            l.field("calledDevice", device(ev.calledDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
            l.network(ev);
        } else if constexpr (std::is_same_v<T, csta::ConnectionClearedEvent>) {
            l.field("droppedConnection", connection(ev.droppedConnection, a));
            l.field("releasingDevice", device(ev.releasingDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::CallClearedEvent>) {
            l.field("clearedCall", call_of(ev.clearedCall, a));
            l.field("localConnectionInfo", "-");
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::FailedEvent>) {
            l.field("failedConnection", connection(ev.failedConnection, a));
            l.field("failingDevice", device(ev.failingDevice));
            l.field("callingDevice", device(ev.callingDevice));
            l.field("calledDevice", device(ev.calledDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
            l.network(ev);
        } else if constexpr (std::is_same_v<T, csta::HeldEvent>) {
            l.field("heldConnection", connection(ev.heldConnection, a));
            l.field("holdingDevice", device(ev.holdingDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::RetrievedEvent>) {
            l.field("retrievedConnection", connection(ev.retrievedConnection, a));
            l.field("retrievingDevice", device(ev.retrievingDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::TransferredEvent>) {
            l.field("primaryOldCall", call_of(ev.primaryOldCall, a));
            l.field("secondaryOldCall", connection(ev.secondaryOldCall, a));
            l.field("transferringDevice", device(ev.transferringDevice));
            l.field("transferredToDevice", device(ev.transferredToDevice));
            l.field("transferredConnections", list(ev.transferredConnections, a));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::ConferencedEvent>) {
            l.field("primaryOldCall", call_of(ev.primaryOldCall, a));
            l.field("secondaryOldCall", connection(ev.secondaryOldCall, a));
            l.field("conferencingDevice", device(ev.conferencingDevice));
            l.field("addedParty", device(ev.addedParty));
            l.field("conferenceConnections", list(ev.conferenceConnections, a));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::DivertedEvent>) {
            l.field("connection", connection(ev.connection, a));
            l.field("divertingDevice", device(ev.divertingDevice));
            l.field("newDestination", device(ev.newDestination));
            l.field("callingDevice", device(ev.callingDevice));
            l.field("calledDevice", device(ev.calledDevice));
            l.field("lastRedirectionDevice", device(ev.lastRedirectionDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
            l.network(ev);
        } else if constexpr (std::is_same_v<T, csta::QueuedEvent>) {
            l.field("queuedConnection", connection(ev.queuedConnection, a));
            l.field("queue", device(ev.queue));
            l.field("callingDevice", device(ev.callingDevice));
            l.field("calledDevice", device(ev.calledDevice));
            l.field("localConnectionInfo", state(ev.localConnectionInfo));
            l.field("cause", cause(ev.cause));
            l.network(ev);
        } else if constexpr (std::is_same_v<T, csta::AgentLoggedOnEvent> || std::is_same_v<T, csta::AgentLoggedOffEvent>) {
            l.field("agentDevice", device(ev.agentDevice));
            l.field("agentID", text(ev.agentID));
            l.field("acdGroup", device(ev.acdGroup));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::AgentReadyEvent> || std::is_same_v<T, csta::AgentNotReadyEvent>) {
            l.field("agentDevice", device(ev.agentDevice));
            l.field("agentID", text(ev.agentID));
            l.field("cause", cause(ev.cause));
        } else if constexpr (std::is_same_v<T, csta::ForwardingEvent>) {
            l.field("device", device(ev.device));
            l.field("forwardingType", std::string(csta::to_string(ev.forwardingType)));
            l.field("forwardStatus", ev.forwardStatus ? "true" : "false");
            l.field("forwardTo", device(ev.forwardTo));
        } else if constexpr (std::is_same_v<T, csta::DigitsGeneratedEvent>) {
            l.field("connection", connection(ev.connection, a));
            l.field("digitGeneratedList", text(ev.digitGeneratedList));
            l.field("cause", "-");
        } else if constexpr (std::is_same_v<T, csta::PrivateEvent>) {
            l.field("privateData", private_data(ev.privateData));
        }
        // Other events are not produced by the call model; their name alone is written.
    }, e);
    return l.os.str();
}

std::string render_golden(const std::vector<Emitted>& events, const std::optional<std::set<std::string>>& monitors) {
    // Per device, in arrival order, as that device's monitor receives it.
    std::map<std::string, std::vector<csta::Event>> views;
    for (const auto& e : events)
        for (const auto& r : e.recipients) {
            if (monitors && !monitors->count(r.device)) continue;
            views[r.device].push_back(for_recipient(e, r, {}));
        }
    std::map<std::string, std::string> aliases;
    Alias alias = [&](const std::string& call) {
        auto it = aliases.find(call);
        if (it == aliases.end()) it = aliases.emplace(call, "C" + std::to_string(aliases.size() + 1)).first;
        return it->second;
    };
    std::ostringstream os;
    if (views.empty()) {
        os << "no events\n";
        return os.str();
    }
    for (const auto& [device, evs] : views) {
        os << "monitor " << device << "\n";
        for (const auto& ev : evs) os << "  " << render_event_line(ev, alias) << "\n";
    }
    return os.str();
}

std::vector<std::string> golden_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        out.push_back(line);
    }
    return out;
}

}  // namespace bridge
