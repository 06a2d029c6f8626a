// Hand-written codecs for ECMA-323 types that are not a plain sequence of child elements:
// DeviceID (text + attributes), the ExtendedDeviceID/RedirectionDeviceID choices, ConnectionID,
// opaque/private data, extensions, MonitorObject, CallState, and scalars.
#include <algorithm>

#include "csta/xml/detail/engine.hpp"

namespace csta::xml::detail {

// ---------- scalars ----------
std::string_view trim(std::string_view s) noexcept {
    const auto ws = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
    while (!s.empty() && ws(s.front())) s.remove_prefix(1);
    while (!s.empty() && ws(s.back())) s.remove_suffix(1);
    return s;
}

long parse_long(const Node& n) {
    const auto s = trim(n.text);
    long v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size())
        fail(OperationError::invalidParameterValue,
             "'" + std::string(s) + "' is not an integer in <" + n.local_name + ">");
    return v;
}

bool parse_bool(const Node& n) {
    const auto s = trim(n.text);
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    fail(OperationError::invalidParameterValue, "'" + std::string(s) + "' is not a boolean in <" + n.local_name + ">");
}

namespace {
void warn_unknown(const Node& parent, const Node& child, const DecodeCtx& c) {
    c.warn("ignored unknown element <" + child.local_name + "> in <" + parent.local_name + ">");
}

bool has_element_children(const Node& n) { return !n.children.empty(); }

// Re-serialises the content of an element (private data) so it can be passed on verbatim and
// keep its meaning wherever it is embedded later. Declarations made outside the content
// (a default namespace, prefixes bound on the CSTA root) are not in scope there, so every
// element and prefixed attribute whose binding the content itself does not declare gets an
// explicit one - including xmlns="" for an element in no namespace, which would otherwise
// fall into the CSTA namespace of the document it is written into.
using PrefixScope = std::vector<std::pair<std::string, std::string>>;  // prefix -> URI, inner last

std::string_view prefix_of(std::string_view qname) {
    const auto colon = qname.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qname.substr(0, colon);
}

void declare_if_unbound(XmlWriter& w, PrefixScope& scope, std::string_view prefix, const std::string& uri) {
    if (prefix == "xml" || prefix == "xmlns") return;
    for (auto it = scope.rbegin(); it != scope.rend(); ++it)
        if (it->first == prefix) {
            if (it->second == uri) return;
            break;
        }
    w.attribute(prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix), uri);
    scope.emplace_back(prefix, uri);
}

void serialize(XmlWriter& w, const Node& n, PrefixScope& scope) {
    const auto mark = scope.size();
    w.open(n.qname);
    for (const auto& a : n.attributes) {
        w.attribute(a.qname, a.value);
        if (a.qname == "xmlns") scope.emplace_back("", a.value);
        else if (a.qname.rfind("xmlns:", 0) == 0) scope.emplace_back(a.qname.substr(6), a.value);
    }
    declare_if_unbound(w, scope, prefix_of(n.qname), n.ns);
    for (const auto& a : n.attributes)
        if (const auto p = prefix_of(a.qname); !p.empty() && p != "xmlns") declare_if_unbound(w, scope, p, a.ns);
    if (!n.text.empty() && n.children.empty()) w.text(n.text);
    for (const auto& c : n.children) serialize(w, c, scope);
    w.close();
    scope.resize(mark);
}
}  // namespace

// ---------- DeviceID ----------
void write_value(XmlWriter& w, std::string_view name, const DeviceID& v, const EncodeCtx&) {
    w.open(name);
    if (v.typeOfNumber) w.attribute("typeOfNumber", to_string(*v.typeOfNumber));
    if (v.mediaClass) w.attribute("mediaClass", *v.mediaClass);
    if (v.privateNumber) w.attribute("privateNumber", *v.privateNumber ? "true" : "false");
    if (v.privateName) w.attribute("privateName", *v.privateName ? "true" : "false");
    w.text(v.value);
    w.close();
}

