// libFuzzer target: arbitrary bytes fed to an auto-detecting deframer in chunks whose sizes
// come from the input itself. Must never crash, loop, or return a frame larger than the limit.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "csta/framing/framing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const csta::framing::Limits limits{.max_frame = 4096, .allow_xml_32bit = (data[0] & 1) != 0};
    csta::framing::Deframer d(limits);
    const std::size_t chunk = 1 + data[0] % 17;
    std::size_t total = 0;
    for (std::size_t at = 1; at < size; at += chunk) {
        d.feed(std::span<const std::uint8_t>(data + at, std::min(chunk, size - at)));
        while (auto r = d.next()) {
            if (auto* f = std::get_if<csta::framing::Frame>(&*r)) {
                if (f->payload.size() > limits.max_frame) __builtin_trap();
                total += f->payload.size();
                if (total > size) __builtin_trap();  // frames come from the input, nothing invented
            } else {
                break;  // errors stick; nothing more to read
            }
        }
    }
    return 0;
}
