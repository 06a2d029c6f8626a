// libFuzzer target: arbitrary bytes as a mapping-table overlay on top of the shipped table
// (Xerces with the XSD, then the loader's own checks). Must never crash or hang; a refused
// file always says why, and a loaded one can answer the lookups the call model makes.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <unistd.h>

#include <xercesc/util/PlatformUtils.hpp>

#include "bridge/core/table.hpp"

// Xerces stays initialised for the whole run (as in a daemon with XML sessions open: each
// session's parser holds it); otherwise every load's Initialize/Terminate pair set up and tore
// down Xerces's process-wide services once per input. Table::load still makes its own pair,
// which now only counts up and down; what is loaded and checked is unchanged.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    xercesc::XMLPlatformUtils::Initialize();
    return 0;
}

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
