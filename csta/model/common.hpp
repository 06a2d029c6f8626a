#pragma once
// Opaque pass-through data and common arguments carried by most messages.
#include <optional>
#include <string>

#include "csta/model/flags.hpp"

namespace csta {

// CorrelatorData, UserData, CSTAPrivateData, SecurityInfo: a CHOICE of <string> (text) or
// <private> (vendor content). The bridge never interprets private content, it passes it on:
// for XML `bytes` holds the serialized child elements of <private>; for BER the encoded octets.
struct OpaqueData {
    enum class Form : std::uint8_t { string, private_ };
    Form form = Form::string;
    std::string bytes{};

    bool operator==(const OpaqueData&) const = default;
};
using CorrelatorData = OpaqueData;
using UserData = OpaqueData;
using PrivateData = OpaqueData;

// CSTACommonArguments (<extensions>): security data is not modelled (ignored with a warning),
// private data is passed through.
struct Extensions {
    std::optional<PrivateData> privateData{};
    bool operator==(const Extensions&) const = default;
};

// ServicesPermitted: only the call control services are modelled.
struct ServicesPermitted {
    FlagSet<CallControlService> callControlServices{};
    bool operator==(const ServicesPermitted&) const = default;
};

using MonitorCrossRefID = std::string;

}  // namespace csta
