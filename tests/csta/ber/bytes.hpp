#pragma once
// Hand-written BER vectors of the tests: b({0x30, 0x03, ...}) reads like the hex dumps of
// ECMA-285 and dumpasn1.
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace csta_test {

inline std::vector<std::uint8_t> b(std::initializer_list<int> list) {
    std::vector<std::uint8_t> out;
    for (int x : list) out.push_back(static_cast<std::uint8_t>(x));
    return out;
}

}  // namespace csta_test
