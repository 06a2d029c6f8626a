#include "ami/http_form.hpp"

#include <cctype>

namespace ami {

namespace {

void escape(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string form_encode(const Message& action) {
    std::string out;
    for (const auto& h : action.headers()) {
        if (!out.empty()) out += '&';
        escape(out, h.name);
        out += '=';
        escape(out, h.value);
    }
    return out;
}

std::optional<Message> form_decode(std::string_view form) {
    Message out;
    while (!form.empty()) {
        const auto amp = form.find('&');
        const auto field = form.substr(0, amp);
        form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
        if (field.empty()) continue;
        const auto eq = field.find('=');
        auto name = unescape(field.substr(0, eq));
        auto value = unescape(eq == std::string_view::npos ? std::string_view() : field.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        out.add(*name, *value);
    }
    return out;
}

std::string mansession_cookie(std::string_view v) {
    static constexpr std::string_view key = "mansession_id=";
    auto pos = v.find(key);
    if (pos == std::string_view::npos) return {};
    v.remove_prefix(pos + key.size());
    return std::string(v.substr(0, v.find(';')));
}

}  // namespace ami
