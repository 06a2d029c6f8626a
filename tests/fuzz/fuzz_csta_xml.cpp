// libFuzzer target: arbitrary bytes decoded as a CSTA XML / ECMA-354 document by one reused
// codec (as a session does). Must never crash or hang; and whatever decodes must survive
// encode -> decode unchanged (the encoder always produces a document the decoder accepts).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "csta/xml/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static csta::xml::Codec codec({.max_bytes = 64 * 1024, .max_depth = 32, .max_elements = 4000});
    const auto r = codec.decode(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!r.ok()) {
        if (!r.error) __builtin_trap();  // every failure carries a reason
        return 0;
    }
    const auto edition = r.edition.value_or(csta::xml::Edition::ed6);
    const std::string again = csta::xml::Codec::encode(*r.message, edition);
    const auto r2 = codec.decode(again);
    if (!r2.ok() || !(*r2.message == *r.message)) __builtin_trap();
    return 0;
}
