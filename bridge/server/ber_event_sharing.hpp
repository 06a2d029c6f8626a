#pragma once
// Encode-once fan-out for BER sessions (shared_encodings.hpp): where a framed CSTA event
// report carries its ROSE invoke id and its monitorCrossRefID, and the same report with
// other ids written over them.
#include <optional>
#include <string>
#include <string_view>

#include "bridge/server/shared_encodings.hpp"
#include "bridge/server/wire.hpp"

namespace bridge::ber_sharing {

// The content octets of a BER INTEGER: minimal two's complement (ROSE invoke ids are 1..32767).
std::string integer_octets(long value);

// The places of the contents of the invoke id and of the cross reference id in `frame`: a
// 2-byte length, then ROSE Invoke [1] { invokeId INTEGER, opcode INTEGER, argument SEQUENCE {
// crossRefIdentifier [APPLICATION 21] OCTET STRING, ... } }. Each content is checked against
// the value the frame was encoded with; nullopt when the frame is laid out otherwise (it is
// then simply not shared).
std::optional<SharedEncodings::KeptFrame> locate(Bytes frame, long invoke_id, std::string_view xref);

// The kept frame with these ids over its own; nullopt when their sizes differ from the kept
// ones (a BER length would change: the copy is encoded on its own instead).
std::optional<Bytes> with_ids(const SharedEncodings::KeptFrame& kept, long invoke_id, std::string_view xref);

}  // namespace bridge::ber_sharing
