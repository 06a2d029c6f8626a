#pragma once
// Serialises AMI messages to wire bytes ("Name: value\r\n" ... "\r\n").
// Refuses anything that could change the meaning of the byte stream: a CR or LF inside a
// header name or value would let a CSTA string inject "\r\nAction: Command" into the session.
#include <string>

#include "ami/message.hpp"

namespace ami {

struct Serialized {
    std::string bytes;  // wire form, valid when error is empty
    std::string error;  // why it was refused
    bool ok() const noexcept { return error.empty(); }
};

// An action: the first header must be a non-empty "Action".
Serialized serialize_action(const Message& action);
// Any message (responses and events, for servers such as pbx-sim).
Serialized serialize_message(const Message& message);

// True when the value can be sent as a header value (no CR, LF or NUL).
bool safe_header_value(std::string_view value) noexcept;

}  // namespace ami
