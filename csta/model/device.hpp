#pragma once
// Device identifiers.
//  ECMA-323: <DeviceID typeOfNumber="..." mediaClass="...">1001</DeviceID> (text + attributes).
//  ECMA-285: DeviceID ::= SEQUENCE { deviceIdentifier CHOICE { dialingNumber, deviceNumber,
//            implicitPublic, explicitPublic{...}, implicitPrivate, explicitPrivate{...}, other } }.
// One representation round-trips both: the CHOICE alternative is typeOfNumber (absent =
// dialingNumber in BER), the digits/string are `value`.
#include <optional>
#include <string>
#include <utility>

#include "csta/model/enums.hpp"

namespace csta {

struct DeviceID {
    std::string value{};
    std::optional<TypeOfNumber> typeOfNumber{};
    // XML attribute mediaClass as written (space separated MediaClassComponents literals).
    std::optional<std::string> mediaClass{};
    // XML attributes privateNumber/privateName (booleans in ECMA-323).
    std::optional<bool> privateNumber{};
    std::optional<bool> privateName{};

    DeviceID() = default;
    DeviceID(std::string v) : value(std::move(v)) {}  // NOLINT: a directory number is a DeviceID
    DeviceID(const char* v) : value(v) {}              // NOLINT
    DeviceID(std::string v, TypeOfNumber t) : value(std::move(v)), typeOfNumber(t) {}

    bool operator==(const DeviceID&) const = default;
};

// The ExtendedDeviceID family (SubjectDeviceID, CallingDeviceID, CalledDeviceID,
// AssociatedCalling/CalledDeviceID, NetworkCalling/CalledDeviceID) and RedirectionDeviceID:
// a device, or the reason there is none.
//  XML children: deviceIdentifier | notKnown | restricted (RedirectionDeviceID: numberDialed |
//  notKnown | notRequired | notSpecified | restricted).
enum class DeviceIDStatus : std::uint8_t { known, notKnown, restricted, notRequired, notSpecified };

struct ExtendedDeviceID {
    DeviceIDStatus status = DeviceIDStatus::known;
    DeviceID device{};  // meaningful when status == known

    ExtendedDeviceID() = default;
    ExtendedDeviceID(DeviceID d) : device(std::move(d)) {}  // NOLINT: implicit on purpose
    ExtendedDeviceID(const char* d) : device(d) {}          // NOLINT
    static ExtendedDeviceID with_status(DeviceIDStatus s) {
        ExtendedDeviceID e;
        e.status = s;
        return e;
    }
    bool known() const noexcept { return status == DeviceIDStatus::known; }

    bool operator==(const ExtendedDeviceID&) const = default;
};

using SubjectDeviceID = ExtendedDeviceID;
using CallingDeviceID = ExtendedDeviceID;
using CalledDeviceID = ExtendedDeviceID;
using AssociatedCallingDeviceID = ExtendedDeviceID;
using AssociatedCalledDeviceID = ExtendedDeviceID;
using NetworkCallingDeviceID = ExtendedDeviceID;
using NetworkCalledDeviceID = ExtendedDeviceID;
using RedirectionDeviceID = ExtendedDeviceID;  // known = numberDialed

}  // namespace csta
