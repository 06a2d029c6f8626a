// The call model's event dispatch: a rule's primitive selects its handler from an array in
// the order of the primitive descriptors (table_primitives.hpp), checked at compile time, so
// a primitive the table can name always has exactly one handler.
#include <array>

#include "bridge/core/call_model.hpp"

namespace bridge {

using csta::EventCause;

void CallModel::apply(const EventRule& rule, const ami::Message& message, Out& emitted) {
    using Handler = void (*)(CallModel&, const EventRule&, const ami::Message&, Out&);
    struct Entry {
        Primitive primitive;
        Handler handle;
    };
    // Member access from captureless lambdas: they are defined inside a member function.
    static constexpr std::array<Entry, kPrimitiveCount> kHandlers{{
        {Primitive::channelCreated, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.channel_created(r, m, out); }},
        {Primitive::channelState, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.channel_state(r, m, out); }},
        {Primitive::channelRenamed, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) {
             if (auto* ch = cm.channel(r.input(m, "uniqueid"))) cm.rename_channel(*ch, r.input(m, "newName"));
         }},
        {Primitive::callerIdChanged, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) {
             if (auto* ch = cm.channel(r.input(m, "uniqueid"))) ch->caller_id_num = std::string(r.input(m, "callerIdNum"));
         }},
        {Primitive::dialBegin, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.dial_begin(r, m, out); }},
        {Primitive::dialEnd, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.dial_end(r, m, out); }},
        {Primitive::bridgeEnter, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.bridge_enter(r, m, out); }},
        {Primitive::bridgeLeave, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.bridge_leave(r, m, out); }},
        {Primitive::localBridge, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) {
             auto* one = cm.channel(r.input(m, "one"));
             auto* two = cm.channel(r.input(m, "two"));
             if (one && two) { one->local_peer = two->handle; two->local_peer = one->handle; }
         }},
        // The Local pair's channels leave by BridgeLeave/Hangup: nothing to do here.
        {Primitive::localOptimizationEnd, [](CallModel&, const EventRule&, const ami::Message&, Out&) {}},
        {Primitive::releaseBegun, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) {
             if (const auto* ch = cm.channel(r.input(m, "uniqueid"))) cm.release_begun(ch->handle);
         }},
        {Primitive::channelHangup, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.hangup(r, m, out); }},
        {Primitive::dialStatusSet, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.dial_status_set(r, m, out); }},
        {Primitive::held, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.held(r, m, out, true); }},
        {Primitive::retrieved, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.held(r, m, out, false); }},
        {Primitive::blindTransfer, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.blind_transfer(r, m, out); }},
        {Primitive::attendedTransfer, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.attended_transfer(r, m, out); }},
        {Primitive::diverted, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.diverted(r, m, out); }},
        {Primitive::conferenceJoin, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.conference_join(r, m, out); }},
        {Primitive::queued, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.queued(r, m, out); }},
        {Primitive::dequeued, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.dequeued(r, m, out); }},
        {Primitive::agentConnected, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.agent_connected(r, m, out); }},
        {Primitive::agentLoggedOn, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.agent_event(r, m, out); }},
        {Primitive::agentLoggedOff, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.agent_event(r, m, out); }},
        {Primitive::agentReady, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.agent_event(r, m, out); }},
        {Primitive::agentNotReady, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.agent_event(r, m, out); }},
        {Primitive::originateSent, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) { cm.originate_sent(r, m); }},
        {Primitive::redirectSent, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) { cm.redirect_sent(r, m); }},
        {Primitive::consultationSent, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) { cm.consultation_sent(r, m); }},
        {Primitive::forwardingSent, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out&) { cm.forwarding_sent(r, m); }},
        {Primitive::originateResult, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.originate_result(r, m, out); }},
        {Primitive::snapshotChannel, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.snapshot_channel(r, m, out); }},
        {Primitive::snapshotComplete, [](CallModel& cm, const EventRule&, const ami::Message&, Out& out) { cm.snapshot_complete(out); }},
        // The server reports the link's state (SystemStatus); the model has nothing to do.
        {Primitive::linkDown, [](CallModel&, const EventRule&, const ami::Message&, Out&) {}},
        {Primitive::ignore, [](CallModel&, const EventRule&, const ami::Message&, Out&) {}},
        {Primitive::originateLeg, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.originate_leg(r, m, out); }},
        {Primitive::originateDestination, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.originate_destination(r, m, out); }},
        {Primitive::applicationAnswered, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.application_answered(r, m, out); }},
        {Primitive::parked, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.parked(r, m, out); }},
        {Primitive::unparked, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.unparked(r, m, out); }},
        {Primitive::parkEnded, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.park_ended(r, m, out); }},
        {Primitive::parkSwapped, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.park_swapped(r, m, out); }},
        {Primitive::digitsGenerated, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.digits_generated(r, m, out); }},
        {Primitive::privateEvent, [](CallModel& cm, const EventRule& r, const ami::Message& m, Out& out) { cm.private_event(r, m, out); }},
    }};
    static_assert([] {
        for (std::size_t i = 0; i < kHandlers.size(); ++i)
            if (static_cast<std::size_t>(kHandlers[i].primitive) != i) return false;
        return true;
    }(), "kHandlers must list every primitive once, in the order of kPrimitives");
    kHandlers[static_cast<std::size_t>(rule.primitive)].handle(*this, rule, message, emitted);
}

// The bridge's Redirect / Atxfer (replayed `>>>` chunks, live sends): remembered on the
// channel until what Asterisk reports next shows the transfer / consultation. The action names
// the channel, not its Uniqueid: a walk over every channel, once per action the bridge sends
// (never per event), rather than a name index costing every channel ~100 bytes.
void CallModel::redirect_sent(const EventRule& r, const ami::Message& m) {
    for (auto& [uid, ch] : channels_)
        if (ch.name == r.input(m, "channel")) {
            ch.redirect = std::make_unique<Channel::Redirect>(
                Channel::Redirect{device_id(r.input(m, "exten")), r.cause.value_or(EventCause::singleStepTransfer)});
        }
}

void CallModel::consultation_sent(const EventRule& r, const ami::Message& m) {
    for (auto& [uid, ch] : channels_)
        if (ch.name == r.input(m, "channel")) {
            ch.consulting = true;
            ch.consult_cause = r.cause.value_or(EventCause::consultation);
        }
}

}  // namespace bridge
