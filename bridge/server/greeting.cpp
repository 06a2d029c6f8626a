#include "bridge/server/greeting.hpp"

namespace bridge {

std::string greeting_conflict(const ListenerConfig& l) {
    if (l.greeting == "xml" && (!l.allow_xml || l.allow_ber))
        return "greeting = xml needs encodings = xml (the greeting fixes the encoding before the client speaks)";
    if (l.greeting == "ber" && (!l.allow_ber || l.allow_xml))
        return "greeting = ber needs encodings = ber (the greeting fixes the encoding before the client speaks)";
    return {};
}

std::string greeting_explained(const ListenerConfig& l) {
    if (l.greeting == "none") return {};
    return "  greets every connection with SystemStatus (normal) in " +
           std::string(l.greeting == "xml" ? "XML " + l.xml_edition : std::string("BER")) +
           " before the client speaks (OpenScape Voice style)\n";
}

}  // namespace bridge
