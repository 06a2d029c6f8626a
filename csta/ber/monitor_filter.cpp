// MonitorFilter (ECMA-285 status-reporting) <-> csta::MonitorFilter. The two categories the
// bridge reports (call control, logical device feature) are tabled here by ECMA-285 bit name
// and number (see bit_flags.hpp). The other categories are not mapped (the bridge never
// reports those events).
#include <array>

#include "csta/ber/bit_flags.hpp"
#include "csta/ber/field_map.hpp"

namespace csta::ber::map {
namespace {

using bits::Bit;

constexpr std::array<Bit, 18> call_control_bits{{
    {"callCleared", 0}, {"conferenced", 1}, {"connectionCleared", 2}, {"delivered", 3}, {"diverted", 4},
    {"established", 5}, {"failed", 6}, {"held", 7}, {"networkReached", 8}, {"originated", 9}, {"queued", 10},
    {"retrieved", 11}, {"serviceInitiated", 12}, {"transferred", 13}, {"digitsDialed", 14}, {"bridged", 15},
    {"networkCapabilitiesChanged", 16}, {"offered", 17},
}};
constexpr std::array<Bit, 15> logical_bits{{
    {"agentBusy", 0}, {"agentLoggedOn", 1}, {"agentLoggedOff", 2}, {"agentNotReady", 3}, {"agentReady", 4},
    {"agentWorkingAfterCall", 5}, {"autoAnswer", 6}, {"autoWorkMode", 7}, {"callBack", 8}, {"callBackMessage", 9},
    {"callerIDStatus", 10}, {"doNotDisturb", 11}, {"forwarding", 12}, {"routeingMode", 13}, {"presenceState", 14},
}};

}  // namespace

void ToAsn::operator()(const MonitorFilter& m, MonitorFilter_t& a) const {
    a.callControl = bits::optional_bits(m.callcontrol, call_control_bits);
    a.logicalDeviceFeature = bits::optional_bits(m.logicalDeviceFeature, logical_bits);
}

void FromAsn::operator()(MonitorFilter& m, const MonitorFilter_t& a) const {
    m = MonitorFilter{};
    m.callcontrol = bits::read<CallControlEvent>(a.callControl, call_control_bits);
    m.logicalDeviceFeature = bits::read<LogicalDeviceFeatureEvent>(a.logicalDeviceFeature, logical_bits);
}

}  // namespace csta::ber::map
