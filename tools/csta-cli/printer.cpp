#include "tools/csta-cli/printer.hpp"

#include <algorithm>
#include <cstdio>

#include "csta/xml/codec.hpp"

namespace csta_cli {

namespace {

using csta::xml::Node;

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_leaf(const Node& n) { return n.children.empty(); }

bool is_connection_id(const Node& n) {
    if (n.children.empty()) return false;
    return std::all_of(n.children.begin(), n.children.end(),
                       [](const Node& c) { return c.local_name == "callID" || c.local_name == "deviceID"; });
}

// A flag set (MonitorFilter parts, ServicesPermitted, ...): children are all <name>true|false.
bool is_flag_set(const Node& n) {
    if (n.children.empty()) return false;
    return std::all_of(n.children.begin(), n.children.end(), [](const Node& c) {
        return is_leaf(c) && (c.text == "true" || c.text == "false");
    });
}

std::string value_of(const Node& n);

constexpr std::string_view kNoFlags = "(no flags)";

std::string connection_value(const Node& n) {
    // "callID:deviceID", either side may be empty.
    std::string call, device;
    for (const auto& c : n.children) (c.local_name == "callID" ? call : device) = c.text;
    return call + ":" + device;
}

// Short keys: the schema names are long; people read "calling=1001" faster than
// "callingDevice=1001".
std::string short_key(const std::string& name, bool first_connection) {
    if (name == "monitorCrossRefID" || name == "serviceCrossRefID") return "xref";
    if (name == "localConnectionInfo") return "local";
    if (name == "systemStatus") return "status";
    if (first_connection && (name == "connection" || ends_with(name, "Connection") || ends_with(name, "Call")))
        return "conn";
    if (ends_with(name, "Device")) return name.substr(0, name.size() - 6);
    return name;
}

std::string joined_fields(const Node& n, bool skip_cross_ref) {
    std::string out;
    bool connection_seen = false;
    for (const auto& c : n.children) {
        if (c.local_name == "extensions") continue;  // private data: --xml shows it
        if (skip_cross_ref && c.local_name == "monitorCrossRefID") continue;
        std::string v = value_of(c);
        // The ECMA default filler "no redirection" says nothing to a reader.
        if (c.local_name == "lastRedirectionDevice" && v == "notKnown") continue;
        // Flag sets with no flag on (a monitor filter that filters nothing) say nothing either.
        if (v == kNoFlags || v == "{}" || v == "-") continue;
        const bool first_connection = is_connection_id(c) && !connection_seen;
        if (is_connection_id(c)) connection_seen = true;
        out += ' ';
        out += short_key(c.local_name, first_connection);
        out += '=';
        out += v;
    }
    return out;
}

std::string value_of(const Node& n) {
    if (is_leaf(n)) return n.text.empty() ? std::string("-") : n.text;
    if (is_connection_id(n)) return connection_value(n);
    if (n.children.size() == 1) {
        const Node& c = n.children.front();
        // ExtendedDeviceID: <deviceIdentifier>1001</...> or <notKnown/>; CallState wrappers.
        if (is_leaf(c)) return c.text.empty() ? c.local_name : c.text;
        if (c.local_name == "compoundCallState" || c.local_name == "deviceList") return value_of(c);
    }
    if (is_flag_set(n)) {
        std::string on;
        for (const auto& c : n.children)
            if (c.text == "true") on += (on.empty() ? "" : ",") + c.local_name;
        return on.empty() ? std::string(kNoFlags) : on;
    }
    // A list (all children share one name): [a,b]; a structure: {k=v k=v}.
    const bool list = std::all_of(n.children.begin(), n.children.end(),
                                  [&](const Node& c) { return c.local_name == n.children.front().local_name; }) &&
                      n.children.size() > 1;
    if (list || n.local_name == "deviceList" || n.local_name == "snapshotData" || n.local_name == "connections" ||
        n.local_name == "agentStateList" || n.local_name == "forwardingList" || n.local_name == "compoundCallState") {
        std::string out = "[";
        for (const auto& c : n.children) out += (out.size() > 1 ? "," : "") + value_of(c);
        return out + "]";
    }
    std::string inner = joined_fields(n, false);
    return "{" + (inner.empty() ? inner : inner.substr(1)) + "}";
}

}  // namespace

std::string flatten_fields(const Node& root, bool skip_cross_ref) { return joined_fields(root, skip_cross_ref); }

std::string Printer::fields(const std::string& document, bool skip_cross_ref) {
    auto parsed = parser_.parse(document);
    if (!parsed.ok) return " (unprintable: " + parsed.error + ")";
    return flatten_fields(parsed.root, skip_cross_ref);
}

std::string Printer::event(const csta::Event& e) {
    std::string xref = csta::cross_ref_id(e);
    return "event " + (xref.empty() ? std::string("-") : xref) + " " + std::string(csta::name(e)) +
           fields(csta::xml::Codec::encode(e), true);
}

std::string Printer::response(const csta::Response& r) {
    if (const auto* err = std::get_if<csta::ErrorCode>(&r)) return "error " + csta::describe(*err);
    return "response " + std::string(csta::name(r)) + fields(csta::xml::Codec::encode(r), false);
}

std::string Printer::request(const csta::Request& r) {
    return "request " + std::string(csta::name(r)) + fields(csta::xml::Codec::encode(r), false);
}

std::string hex_dump(std::span<const std::uint8_t> bytes, std::string_view prefix) {
    std::string out;
    char buf[32];
    for (std::size_t line = 0; line < bytes.size(); line += 16) {
        out += prefix;
        std::snprintf(buf, sizeof buf, "%04zx ", line);
        out += buf;
        for (std::size_t i = line; i < line + 16; ++i) {
            if (i < bytes.size()) {
                std::snprintf(buf, sizeof buf, " %02x", bytes[i]);
                out += buf;
            } else {
                out += "   ";
            }
        }
        out += "  ";
        for (std::size_t i = line; i < std::min(line + 16, bytes.size()); ++i)
            out += (bytes[i] >= 0x20 && bytes[i] < 0x7f) ? static_cast<char>(bytes[i]) : '.';
        out += '\n';
    }
    return out;
}

}  // namespace csta_cli
