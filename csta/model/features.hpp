#pragma once
// Logical device features (ECMA-269 clause 22): agent state, do-not-disturb, forwarding.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/common.hpp"
#include "csta/model/device.hpp"

namespace csta {

struct SetAgentState {
    static constexpr std::string_view kName = "SetAgentState";
    DeviceID device{};
    ReqAgentState requestedAgentState = ReqAgentState::ready;
    std::optional<std::string> agentID{};
    std::optional<std::string> password{};
    std::optional<DeviceID> group{};
    std::optional<Extensions> extensions{};
    bool operator==(const SetAgentState&) const = default;
};
struct SetAgentStateResponse {
    static constexpr std::string_view kName = "SetAgentStateResponse";
    std::optional<PendingAgentState> pendingAgentState{};
    std::optional<Extensions> extensions{};
    bool operator==(const SetAgentStateResponse&) const = default;
};

struct GetAgentState {
    static constexpr std::string_view kName = "GetAgentState";
    DeviceID device{};
    std::optional<DeviceID> acdGroup{};
    std::optional<Extensions> extensions{};
    bool operator==(const GetAgentState&) const = default;
};
struct AgentInfo {
    std::optional<DeviceID> acdGroup{};
    std::optional<AgentState> agentState{};
    std::optional<PendingAgentState> pendingAgentState{};
    std::optional<AgentStateCondition> agentStateCondition{};
    bool operator==(const AgentInfo&) const = default;
};
struct AgentStateEntry {
    std::optional<std::string> agentID{};
    bool loggedOnState = false;
    std::vector<AgentInfo> agentInfo{};  // <agentInfo><agentInfoItem>...
    bool operator==(const AgentStateEntry&) const = default;
};
struct GetAgentStateResponse {
    static constexpr std::string_view kName = "GetAgentStateResponse";
    std::vector<AgentStateEntry> agentStateList{};  // <agentStateList><agentStateEntry>...
    std::optional<Extensions> extensions{};
    bool operator==(const GetAgentStateResponse&) const = default;
};

struct SetDoNotDisturb {
    static constexpr std::string_view kName = "SetDoNotDisturb";
    DeviceID device{};
    bool doNotDisturbOn = false;
    std::optional<Extensions> extensions{};
    bool operator==(const SetDoNotDisturb&) const = default;
};
struct SetDoNotDisturbResponse {
    static constexpr std::string_view kName = "SetDoNotDisturbResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const SetDoNotDisturbResponse&) const = default;
};

struct GetDoNotDisturb {
    static constexpr std::string_view kName = "GetDoNotDisturb";
    DeviceID device{};
    std::optional<Extensions> extensions{};
    bool operator==(const GetDoNotDisturb&) const = default;
};
struct GetDoNotDisturbResponse {
    static constexpr std::string_view kName = "GetDoNotDisturbResponse";
    bool doNotDisturbOn = false;
    std::optional<Extensions> extensions{};
    bool operator==(const GetDoNotDisturbResponse&) const = default;
};

struct SetForwarding {
    static constexpr std::string_view kName = "SetForwarding";
    DeviceID device{};
    std::optional<ForwardingType> forwardingType{};
    bool activateForward = false;
    std::optional<DeviceID> forwardDN{};
    std::optional<long> ringCount{};
    std::optional<Extensions> extensions{};
    bool operator==(const SetForwarding&) const = default;
};
struct SetForwardingResponse {
    static constexpr std::string_view kName = "SetForwardingResponse";
    std::optional<Extensions> extensions{};
    bool operator==(const SetForwardingResponse&) const = default;
};

struct GetForwarding {
    static constexpr std::string_view kName = "GetForwarding";
    DeviceID device{};
    std::optional<Extensions> extensions{};
    bool operator==(const GetForwarding&) const = default;
};
struct ForwardListItem {
    ForwardingType forwardingType = ForwardingType::forwardImmediate;
    bool forwardStatus = false;
    std::optional<DeviceID> forwardDN{};
    std::optional<ForwardDefault> forwardDefault{};
    std::optional<long> ringCount{};
    bool operator==(const ForwardListItem&) const = default;
};
struct GetForwardingResponse {
    static constexpr std::string_view kName = "GetForwardingResponse";
    std::vector<ForwardListItem> forwardingList{};  // <forwardingList><forwardListItem>...
    std::optional<Extensions> extensions{};
    bool operator==(const GetForwardingResponse&) const = default;
};

}  // namespace csta
