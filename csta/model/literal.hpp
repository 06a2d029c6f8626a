#pragma once
// ECMA literal <-> C++ enum conversion shared by every CSTA enum.
// Each enum of the model has its enumerators in the order of its literal table, and
// specialises literals<E>() in a .cpp file; to_string/from_string work for all of them.
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace csta {

// The ECMA literal of every enumerator, indexed by the enumerator's value.
template <class E>
std::span<const std::string_view> literals() noexcept;

template <class E>
concept CstaEnum = std::is_enum_v<E> && requires { literals<E>(); };

template <CstaEnum E>
std::string_view to_string(E e) noexcept {
    const auto table = literals<E>();
    const auto i = static_cast<std::size_t>(e);
    return i < table.size() ? table[i] : std::string_view{};
}

// Exact, case-sensitive match (XML and ASN.1 names are case-sensitive).
template <CstaEnum E>
std::optional<E> from_string(std::string_view s) noexcept {
    const auto table = literals<E>();
    for (std::size_t i = 0; i < table.size(); ++i)
        if (table[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace csta
