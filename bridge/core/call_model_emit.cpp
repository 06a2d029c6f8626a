// CSTA events a table rule emits directly, without a transition of the call model: the
// event is built from the rule's inputs and goes to the monitors of the call the channel's
// device is in (mappings/examples/dtmf-digits.xml: DTMFEnd -> DigitsGenerated).
#include <charconv>

#include "bridge/core/call_model.hpp"
#include "bridge/core/call_model_detail.hpp"

namespace bridge {

using call_model_detail::conn;

// DigitsGenerated (ECMA-269 17.2.5): the device of the channel `uniqueid` generated `digits`
// in its call; `duration` (ms), when a number, is the digit's duration.
void CallModel::digits_generated(const EventRule& r, const ami::Message& m, Out& out) {
    auto* ch = channel(std::string(r.input(m, "uniqueid")));
    if (!ch) return;
    auto* party = channel(party_of(ch->uniqueid));  // through Local/ halves
    if (!party || !party->is_party()) return;
    const auto* c = call(party->call_id);
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

}  // namespace bridge
