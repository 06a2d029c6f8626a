#pragma once
// The text of the CSTAPrivateData a `privateEvent` rule reports (mappings/README.md, "Private
// data from AMI headers"): AMI headers as "Name: value" lines joined by LF, in the order the
// event carries them. It goes into the `string` alternative, which ECMA-323 clients read as
// text and ECMA-285 carries as its OCTET STRING, so both encodings carry the same bytes.
//
// The headers come from the PBX (a dialplan's UserEvent body is anybody's text), so the text
// is bounded and one header stays one line: at most kMaxPrivateHeaders headers, names cut to
// kMaxPrivateNameBytes and values to kMaxPrivateValueBytes (at a UTF-8 character boundary),
// and every control character (CR, LF, TAB, NUL...) in a name or value becomes a space.
// XML escaping of '<', '&'... is the codec's business (csta/xml/writer.cpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ami/message.hpp"

namespace bridge {

inline constexpr std::size_t kMaxPrivateHeaders = 32;
inline constexpr std::size_t kMaxPrivateNameBytes = 64;
inline constexpr std::size_t kMaxPrivateValueBytes = 256;

struct PrivateDataText {
    std::string text;
    std::size_t dropped_headers = 0;  // beyond kMaxPrivateHeaders
    std::size_t cut_values = 0;       // names or values shortened to their cap
};

// `only` empty: every header but Event, Privilege and ActionID (AMI framing, not content);
// else the named headers (case-insensitive, each at most once, every occurrence of it), in
// the order the message has them.
PrivateDataText private_data_text(const ami::Message& m, const std::vector<std::string>& only);

// The space-separated header names of a privateEvent rule's param ("" -> empty: all).
std::vector<std::string> private_header_list(std::string_view param);

}  // namespace bridge
