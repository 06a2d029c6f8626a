#include "ami/message.hpp"

#include <algorithm>

namespace ami {

namespace {
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

Message Message::action(std::string_view name) {
    Message m;
    m.add("Action", name);
    return m;
}

Message& Message::add(std::string_view name, std::string_view value) {
    headers_.push_back(Header{std::string(name), std::string(value)});
    return *this;
}

Message& Message::set(std::string_view name, std::string_view value) {
    for (auto& h : headers_) {
        if (iequals(h.name, name)) {
            h.value.assign(value);
            return *this;
        }
    }
    return add(name, value);
}

void Message::remove(std::string_view name) {
    std::erase_if(headers_, [&](const Header& h) { return iequals(h.name, name); });
}

std::optional<std::string_view> Message::find(std::string_view name) const noexcept {
    for (const auto& h : headers_)
        if (iequals(h.name, name)) return std::string_view(h.value);
    return std::nullopt;
}

std::string_view Message::get(std::string_view name) const noexcept {
    return find(name).value_or(std::string_view{});
}

std::vector<std::string_view> Message::all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& h : headers_)
        if (iequals(h.name, name)) out.emplace_back(h.value);
    return out;
}

MessageKind Message::kind() const noexcept {
    // The kind is told by the first header, as Asterisk writes it; fall back to a search
    // because some proxies reorder headers.
    if (!headers_.empty()) {
        const auto& first = headers_.front().name;
        if (iequals(first, "Event")) return MessageKind::event;
        if (iequals(first, "Response")) return MessageKind::response;
        if (iequals(first, "Action")) return MessageKind::action;
    }
    if (has("Event")) return MessageKind::event;
    if (has("Response")) return MessageKind::response;
    if (has("Action")) return MessageKind::action;
    return MessageKind::unknown;
}

bool Message::operator==(const Message& other) const {
    if (headers_.size() != other.headers_.size()) return false;
    for (size_t i = 0; i < headers_.size(); ++i) {
        if (!iequals(headers_[i].name, other.headers_[i].name)) return false;
        if (headers_[i].value != other.headers_[i].value) return false;
    }
    return true;
}

std::string to_debug_string(const Message& m) {
    std::string out;
    bool first = true;
    for (const auto& h : m.headers()) {
        if (first) {
            out += h.name + ": " + h.value;
            first = false;
        } else {
            out += ' ' + h.name + '=' + h.value;
        }
    }
    return out;
}

}  // namespace ami
