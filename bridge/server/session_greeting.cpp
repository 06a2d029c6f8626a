// The listener's greeting sent by a session (see greeting.hpp): apart from the configuration
// rules in greeting.cpp, so the configuration library does not need the session's I/O.
#include <spdlog/spdlog.h>

#include "bridge/server/session.hpp"

namespace bridge {

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