void read_value(const Node& n, DeviceID& v, const DecodeCtx& c) {
    v.value = std::string(trim(n.text));
    for (const auto& [k, val, ns] : n.attributes) {
        if (k == "typeOfNumber") {
            auto t = from_string<TypeOfNumber>(trim(val));
            if (!t) fail(OperationError::invalidDeviceID, "'" + val + "' is not a typeOfNumber of <" + n.local_name + ">");
            v.typeOfNumber = t;
        } else if (k == "mediaClass") {
            v.mediaClass = val;
        } else if (k == "privateNumber" || k == "privateName") {
            const auto s = trim(val);
            if (s != "true" && s != "1" && s != "false" && s != "0")
                fail(OperationError::invalidParameterValue, "'" + val + "' is not a boolean in attribute " + k);
            (k == "privateNumber" ? v.privateNumber : v.privateName) = (s == "true" || s == "1");
        } else if (k.rfind("xmlns", 0) != 0) {
            c.warn("ignored attribute " + k + " of <" + n.local_name + ">");
        }
    }
    for (const auto& child : n.children) warn_unknown(n, child, c);
    if (v.value.empty()) fail(OperationError::invalidDeviceID, "empty device identifier in <" + n.local_name + ">");
}

// ---------- ExtendedDeviceID / RedirectionDeviceID ----------
namespace {
std::string_view known_element(std::string_view field) {
    if (field == "lastRedirectionDevice") return "numberDialed";
    if (field == "endpoint" || field == "associatedNID") return "deviceID";
    return "deviceIdentifier";
}
constexpr std::string_view kStatusNames[] = {"", "notKnown", "restricted", "notRequired", "notSpecified"};
}  // namespace

void write_value(XmlWriter& w, std::string_view name, const ExtendedDeviceID& v, const EncodeCtx& c) {
    w.open(name);
    if (v.known()) {
        write_value(w, known_element(name), v.device, c);
    } else {
        w.open(kStatusNames[static_cast<std::size_t>(v.status)]);
        w.close();
    }
    w.close();
}

void read_value(const Node& n, ExtendedDeviceID& v, const DecodeCtx& c) {
    bool found = false;
    for (const auto& child : n.children) {
        if (found) {
            warn_unknown(n, child, c);
            continue;
        }
        const auto& ln = child.local_name;
        if (ln == "deviceIdentifier" || ln == "numberDialed" || ln == "deviceID") {
            v.status = DeviceIDStatus::known;
            read_value(child, v.device, c);
            found = true;
        } else {
            const auto* it = std::find(std::begin(kStatusNames) + 1, std::end(kStatusNames), ln);
            if (it == std::end(kStatusNames)) {
                warn_unknown(n, child, c);
                continue;
            }
            v.status = static_cast<DeviceIDStatus>(it - std::begin(kStatusNames));
            found = true;
        }
    }
    if (found) return;
    // Some clients write the number directly: <callingDevice>1001</callingDevice>.
    if (!trim(n.text).empty()) {
        c.warn("<" + n.local_name + "> holds a bare number instead of <deviceIdentifier>");
        v.status = DeviceIDStatus::known;
        read_value(n, v.device, c);
        return;
    }
    fail(OperationError::invalidDeviceID, "<" + n.local_name + "> names no device");
}

// ---------- ConnectionID ----------
void write_value(XmlWriter& w, std::string_view name, const ConnectionID& v, const EncodeCtx& c) {
    w.open(name);
    if (v.callID) w.leaf("callID", *v.callID);
    if (v.deviceID) write_value(w, "deviceID", *v.deviceID, c);
    w.close();
}

void read_value(const Node& n, ConnectionID& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == "callID" && !v.callID) v.callID = std::string(trim(child.text));
        else if (child.local_name == "deviceID" && !v.deviceID) read_value(child, v.deviceID.emplace(), c);
        else warn_unknown(n, child, c);
    }
    if (!v.valid()) fail(OperationError::invalidConnectionID, "<" + n.local_name + "> has neither <callID> nor <deviceID>");
}

