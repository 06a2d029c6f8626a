#include "csta/xml/edition.hpp"

namespace csta::xml {

namespace {
constexpr std::string_view kPrefix = "http://www.ecma-international.org/standards/ecma-323/csta/ed";
}

std::string csta_namespace(Edition e) {
    return std::string(kPrefix) + std::to_string(static_cast<int>(e));
}

std::optional<Edition> edition_from_namespace(std::string_view uri) noexcept {
    // Some clients add a trailing slash; accept it.
    if (!uri.empty() && uri.back() == '/') uri.remove_suffix(1);
    if (uri.size() != kPrefix.size() + 1 || uri.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    const char d = uri.back();
    if (d < '2' || d > '6') return std::nullopt;
    return static_cast<Edition>(d - '0');
}

std::optional<Edition> edition_from_protocol_version(std::string_view uri) noexcept {
    if (uri.size() > kPrefix.size() + 1 && uri[kPrefix.size() + 1] == '/')
        uri = uri.substr(0, kPrefix.size() + 1);
    return edition_from_namespace(uri);
}

}  // namespace csta::xml
