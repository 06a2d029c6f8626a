#pragma once
// One AMI message (action, response or event): an ordered list of headers.
// Header names compare case-insensitively, repeated headers (Variable, ChanVariable, Output)
// are all kept in arrival order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ami {

struct Header {
    std::string name;
    std::string value;
};

enum class MessageKind { action, response, event, unknown };

bool iequals(std::string_view a, std::string_view b) noexcept;

class Message {
public:
    Message() = default;

    // Builds an action: the first header is "Action: <name>".
    static Message action(std::string_view name);

    Message& add(std::string_view name, std::string_view value);
    // Replaces the first header of that name, or appends it.
    Message& set(std::string_view name, std::string_view value);
    void remove(std::string_view name);

    // First value of the header, or nullopt.
    std::optional<std::string_view> find(std::string_view name) const noexcept;
    // First value of the header, or "" when absent.
    std::string_view get(std::string_view name) const noexcept;
    bool has(std::string_view name) const noexcept { return find(name).has_value(); }
    // Every value of a repeated header, in order.
    std::vector<std::string_view> all(std::string_view name) const;

    const std::vector<Header>& headers() const noexcept { return headers_; }
    bool empty() const noexcept { return headers_.empty(); }

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
    std::vector<Header> headers_;
};

// "Event: Newchannel Channel=PJSIP/1001-00000002 ..." — for logs and test failures.
std::string to_debug_string(const Message& m);

}  // namespace ami
