// MonitorFilter (ECMA-285 status-reporting) <-> csta::MonitorFilter. The filter categories are
// BIT STRINGs with named bits; asn1c keeps bit names only as C enum constants, so the two
// categories the bridge reports (call control, logical device feature) are tabled here by
// ECMA-285 name and bit number and matched to the model's flags by name. The other categories
// are not mapped (the bridge never reports those events).
#include <algorithm>

#include <array>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "csta/ber/field_map.hpp"

namespace csta::ber::map {
namespace {

using Bit = std::pair<std::string_view, unsigned>;

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

template <class E, std::size_t N>
BIT_STRING_t* to_bits(const FlagSet<E>& flags, const std::array<Bit, N>& table) {
    int highest = -1;
    for (const auto& [name, bit] : table)
        if (const auto f = from_string<E>(name); f && flags.test(*f)) highest = std::max(highest, static_cast<int>(bit));
    if (highest < 0) return nullptr;  // DEFAULT { }: left out
    auto* b = asn1::alloc<BIT_STRING_t>();
    b->size = highest / 8 + 1;
    b->bits_unused = 7 - highest % 8;
    b->buf = static_cast<std::uint8_t*>(std::calloc(static_cast<std::size_t>(b->size), 1));
    if (!b->buf) throw std::bad_alloc();
    for (const auto& [name, bit] : table)
        if (const auto f = from_string<E>(name); f && flags.test(*f)) b->buf[bit / 8] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
    return b;
}

template <class E, std::size_t N>
FlagSet<E> from_bits(const BIT_STRING_t* b, const std::array<Bit, N>& table) {
    FlagSet<E> flags;
    if (!b || !b->buf) return flags;
    const int bits = b->size * 8 - (b->bits_unused & 7);
    for (const auto& [name, bit] : table)
        if (static_cast<int>(bit) < bits && (b->buf[bit / 8] & (0x80u >> (bit % 8))))
            if (const auto f = from_string<E>(name)) flags.set(*f);
    return flags;
}

}  // namespace

void ToAsn::operator()(const MonitorFilter& m, MonitorFilter_t& a) const {
    a.callControl = to_bits(m.callcontrol, call_control_bits);
    a.logicalDeviceFeature = to_bits(m.logicalDeviceFeature, logical_bits);
}

void FromAsn::operator()(MonitorFilter& m, const MonitorFilter_t& a) const {
    m = MonitorFilter{};
    m.callcontrol = from_bits<CallControlEvent>(a.callControl, call_control_bits);
    m.logicalDeviceFeature = from_bits<LogicalDeviceFeatureEvent>(a.logicalDeviceFeature, logical_bits);
}

}  // namespace csta::ber::map
