#pragma once
// A byte-level CSTA link for the client-compatibility tests: it sends exactly the bytes a
// foreign client sends and hands back each frame the bridge sends, header included, so the
// tests can check the conversation byte by byte where the client depends on the bytes.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace compat {

using Bytes = std::vector<std::uint8_t>;
using namespace std::chrono_literals;

class RawLink {
public:
    enum class Framing { xml, ber };  // XML: 4-byte length + 4 invokeID digits; BER: 2-byte length
    RawLink(unsigned short port, Framing framing);
    ~RawLink();
    RawLink(const RawLink&) = delete;
    RawLink& operator=(const RawLink&) = delete;

    void send(const Bytes& bytes);
    // The next whole frame (header and payload), or nullopt if none came within the timeout.
    std::optional<Bytes> frame(std::chrono::milliseconds timeout = 5s);
    // True when the bridge closed the connection within the timeout (frames before are dropped).
    bool closed(std::chrono::milliseconds timeout = 5s);
    // True when nothing at all arrives within the time.
    bool silent_for(std::chrono::milliseconds time);

private:
    bool fill(std::size_t n, std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    Framing framing_;
    Bytes buffer_;
    bool eof_ = false;
};

// The frame pyssimist (csta/CstaParser.py buildMessage, CstaMessage.contents) puts around a
// document: a 4-byte big-endian length of the whole frame, then the invokeID as 4 ASCII digits.
Bytes pyssimist_frame(const std::string& document, int invoke_id);
// The frame of the OpenScape python connector (phonesystem.py sendMess): 0x00, one length byte.
Bytes two_byte_frame(const Bytes& apdu);
// The frame's XML document (after the 8-byte header) and invokeID.
std::string xml_document(const Bytes& frame);
int xml_invoke_id(const Bytes& frame);
// Bytes from hex text (whitespace ignored) and a file of tests/data/compat.
Bytes from_hex(const std::string& hex);
std::string compat_file(const std::string& name);

}  // namespace compat
