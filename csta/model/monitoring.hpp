#pragma once
// Monitoring services: MonitorStart / MonitorStop / ChangeMonitorFilter.
#include <optional>
#include <variant>

#include "csta/model/common.hpp"
#include "csta/model/connection.hpp"

namespace csta {

// MonitorFilter: a flag that is SET means the event is filtered OUT (not reported), as in
// ECMA-269. Element names: callcontrol (sic), callAssociated, mediaAttachment,
// physicalDeviceFeature, logicalDeviceFeature, maintenance, voice.
struct MonitorFilter {
    FlagSet<CallControlEvent> callcontrol{};
    FlagSet<CallAssociatedEvent> callAssociated{};
    FlagSet<MediaAttachmentEvent> mediaAttachment{};
    FlagSet<PhysicalDeviceFeatureEvent> physicalDeviceFeature{};
    FlagSet<LogicalDeviceFeatureEvent> logicalDeviceFeature{};
    FlagSet<DeviceMaintenanceEvent> maintenance{};
    FlagSet<VoiceEvent> voice{};
    bool operator==(const MonitorFilter&) const = default;
};

// CSTAObject: <deviceObject> or <callObject>.
using MonitorObject = std::variant<DeviceID, ConnectionID>;

struct MonitorStart {
    static constexpr std::string_view kName = "MonitorStart";
    MonitorObject monitorObject{};
    std::optional<MonitorFilter> requestedMonitorFilter{};
    std::optional<MonitorType> monitorType{};
    std::optional<FlagSet<MonitorMediaClassFlag>> requestedMonitorMediaClass{};
    std::optional<Extensions> extensions{};
    bool operator==(const MonitorStart&) const = default;
};
struct MonitorStartResponse {
    static constexpr std::string_view kName = "MonitorStartResponse";
    MonitorCrossRefID monitorCrossRefID{};
    std::optional<MonitorFilter> actualMonitorFilter{};
    std::optional<FlagSet<MonitorMediaClassFlag>> actualMonitorMediaClass{};
    std::optional<bool> monitorExistingCalls{};
    std::optional<Extensions> extensions{};
    bool operator==(const MonitorStartResponse&) const = default;
};

struct MonitorStop {
    static constexpr std::string_view kName = "MonitorStop";
    MonitorCrossRefID monitorCrossRefID{};
    std::optional<Extensions> extensions{};
    bool operator==(const MonitorStop&) const = default;
};
struct MonitorStopResponse {
    static constexpr std::string_view kName = "MonitorStopResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const MonitorStopResponse&) const = default;
};

struct ChangeMonitorFilter {
    static constexpr std::string_view kName = "ChangeMonitorFilter";
    MonitorCrossRefID monitorCrossRefID{};
    MonitorFilter requestedFilterList{};
    std::optional<Extensions> extensions{};
    bool operator==(const ChangeMonitorFilter&) const = default;
};
struct ChangeMonitorFilterResponse {
    static constexpr std::string_view kName = "ChangeMonitorFilterResponse";
    std::optional<MonitorFilter> actualFilterList{};
    std::optional<Extensions> extensions{};
    bool operator==(const ChangeMonitorFilterResponse&) const = default;
};

}  // namespace csta
