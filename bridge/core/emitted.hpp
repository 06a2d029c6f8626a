#pragma once
// What the call model reports: one CSTA event per call transition, with the devices whose
// monitors should receive it and each one's localConnectionInfo.
//
// Choice (documented in mappings/README.md): ONE Emitted per transition carrying the
// per-recipient connection state, not one event per recipient. The event itself has no
// monitorCrossRefID and no localConnectionInfo; for_recipient() fills both for a monitor.
#include <optional>
#include <string>
#include <vector>

#include "csta/model/messages.hpp"

namespace bridge {

struct Recipient {
    std::string device;
    // State of the recipient's own connection in the call after the event; nullopt when it
    // has none (agent events, or a call monitor's view).
    std::optional<csta::LocalConnectionState> state;
    bool operator==(const Recipient&) const = default;
};

struct Emitted {
    csta::Event event;
    std::string call_id;  // empty for device-only events (agent state)
    std::vector<Recipient> recipients;
    // Calls that ceased to exist by merging into call_id with this event (Transferred,
    // Conferenced): their call monitors follow the resulting call.
    std::vector<std::string> merged_calls;
};

// The event as a monitor receives it: monitorCrossRefID and localConnectionInfo set.
csta::Event for_recipient(const Emitted& e, const Recipient& r, const csta::MonitorCrossRefID& xref);

// Sets localConnectionInfo on any event type that has one (no-op otherwise).
void set_local_connection_info(csta::Event& e, std::optional<csta::LocalConnectionState> s);

}  // namespace bridge