// ---------- opaque data (CorrelatorData, UserData, CSTAPrivateData) ----------
void write_value(XmlWriter& w, std::string_view name, const OpaqueData& v, const EncodeCtx&) {
    w.open(name);
    if (v.form == OpaqueData::Form::string) {
        w.leaf("string", v.bytes);
    } else {
        w.open("private");
        w.raw(v.bytes);
        w.close();
    }
    w.close();
}

void read_value(const Node& n, OpaqueData& v, const DecodeCtx& c) {
    bool found = false;
    for (const auto& child : n.children) {
        if (!found && child.local_name == "string") {
            v.form = OpaqueData::Form::string;
            v.bytes = child.text;
            found = true;
        } else if (!found && child.local_name == "private") {
            v.form = OpaqueData::Form::private_;
            XmlWriter w(false);
            if (child.children.empty()) w.text(child.text);
            for (const auto& p : child.children) {
                PrefixScope scope;
                serialize(w, p, scope);
            }
            v.bytes = w.take();
            found = true;
        } else {
            warn_unknown(n, child, c);
        }
    }
    if (!found) {
        if (!has_element_children(n) && !n.text.empty()) {
            c.warn("<" + n.local_name + "> holds text instead of <string>");
            v.form = OpaqueData::Form::string;
            v.bytes = n.text;
        } else {
            c.warn("<" + n.local_name + "> is empty");
        }
    }
}

// ---------- extensions (CSTACommonArguments) ----------
void write_value(XmlWriter& w, std::string_view name, const Extensions& v, const EncodeCtx& c) {
    w.open(name);
    if (v.privateData) write_value(w, "privateData", *v.privateData, c);
    w.close();
}

void read_value(const Node& n, Extensions& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == "privateData" && !v.privateData) read_value(child, v.privateData.emplace(), c);
        else if (child.local_name == "security") c.warn("ignored <security> in <extensions> (not supported)");
        else warn_unknown(n, child, c);
    }
}

// ---------- MonitorObject (CSTAObject) ----------
void write_value(XmlWriter& w, std::string_view name, const MonitorObject& v, const EncodeCtx& c) {
    w.open(name);
    if (const auto* d = std::get_if<DeviceID>(&v)) write_value(w, "deviceObject", *d, c);
    else write_value(w, "callObject", std::get<ConnectionID>(v), c);
    w.close();
}

void read_value(const Node& n, MonitorObject& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == "deviceObject") {
            DeviceID d;
            read_value(child, d, c);
            v = std::move(d);
            return;
        }
        if (child.local_name == "callObject") {
            ConnectionID id;
            read_value(child, id, c);
            v = std::move(id);
            return;
        }
        warn_unknown(n, child, c);
    }
    fail(OperationError::invalidMonitorObject, "<" + n.local_name + "> has neither <deviceObject> nor <callObject>");
}

// ---------- CallState ----------
void write_value(XmlWriter& w, std::string_view name, const CallState& v, const EncodeCtx&) {
    w.open(name);
    if (v.compound.empty()) {
        w.open("unknown");
        w.close();
    } else {
        w.open("compoundCallState");
        for (auto s : v.compound) w.leaf("localConnectionState", to_string(s));
        w.close();
    }
    w.close();
}

void read_value(const Node& n, CallState& v, const DecodeCtx& c) {
    for (const auto& child : n.children) {
        if (child.local_name == "compoundCallState") {
            for (const auto& s : child.children) {
                if (s.local_name == "localConnectionState") v.compound.push_back(parse_enum<LocalConnectionState>(s));
                else warn_unknown(child, s, c);
            }
        } else if (child.local_name == "unknown") {
            v.compound.clear();
        } else {
            warn_unknown(n, child, c);
        }
    }
}

}  // namespace csta::xml::detail
