// libFuzzer target: arbitrary bytes as a mapping-table overlay on top of the shipped table
// (Xerces with the XSD, then the loader's own checks). Must never crash or hang; a refused
// file always says why, and a loaded one can answer the lookups the call model makes.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

#include "bridge/core/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string dir = CSTA_SOURCE_DIR "/mappings/";
    static const std::string path = "/tmp/fuzz-table-" + std::to_string(::getpid()) + ".xml";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const auto r = bridge::Table::load({dir + "asterisk.xml", path}, dir + "mapping-table.xsd");
    if (!r.ok()) {
        if (r.error.empty()) __builtin_trap();  // every refusal carries a reason
        return 0;
    }
    (void)r.table->dial_string("1001");
    (void)r.table->device_for_interface("PJSIP/1001");
    (void)r.table->device_for_channel("PJSIP/1001-00000001", "1001");
    return 0;
}
