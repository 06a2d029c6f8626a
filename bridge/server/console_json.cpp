#include "bridge/server/console_json.hpp"

#include <cmath>
#include <cstdio>

namespace bridge::json {

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

Object& Object::raw(std::string_view key, std::string_view json) {
    if (body_.size() > 1) body_ += ',';
    body_ += quote(key);
    body_ += ':';
    body_ += json;
    return *this;
}

Object& Object::add(std::string_view key, double value) {
    if (!std::isfinite(value)) return raw(key, "null");  // JSON has no NaN or infinity
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", value);
    return raw(key, buf);
}

Array& Array::raw(std::string_view json) {
    if (body_.size() > 1) body_ += ',';
    body_ += json;
    return *this;
}

}  // namespace bridge::json
