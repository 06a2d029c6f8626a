#pragma once
// Field-level conversions between the csta model and asn1c structs, written once for both
// directions: every message mapping is a list of `f(model.x, asn.x)` calls run with ToAsn
// (model -> asn1c, for encoding) or FromAsn (asn1c -> model, after decoding).
// Not mapped (left out on encode, ignored on decode): CSTACommonArguments extensions (security
// and private data), servicesPermitted, media/call characteristics, call linkage data.
#include <stdexcept>
#include <string>
#include <type_traits>

#include "csta/ber/asn1_support.hpp"
#include "csta/ber/asn1_types.hpp"
#include "csta/model/messages.hpp"

namespace csta::ber::map {

// A value the other side cannot represent (an unknown enumeration value on decode, an
// incomplete model on encode). Decoding turns it into mistypedArgument.
struct MappingError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class E> asn_TYPE_descriptor_t& descriptor();
template <> inline asn_TYPE_descriptor_t& descriptor<EventCause>() { return asn_DEF_EventCause; }
template <> inline asn_TYPE_descriptor_t& descriptor<LocalConnectionState>() { return asn_DEF_LocalConnectionState; }
template <> inline asn_TYPE_descriptor_t& descriptor<DigitMode>() { return asn_DEF_DigitMode; }
template <> inline asn_TYPE_descriptor_t& descriptor<MonitorType>() { return asn_DEF_MonitorType; }
template <> inline asn_TYPE_descriptor_t& descriptor<SystemStatusValue>() { return asn_DEF_SystemStatus; }
template <> inline asn_TYPE_descriptor_t& descriptor<AutoOriginate>() { return asn_DEF_AutoOriginate; }
template <> inline asn_TYPE_descriptor_t& descriptor<ReqAgentState>() { return asn_DEF_ReqAgentState; }
template <> inline asn_TYPE_descriptor_t& descriptor<AgentState>() { return asn_DEF_AgentState; }
template <> inline asn_TYPE_descriptor_t& descriptor<AgentStateCondition>() { return asn_DEF_AgentStateCondition; }
template <> inline asn_TYPE_descriptor_t& descriptor<PendingAgentState>() { return asn_DEF_PendingAgentState; }
template <> inline asn_TYPE_descriptor_t& descriptor<ForwardingType>() { return asn_DEF_ForwardingType; }
template <> inline asn_TYPE_descriptor_t& descriptor<ForwardDefault>() { return asn_DEF_ForwardDefault; }
template <> inline asn_TYPE_descriptor_t& descriptor<ReqDeviceCategory>() { return asn_DEF_ReqDeviceCategory; }
template <> inline asn_TYPE_descriptor_t& descriptor<DeviceCategory>() { return asn_DEF_DeviceCategory; }
template <> inline asn_TYPE_descriptor_t& descriptor<NamedDeviceType>() { return asn_DEF_NamedDeviceTypes; }

template <class E>
concept MappedEnum = CstaEnum<E> && requires { descriptor<E>(); };

// Identifiers ECMA-285 spells differently from the ECMA-323 literals the model uses.
std::string_view asn_identifier(std::string_view literal);
std::string_view model_literal(std::string_view asn_identifier);

// The ExtendedDeviceID family of ECMA-285 types: CHOICE { deviceIdentifier DeviceID,
// notKnown [7] NULL, restricted [8] NULL }, one C type per ASN.1 type, same layout.
// An asn1c SEQUENCE OF holder (a struct with an A_SEQUENCE_OF `list`) and its element type.
template <class A>
concept ListAsn = requires(A a) { a.list.array; a.list.count; };
template <ListAsn A>
using ListElement = std::remove_pointer_t<std::remove_pointer_t<decltype(std::declval<A&>().list.array)>>;
using ForwardListMember = ListElement<ForwardList_t>;
using DeviceListMember = ListElement<DeviceList_t>;

template <class A>
concept ExtendedDeviceAsn = requires(A a) { a.choice.deviceIdentifier; a.choice.notKnown; a.choice.restricted; };

struct ToAsn {
    void operator()(const std::string& m, OCTET_STRING_t& a) const { asn1::set(a, m); }
    void operator()(const OpaqueData& m, OCTET_STRING_t& a) const { asn1::set(a, m.bytes); }
    void operator()(const long& m, long& a) const { a = m; }
    void operator()(const bool& m, BOOLEAN_t& a) const { a = m ? 1 : 0; }
    template <MappedEnum E>
    void operator()(const E& m, long& a) const {
        const auto v = asn1::enum_value(descriptor<E>(), asn_identifier(to_string(m)));
        if (!v) throw MappingError("no ECMA-285 value for " + std::string(to_string(m)));
        a = *v;
    }
    void operator()(const DeviceID& m, DeviceID_t& a) const;
    void operator()(const ConnectionID& m, ConnectionID_t& a) const;
    void operator()(const ConnectionList& m, ConnectionList_t& a) const;
    void operator()(const RedirectionDeviceID& m, RedirectionDeviceID_t& a) const;
    template <ExtendedDeviceAsn A>
    void operator()(const ExtendedDeviceID& m, A& a) const {
        using PR = decltype(a.present);
        switch (m.status) {
        case DeviceIDStatus::known: a.present = PR(1); (*this)(m.device, a.choice.deviceIdentifier); return;
        case DeviceIDStatus::notKnown: a.present = PR(2); return;
        case DeviceIDStatus::restricted: a.present = PR(3); return;
        case DeviceIDStatus::notRequired:
        case DeviceIDStatus::notSpecified: break;
        }
        throw MappingError("device status not allowed here");
    }
    void operator()(const MonitorObject& m, CSTAObject_t& a) const;
    void operator()(const AgentInfo& m, AgentInfo_t& a) const;
    void operator()(const MonitorFilter& m, MonitorFilter_t& a) const;  // monitor_filter.cpp
    void operator()(const AgentStateEntry& m, AgentStateEntry_t& a) const;
    void operator()(const ForwardListItem& m, ForwardListMember& a) const;
    // Snapshots, system services, escape (field_map_system.cpp).
    void operator()(const CallState& m, CallState_t& a) const;
    void operator()(const SnapshotDeviceResponseInfo& m, SnapshotDeviceResponseInfo_t& a) const;
    void operator()(const SnapshotCallResponseInfo& m, SnapshotCallResponseInfo_t& a) const;
    void operator()(const DeviceListDevice& m, DeviceListMember& a) const;
    void operator()(const FlagSet<RequestType>& m, BIT_STRING_t& a) const;
    void operator()(const FlagSet<StatusFilterFlag>& m, BIT_STRING_t& a) const;
    void operator()(const FlagSet<DeviceAttribute>& m, BIT_STRING_t& a) const;
    void operator()(const OpaqueData& m, CSTAPrivateData_t& a) const;
    template <class M, ListAsn A>
    void operator()(const std::vector<M>& m, A& a) const {
        for (const auto& item : m) {
            auto* e = asn1::alloc<ListElement<A>>();
            if (ASN_SEQUENCE_ADD(&a.list, e) != 0) {
                std::free(e);
                throw std::bad_alloc();
            }
            (*this)(item, *e);
        }
    }
    template <class M, ListAsn A>
    void operator()(const std::vector<M>& m, A*& a) const {  // OPTIONAL list: absent when empty
        if (m.empty()) return;
        a = asn1::alloc<A>();
        (*this)(m, *a);
    }
    // An optional model value <-> an OPTIONAL (pointer) member.
    template <class M, class A>
    void operator()(const std::optional<M>& m, A*& a) const {
        if (!m) return;
        a = asn1::alloc<A>();
        (*this)(*m, *a);
    }
    // Connection lists are plain vectors in the model, OPTIONAL in some results.
    void operator()(const ConnectionList& m, ConnectionList_t*& a) const {
        if (m.empty()) return;
        a = asn1::alloc<ConnectionList_t>();
        (*this)(m, *a);
    }
};

struct FromAsn {
    void operator()(std::string& m, const OCTET_STRING_t& a) const { m = asn1::text(a); }
    void operator()(OpaqueData& m, const OCTET_STRING_t& a) const { m = OpaqueData{OpaqueData::Form::string, asn1::text(a)}; }
    void operator()(long& m, const long& a) const { m = a; }
    void operator()(bool& m, const BOOLEAN_t& a) const { m = a != 0; }
    template <MappedEnum E>
    void operator()(E& m, const long& a) const {
        const auto name = asn1::enum_name(descriptor<E>(), a);
        const auto e = name ? from_string<E>(model_literal(*name)) : std::nullopt;
        if (!e) throw MappingError("unknown " + std::string(descriptor<E>().name) + " value " + std::to_string(a));
        m = *e;
    }
    void operator()(DeviceID& m, const DeviceID_t& a) const;
    void operator()(ConnectionID& m, const ConnectionID_t& a) const;
    void operator()(ConnectionList& m, const ConnectionList_t& a) const;
    void operator()(RedirectionDeviceID& m, const RedirectionDeviceID_t& a) const;
    template <ExtendedDeviceAsn A>
    void operator()(ExtendedDeviceID& m, const A& a) const {
        switch (static_cast<int>(a.present)) {
        case 1: m = ExtendedDeviceID{}; (*this)(m.device, a.choice.deviceIdentifier); return;
        case 2: m = ExtendedDeviceID::with_status(DeviceIDStatus::notKnown); return;
        case 3: m = ExtendedDeviceID::with_status(DeviceIDStatus::restricted); return;
        default: throw MappingError("empty device identifier choice");
        }
    }
    void operator()(MonitorObject& m, const CSTAObject_t& a) const;
    void operator()(AgentInfo& m, const AgentInfo_t& a) const;
    void operator()(MonitorFilter& m, const MonitorFilter_t& a) const;
    void operator()(AgentStateEntry& m, const AgentStateEntry_t& a) const;
    void operator()(ForwardListItem& m, const ForwardListMember& a) const;
    void operator()(CallState& m, const CallState_t& a) const;
    void operator()(SnapshotDeviceResponseInfo& m, const SnapshotDeviceResponseInfo_t& a) const;
    void operator()(SnapshotCallResponseInfo& m, const SnapshotCallResponseInfo_t& a) const;
    void operator()(DeviceListDevice& m, const DeviceListMember& a) const;
    void operator()(FlagSet<RequestType>& m, const BIT_STRING_t& a) const;
    void operator()(FlagSet<StatusFilterFlag>& m, const BIT_STRING_t& a) const;
    void operator()(FlagSet<DeviceAttribute>& m, const BIT_STRING_t& a) const;
    void operator()(OpaqueData& m, const CSTAPrivateData_t& a) const;
    template <class M, ListAsn A>
    void operator()(std::vector<M>& m, const A& a) const {
        m.clear();
        for (int i = 0; i < a.list.count; ++i) {
            M item{};
            (*this)(item, *a.list.array[i]);
            m.push_back(std::move(item));
        }
    }
    template <class M, ListAsn A>
    void operator()(std::vector<M>& m, A* const& a) const {
        if (a) (*this)(m, *a);
    }
    template <class M, class A>
    void operator()(std::optional<M>& m, A* const& a) const {
        if (!a) return;
        M value{};
        (*this)(value, *a);
        m = std::move(value);
    }
    void operator()(ConnectionList& m, ConnectionList_t* const& a) const {
        if (a) (*this)(m, *a);
    }
};

}  // namespace csta::ber::map
