// libFuzzer target: arbitrary bytes as csta-bridge.conf (Boost.PropertyTree INI, then the
// key checks). Must never crash or hang; a refused file lists at least one error, an accepted
// one can be explained (csta-bridge --check-config).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "bridge/server/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    const auto r = bridge::parse_config(in, "fuzz.conf");
    if (!r.config) {
        if (r.errors.empty()) __builtin_trap();
        return 0;
    }
    if (!r.errors.empty()) __builtin_trap();  // a config comes only without errors
    (void)bridge::explain(*r.config);
    return 0;
}
