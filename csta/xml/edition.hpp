#pragma once
// ECMA-323 editions and the namespaces that name them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace csta::xml {

enum class Edition : std::uint8_t { ed2 = 2, ed3 = 3, ed4 = 4, ed5 = 5, ed6 = 6 };

// The two hosts ECMA has published the ECMA-323 namespaces under: www.ecma-international.org
// (the schemas' own) and the older www.ecma.ch, which clients written for early editions
// (and OpenScape Voice tools such as pyssimist) still send. The bridge answers a request in
// the namespace it came in.
enum class NamespaceHost : std::uint8_t { ecma_international, ecma_ch };

// http://www.ecma-international.org/standards/ecma-323/csta/edN (or www.ecma.ch)
std::string csta_namespace(Edition e, NamespaceHost host = NamespaceHost::ecma_international);
// The edition a namespace URI names (either host), or nullopt for anything else.
std::optional<Edition> edition_from_namespace(std::string_view uri) noexcept;
// The host of an ECMA-323 namespace URI, or nullopt when it is not one.
std::optional<NamespaceHost> host_from_namespace(std::string_view uri) noexcept;
// The edition an ECMA-354 protocolVersion names. Like the namespace, but vendors append a
// private-data version: Avaya asks for ".../csta/ed3/priv2".
std::optional<Edition> edition_from_protocol_version(std::string_view uri) noexcept;

inline constexpr std::string_view kSessionNamespace =
    "http://www.ecma-international.org/standards/ecma-354/appl_session";

}  // namespace csta::xml
