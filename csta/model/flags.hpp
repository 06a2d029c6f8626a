#pragma once
// A set of ECMA boolean flags (MonitorFilter parts, ServicesPermitted, StatusFilter, ...):
// one bit per enumerator of E. Bit positions follow the XML schema order of E, which is NOT
// the ASN.1 BIT STRING numbering: BER code must map flag by flag, by name.
#include <cstdint>
#include <initializer_list>

#include "csta/model/flag_names.hpp"

namespace csta {

template <CstaEnum E>
struct FlagSet {
    std::uint32_t bits = 0;

    FlagSet() = default;
    FlagSet(std::initializer_list<E> flags) {
        for (E f : flags) set(f);
    }
    static FlagSet all() {
        FlagSet s;
        for (std::size_t i = 0; i < literals<E>().size(); ++i) s.set(static_cast<E>(i));
        return s;
    }

    bool test(E f) const noexcept { return (bits >> static_cast<unsigned>(f)) & 1u; }
    FlagSet& set(E f, bool on = true) noexcept {
        const std::uint32_t m = 1u << static_cast<unsigned>(f);
        bits = on ? (bits | m) : (bits & ~m);
        return *this;
    }
    bool empty() const noexcept { return bits == 0; }
    bool operator==(const FlagSet&) const = default;
};

}  // namespace csta
