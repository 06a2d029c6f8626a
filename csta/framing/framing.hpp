#pragma once
// CSTA transport framing, sans-I/O. Two framings share one listening port:
//   XML (ECMA-323 over TCP): 8-byte header. Bytes 0-1 are 0x0000 and bytes 2-3 the 16-bit
//     big-endian total length INCLUDING the header, or (32-bit form, sent by some clients)
//     bytes 0-3 are one big-endian length; both read the same below 64 KiB, so the value
//     decides. Bytes 4-7: the invokeID as 4 ASCII digits (events use 9999).
//   BER (ECMA-285): a 2-byte big-endian length of the APDU, then the APDU.
// Detection needs at most the first 8 bytes of a connection (see detect()).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace csta::framing {

using Bytes = std::vector<std::uint8_t>;

enum class Kind { xml, ber };

struct Limits {
    // Largest frame accepted or produced, header included.
    std::size_t max_frame = 64 * 1024;
    // Accept / produce the 32-bit XML length form for frames larger than 65535 bytes.
    bool allow_xml_32bit = true;
};

enum class Error {
    unknown_protocol,      // first bytes are neither an XML header nor a BER AARQ/Invoke
    xml_bad_invoke_id,     // header bytes 4-7 are not 4 ASCII digits
    xml_length_too_small,  // header length < 8
    xml_32bit_not_allowed, // a 32-bit length form above 65535 while it is disabled
    ber_empty_apdu,        // BER length 0
    frame_too_large,       // length above Limits::max_frame
};
std::string_view to_string(Error e);

struct Frame {
    Bytes payload;                        // the XML document or the BER APDU, header removed
    std::optional<std::uint16_t> invoke;  // XML only: the header's invokeID (0..9999)
};

enum class Detection { need_more, xml, ber, unknown };
// Looks at the first bytes of a connection.
Detection detect(std::span<const std::uint8_t> first);

// Incremental deframer: feed() bytes in any chunking, then poll next() until it returns
// nothing. After an error the stream cannot be resynchronised: next() keeps returning that
// error and the caller closes this session only.
class Deframer {
public:
    explicit Deframer(Limits limits = {});                 // detects the framing
    Deframer(Kind kind, Limits limits = {});               // fixed framing
    void feed(std::span<const std::uint8_t> bytes);
    std::optional<std::variant<Frame, Error>> next();
    std::optional<Kind> kind() const { return kind_; }
    std::size_t buffered() const { return buffer_.size() - consumed_; }

private:
    std::optional<std::variant<Frame, Error>> fail(Error e);
    Limits limits_;
    std::optional<Kind> kind_;
    std::optional<Error> error_;
    Bytes buffer_;
    std::size_t consumed_ = 0;
};

// Encoders. They return nothing when the frame would exceed Limits (or, for XML, when
// invoke_id > 9999).
std::optional<Bytes> encode_xml(std::string_view document, std::uint16_t invoke_id,
                                const Limits& limits = {});
std::optional<Bytes> encode_ber(std::span<const std::uint8_t> apdu, const Limits& limits = {});

inline constexpr std::uint16_t xml_event_invoke_id = 9999;
inline constexpr std::size_t xml_header_size = 8;
inline constexpr std::size_t ber_header_size = 2;

}  // namespace csta::framing
