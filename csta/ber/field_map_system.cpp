// Field maps of the snapshot services' response data (SnapshotDeviceData / SnapshotCallData),
// the system services' BIT STRINGs and device list, and Escape's private data, written once
// for both directions where the shapes allow it.
// Not mapped (left out on encode, ignored on decode): servicesPermitted, media service info,
// media/call characteristics, call linkage data, location info, DeviceList nidGroup.
#include <array>
#include <utility>

#include "csta/ber/bit_flags.hpp"
#include "csta/ber/field_map.hpp"
#include "csta/ber/spec.hpp"

namespace csta::ber::map {
namespace {

using bits::Bit;

// ECMA-285 CSTA-system-register RequestTypes / StatusFilter, switching-function-devices
// DeviceAttributes (the model's groupUser, an ECMA-323 addition, has no bit there).
constexpr std::array<Bit, 4> request_type_bits{{
    {"systemStatus", 0}, {"requestSystemStatus", 1}, {"switchingFunctionCapsChanged", 2},
    {"switchingFunctionDevicesChanged", 3},
}};
constexpr std::array<Bit, 9> status_filter_bits{{
    {"initializing", 0}, {"enabled", 1}, {"normal", 2}, {"messageLost", 3}, {"disabled", 4},
    {"partiallyDisabled", 5}, {"overloadImminent", 6}, {"overloadReached", 7}, {"overloadRelieved", 8},
}};
constexpr std::array<Bit, 5> device_attribute_bits{{
    {"mediaAccessDevice", 0}, {"routeingDevice", 1}, {"groupACD", 2}, {"groupHunt", 3}, {"groupPick", 4},
}};

template <class F, class M, class A>
void snapshot_device_info(const F& f, M& m, A& a) {
    f(m.connectionIdentifier, a.connectionIdentifier);
    f(m.endpointDevice, a.endpointDevice);
    // Mandatory in ECMA-285: a model without it is sent as `unknown`, and read back as such.
    if constexpr (encoding<F>) {
        f(m.localCallState.value_or(CallState{}), a.localCallState);
    } else {
        CallState state;
        f(state, a.localCallState);
        m.localCallState = std::move(state);
    }
}

template <class F, class M, class A>
void snapshot_call_info(const F& f, M& m, A& a) {
    f(m.deviceOnCall, a.deviceOnCall);
    f(m.callIdentifier, a.callIdentifier);
    f(m.localConnectionInfo, a.localConnectionState);
}

template <class F, class M, class A>
void device_list_device(const F& f, M& m, A& a) {
    f(m.deviceID, a.deviceID);
    f(m.namedDeviceTypes, a.namedDeviceTypes);
    f(m.deviceAttributes, a.deviceAttributes);
    f(m.deviceModelName, a.deviceModelName);
}

}  // namespace

// CallState: compoundCallState carries the list; an empty list is `unknown`. A received
// simpleCallState is read into its two states: its value is two hex digits, the state of the
// device's connection then the other party's ('23'H callDelivered = alerting, connected),
// each digit a LocalConnectionState value.
void ToAsn::operator()(const CallState& m, CallState_t& a) const {
    if (m.compound.empty()) {
        a.present = CallState_PR_unknown;
        return;
    }
    a.present = CallState_PR_compoundCallState;
    (*this)(m.compound, a.choice.compoundCallState);
}

void FromAsn::operator()(CallState& m, const CallState_t& a) const {
    m = CallState{};
    switch (a.present) {
    case CallState_PR_compoundCallState: (*this)(m.compound, a.choice.compoundCallState); return;
    case CallState_PR_simpleCallState: {
        const long v = a.choice.simpleCallState;
        if (!asn1::enum_name(asn_DEF_SimpleCallState, v)) throw MappingError("unknown SimpleCallState value " + std::to_string(v));
        for (const long state : {v >> 4, v & 0xF}) {
            LocalConnectionState s{};
            (*this)(s, state);
            m.compound.push_back(s);
        }
        return;
    }
    case CallState_PR_unknown: return;
    case CallState_PR_NOTHING: break;
    }
    throw MappingError("empty CallState");
}

void ToAsn::operator()(const SnapshotDeviceResponseInfo& m, SnapshotDeviceResponseInfo_t& a) const { snapshot_device_info(*this, m, a); }
void FromAsn::operator()(SnapshotDeviceResponseInfo& m, const SnapshotDeviceResponseInfo_t& a) const { snapshot_device_info(*this, m, a); }
void ToAsn::operator()(const SnapshotCallResponseInfo& m, SnapshotCallResponseInfo_t& a) const { snapshot_call_info(*this, m, a); }
void FromAsn::operator()(SnapshotCallResponseInfo& m, const SnapshotCallResponseInfo_t& a) const { snapshot_call_info(*this, m, a); }

// deviceCategory is DEFAULT station: left out when it is station (DER) or unknown to the
// model, read back as station when absent.
void ToAsn::operator()(const DeviceListDevice& m, DeviceListMember& a) const {
    device_list_device(*this, m, a);
    if (m.deviceCategory && *m.deviceCategory != DeviceCategory::station) {
        a.deviceCategory = asn1::alloc<DeviceCategory_t>();
        if (!a.deviceCategory) throw std::bad_alloc();
        (*this)(*m.deviceCategory, *a.deviceCategory);
    }
}
void FromAsn::operator()(DeviceListDevice& m, const DeviceListMember& a) const {
    device_list_device(*this, m, a);
    m.deviceCategory = DeviceCategory::station;
    if (a.deviceCategory) (*this)(*m.deviceCategory, *a.deviceCategory);
}

void ToAsn::operator()(const FlagSet<RequestType>& m, BIT_STRING_t& a) const { bits::fill(m, request_type_bits, a); }
void FromAsn::operator()(FlagSet<RequestType>& m, const BIT_STRING_t& a) const { m = bits::read<RequestType>(&a, request_type_bits); }
void ToAsn::operator()(const FlagSet<StatusFilterFlag>& m, BIT_STRING_t& a) const { bits::fill(m, status_filter_bits, a); }
void FromAsn::operator()(FlagSet<StatusFilterFlag>& m, const BIT_STRING_t& a) const { m = bits::read<StatusFilterFlag>(&a, status_filter_bits); }
void ToAsn::operator()(const FlagSet<DeviceAttribute>& m, BIT_STRING_t& a) const {
    if (m.test(DeviceAttribute::groupUser)) throw MappingError("deviceAttributes groupUser has no ECMA-285 bit");
    bits::fill(m, device_attribute_bits, a);
}
void FromAsn::operator()(FlagSet<DeviceAttribute>& m, const BIT_STRING_t& a) const { m = bits::read<DeviceAttribute>(&a, device_attribute_bits); }

// CSTAPrivateData ::= CHOICE { string OCTET STRING, private NULL }: ECMA-285 leaves the
// private alternative to the vendor (NULL is the placeholder), so only an empty private
// content can be carried.
void ToAsn::operator()(const OpaqueData& m, CSTAPrivateData_t& a) const {
    if (m.form == OpaqueData::Form::string) {
        a.present = CSTAPrivateData_PR_string;
        asn1::set(a.choice.string, m.bytes);
    } else if (m.bytes.empty()) {
        a.present = CSTAPrivateData_PR_private;
    } else {
        throw MappingError("vendor-specific private data has no ECMA-285 encoding");
    }
}
void FromAsn::operator()(OpaqueData& m, const CSTAPrivateData_t& a) const {
    switch (a.present) {
    case CSTAPrivateData_PR_string: m = OpaqueData{OpaqueData::Form::string, asn1::text(a.choice.string)}; return;
    case CSTAPrivateData_PR_private: m = OpaqueData{OpaqueData::Form::private_, {}}; return;
    case CSTAPrivateData_PR_NOTHING: break;
    }
    throw MappingError("empty CSTAPrivateData");
}

}  // namespace csta::ber::map
