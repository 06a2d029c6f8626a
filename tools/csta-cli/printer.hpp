#pragma once
// One readable line per CSTA message, for people and for scripts that grep:
//   event 1 DeliveredEvent conn=C1:1002 alerting=1002 calling=1001 called=1002 local=alerting cause=newCall
//   response MakeCallResponse calling=C1:1001
//   error operation/invalidDeviceID
//   request SystemStatus status=normal
// The printer is generic: it writes the message as ECMA-323 XML (the codec covers every type of
// the model) and flattens that element tree, so a new event type needs no code here.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "csta/model/messages.hpp"
#include "csta/xml/tree.hpp"

namespace csta_cli {

class Printer {
public:
    std::string event(const csta::Event& e);
    std::string response(const csta::Response& r);
    std::string request(const csta::Request& r);  // requests the server sends (SystemStatus, ...)

private:
    std::string fields(const std::string& document, bool skip_cross_ref);
    csta::xml::TreeParser parser_;
};

// The fields of a message element, " key=value" each, in schema order (see printer.cpp for the
// rules). Exposed for tests.
std::string flatten_fields(const csta::xml::Node& root, bool skip_cross_ref);

// Classic 16-bytes-a-line hex dump with an ASCII column, each line prefixed by `prefix`.
std::string hex_dump(std::span<const std::uint8_t> bytes, std::string_view prefix);

}  // namespace csta_cli
