// libFuzzer target: arbitrary bytes as one ECMA-285 APDU. Decoding must never crash, leak or
// overflow (asn1c runs with a stack bound); whatever decodes must encode again, and what we
// encode must decode to the same APDU kind.
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "csta/ber/acse_login.hpp"
#include "csta/ber/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const csta::ber::Codec codec;
    auto decoded = codec.decode_apdu(std::span<const std::uint8_t>(data, size));
    auto* apdu = std::get_if<csta::ber::Apdu>(&decoded);
    if (!apdu) return 0;
    // An AARQ's login forms (AP-title, Siemens private data) are decoded too: never a crash.
    if (auto* aarq = std::get_if<csta::ber::Aarq>(apdu)) (void)csta::ber::login_from_aarq(*aarq);
    csta::ber::Bytes again;
    try {
        again = codec.encode(*apdu);
    } catch (const csta::ber::EncodeError&) {
        return 0;  // e.g. a decoded value the model keeps but ECMA-285 cannot carry back
    } catch (const std::invalid_argument&) {
        return 0;  // an AARQ whose OID arcs do not fit our dotted form
    }
    auto redecoded = codec.decode_apdu(again);
    auto* second = std::get_if<csta::ber::Apdu>(&redecoded);
    if (!second || second->index() != apdu->index()) __builtin_trap();
    return 0;
}
