#pragma once
// The table-driven core of the ECMA-323 codec. Each modelled class has a Schema<T> listing its
// child elements in schema order (detail/schemas.hpp); write_children / read_children walk that
// list for every class, so element names, order, optional/mandatory handling and the error for
// a missing element live in one place. Types whose XML is not a plain sequence of children
// (DeviceID text + attributes, CHOICEs, flag sets, pass-through data) have hand-written
// value codecs below.
#include <charconv>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "csta/model/messages.hpp"
#include "csta/xml/edition.hpp"
#include "csta/xml/tree.hpp"
#include "csta/xml/writer.hpp"

namespace csta::xml::detail {

// ---------- field descriptions ----------
enum FieldFlag : unsigned {
    kNone = 0,
    kDeflectDestination = 1u << 0,  // DeflectCall newDestination: ed6 wraps it in <device>
    kOptionalOnInput = 1u << 1,     // plain member, but tolerated missing when decoding
};
inline constexpr int kAutoError = -1;

template <class C, class M>
struct Field {
    std::string_view name;
    M C::*member;
    std::string_view item;  // element name of list items ("" = not a list / any)
    unsigned flags;
    int missing_error;  // OperationError to answer when this mandatory element is missing
};

template <class C, class M>
constexpr Field<C, M> field(std::string_view name, M C::*member, int missing_error = kAutoError) {
    return {name, member, {}, kNone, missing_error};
}
template <class C, class M>
constexpr Field<C, M> list(std::string_view name, M C::*member, std::string_view item) {
    return {name, member, item, kNone, kAutoError};
}
template <class C, class M>
constexpr Field<C, M> flagged(std::string_view name, M C::*member, unsigned flags, int missing_error = kAutoError) {
    return {name, member, {}, flags, missing_error};
}
constexpr int err(OperationError e) { return static_cast<int>(e); }

// Specialised per class in schemas.hpp: static constexpr auto fields = std::tuple{...};
template <class T>
struct Schema;

template <class T>
concept HasSchema = requires { Schema<T>::fields; };

// ---------- type traits ----------
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};
template <class T> struct is_flagset : std::false_type {};
template <class E> struct is_flagset<FlagSet<E>> : std::true_type {};

template <class M>
constexpr bool is_mandatory_type() {
    return !is_optional<M>::value && !is_vector<M>::value && !is_flagset<M>::value;
}

// ---------- contexts ----------
struct EncodeCtx {
    Edition edition = Edition::ed6;
};

// Decoding stops at the first hard error (thrown, caught by the codec); soft problems are
// collected as warnings.
struct DecodeFailure {
    ErrorCode code;
    std::string reason;
};
struct DecodeCtx {
    std::vector<std::string>* warnings;
    void warn(std::string w) const {
        if (warnings->size() < 64) warnings->push_back(std::move(w));
    }
};

[[noreturn]] inline void fail(ErrorCode code, std::string reason) {
    throw DecodeFailure{std::move(code), std::move(reason)};
}

// ---------- hand-written codecs (custom.cpp) ----------
void write_value(XmlWriter& w, std::string_view name, const DeviceID& v, const EncodeCtx& c);
void write_value(XmlWriter& w, std::string_view name, const ExtendedDeviceID& v, const EncodeCtx& c);
void write_value(XmlWriter& w, std::string_view name, const ConnectionID& v, const EncodeCtx& c);
void write_value(XmlWriter& w, std::string_view name, const OpaqueData& v, const EncodeCtx& c);
void write_value(XmlWriter& w, std::string_view name, const Extensions& v, const EncodeCtx& c);
void write_value(XmlWriter& w, std::string_view name, const MonitorObject& v, const EncodeCtx& c);
void write_value(XmlWriter& w, std::string_view name, const CallState& v, const EncodeCtx& c);

void read_value(const Node& n, DeviceID& v, const DecodeCtx& c);
void read_value(const Node& n, ExtendedDeviceID& v, const DecodeCtx& c);
void read_value(const Node& n, ConnectionID& v, const DecodeCtx& c);
void read_value(const Node& n, OpaqueData& v, const DecodeCtx& c);
void read_value(const Node& n, Extensions& v, const DecodeCtx& c);
void read_value(const Node& n, MonitorObject& v, const DecodeCtx& c);
void read_value(const Node& n, CallState& v, const DecodeCtx& c);

