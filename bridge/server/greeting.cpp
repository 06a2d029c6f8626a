#include "bridge/server/greeting.hpp"

#include <spdlog/spdlog.h>

#include "bridge/server/session.hpp"

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

// Called once the transport is ready (after the TLS handshake), before the first read.
void Session::greet() {
    if (listener_.greeting == "none" || protocol_) return;
    WireOptions options{listener_.max_frame_bytes, listener_.xml_edition.back() - '0'};
    protocol_ = listener_.greeting == "xml" ? make_xml_protocol(options) : make_ber_protocol(options);
    csta::SystemStatus greeting;
    greeting.systemStatus = csta::SystemStatusValue::normal;
    const auto id = next_own_invoke_;
    next_own_invoke_ = next_own_invoke_ % 9998 + 1;
    spdlog::debug("session {}: greeting {} with SystemStatus ({})", id_, peer_, protocol_->dialect());
    send(protocol_->request(id, greeting), "greeting");
}

}  // namespace bridge
