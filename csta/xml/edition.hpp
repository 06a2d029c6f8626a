#pragma once
// ECMA-323 editions and the namespaces that name them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace csta::xml {

enum class Edition : std::uint8_t { ed2 = 2, ed3 = 3, ed4 = 4, ed5 = 5, ed6 = 6 };

// http://www.ecma-international.org/standards/ecma-323/csta/edN
std::string csta_namespace(Edition e);
// The edition a namespace URI names, or nullopt for anything else.
std::optional<Edition> edition_from_namespace(std::string_view uri) noexcept;
// The edition an ECMA-354 protocolVersion names. Like the namespace, but vendors append a
// private-data version: Avaya asks for ".../csta/ed3/priv2".
std::optional<Edition> edition_from_protocol_version(std::string_view uri) noexcept;

inline constexpr std::string_view kSessionNamespace =
    "http://www.ecma-international.org/standards/ecma-354/appl_session";

}  // namespace csta::xml
