// libFuzzer target for ami::Parser: arbitrary bytes, fed in pieces whose sizes come from the
// input, must never crash, hang or grow without bound; every output is well-formed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ami/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    ami::ParserLimits limits;
    limits.max_line_bytes = 512;  // small limits so the fuzzer reaches the overflow paths
    limits.max_headers = 32;
    limits.max_message_bytes = 4096;
    ami::Parser parser(data[0] & 1, limits);
    // The first byte also picks the chunk size, so splits at every position get explored.
    const std::size_t chunk = 1 + (data[0] >> 1);
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    while (!rest.empty()) {
        const auto n = rest.size() < chunk ? rest.size() : chunk;
        parser.feed(rest.substr(0, n));
        rest.remove_prefix(n);
        while (auto out = parser.next()) {
            if (auto* m = std::get_if<ami::Message>(&*out)) {
                if (m->headers().size() > limits.max_headers) __builtin_trap();
            }
        }
        if (parser.buffered() > limits.max_line_bytes) __builtin_trap();
    }
    return 0;
}
