#pragma once
// What the codec tests share: one codec, a ConnectionID with only a call, and decoding an
// APDU to the alternative a test expects (or to the error it expects).
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <variant>

#include "csta/ber/codec.hpp"

namespace csta_test {

inline const csta::ber::Codec codec;

inline csta::ConnectionID call_only(std::string call) {
    csta::ConnectionID c;
    c.callID = std::move(call);
    return c;
}

template <class T>
T decode_as(const csta::ber::Bytes& apdu) {
    auto r = codec.decode_apdu(apdu);
    if (auto* e = std::get_if<csta::ber::DecodeError>(&r)) FAIL("decode error: " << e->message);
    auto& a = std::get<csta::ber::Apdu>(r);
    REQUIRE(std::holds_alternative<T>(a));
    return std::get<T>(a);
}

inline csta::ber::DecodeError decode_error(const csta::ber::Bytes& apdu) {
    auto r = codec.decode_apdu(apdu);
    REQUIRE(std::holds_alternative<csta::ber::DecodeError>(r));
    return std::get<csta::ber::DecodeError>(r);
}

}  // namespace csta_test
