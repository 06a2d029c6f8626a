#pragma once
// AMI over HTTP (Asterisk's /rawman): an action travels as form fields, action=Ping&ActionID=x,
// in the query of a GET or the body of a POST (application/x-www-form-urlencoded); the session
// is the mansession_id cookie. Shared by the client transport and pbx-sim's HTTP server.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ami/message.hpp"

namespace ami {

// "Action=Originate&Channel=PJSIP%2F1001&..." in header order (repeated headers repeated).
std::string form_encode(const Message& action);
// The fields of a query string or form body as the headers of one message, in order;
// nullopt on a bad %-escape.
std::optional<Message> form_decode(std::string_view form);
// The mansession_id of a Set-Cookie or Cookie header value, quotes kept as sent
// ("\"7a9971ea\""); "" when there is none.
std::string mansession_cookie(std::string_view header_value);

}  // namespace ami
