// libFuzzer target for ami::Parser: arbitrary bytes, fed in pieces whose sizes come from the
// input, must never crash, hang or grow without bound; every output is well-formed. The same
// bytes fed one at a time (the line-by-line path only) and all at once (the whole-message
// fast path wherever it applies) must give exactly the same outputs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ami/parser.hpp"
#include "tests/support/parser_outputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    ami::ParserLimits limits;
    limits.max_line_bytes = 512;  // small limits so the fuzzer reaches the overflow paths
    limits.max_headers = 32;
    limits.max_message_bytes = 4096;
    const bool banner = data[0] & 1;
    ami::Parser parser(banner, limits);
    // The first byte also picks the chunk size, so splits at every position get explored.
    const std::size_t chunk = 1 + (data[0] >> 1);
    const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
    std::string_view rest = input;
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
    const auto line_by_line = test_support::parse_in_pieces(input, 1, banner, limits);
    if (test_support::parse_in_pieces(input, input.size() + 1, banner, limits) != line_by_line) __builtin_trap();
    if (test_support::parse_in_pieces(input, chunk, banner, limits) != line_by_line) __builtin_trap();
    return 0;
}
