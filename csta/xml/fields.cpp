#include "csta/xml/fields.hpp"

#include <type_traits>

#include "csta/xml/detail/schemas.hpp"

namespace csta::xml {

using namespace detail;

namespace {

enum class Kind { text, connection, record, none };

// How a member type appears as fields: one text value, a ConnectionID's two parts, a record of
// its own elements, or not at all. The one decision both functions below follow.
template <class V>
constexpr Kind kind_of() {
    if constexpr (std::is_same_v<V, std::string> || std::is_same_v<V, bool> || std::is_same_v<V, long> ||
                  std::is_enum_v<V> || std::is_same_v<V, DeviceID> || std::is_same_v<V, ExtendedDeviceID> ||
                  std::is_same_v<V, OpaqueData>)
        return Kind::text;
    else if constexpr (std::is_same_v<V, ConnectionID>) return Kind::connection;
    else if constexpr (HasSchema<V>) return Kind::record;
    else return Kind::none;
}

template <class V>
void add_paths(const std::string& path, std::vector<std::string>& out) {
    if constexpr (is_optional<V>::value) {
        add_paths<typename V::value_type>(path, out);
    } else if constexpr (kind_of<V>() == Kind::text) {
        out.push_back(path);
    } else if constexpr (kind_of<V>() == Kind::connection) {
        out.push_back(path + ".callID");
        out.push_back(path + ".deviceID");
    } else if constexpr (kind_of<V>() == Kind::record) {
        std::apply([&](const auto&... f) {
            (add_paths<std::remove_cvref_t<decltype(std::declval<V&>().*(f.member))>>(path + "." + std::string(f.name), out), ...);
        }, Schema<V>::fields);
    }
}

template <class V>
void add_values(const V& v, const std::string& path, std::map<std::string, FieldValue>& out) {
    if constexpr (is_optional<V>::value) {
        if (v) add_values(*v, path, out);
    } else if constexpr (std::is_same_v<V, std::string>) {
        out[path] = {v};
    } else if constexpr (std::is_same_v<V, bool>) {
        out[path] = {v ? "true" : "false"};
    } else if constexpr (std::is_same_v<V, long>) {
        out[path] = {std::to_string(v)};
    } else if constexpr (std::is_enum_v<V>) {
        out[path] = {std::string(to_string(v))};
    } else if constexpr (std::is_same_v<V, DeviceID>) {
        out[path] = {v.value, true};
    } else if constexpr (std::is_same_v<V, ExtendedDeviceID>) {
        if (v.known()) out[path] = {v.device.value, true};
    } else if constexpr (std::is_same_v<V, OpaqueData>) {
        if (v.form == OpaqueData::Form::string) out[path] = {v.bytes};
    } else if constexpr (kind_of<V>() == Kind::connection) {
        if (v.callID) out[path + ".callID"] = {*v.callID};
        if (v.deviceID) out[path + ".deviceID"] = {v.deviceID->value, true};
    } else if constexpr (kind_of<V>() == Kind::record) {
        std::apply([&](const auto&... f) { (add_values(v.*(f.member), path + "." + std::string(f.name), out), ...); },
                   Schema<V>::fields);
    }
}

// The top level of a request: its own elements, without a prefix.
template <class T>
void top_paths(std::vector<std::string>& out) {
    if constexpr (HasSchema<T>)
        std::apply([&](const auto&... f) {
            (add_paths<std::remove_cvref_t<decltype(std::declval<T&>().*(f.member))>>(std::string(f.name), out), ...);
        }, Schema<T>::fields);
}

template <class T>
void top_values(const T& v, std::map<std::string, FieldValue>& out) {
    if constexpr (HasSchema<T>)
        std::apply([&](const auto&... f) { (add_values(v.*(f.member), std::string(f.name), out), ...); },
                   Schema<T>::fields);
}

}  // namespace

std::vector<std::string> request_field_paths(std::string_view request_name) {
    std::vector<std::string> out;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((std::variant_alternative_t<I, Request>::kName == request_name
              ? top_paths<std::variant_alternative_t<I, Request>>(out)
              : void()),
         ...);
    }(std::make_index_sequence<std::variant_size_v<Request>>{});
    return out;
}

std::map<std::string, FieldValue> request_fields(const Request& request) {
    std::map<std::string, FieldValue> out;
    std::visit([&](const auto& r) { top_values(r, out); }, request);
    return out;
}

}  // namespace csta::xml
