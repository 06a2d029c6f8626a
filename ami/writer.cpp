#include "ami/writer.hpp"

namespace ami {

namespace {
bool safe_header_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || c == ':' || u == 0x7F) return false;
    }
    return true;
}
}  // namespace

bool safe_header_value(std::string_view value) noexcept {
    for (char c : value)
        if (c == '\r' || c == '\n' || c == '\0') return false;
    return true;
}

Serialized serialize_message(const Message& message) {
    Serialized out;
    if (message.empty()) {
        out.error = "empty message";
        return out;
    }
    size_t size = 2;
    for (const auto& h : message.headers()) size += h.name.size() + h.value.size() + 4;
    out.bytes.reserve(size);
    for (const auto& h : message.headers()) {
        if (!safe_header_name(h.name)) {
            out.error = "header name '" + h.name + "' is empty or holds a space, colon or control character";
            out.bytes.clear();
            return out;
        }
        if (!safe_header_value(h.value)) {
            out.error = "value of header '" + h.name + "' holds CR, LF or NUL (header injection refused)";
            out.bytes.clear();
            return out;
        }
        out.bytes += h.name;
        out.bytes += ": ";
        out.bytes += h.value;
        out.bytes += "\r\n";
    }
    out.bytes += "\r\n";
    return out;
}

Serialized serialize_action(const Message& action) {
    if (action.empty() || !iequals(action.headers().front().name, "Action")) {
        return Serialized{{}, "an action must start with an 'Action' header"};
    }
    auto name = action.headers().front().value;
    if (name.find_first_not_of(" \t") == std::string::npos) return Serialized{{}, "empty action name"};
    return serialize_message(action);
}

}  // namespace ami
