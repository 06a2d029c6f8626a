// CSTA events a table rule emits directly, without a transition of the call model: the
// event is built from the rule's inputs and goes to the monitors of the call the channel's
// device is in (mappings/examples/dtmf-digits.xml: DTMFEnd -> DigitsGenerated;
// mappings/examples/user-event-private-data.xml: UserEvent -> PrivateEvent).
#include <charconv>

#include <spdlog/spdlog.h>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"
#include "bridge/core/private_data.hpp"

namespace bridge {

using call_model_detail::conn;

// DigitsGenerated (ECMA-269 17.2.5): the device of the channel `uniqueid` generated `digits`
// in its call; `duration` (ms), when a number, is the digit's duration.
void CallModel::digits_generated(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch) return;
    auto* party = channel(party_of(ch->handle));  // through Local/ halves
    if (!party || !party->is_party()) return;
    const auto* c = call(party->call);
    const std::string digits(r.input(m, "digits"));
    if (!c || !c->find(party->device->id) || digits.empty()) return;
    csta::DigitsGeneratedEvent ev;
    ev.connection = conn(c->id, party->device->id);
    ev.digitGeneratedList = digits;
    const auto duration = r.input(m, "duration");
    long ms = 0;
    const auto* end = duration.data() + duration.size();
    if (!duration.empty() && std::from_chars(duration.data(), end, ms).ptr == end && ms >= 0)
        ev.digitDurationList.push_back(ms);
    emit(out, *c, std::move(ev));
}

// PrivateEvent (ECMA-269 vendor-specific event): the AMI headers the rule names (all but the
// framing ones when it names none) as privateData text, for the device monitor of the channel's
// device and the call monitors of its call. A channel that is no device's (plumbing, unknown)
// or an external party (no monitor of ours) reports nothing.
void CallModel::private_event(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(r.input(m, "uniqueid"));
    if (!ch) return;
    auto* party = channel(party_of(ch->handle));  // through Local/ halves
    if (!party || !party->is_party() || party->device->kind == DeviceKind::external) return;
    auto data = private_data_text(m, private_header_list(r.param));
    if (data.dropped_headers || data.cut_values)
        spdlog::warn("rule {}: {} from {}: {} header(s) beyond {} dropped, {} name(s)/value(s) cut to {}/{} bytes",
                     r.key, m.event_name(), party->device->id, data.dropped_headers, kMaxPrivateHeaders,
                     data.cut_values, kMaxPrivateNameBytes, kMaxPrivateValueBytes);
    csta::PrivateEvent ev;
    ev.privateData = csta::PrivateData{csta::PrivateData::Form::string, std::move(data.text)};
    Emitted e;
    e.event = std::move(ev);
    // The call monitors of the device's call follow call_id; of its devices, only its own.
    if (const auto* c = call(party->call); c && c->find(party->device->id)) e.call_id = c->id;
    e.recipients.push_back({party->device->id, std::nullopt});
    out.push_back(std::move(e));
}

}  // namespace bridge
