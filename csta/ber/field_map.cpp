#include "csta/ber/field_map.hpp"

#include <utility>

namespace csta::ber::map {

namespace {
// {ECMA-323 literal, ECMA-285 identifier} (EventCause; the 285 modules have these spellings).
constexpr std::pair<std::string_view, std::string_view> spelling[] = {
    {"badURI", "badUri"},
    {"interdigitTimeout", "interDigitTimeout"},
    {"notAvailableBearerService", "notAvaliableBearerService"},
};
}  // namespace

std::string_view asn_identifier(std::string_view literal) {
    for (const auto& [xml, asn] : spelling)
        if (xml == literal) return asn;
    return literal;
}
std::string_view model_literal(std::string_view identifier) {
    for (const auto& [xml, asn] : spelling)
        if (asn == identifier) return xml;
    return identifier;
}

namespace {

// DeviceID's deviceIdentifier CHOICE <-> the model's typeOfNumber. The explicitPublic /
// explicitPrivate alternatives are CHOICEs of IA5Strings that all share one union slot.
constexpr int explicit_public_first = static_cast<int>(TypeOfNumber::explicitPublic_unknown);
constexpr int explicit_private_first = static_cast<int>(TypeOfNumber::explicitPrivate_unknown);

}  // namespace

void ToAsn::operator()(const DeviceID& m, DeviceID_t& a) const {
    auto& id = a.deviceIdentifier;
    const TypeOfNumber t = m.typeOfNumber.value_or(TypeOfNumber::dialingNumber);
    const int ti = static_cast<int>(t);
    if (t == TypeOfNumber::dialingNumber) {
        id.present = DeviceID__deviceIdentifier_PR_dialingNumber;
        asn1::set(id.choice.dialingNumber, m.value);
    } else if (t == TypeOfNumber::deviceNumber) {
        id.present = DeviceID__deviceIdentifier_PR_deviceNumber;
        try {
            id.choice.deviceNumber = std::stol(m.value);
        } catch (const std::exception&) {
            throw MappingError("deviceNumber '" + m.value + "' is not an integer");
        }
    } else if (t == TypeOfNumber::implicitPublic) {
        id.present = DeviceID__deviceIdentifier_PR_implicitPublic;
        asn1::set(id.choice.implicitPublic, m.value);
    } else if (ti >= explicit_public_first && ti < explicit_public_first + 6) {
        id.present = DeviceID__deviceIdentifier_PR_explicitPublic;
        id.choice.explicitPublic.present = static_cast<PublicTON_PR>(ti - explicit_public_first + 1);
        asn1::set(id.choice.explicitPublic.choice.unknown, m.value);
    } else if (t == TypeOfNumber::implicitPrivate) {
        id.present = DeviceID__deviceIdentifier_PR_implicitPrivate;
        asn1::set(id.choice.implicitPrivate, m.value);
    } else if (ti >= explicit_private_first && ti < explicit_private_first + 7) {
        id.present = DeviceID__deviceIdentifier_PR_explicitPrivate;
        id.choice.explicitPrivate.present = static_cast<PrivateTON_PR>(ti - explicit_private_first + 1);
        asn1::set(id.choice.explicitPrivate.choice.unknown, m.value);
    } else if (t == TypeOfNumber::other) {
        id.present = DeviceID__deviceIdentifier_PR_other;
        asn1::set(id.choice.other, m.value);
    } else {
        throw MappingError("a dynamic device id is only allowed inside a ConnectionID");
    }
}

void FromAsn::operator()(DeviceID& m, const DeviceID_t& a) const {
    const auto& id = a.deviceIdentifier;
    m = DeviceID{};
    switch (id.present) {
    case DeviceID__deviceIdentifier_PR_dialingNumber: m.value = asn1::text(id.choice.dialingNumber); break;
    case DeviceID__deviceIdentifier_PR_deviceNumber:
        m.value = std::to_string(id.choice.deviceNumber);
        m.typeOfNumber = TypeOfNumber::deviceNumber;
        break;
    case DeviceID__deviceIdentifier_PR_implicitPublic:
        m.value = asn1::text(id.choice.implicitPublic);
        m.typeOfNumber = TypeOfNumber::implicitPublic;
        break;
    case DeviceID__deviceIdentifier_PR_explicitPublic:
        if (id.choice.explicitPublic.present == PublicTON_PR_NOTHING) throw MappingError("empty PublicTON");
        m.value = asn1::text(id.choice.explicitPublic.choice.unknown);
        m.typeOfNumber = static_cast<TypeOfNumber>(explicit_public_first + id.choice.explicitPublic.present - 1);
        break;
    case DeviceID__deviceIdentifier_PR_implicitPrivate:
        m.value = asn1::text(id.choice.implicitPrivate);
        m.typeOfNumber = TypeOfNumber::implicitPrivate;
        break;
    case DeviceID__deviceIdentifier_PR_explicitPrivate:
        if (id.choice.explicitPrivate.present == PrivateTON_PR_NOTHING) throw MappingError("empty PrivateTON");
        m.value = asn1::text(id.choice.explicitPrivate.choice.unknown);
        m.typeOfNumber = static_cast<TypeOfNumber>(explicit_private_first + id.choice.explicitPrivate.present - 1);
        break;
    case DeviceID__deviceIdentifier_PR_other:
        m.value = asn1::text(id.choice.other);
        m.typeOfNumber = TypeOfNumber::other;
        break;
    case DeviceID__deviceIdentifier_PR_NOTHING: throw MappingError("empty DeviceID");
    }
}

namespace {
void local_device_to_asn(const ToAsn& to, const DeviceID& m, LocalDeviceID_t& a) {
    if (m.typeOfNumber == TypeOfNumber::dynamic) {
        a.present = LocalDeviceID_PR_dynamicID;
        asn1::set(a.choice.dynamicID, m.value);
    } else {
        a.present = LocalDeviceID_PR_staticID;
        to(m, a.choice.staticID);
    }
}
DeviceID local_device_from_asn(const FromAsn& from, const LocalDeviceID_t& a) {
    DeviceID d;
    if (a.present == LocalDeviceID_PR_dynamicID) return DeviceID(asn1::text(a.choice.dynamicID), TypeOfNumber::dynamic);
    if (a.present != LocalDeviceID_PR_staticID) throw MappingError("empty LocalDeviceID");
    from(d, a.choice.staticID);
    return d;
}
}  // namespace

void ToAsn::operator()(const ConnectionID& m, ConnectionID_t& a) const {
    if (m.callID && m.deviceID) {
        a.present = ConnectionID_PR_both;
        asn1::set(a.choice.both.callID, *m.callID);
        local_device_to_asn(*this, *m.deviceID, a.choice.both.deviceID);
    } else if (m.callID) {
        a.present = ConnectionID_PR_callID;
        asn1::set(a.choice.callID, *m.callID);
    } else if (m.deviceID) {
        a.present = ConnectionID_PR_deviceID;
        local_device_to_asn(*this, *m.deviceID, a.choice.deviceID);
    } else {
        throw MappingError("ConnectionID without callID and deviceID");
    }
}

void FromAsn::operator()(ConnectionID& m, const ConnectionID_t& a) const {
    m = ConnectionID{};
    switch (a.present) {
    case ConnectionID_PR_callID: m.callID = asn1::text(a.choice.callID); break;
    case ConnectionID_PR_deviceID: m.deviceID = local_device_from_asn(*this, a.choice.deviceID); break;
    case ConnectionID_PR_both:
        m.callID = asn1::text(a.choice.both.callID);
        m.deviceID = local_device_from_asn(*this, a.choice.both.deviceID);
        break;
    case ConnectionID_PR_NOTHING: throw MappingError("empty ConnectionID");
    }
}

// The SEQUENCE OF member is declared inside an unnamed struct; reach it through decltype.
using ListMember = std::remove_pointer_t<std::remove_pointer_t<decltype(std::declval<ConnectionList_t&>().list.array)>>;
using Endpoint = std::remove_pointer_t<decltype(std::declval<ListMember&>().endpoint)>;

void ToAsn::operator()(const ConnectionList& m, ConnectionList_t& a) const {
    for (const auto& item : m) {
        auto* member = asn1::alloc<ListMember>();
        if (ASN_SEQUENCE_ADD(&a.list, member) != 0) {
            std::free(member);
            throw std::bad_alloc();
        }
        (*this)(item.newConnection, member->newConnection);
        (*this)(item.oldConnection, member->oldConnection);
        if (item.endpoint) {
            member->endpoint = asn1::alloc<Endpoint>();
            auto& e = *member->endpoint;
            switch (item.endpoint->status) {
            case DeviceIDStatus::known: e.present = endpoint_PR_deviceID; (*this)(item.endpoint->device, e.choice.deviceID); break;
            case DeviceIDStatus::restricted: e.present = endpoint_PR_restricted; break;
            default: e.present = endpoint_PR_notKnown; break;
            }
        }
    }
}

void FromAsn::operator()(ConnectionList& m, const ConnectionList_t& a) const {
    m.clear();
    for (int i = 0; i < a.list.count; ++i) {
        const ListMember& member = *a.list.array[i];
        ConnectionListItem item;
        (*this)(item.newConnection, member.newConnection);
        (*this)(item.oldConnection, member.oldConnection);
        if (member.endpoint) {
            switch (member.endpoint->present) {
            case endpoint_PR_deviceID: {
                DeviceID d;
                (*this)(d, member.endpoint->choice.deviceID);
                item.endpoint = ExtendedDeviceID(std::move(d));
                break;
            }
            case endpoint_PR_notKnown: item.endpoint = ExtendedDeviceID::with_status(DeviceIDStatus::notKnown); break;
            case endpoint_PR_restricted: item.endpoint = ExtendedDeviceID::with_status(DeviceIDStatus::restricted); break;
            case endpoint_PR_NOTHING: throw MappingError("empty connection list endpoint");
            }
        }
        m.push_back(std::move(item));
    }
}

void ToAsn::operator()(const RedirectionDeviceID& m, RedirectionDeviceID_t& a) const {
    switch (m.status) {
    case DeviceIDStatus::known: a.present = RedirectionDeviceID_PR_numberdialed; (*this)(m.device, a.choice.numberdialed); return;
    case DeviceIDStatus::notKnown: a.present = RedirectionDeviceID_PR_notKnown; return;
    case DeviceIDStatus::notRequired: a.present = RedirectionDeviceID_PR_notRequired; return;
    case DeviceIDStatus::notSpecified: a.present = RedirectionDeviceID_PR_notSpecified; return;
    case DeviceIDStatus::restricted: a.present = RedirectionDeviceID_PR_restricted; return;
    }
}

void FromAsn::operator()(RedirectionDeviceID& m, const RedirectionDeviceID_t& a) const {
    switch (a.present) {
    case RedirectionDeviceID_PR_numberdialed: m = ExtendedDeviceID{}; (*this)(m.device, a.choice.numberdialed); return;
    case RedirectionDeviceID_PR_notKnown: m = ExtendedDeviceID::with_status(DeviceIDStatus::notKnown); return;
    case RedirectionDeviceID_PR_notRequired: m = ExtendedDeviceID::with_status(DeviceIDStatus::notRequired); return;
    case RedirectionDeviceID_PR_notSpecified: m = ExtendedDeviceID::with_status(DeviceIDStatus::notSpecified); return;
    case RedirectionDeviceID_PR_restricted: m = ExtendedDeviceID::with_status(DeviceIDStatus::restricted); return;
    case RedirectionDeviceID_PR_NOTHING: break;
    }
    throw MappingError("empty RedirectionDeviceID");
}

void ToAsn::operator()(const MonitorObject& m, CSTAObject_t& a) const {
    if (const auto* d = std::get_if<DeviceID>(&m)) {
        a.present = CSTAObject_PR_deviceObject;
        (*this)(*d, a.choice.deviceObject);
    } else {
        a.present = CSTAObject_PR_callObject;
        (*this)(std::get<ConnectionID>(m), a.choice.callObject);
    }
}

void FromAsn::operator()(MonitorObject& m, const CSTAObject_t& a) const {
    if (a.present == CSTAObject_PR_deviceObject) {
        DeviceID d;
        (*this)(d, a.choice.deviceObject);
        m = std::move(d);
    } else if (a.present == CSTAObject_PR_callObject) {
        ConnectionID c;
        (*this)(c, a.choice.callObject);
        m = std::move(c);
    } else {
        throw MappingError("empty monitor object");
    }
}

}  // namespace csta::ber::map
