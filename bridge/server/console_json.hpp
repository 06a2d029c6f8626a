#pragma once
// The few JSON helpers the web console's API needs: it only writes JSON (never parses it),
// so a quoted-string escaper and a key/value builder are all there is.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace bridge::json {

// A JSON string literal: quotes, backslash and control characters escaped; bytes >= 0x80 are
// passed through (the bridge's strings are UTF-8).
std::string quote(std::string_view s);

// Times go out as milliseconds since the epoch (JavaScript's Date).
inline std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Builds one object: add(key, value) in order, then str(). Values are already JSON.
class Object {
public:
    Object& raw(std::string_view key, std::string_view json);
    Object& add(std::string_view key, std::string_view text) { return raw(key, quote(text)); }
    Object& add(std::string_view key, const char* text) { return raw(key, quote(text)); }
    Object& add(std::string_view key, const std::string& text) { return raw(key, quote(text)); }
    Object& add(std::string_view key, bool value) { return raw(key, value ? "true" : "false"); }
    Object& add(std::string_view key, std::int64_t value) { return raw(key, std::to_string(value)); }
    Object& add(std::string_view key, std::uint64_t value) { return raw(key, std::to_string(value)); }
    Object& add(std::string_view key, double value);
    std::string str() const { return body_ + "}"; }

private:
    std::string body_ = "{";
};

// Builds one array of JSON values.
class Array {
public:
    Array& raw(std::string_view json);
    Array& add(std::string_view text) { return raw(quote(text)); }
    std::string str() const { return body_ + "]"; }

private:
    std::string body_ = "[";
};

}  // namespace bridge::json
