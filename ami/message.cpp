#include "ami/message.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

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

std::string operator+(const std::string& a, Text b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a).append(b);
    return out;
}
std::string operator+(std::string&& a, Text b) { return std::move(a.append(b)); }
std::string operator+(Text a, const std::string& b) { return a.str().append(b); }
std::string operator+(Text a, const char* b) { return a.str().append(b); }
std::string operator+(const char* a, Text b) { return std::string(a).append(b); }
std::string operator+(Text a, char b) { return a.str() + b; }
std::string operator+(char a, Text b) { return std::string(1, a).append(b); }
std::string operator+(Text a, Text b) { return a.str().append(b); }

Message::Message(const Message& other)
    : invalid_utf8(other.invalid_utf8), bytes_(other.size_ ? std::make_unique_for_overwrite<char[]>(other.size_) : nullptr),
      size_(other.size_), capacity_(other.size_), headers_(other.headers_) {
    if (size_) std::memcpy(bytes_.get(), other.bytes_.get(), size_);
    rebase(other.bytes_.get());
}

// Moving hands over the heap buffer itself: every view stays valid.
Message::Message(Message&& other) noexcept
    : invalid_utf8(other.invalid_utf8), bytes_(std::move(other.bytes_)), size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)), headers_(std::move(other.headers_)) {
    other.headers_.clear();
}

Message& Message::operator=(const Message& other) {
    if (this != &other) *this = Message(other);
    return *this;
}

Message& Message::operator=(Message&& other) noexcept {
    if (this == &other) return *this;
    invalid_utf8 = other.invalid_utf8;
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    headers_ = std::move(other.headers_);
    other.headers_.clear();
    return *this;
}

void Message::rebase(const char* old_base) {
    const char* base = bytes_.get();
    if (base == old_base) return;
    const auto old = reinterpret_cast<std::uintptr_t>(old_base);
    auto moved = [&](Text t) { return Text(base + (reinterpret_cast<std::uintptr_t>(t.data()) - old), t.size()); };
    for (auto& h : headers_) {
        h.name = moved(h.name);
        h.value = moved(h.value);
    }
}

void Message::grow(std::size_t needed) {
    const auto capacity = std::max({needed, capacity_ * 2, std::size_t{256}});
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_) std::memcpy(bigger.get(), bytes_.get(), size_);
    const char* old = bytes_.get();
    bytes_ = std::move(bigger);
    capacity_ = capacity;
    rebase(old);
}

void Message::adopt_bytes(std::string_view block) {
    bytes_ = block.empty() ? nullptr : std::make_unique_for_overwrite<char[]>(block.size());
    if (!block.empty()) std::memcpy(bytes_.get(), block.data(), block.size());
    size_ = capacity_ = block.size();
    rebase(block.data());
}

void Message::reserve(std::size_t bytes, std::size_t headers) {
    if (bytes > capacity_) grow(bytes);
    headers_.reserve(headers);
}

Text Message::store(std::string_view s) noexcept {
    char* at = bytes_.get() + size_;
    if (!s.empty()) std::memcpy(at, s.data(), s.size());
    size_ += s.size();
    return Text(at, s.size());
}

Message Message::action(std::string_view name) {
    Message m;
    m.add("Action", name);
    return m;
}

Message& Message::add(std::string_view name, std::string_view value) {
    const auto needed = size_ + name.size() + value.size();
    if (needed > capacity_) {
        // The arguments may be views into this very message (add(h.name, ...)): copy first.
        std::string n(name), v(value);
        grow(needed);
        headers_.push_back(Header{store(n), store(v)});
        return *this;
    }
    auto stored_name = store(name);
    headers_.push_back(Header{stored_name, store(value)});
    return *this;
}

Message& Message::set(std::string_view name, std::string_view value) {
    for (std::size_t i = 0; i < headers_.size(); ++i) {
        if (iequals(headers_[i].name, name)) {
            // The old bytes stay unused in the buffer; the header points at the new value.
            std::string v(value);
            if (size_ + v.size() > capacity_) grow(size_ + v.size());
            headers_[i].value = store(v);
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
            out.append(h.name).append(": ").append(h.value);
            first = false;
        } else {
            out.append(" ").append(h.name).append("=").append(h.value);
        }
    }
    return out;
}

}  // namespace ami
