#pragma once
// Calls and connections: ConnectionID, connection states, connection lists.
#include <optional>
#include <string>
#include <vector>

#include "csta/model/device.hpp"

namespace csta {

// ConnectionID: callID and/or deviceID (at least one). In XML a sequence of optional
// <callID>, <deviceID>; in BER a CHOICE callID | deviceID | both. deviceID is a LocalDeviceID:
// a static DeviceID, or a dynamic ID (typeOfNumber == TypeOfNumber::dynamic).
struct ConnectionID {
    std::optional<std::string> callID{};
    std::optional<DeviceID> deviceID{};

    ConnectionID() = default;
    ConnectionID(std::string call, DeviceID device) : callID(std::move(call)), deviceID(std::move(device)) {}

    bool valid() const noexcept { return callID.has_value() || deviceID.has_value(); }
    bool operator==(const ConnectionID&) const = default;
};

// ECMA-269 connection states. `null` exists in ECMA-269/285; ECMA-323 ed6 lists only the
// others, but ed3 clients accept "null" and the bridge reports it after a clear.
enum class LocalConnectionState : std::uint8_t { null, initiated, alerting, connected, hold, queued, fail };
template <>
std::span<const std::string_view> literals<LocalConnectionState>() noexcept;

// ConnectionListItem (Transferred/Conferenced events, transfer/conference responses).
// endpoint is deviceID | notKnown | restricted.
struct ConnectionListItem {
    std::optional<ConnectionID> newConnection{};
    std::optional<ConnectionID> oldConnection{};
    std::optional<ExtendedDeviceID> endpoint{};

    bool operator==(const ConnectionListItem&) const = default;
};
using ConnectionList = std::vector<ConnectionListItem>;

// SnapshotDevice: the state of the device's connection in a call. XML CallState is
// compoundCallState (list of LocalConnectionState) | simpleCallState | unknown; the model keeps
// the compound list (empty = unknown).
struct CallState {
    std::vector<LocalConnectionState> compound{};
    bool operator==(const CallState&) const = default;
};

}  // namespace csta
