#pragma once
// One AMI message (action, response or event): an ordered list of headers.
// Header names compare case-insensitively, repeated headers (Variable, ChanVariable, Output)
// are all kept in arrival order.
//
// Storage: the message owns one byte buffer holding every name and value; a header is a
// pair of views into it. Built with add(), names and values are back to back; the parser
// copies a whole message's bytes at once (separators and line ends stay in the buffer,
// unused). Parsing a message costs two allocations (bytes and header list), not two per
// header. Views stay valid while the message lives (moving it keeps them) and until
// add()/set() next grow it; a copy has its own.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ami {

// A header name or value: a view that reads like a std::string where code needs one
// (converts implicitly, concatenates with +).
class Text : public std::string_view {
public:
    using std::string_view::string_view;
    constexpr Text() noexcept = default;
    constexpr Text(std::string_view v) noexcept : std::string_view(v) {}
    operator std::string() const { return std::string(data(), size()); }
    std::string str() const { return std::string(data(), size()); }
};
std::string operator+(const std::string& a, Text b);
std::string operator+(std::string&& a, Text b);
std::string operator+(Text a, const std::string& b);
std::string operator+(Text a, const char* b);
std::string operator+(const char* a, Text b);
std::string operator+(Text a, char b);
std::string operator+(char a, Text b);
std::string operator+(Text a, Text b);

struct Header {
    Text name;
    Text value;
};

enum class MessageKind { action, response, event, unknown };

bool iequals(std::string_view a, std::string_view b) noexcept;

class Message {
public:
    Message() = default;
    Message(const Message& other);
    Message(Message&& other) noexcept;
    Message& operator=(const Message& other);
    Message& operator=(Message&& other) noexcept;
    ~Message() = default;

    // Builds an action: the first header is "Action: <name>".
    static Message action(std::string_view name);

    Message& add(std::string_view name, std::string_view value);
    // Replaces the first header of that name, or appends it.
    Message& set(std::string_view name, std::string_view value);
    void remove(std::string_view name);
    // Room for `bytes` of names and values and `headers` headers without reallocating.
    void reserve(std::size_t bytes, std::size_t headers);

    // First value of the header, or nullopt.
    std::optional<std::string_view> find(std::string_view name) const noexcept;
    // First value of the header, or "" when absent.
    std::string_view get(std::string_view name) const noexcept;
    bool has(std::string_view name) const noexcept { return find(name).has_value(); }
    // Every value of a repeated header, in order.
    std::vector<std::string_view> all(std::string_view name) const;

    const std::vector<Header>& headers() const noexcept { return headers_; }
    bool empty() const noexcept { return headers_.empty(); }
    // Bytes of names and values held (what add() copied).
    std::size_t stored_bytes() const noexcept { return size_; }

    MessageKind kind() const noexcept;
    std::string_view action_id() const noexcept { return get("ActionID"); }
    std::string_view event_name() const noexcept { return get("Event"); }
    std::string_view action_name() const noexcept { return get("Action"); }
    std::string_view response() const noexcept { return get("Response"); }

    // Set by the parser when a value contained bytes that are not valid UTF-8. The bytes
    // are kept as they came; the owner decides whether to log.
    bool invalid_utf8 = false;

    bool operator==(const Message& other) const;

private:
    friend class Parser;  // builds parsed messages from views into its input (adopt_bytes)
    // headers_ point into `block`, bytes the caller owns: copy them and repoint the views.
    void adopt_bytes(std::string_view block);
    Text store(std::string_view bytes) noexcept;  // appends to bytes_ (which must have room)
    void grow(std::size_t needed);
    void rebase(const char* old_base);  // headers_ pointed into a buffer at old_base

    std::unique_ptr<char[]> bytes_;
    std::size_t size_ = 0, capacity_ = 0;
    std::vector<Header> headers_;
};

// "Event: Newchannel Channel=PJSIP/1001-00000002 ..." — for logs and test failures.
std::string to_debug_string(const Message& m);

}  // namespace ami
