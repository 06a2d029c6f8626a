#include "bridge/server/ber_event_sharing.hpp"

#include <algorithm>
#include <cstdint>

namespace bridge::ber_sharing {

namespace {

constexpr std::size_t kFrameHeader = 2;  // the 2-byte APDU length of ECMA-285 over TCP

// A TLV's header read at `at`: single-octet tags only, definite lengths (short or long form).
struct Tlv {
    std::uint8_t tag = 0;
    std::size_t content_at = 0, length = 0;
};

std::optional<Tlv> read_tlv(const Bytes& b, std::size_t at, std::size_t end) {
    if (at + 2 > end || (b[at] & 0x1F) == 0x1F) return std::nullopt;  // truncated, or a multi-octet tag
    Tlv t;
    t.tag = b[at];
    std::size_t pos = at + 1;
    const std::uint8_t first = b[pos++];
    if (first < 0x80) {
        t.length = first;
    } else {
        const std::size_t octets = first & 0x7F;
        if (octets == 0 || octets > 3 || pos + octets > end) return std::nullopt;  // indefinite, or absurd
        for (std::size_t i = 0; i < octets; ++i) t.length = (t.length << 8) | b[pos++];
    }
    t.content_at = pos;
    if (t.content_at + t.length > end) return std::nullopt;
    return t;
}

bool content_is(const Bytes& b, const Tlv& t, std::string_view value) {
    return t.length == value.size() && std::equal(value.begin(), value.end(), b.begin() + static_cast<long>(t.content_at),
                                                  [](char v, std::uint8_t o) { return static_cast<std::uint8_t>(v) == o; });
}

}  // namespace

std::string integer_octets(long value) {
    std::string out;
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((value >> shift) & 0xFF));
    // Drop a leading octet while the next one alone keeps the sign.
    std::size_t drop = 0;
    while (drop + 1 < out.size()) {
        const auto o = static_cast<std::uint8_t>(out[drop]), next = static_cast<std::uint8_t>(out[drop + 1]);
        if ((o == 0x00 && !(next & 0x80)) || (o == 0xFF && (next & 0x80))) ++drop;
        else break;
    }
    return out.substr(drop);
}

std::optional<SharedEncodings::KeptFrame> locate(Bytes frame, long invoke_id, std::string_view xref) {
    const auto end = frame.size();
    const auto invoke = read_tlv(frame, kFrameHeader, end);
    if (!invoke || invoke->tag != 0xA1) return std::nullopt;  // ROSE invoke [1], constructed
    const auto id = read_tlv(frame, invoke->content_at, end);
    if (!id || id->tag != 0x02 || !content_is(frame, *id, integer_octets(invoke_id))) return std::nullopt;
    const auto opcode = read_tlv(frame, id->content_at + id->length, end);
    if (!opcode || opcode->tag != 0x02) return std::nullopt;  // (a linkedId would be here: none in a report)
    const auto argument = read_tlv(frame, opcode->content_at + opcode->length, end);
    if (!argument || argument->tag != 0x30) return std::nullopt;
    const auto cross_ref = read_tlv(frame, argument->content_at, end);
    if (!cross_ref || cross_ref->tag != 0x55 || !content_is(frame, *cross_ref, xref)) return std::nullopt;  // [APPLICATION 21]
    SharedEncodings::KeptFrame kept;
    kept.invoke_at = id->content_at;
    kept.invoke_size = id->length;
    kept.xref_at = cross_ref->content_at;
    kept.xref_size = cross_ref->length;
    kept.frame = std::move(frame);
    return kept;
}

std::optional<Bytes> with_ids(const SharedEncodings::KeptFrame& kept, long invoke_id, std::string_view xref) {
    const auto id = integer_octets(invoke_id);
    if (id.size() != kept.invoke_size || xref.size() != kept.xref_size) return std::nullopt;
    Bytes out = kept.frame;
    std::copy(id.begin(), id.end(), out.begin() + static_cast<long>(kept.invoke_at));
    std::copy(xref.begin(), xref.end(), out.begin() + static_cast<long>(kept.xref_at));
    return out;
}

}  // namespace bridge::ber_sharing
