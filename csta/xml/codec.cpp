#include "csta/xml/codec.hpp"

#include <functional>
#include <unordered_map>

#include "csta/xml/detail/schemas.hpp"

namespace csta::xml {

using namespace detail;

namespace {

template <class T>
std::string encode_root(const T& m, std::string_view ns, const EncodeCtx& c) {
    XmlWriter w;
    w.open(T::kName);
    w.attribute("xmlns", ns);
    write_children(w, m, c);
    w.close();
    return w.take();
}

using RootDecoder = std::function<Message(const Node&, const DecodeCtx&)>;

template <class Variant>
void register_roots(std::unordered_map<std::string_view, RootDecoder>& table) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (table.emplace(std::variant_alternative_t<I, Variant>::kName,
                       [](const Node& n, const DecodeCtx& c) -> Message {
                           std::variant_alternative_t<I, Variant> m{};
                           read_children(n, m, c);
                           return Message{Variant{std::move(m)}};
                       }),
         ...);
    }(std::make_index_sequence<std::variant_size_v<Variant>>{});
}

const std::unordered_map<std::string_view, RootDecoder>& roots() {
    static const auto table = [] {
        std::unordered_map<std::string_view, RootDecoder> t;
        register_roots<Request>(t);
        register_roots<Response>(t);
        register_roots<Event>(t);
        register_roots<SessionMessage>(t);
        // Other names peers use for the negative response.
        t.emplace("UniversalFailure", t.at("CSTAErrorCode"));
        t.emplace("ErrorValue", t.at("CSTAErrorCode"));
        return t;
    }();
    return table;
}

}  // namespace

Codec::Codec(Limits limits) : parser_(limits) {}

DecodeResult Codec::decode(std::string_view document) {
    DecodeResult r;
    auto parsed = parser_.parse(document);
    if (!parsed.ok) {
        r.error = DecodeError{ErrorCode(OperationError::generic), "malformed XML: " + parsed.error, true};
        return r;
    }
    const Node& root = parsed.root;
    r.root = root.local_name;
    r.root_ns = root.ns;
    const bool session = root.ns == kSessionNamespace;
    if (!session) {
        r.edition = edition_from_namespace(root.ns);
        r.host = host_from_namespace(root.ns);
        if (!r.edition)
            r.warnings.push_back(root.ns.empty() ? "root element has no namespace"
                                                 : "unknown namespace '" + root.ns + "'");
    }
    const auto& table = roots();
    const auto it = table.find(root.local_name);
    if (it == table.end()) {
        r.error = DecodeError{ErrorCode(OperationError::serviceNotSupported),
                              "unsupported message <" + root.local_name + ">", false};
        return r;
    }
    DecodeCtx ctx{&r.warnings};
    try {
        r.message = it->second(root, ctx);
    } catch (const DecodeFailure& f) {
        r.error = DecodeError{f.code, f.reason, false};
    }
    return r;
}

std::string Codec::encode(const Request& m, Edition edition, NamespaceHost host) {
    const EncodeCtx c{edition};
    const auto ns = csta_namespace(edition, host);
    return std::visit([&](const auto& x) { return encode_root(x, ns, c); }, m);
}
std::string Codec::encode(const Response& m, Edition edition, NamespaceHost host) {
    const EncodeCtx c{edition};
    const auto ns = csta_namespace(edition, host);
    return std::visit([&](const auto& x) { return encode_root(x, ns, c); }, m);
}
std::string Codec::encode(const Event& m, Edition edition, NamespaceHost host) {
    const EncodeCtx c{edition};
    const auto ns = csta_namespace(edition, host);
    return std::visit([&](const auto& x) { return encode_root(x, ns, c); }, m);
}
std::string Codec::encode(const SessionMessage& m) {
    const EncodeCtx c{};
    return std::visit([&](const auto& x) { return encode_root(x, kSessionNamespace, c); }, m);
}
std::string Codec::encode(const Message& m, Edition edition, NamespaceHost host) {
    return std::visit(
        [&](const auto& inner) -> std::string {
            using V = std::decay_t<decltype(inner)>;
            if constexpr (std::is_same_v<V, SessionMessage>) return encode(inner);
            else return encode(inner, edition, host);
        },
        m);
}

}  // namespace csta::xml
