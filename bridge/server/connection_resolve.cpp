#include "bridge/server/connection_resolve.hpp"

#include "bridge/server/access.hpp"

namespace bridge {

namespace {

using Op = csta::OperationError;

// The ConnectionID parameters of each request that takes one. A call-level parameter (the
// call of ClearCall, SnapshotCall, a call monitor) is complete with its callID alone: only a
// deviceID-only one is completed there.
struct Parameter {
    csta::ConnectionID* id;
    bool call_level = false;
};
std::vector<Parameter> connection_parameters(csta::Request& request) {
    std::vector<Parameter> out;
    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, csta::ClearConnection>) out = {Parameter{&r.connectionToBeCleared}};
            else if constexpr (std::is_same_v<T, csta::ClearCall>) out = {Parameter{&r.callToBeCleared, true}};
            else if constexpr (std::is_same_v<T, csta::SingleStepTransferCall>) out = {Parameter{&r.activeCall}};
            else if constexpr (std::is_same_v<T, csta::ConsultationCall>) out = {Parameter{&r.existingCall}};
            else if constexpr (std::is_same_v<T, csta::DeflectCall>) out = {Parameter{&r.callToBeDiverted}};
            else if constexpr (std::is_same_v<T, csta::ParkCall>) out = {Parameter{&r.parking}};
            else if constexpr (std::is_same_v<T, csta::GenerateDigits>) out = {Parameter{&r.connectionToSendDigits}};
            else if constexpr (std::is_same_v<T, csta::HoldCall>) out = {Parameter{&r.callToBeHeld}};
            else if constexpr (std::is_same_v<T, csta::RetrieveCall>) out = {Parameter{&r.callToBeRetrieved}};
            else if constexpr (std::is_same_v<T, csta::AnswerCall>) out = {Parameter{&r.callToBeAnswered}};
            else if constexpr (std::is_same_v<T, csta::TransferCall> || std::is_same_v<T, csta::ConferenceCall> ||
                               std::is_same_v<T, csta::AlternateCall> || std::is_same_v<T, csta::ReconnectCall>)
                out = {Parameter{&r.heldCall}, Parameter{&r.activeCall}};
            else if constexpr (std::is_same_v<T, csta::SnapshotCall>) out = {Parameter{&r.snapshotObject, true}};
            else if constexpr (std::is_same_v<T, csta::MonitorStart>) {
                if (auto* c = std::get_if<csta::ConnectionID>(&r.monitorObject)) out = {Parameter{c, true}};
            }
        },
        request);
    return out;
}

bool may_use(const UserConfig* user, const std::string& device) {
    return !user || device_permitted(user->devices, device);
}

std::string joined(const std::vector<std::string>& items) {
    std::string s;
    for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
    return s;
}

std::optional<ConnectionRefusal> complete(csta::ConnectionID& c, bool call_level, const ConnectionLookup& lookup,
                                          const UserConfig* user) {
    if (c.deviceID && !c.callID) {
        const auto& device = c.deviceID->value;
        if (!may_use(user, device))
            return ConnectionRefusal{csta::ErrorCode(Op::privilegeViolationSpecifiedDevice),
                                     "connection named by device " + device + " only: the user may not use that device"};
        const auto calls = lookup.calls_of_device(device);
        if (calls.size() != 1)
            return ConnectionRefusal{csta::ErrorCode(Op::invalidConnectionID),
                                     "connection named by device " + device + " only, but device " + device + " has " +
                                         (calls.empty() ? std::string("no connection")
                                                        : std::to_string(calls.size()) + " connections (calls " + joined(calls) +
                                                              "): give the callID too")};
        c.callID = calls.front();
    } else if (c.callID && !c.deviceID && !call_level) {
        std::vector<std::string> mine;
        for (const auto& d : lookup.devices_of_call(*c.callID))
            if (may_use(user, d)) mine.push_back(d);
        // The same answer whether the call is unknown or only has no connection the user may
        // see: a callID alone must not tell whether someone else's call exists.
        if (mine.size() != 1)
            return ConnectionRefusal{csta::ErrorCode(Op::invalidConnectionID),
                                     "connection named by call " + *c.callID + " only, but that call has " +
                                         (mine.empty() ? std::string("no connection at a device the user may use")
                                                       : std::to_string(mine.size()) + " connections at devices the user may use (" +
                                                             joined(mine) + "): give the deviceID too")};
        c.deviceID = csta::DeviceID(mine.front());
    }
    return std::nullopt;
}

}  // namespace

std::optional<ConnectionRefusal> complete_connections(csta::Request& request, const ConnectionLookup& lookup,
                                                      const UserConfig* user) {
    for (auto& p : connection_parameters(request))
        if (auto refusal = complete(*p.id, p.call_level, lookup, user)) return refusal;
    return std::nullopt;
}

}  // namespace bridge
