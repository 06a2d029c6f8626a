#pragma once
// System services (ECMA-269 clause 12/16): system status, registration, the switching
// function's device list, and Escape (private data).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/common.hpp"
#include "csta/model/device.hpp"

namespace csta {

// SystemStatus travels both ways: a client may send it, and the bridge pushes it to clients
// (link to Asterisk lost: disabled; back: enabled/normal). Either side answers
// SystemStatusResponse.
struct SystemStatus {
    static constexpr std::string_view kName = "SystemStatus";
    std::optional<std::string> sysStatRegisterID{};
    SystemStatusValue systemStatus = SystemStatusValue::normal;
    std::optional<Extensions> extensions{};
    bool operator==(const SystemStatus&) const = default;
};
struct SystemStatusResponse {
    static constexpr std::string_view kName = "SystemStatusResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const SystemStatusResponse&) const = default;
};

struct SystemRegister {
    static constexpr std::string_view kName = "SystemRegister";
    std::optional<FlagSet<RequestType>> requestTypes{};
    std::optional<FlagSet<StatusFilterFlag>> requestedStatusFilter{};
    std::optional<Extensions> extensions{};
    bool operator==(const SystemRegister&) const = default;
};
struct SystemRegisterResponse {
    static constexpr std::string_view kName = "SystemRegisterResponse";
    std::string sysStatRegisterID{};
    std::optional<FlagSet<StatusFilterFlag>> actualStatusFilter{};
    std::optional<Extensions> extensions{};
    bool operator==(const SystemRegisterResponse&) const = default;
};

struct RequestSystemStatus {
    static constexpr std::string_view kName = "RequestSystemStatus";
    std::optional<std::string> sysStatRegisterID{};
    std::optional<Extensions> extensions{};
    bool operator==(const RequestSystemStatus&) const = default;
};
struct RequestSystemStatusResponse {
    static constexpr std::string_view kName = "RequestSystemStatusResponse";
    SystemStatusValue systemStatus = SystemStatusValue::normal;
    std::optional<Extensions> extensions{};
    bool operator==(const RequestSystemStatusResponse&) const = default;
};

struct GetSwitchingFunctionDevices {
    static constexpr std::string_view kName = "GetSwitchingFunctionDevices";
    std::optional<DeviceID> requestedDeviceID{};
    std::optional<ReqDeviceCategory> requestedDeviceCategory{};
    std::optional<Extensions> extensions{};
    bool operator==(const GetSwitchingFunctionDevices&) const = default;
};
struct GetSwitchingFunctionDevicesResponse {
    static constexpr std::string_view kName = "GetSwitchingFunctionDevicesResponse";
    std::string serviceCrossRefID{};
    std::optional<Extensions> extensions{};
    bool operator==(const GetSwitchingFunctionDevicesResponse&) const = default;
};

struct DeviceListDevice {
    DeviceID deviceID{};
    std::optional<DeviceCategory> deviceCategory{};
    std::optional<NamedDeviceType> namedDeviceTypes{};
    std::optional<FlagSet<DeviceAttribute>> deviceAttributes{};
    std::optional<std::string> deviceModelName{};
    bool operator==(const DeviceListDevice&) const = default;
};
// Sent by the switching function (the bridge) to the client after
// GetSwitchingFunctionDevicesResponse, in one or more segments.
struct SwitchingFunctionDevices {
    static constexpr std::string_view kName = "SwitchingFunctionDevices";
    std::string serviceCrossRefID{};
    std::optional<long> segmentID{};
    bool lastSegment = true;
    std::vector<DeviceListDevice> deviceList{};  // <deviceList><device>...
    std::optional<Extensions> extensions{};
    bool operator==(const SwitchingFunctionDevices&) const = default;
};

// Escape: the request carries security and privateData directly (no <extensions>).
struct Escape {
    static constexpr std::string_view kName = "Escape";
    std::optional<std::string> escapeRegisterID{};
    std::optional<PrivateData> privateData{};
    bool operator==(const Escape&) const = default;
};
struct EscapeResponse {
    static constexpr std::string_view kName = "EscapeResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const EscapeResponse&) const = default;
};

}  // namespace csta
