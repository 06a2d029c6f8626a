#include "csta/xml/edition.hpp"

namespace csta::xml {

namespace {
constexpr std::string_view kPrefix = "http://www.ecma-international.org/standards/ecma-323/csta/ed";
constexpr std::string_view kOldPrefix = "http://www.ecma.ch/standards/ecma-323/csta/ed";

std::string_view prefix_of(NamespaceHost host) {
    return host == NamespaceHost::ecma_ch ? kOldPrefix : kPrefix;
}

// The edition and host of an ECMA-323 namespace URI.
std::optional<std::pair<Edition, NamespaceHost>> parse(std::string_view uri) noexcept {
    // Some clients add a trailing slash; accept it.
    if (!uri.empty() && uri.back() == '/') uri.remove_suffix(1);
    for (auto host : {NamespaceHost::ecma_international, NamespaceHost::ecma_ch}) {
        const auto prefix = prefix_of(host);
        if (uri.size() != prefix.size() + 1 || uri.substr(0, prefix.size()) != prefix) continue;
        const char d = uri.back();
        if (d < '2' || d > '6') return std::nullopt;
        return std::pair{static_cast<Edition>(d - '0'), host};
    }
    return std::nullopt;
}
}  // namespace

std::string csta_namespace(Edition e, NamespaceHost host) {
    return std::string(prefix_of(host)) + std::to_string(static_cast<int>(e));
}

std::optional<Edition> edition_from_namespace(std::string_view uri) noexcept {
    if (auto p = parse(uri)) return p->first;
    return std::nullopt;
}

std::optional<NamespaceHost> host_from_namespace(std::string_view uri) noexcept {
    if (auto p = parse(uri)) return p->second;
    return std::nullopt;
}

std::optional<Edition> edition_from_protocol_version(std::string_view uri) noexcept {
    for (auto host : {NamespaceHost::ecma_international, NamespaceHost::ecma_ch}) {
        const auto prefix = prefix_of(host);
        if (uri.size() > prefix.size() + 1 && uri.substr(0, prefix.size()) == prefix && uri[prefix.size() + 1] == '/')
            uri = uri.substr(0, prefix.size() + 1);
    }
    return edition_from_namespace(uri);
}

}  // namespace csta::xml
