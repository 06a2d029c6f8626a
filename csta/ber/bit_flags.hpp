#pragma once
// ECMA-285 named-bit BIT STRINGs <-> csta::FlagSet. asn1c keeps bit names only as C enum
// constants, and the model's flag order follows the XML schema, not the ASN.1 bit numbers, so
// every BIT STRING type is tabled here by ECMA-285 name and bit number and matched to the
// model's flags by name.
#include <BIT_STRING.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string_view>
#include <utility>

#include "csta/ber/asn1_support.hpp"
#include "csta/model/flags.hpp"

namespace csta::ber::map::bits {

using Bit = std::pair<std::string_view, unsigned>;

// Fills `b` (empty on entry) with the flags set in `flags`; an empty set is a zero-length
// BIT STRING (DER: 03 01 00).
template <class E, std::size_t N>
void fill(const FlagSet<E>& flags, const std::array<Bit, N>& table, BIT_STRING_t& b) {
    int highest = -1;
    for (const auto& [name, bit] : table)
        if (const auto f = from_string<E>(name); f && flags.test(*f)) highest = std::max(highest, static_cast<int>(bit));
    b.size = highest < 0 ? 0 : highest / 8 + 1;
    b.bits_unused = highest < 0 ? 0 : 7 - highest % 8;
    b.buf = static_cast<std::uint8_t*>(std::calloc(static_cast<std::size_t>(b.size) + 1, 1));
    if (!b.buf) throw std::bad_alloc();
    for (const auto& [name, bit] : table)
        if (const auto f = from_string<E>(name); f && flags.test(*f)) b.buf[bit / 8] |= static_cast<std::uint8_t>(0x80u >> (bit % 8));
}

// An OPTIONAL BIT STRING (or one with DEFAULT { }): absent when no flag is set.
template <class E, std::size_t N>
BIT_STRING_t* optional_bits(const FlagSet<E>& flags, const std::array<Bit, N>& table) {
    if (flags.empty()) return nullptr;
    auto* b = asn1::alloc<BIT_STRING_t>();
    if (!b) throw std::bad_alloc();
    try {
        fill(flags, table, *b);
    } catch (...) {
        std::free(b);
        throw;
    }
    if (b->size == 0) {  // only flags without an ECMA-285 bit: same as none
        std::free(b->buf);
        std::free(b);
        return nullptr;
    }
    return b;
}

template <class E, std::size_t N>
FlagSet<E> read(const BIT_STRING_t* b, const std::array<Bit, N>& table) {
    FlagSet<E> flags;
    if (!b || !b->buf) return flags;
    const int count = b->size * 8 - (b->bits_unused & 7);
    for (const auto& [name, bit] : table)
        if (static_cast<int>(bit) < count && (b->buf[bit / 8] & (0x80u >> (bit % 8))))
            if (const auto f = from_string<E>(name)) flags.set(*f);
    return flags;
}

}  // namespace csta::ber::map::bits
