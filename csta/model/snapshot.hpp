#pragma once
// Snapshot services (ECMA-269 clause 20): SnapshotDevice, SnapshotCall.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/common.hpp"
#include "csta/model/connection.hpp"

namespace csta {

struct SnapshotDevice {
    static constexpr std::string_view kName = "SnapshotDevice";
    DeviceID snapshotObject{};
    std::optional<Extensions> extensions{};
    bool operator==(const SnapshotDevice&) const = default;
};
// One call the device takes part in.
struct SnapshotDeviceResponseInfo {
    ConnectionID connectionIdentifier{};
    std::optional<SubjectDeviceID> endpointDevice{};
    std::optional<CallState> localCallState{};
    std::optional<ServicesPermitted> servicesPermitted{};
    bool operator==(const SnapshotDeviceResponseInfo&) const = default;
};
// crossRefIDorSnapshotData: either the data inline (snapshotData) or a serviceCrossRefID
// announcing SnapshotDeviceData segments (the bridge always answers inline).
struct SnapshotDeviceResponse {
    static constexpr std::string_view kName = "SnapshotDeviceResponse";
    std::optional<std::string> serviceCrossRefID{};
    std::vector<SnapshotDeviceResponseInfo> snapshotData{};
    std::optional<Extensions> extensions{};
    bool operator==(const SnapshotDeviceResponse&) const = default;
};

struct SnapshotCall {
    static constexpr std::string_view kName = "SnapshotCall";
    ConnectionID snapshotObject{};
    std::optional<Extensions> extensions{};
    bool operator==(const SnapshotCall&) const = default;
};
// One device on the call.
struct SnapshotCallResponseInfo {
    SubjectDeviceID deviceOnCall{};
    std::optional<ConnectionID> callIdentifier{};
    std::optional<LocalConnectionState> localConnectionInfo{};
    std::optional<ServicesPermitted> servicesPermitted{};
    bool operator==(const SnapshotCallResponseInfo&) const = default;
};
struct SnapshotCallResponse {
    static constexpr std::string_view kName = "SnapshotCallResponse";
    std::optional<std::string> serviceCrossRefID{};
    std::vector<SnapshotCallResponseInfo> snapshotData{};
    std::optional<CallingDeviceID> callingDevice{};
    std::optional<CalledDeviceID> calledDevice{};
    std::optional<CorrelatorData> correlatorData{};
    std::optional<Extensions> extensions{};
    bool operator==(const SnapshotCallResponse&) const = default;
};

}  // namespace csta