// Root messages whose children are not a plain Schema sequence.
void write_children(XmlWriter& w, const ErrorCode& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const SnapshotDeviceResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const SnapshotCallResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const StartApplicationSession& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const StartApplicationSessionPosResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const StartApplicationSessionNegResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const StopApplicationSession& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const StopApplicationSessionPosResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const StopApplicationSessionNegResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const ResetApplicationSessionTimer& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const ResetApplicationSessionTimerPosResponse& v, const EncodeCtx& c);
void write_children(XmlWriter& w, const ResetApplicationSessionTimerNegResponse& v, const EncodeCtx& c);

void read_children(const Node& n, ErrorCode& v, const DecodeCtx& c);
void read_children(const Node& n, SnapshotDeviceResponse& v, const DecodeCtx& c);
void read_children(const Node& n, SnapshotCallResponse& v, const DecodeCtx& c);
void read_children(const Node& n, StartApplicationSession& v, const DecodeCtx& c);
void read_children(const Node& n, StartApplicationSessionPosResponse& v, const DecodeCtx& c);
void read_children(const Node& n, StartApplicationSessionNegResponse& v, const DecodeCtx& c);
void read_children(const Node& n, StopApplicationSession& v, const DecodeCtx& c);
void read_children(const Node& n, StopApplicationSessionPosResponse& v, const DecodeCtx& c);
void read_children(const Node& n, StopApplicationSessionNegResponse& v, const DecodeCtx& c);
void read_children(const Node& n, ResetApplicationSessionTimer& v, const DecodeCtx& c);
void read_children(const Node& n, ResetApplicationSessionTimerPosResponse& v, const DecodeCtx& c);
void read_children(const Node& n, ResetApplicationSessionTimerNegResponse& v, const DecodeCtx& c);

// ---------- scalars ----------
std::string_view trim(std::string_view s) noexcept;
long parse_long(const Node& n);
bool parse_bool(const Node& n);
// The most precise OperationError for a value that is not a literal of E.
template <class E>
OperationError bad_literal_error() {
    if constexpr (std::is_same_v<E, ForwardingType>) return OperationError::invalidForwardingType;
    else if constexpr (std::is_same_v<E, ReqAgentState> || std::is_same_v<E, AgentState>)
        return OperationError::invalidAgentState;
    else if constexpr (std::is_same_v<E, MonitorType>) return OperationError::invalidMonitorType;
    else if constexpr (std::is_same_v<E, DigitMode>) return OperationError::digitModeOutOfRange;
    else if constexpr (std::is_same_v<E, SystemStatusValue>) return OperationError::systemStatusOutOfRange;
    else if constexpr (std::is_same_v<E, LocalConnectionState>) return OperationError::invalidParameterValue;
    else return OperationError::valueOutOfRange;
}

template <class E>
E parse_enum(const Node& n) {
    const auto s = trim(n.text);
    if (auto e = from_string<E>(s)) return *e;
    fail(bad_literal_error<E>(), "'" + std::string(s) + "' is not a valid value of <" + n.local_name + ">");
}

// ---------- generic writer ----------
template <class T>
void write_children(XmlWriter& w, const T& v, const EncodeCtx& c);

template <class E>
void write_flags(XmlWriter& w, const FlagSet<E>& v) {
    const auto names = literals<E>();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (v.test(static_cast<E>(i))) w.leaf(names[i], "true");
}

template <class V>
void write_value(XmlWriter& w, std::string_view name, const V& v, const EncodeCtx& c) {
    if constexpr (std::is_same_v<V, std::string>) {
        w.leaf(name, v);
    } else if constexpr (std::is_same_v<V, bool>) {
        w.leaf(name, v ? "true" : "false");
    } else if constexpr (std::is_same_v<V, long>) {
        w.leaf(name, std::to_string(v));
    } else if constexpr (std::is_enum_v<V>) {
        w.leaf(name, to_string(v));
    } else if constexpr (is_flagset<V>::value) {
        w.open(name);
        write_flags(w, v);
        w.close();
    } else {
        w.open(name);
        write_children(w, v, c);
        w.close();
    }
}

template <class C, class M>
void write_field(XmlWriter& w, const C& obj, const Field<C, M>& f, const EncodeCtx& c) {
    const M& v = obj.*(f.member);
    auto one = [&](const auto& x) {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, DeviceID>) {
            if ((f.flags & kDeflectDestination) && c.edition == Edition::ed6) {
                w.open(f.name);
                write_value(w, "device", x, c);
                w.close();
                return;
            }
        }
        write_value(w, f.name, x, c);
    };
    if constexpr (is_optional<M>::value) {
        if (v) one(*v);
    } else if constexpr (is_vector<M>::value) {
        if (v.empty()) return;
        w.open(f.name);
        for (const auto& item : v) write_value(w, f.item, item, c);
        w.close();
    } else if constexpr (is_flagset<M>::value) {
        if (!v.empty()) write_value(w, f.name, v, c);
    } else {
        one(v);
    }
}

