#include "csta/framing/framing.hpp"

#include <algorithm>

namespace csta::framing {
namespace {

bool is_digit(std::uint8_t b) { return b >= '0' && b <= '9'; }

bool digits_at_4_to_7(std::span<const std::uint8_t> h) {
    return std::all_of(h.begin() + 4, h.begin() + 8, is_digit);
}

std::uint32_t be32(std::span<const std::uint8_t> h) {
    return (std::uint32_t{h[0]} << 24) | (std::uint32_t{h[1]} << 16) | (std::uint32_t{h[2]} << 8) | h[3];
}

// The first byte of every APDU a CSTA client may open with: AARQ [APPLICATION 0] or a ROSE
// Invoke [1] (clients that skip ACSE).
bool ber_opening_tag(std::uint8_t b) { return b == 0x60 || b == 0xA1; }

}  // namespace

std::string_view to_string(Error e) {
    switch (e) {
    case Error::unknown_protocol: return "first bytes are neither a CSTA XML header nor a BER AARQ/Invoke";
    case Error::xml_bad_invoke_id: return "XML header invokeID (bytes 4-7) is not 4 ASCII digits";
    case Error::xml_length_too_small: return "XML header length is smaller than the 8-byte header";
    case Error::xml_32bit_not_allowed: return "XML header uses the 32-bit length form, which is disabled";
    case Error::ber_empty_apdu: return "BER frame length is 0";
    case Error::frame_too_large: return "frame length exceeds the configured maximum";
    }
    return "unknown framing error";
}

Detection detect(std::span<const std::uint8_t> first) {
    // BER: the 2-byte length of a real APDU is never 0, so 00 00 can only start an XML header.
    if (first.size() >= 3 && (first[0] != 0 || first[1] != 0))
        if (ber_opening_tag(first[2])) return Detection::ber;
    if (!first.empty() && first[0] != 0)  // not XML (lengths < 16 MiB): BER or nothing
        return first.size() < 3 ? Detection::need_more : Detection::unknown;
    if (first.size() < xml_header_size) return Detection::need_more;
    return digits_at_4_to_7(first.first(xml_header_size)) ? Detection::xml : Detection::unknown;
}

Deframer::Deframer(Limits limits) : limits_(limits) {}
Deframer::Deframer(Kind kind, Limits limits) : limits_(limits), kind_(kind) {}

void Deframer::feed(std::span<const std::uint8_t> bytes) {
    if (error_) return;
    // Compact lazily so a long-lived session does not grow its buffer without bound.
    if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
        consumed_ = 0;
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<std::variant<Frame, Error>> Deframer::fail(Error e) {
    error_ = e;
    buffer_.clear();
    consumed_ = 0;
    return std::variant<Frame, Error>{e};
}

std::optional<std::variant<Frame, Error>> Deframer::next() {
    if (error_) return std::variant<Frame, Error>{*error_};
    const std::span<const std::uint8_t> in{buffer_.data() + consumed_, buffer_.size() - consumed_};
    if (!kind_) {
        switch (detect(in)) {
        case Detection::need_more: return std::nullopt;
        case Detection::unknown: return fail(Error::unknown_protocol);
        case Detection::xml: kind_ = Kind::xml; break;
        case Detection::ber: kind_ = Kind::ber; break;
        }
    }
    std::size_t header = 0;
    std::size_t total = 0;  // frame length including the header
    std::optional<std::uint16_t> invoke;
    if (*kind_ == Kind::xml) {
        if (in.size() < xml_header_size) return std::nullopt;
        const auto h = in.first(xml_header_size);
        total = be32(h.first(4));  // 16-bit form == 32-bit form with bytes 0-1 zero
        if (total > 0xFFFF && !limits_.allow_xml_32bit) return fail(Error::xml_32bit_not_allowed);
        if (total < xml_header_size) return fail(Error::xml_length_too_small);
        if (total > limits_.max_frame) return fail(Error::frame_too_large);
        if (!digits_at_4_to_7(h)) return fail(Error::xml_bad_invoke_id);
        invoke = static_cast<std::uint16_t>((h[4] - '0') * 1000 + (h[5] - '0') * 100 + (h[6] - '0') * 10 + (h[7] - '0'));
        header = xml_header_size;
    } else {
        if (in.size() < ber_header_size) return std::nullopt;
        const std::size_t apdu = (std::size_t{in[0]} << 8) | in[1];
        if (apdu == 0) return fail(Error::ber_empty_apdu);
        total = ber_header_size + apdu;
        if (total > limits_.max_frame) return fail(Error::frame_too_large);
        header = ber_header_size;
    }
    if (in.size() < total) return std::nullopt;
    Frame frame{Bytes(in.begin() + static_cast<std::ptrdiff_t>(header), in.begin() + static_cast<std::ptrdiff_t>(total)), invoke};
    consumed_ += total;
    if (consumed_ == buffer_.size()) {
        // Empty: a buffer grown for a big frame (up to max_frame) is released rather than
        // kept for the rest of the connection; small ones are kept for the next read.
        if (buffer_.capacity() > 16 * 1024) Bytes().swap(buffer_);
        else buffer_.clear();
        consumed_ = 0;
    }
    return std::variant<Frame, Error>{std::move(frame)};
}

std::optional<Bytes> encode_xml(std::string_view document, std::uint16_t invoke_id, const Limits& limits) {
    const std::size_t total = xml_header_size + document.size();
    if (invoke_id > 9999 || total > limits.max_frame) return std::nullopt;
    if (total > 0xFFFF && !limits.allow_xml_32bit) return std::nullopt;
    if (total > 0xFFFFFFFFu) return std::nullopt;
    Bytes out;
    out.reserve(total);
    // 16-bit form below 64 KiB (bytes 0-1 zero) is exactly the 32-bit form's encoding.
    for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>((total >> shift) & 0xFF));
    for (unsigned div : {1000u, 100u, 10u, 1u}) out.push_back(static_cast<std::uint8_t>('0' + (invoke_id / div) % 10));
    out.insert(out.end(), document.begin(), document.end());
    return out;
}

std::optional<Bytes> encode_ber(std::span<const std::uint8_t> apdu, const Limits& limits) {
    if (apdu.empty() || apdu.size() > 0xFFFF || ber_header_size + apdu.size() > limits.max_frame) return std::nullopt;
    Bytes out;
    out.reserve(ber_header_size + apdu.size());
    out.push_back(static_cast<std::uint8_t>(apdu.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(apdu.size() & 0xFF));
    out.insert(out.end(), apdu.begin(), apdu.end());
    return out;
}

}  // namespace csta::framing
