#pragma once
// A request's values by their ECMA-323 element paths, for what maps CSTA onto something else
// without knowing each request type: "transferredTo" -> "1003", "activeCall.callID" -> "C1",
// "activeCall.deviceID" -> "1001", "correlatorData" -> its string. The paths are the element
// names of the ECMA-323 schema (detail/schemas.hpp), nested records joined with ".".
// Lists, flag sets and private data are not addressed by a path.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/messages.hpp"

namespace csta::xml {

// Every path a request of this root element name (e.g. "SingleStepTransferCall") can have;
// empty for a name that is not a request.
std::vector<std::string> request_field_paths(std::string_view request_name);

struct FieldValue {
    std::string text;
    bool device = false;  // a DeviceID (or a ConnectionID's deviceID): a number to dial or watch
};

// The paths this request has a value at.
std::map<std::string, FieldValue> request_fields(const Request& request);

}  // namespace csta::xml