template <class T>
void write_children(XmlWriter& w, const T& v, const EncodeCtx& c) {
    static_assert(HasSchema<T>, "no Schema<T> and no hand-written write_children for this type");
    std::apply([&](const auto&... f) { (write_field(w, v, f, c), ...); }, Schema<T>::fields);
}

// ---------- generic reader ----------
template <class T>
void read_children(const Node& n, T& v, const DecodeCtx& c);

template <class E>
void read_flags(const Node& n, FlagSet<E>& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (auto f = from_string<E>(child.local_name)) v.set(*f, parse_bool(child));
        else c.warn("ignored unknown element <" + child.local_name + "> in <" + n.local_name + ">");
    }
}

template <class V>
void read_value(const Node& n, V& v, const DecodeCtx& c) {
    if constexpr (std::is_same_v<V, std::string>) {
        v = n.text;
    } else if constexpr (std::is_same_v<V, bool>) {
        v = parse_bool(n);
    } else if constexpr (std::is_same_v<V, long>) {
        v = parse_long(n);
    } else if constexpr (std::is_enum_v<V>) {
        v = parse_enum<V>(n);
    } else if constexpr (is_flagset<V>::value) {
        read_flags(n, v, c);
    } else {
        read_children(n, v, c);
    }
}

template <class M>
OperationError missing_error_for(int explicit_error) {
    if (explicit_error != kAutoError) return static_cast<OperationError>(explicit_error);
    if constexpr (std::is_same_v<M, ConnectionID>) return OperationError::invalidConnectionID;
    else if constexpr (std::is_same_v<M, DeviceID> || std::is_same_v<M, ExtendedDeviceID>)
        return OperationError::invalidDeviceID;
    else if constexpr (std::is_same_v<M, MonitorObject>) return OperationError::invalidMonitorObject;
    else return OperationError::invalidParameterValue;
}

template <class C, class M>
bool read_field(const Node& child, C& obj, const Field<C, M>& f, const DecodeCtx& c) {
    if (child.local_name != f.name) return false;
    M& v = obj.*(f.member);
    auto one = [&](auto& x) {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, DeviceID>) {
            // DeflectCall newDestination: <device> wrapper (ed6) or the DeviceID itself.
            if (f.flags & kDeflectDestination) {
                if (const Node* d = child.child("device")) {
                    read_value(*d, x, c);
                    return;
                }
            }
        }
        read_value(child, x, c);
    };
    if constexpr (is_optional<M>::value) {
        v.emplace();
        one(*v);
    } else if constexpr (is_vector<M>::value) {
        for (const auto& item : child.children) {
            if (!f.item.empty() && item.local_name != f.item) {
                c.warn("ignored unexpected element <" + item.local_name + "> in <" + child.local_name + ">");
                continue;
            }
            read_value(item, v.emplace_back(), c);
        }
    } else {
        one(v);
    }
    return true;
}

template <class T>
void read_children(const Node& n, T& v, const DecodeCtx& c) {
    static_assert(HasSchema<T>, "no Schema<T> and no hand-written read_children for this type");
    constexpr auto& fields = Schema<T>::fields;
    constexpr std::size_t N = std::tuple_size_v<std::decay_t<decltype(fields)>>;
    static_assert(N <= 64);
    std::uint64_t seen = 0;
    for (const auto& child : n.children) {
        bool matched = false;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((!matched && child.local_name == std::get<I>(fields).name
                  ? (matched = true,
                     (seen & (1ull << I))
                         ? c.warn("ignored repeated element <" + child.local_name + "> in <" + n.local_name + ">")
                         : (void)(seen |= (1ull << I), read_field(child, v, std::get<I>(fields), c)))
                  : void()),
             ...);
        }(std::make_index_sequence<N>{});
        if (!matched) c.warn("ignored unknown element <" + child.local_name + "> in <" + n.local_name + ">");
    }
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                const auto& f = std::get<I>(fields);
                using M = std::remove_reference_t<decltype(v.*(f.member))>;
                if constexpr (is_mandatory_type<M>()) {
                    if (!(seen & (1ull << I)) && !(f.flags & kOptionalOnInput))
                        fail(missing_error_for<M>(f.missing_error),
                             "missing mandatory element <" + std::string(f.name) + "> in <" + n.local_name + ">");
                }
            }(),
            ...);
    }(std::make_index_sequence<N>{});
}

}  // namespace csta::xml::detail
