#pragma once
// What the AMI client reports: the outcome of one action, and the error codes shared by
// actions and the link.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ami/message.hpp"

namespace ami {

enum class ErrorCode {
    ok,
    error_response,      // Response: Error (Message says why)
    permission_denied,   // Response: Error / Message: Permission denied (write class missing)
    timeout,             // no (complete) response within the action's timeout
    link_lost,           // the connection went down while the action was pending; never re-sent
    not_connected,       // send() while not logged in
    rejected_by_writer,  // the action cannot be serialised (CR/LF injection, no Action header)
    auth_failed,         // Login answered "Authentication failed"
    connect_failed,      // refused / unreachable / resolve failure
    connect_timeout,     // TCP connect + TLS handshake + banner not done in time
    tls_failed,          // TLS handshake failed (certificate verification, protocol)
    bad_banner,          // the peer is not an Asterisk Call Manager
    stopped,             // the client was stopped
    busy,                // max_pending_actions actions are already waiting for an answer
};
std::string_view to_string(ErrorCode code) noexcept;

struct ActionResult {
    ErrorCode error = ErrorCode::ok;
    std::string error_text;              // human-readable, says which action and why
    Message response;                    // the Response message (empty if none arrived)
    std::vector<Message> items;          // event-list items in arrival order (unless streamed)
    std::size_t item_count = 0;          // items the list carried, streamed or kept
    std::optional<Message> list_complete;  // the "...Complete" event closing an event list
    bool ok() const noexcept { return error == ErrorCode::ok; }
};

using ActionCallback = std::function<void(ActionResult)>;
// Receives each item of an event list as it is read, instead of ActionResult::items: a list of
// 100,000 devices or channels then never sits in memory whole.
using ItemCallback = std::function<void(const Message&)>;

}  // namespace ami
