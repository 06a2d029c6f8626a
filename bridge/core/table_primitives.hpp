#pragma once
// The call-model primitives an event rule can name in do="...": one descriptor each, in one
// constexpr table. It is the single list: the name lookup (primitive_from_string), the loader's
// checks (an <input name> the primitive does not read, a cause or param it does not take:
// load errors with file:line), the call model's dispatch (indexed by the same enum, checked
// at compile time) and mappings/README.md's primitive table all follow it; a test keeps the
// XSD enumeration and the README in step with it.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bridge {

// The transitions the C++ interpreter knows; the table decides which AMI event triggers which
// and with which headers. The order is the order of kPrimitives below.
enum class Primitive {
    channelCreated, channelState, channelRenamed, callerIdChanged, dialBegin, dialEnd,
    bridgeEnter, bridgeLeave, localBridge, localOptimizationEnd, releaseBegun, channelHangup,
    dialStatusSet, held, retrieved,
    blindTransfer, attendedTransfer, diverted, conferenceJoin, queued, dequeued, agentConnected, agentLoggedOn,
    agentLoggedOff, agentReady, agentNotReady, originateSent, redirectSent, consultationSent,
    forwardingSent, originateResult, snapshotChannel,
    snapshotComplete, linkDown, ignore,
    // calls the bridge did not start, calls the PBX answers, parking (call_model_foreign.cpp,
    // call_model_parking.cpp)
    originateLeg, originateDestination, applicationAnswered, parked, unparked, parkEnded, parkSwapped,
    // CSTA events a rule emits directly (call_model_emit.cpp)
    digitsGenerated, privateEvent,
};

struct PrimitiveInfo {
    Primitive primitive;
    std::string_view name;    // as written in do="..."
    std::string_view inputs;  // the inputs it reads, space-separated ("uniqueid state")
    bool takes_cause;         // reads the rule's cause= (else cause= is a load error)
    bool takes_param;         // reads the rule's param= (else param= is a load error)
    std::string_view emits;   // what it reports (mappings/README.md)
};

// clang-format off
inline constexpr std::array kPrimitives{
    PrimitiveInfo{Primitive::channelCreated, "channelCreated", "uniqueid channel linkedid state callerIdNum exten", false, false,
        "a channel; a phone going off-hook (state not Down) starts a call: ServiceInitiated; the bridge's Originate channel starts the MakeCall call"},
    PrimitiveInfo{Primitive::channelState, "channelState", "uniqueid state", true, false,
        "`Ringing`: Delivered (MakeCall: ServiceInitiated of the calling device); `Up` of the MakeCall leg: Originated (cause, default makeCall)"},
    PrimitiveInfo{Primitive::channelRenamed, "channelRenamed", "uniqueid newName", false, false, "bookkeeping"},
    PrimitiveInfo{Primitive::callerIdChanged, "callerIdChanged", "uniqueid callerIdNum", false, false, "bookkeeping"},
    PrimitiveInfo{Primitive::dialBegin, "dialBegin", "uniqueid destUniqueid", false, false,
        "the dialled leg joins the caller's call (through Local pairs); Originated of the caller"},
    PrimitiveInfo{Primitive::dialEnd, "dialEnd", "uniqueid destUniqueid dialStatus", true, false,
        "by `causes/dialStatus`: answered -> Established, failed -> Failed, cleared -> the status decides the clearing causes"},
    PrimitiveInfo{Primitive::bridgeEnter, "bridgeEnter", "uniqueid bridge", false, false,
        "membership; a held device entering another bridge starts a consultation call"},
    PrimitiveInfo{Primitive::bridgeLeave, "bridgeLeave", "uniqueid bridge", false, false,
        "membership; a channel the bridge Redirected leaving its bridge completes the single-step transfer"},
    PrimitiveInfo{Primitive::localBridge, "localBridge", "one two", false, false, "pairs the two halves of a Local channel"},
    PrimitiveInfo{Primitive::localOptimizationEnd, "localOptimizationEnd", "", false, false,
        "nothing (the Local pair's channels leave by BridgeLeave/Hangup)"},
    PrimitiveInfo{Primitive::releaseBegun, "releaseBegun", "uniqueid", false, false,
        "`HangupRequest`/`SoftHangupRequest`: fixes the clearing order"},
    PrimitiveInfo{Primitive::channelHangup, "channelHangup", "uniqueid cause", false, false,
        "ConnectionCleared (cause: Q.850 via `causes/q850`, or the unanswered call's DialStatus) in release order"},
    PrimitiveInfo{Primitive::dialStatusSet, "dialStatusSet", "uniqueid dialStatus", false, false,
        "`VarSet DIALSTATUS` of a Dial that created no leg (CHANUNAVAIL): Originated + Failed"},
    PrimitiveInfo{Primitive::held, "held", "uniqueid", true, false, "Held (cause, default normal)"},
    PrimitiveInfo{Primitive::retrieved, "retrieved", "uniqueid", true, false, "Retrieved (cause, default normal; a stray Unhold is ignored)"},
    PrimitiveInfo{Primitive::blindTransfer, "blindTransfer", "transferer transferee extension", true, false,
        "Transferred (single step; cause, default singleStepTransfer), the transferring device leaves"},
    PrimitiveInfo{Primitive::attendedTransfer, "attendedTransfer", "origTransferer secondTransferer transferee destType", true, false,
        "Transferred (primary = held call, secondary = consultation call; the held call's callID survives; cause, default transfer); `destType` Threeway -> Conferenced"},
    PrimitiveInfo{Primitive::diverted, "diverted", "destUniqueid forward", true, false,
        "Diverted (cause, default redirected)"},
    PrimitiveInfo{Primitive::conferenceJoin, "conferenceJoin", "uniqueid conference", true, false,
        "the room is one call (the first party's); a joiner that dialled the room is Originated, every later party's call merges into the room's call with Conferenced (cause, default conference)"},
    PrimitiveInfo{Primitive::queued, "queued", "uniqueid queue", true, false, "Queued at the ACD group device (cause, default enteringDistribution)"},
    PrimitiveInfo{Primitive::dequeued, "dequeued", "uniqueid queue", true, false,
        "the connection to the queue is cleared (cause, default callNotAnswered)"},
    PrimitiveInfo{Primitive::agentConnected, "agentConnected", "uniqueid destUniqueid queue", true, false,
        "Established at the agent; the queue's connection is cleared (cause, default distributed)"},
    PrimitiveInfo{Primitive::agentLoggedOn, "agentLoggedOn", "interface agentID queue", true, false, "AgentLoggedOn on the `interface`'s device"},
    PrimitiveInfo{Primitive::agentLoggedOff, "agentLoggedOff", "interface agentID queue", true, false, "AgentLoggedOff on the `interface`'s device"},
    PrimitiveInfo{Primitive::agentReady, "agentReady", "interface agentID queue", true, false, "AgentReady on the `interface`'s device"},
    PrimitiveInfo{Primitive::agentNotReady, "agentNotReady", "interface agentID queue", true, false, "AgentNotReady on the `interface`'s device"},
    PrimitiveInfo{Primitive::originateSent, "originateSent", "actionId channelId channel exten", true, false,
        "(client) MakeCall: the callID is `channelId`; cause (default makeCall) is the cause of the call's ServiceInitiated, Originated, Delivered and Established"},
    PrimitiveInfo{Primitive::redirectSent, "redirectSent", "channel exten", true, false,
        "(client) the bridge's Redirect = SingleStepTransferCall of a bridged channel (Transferred with cause, default singleStepTransfer), DeflectCall of a dialling one (the DialEnd that follows is Diverted)"},
    PrimitiveInfo{Primitive::consultationSent, "consultationSent", "channel", true, false,
        "(client) the bridge's Atxfer = ConsultationCall: the Hold that follows is Held with cause (default consultation)"},
    PrimitiveInfo{Primitive::forwardingSent, "forwardingSent", "actionId device forwardTo", false, true,
        "(client; param = ForwardingType or doNotDisturb) ForwardingEvent (DoNotDisturbEvent for doNotDisturb) when Asterisk answers Success (empty forwardTo = off)"},
    PrimitiveInfo{Primitive::originateResult, "originateResult", "actionId uniqueid reason", false, false,
        "by `causes/originateReason`: failure -> Failed + ConnectionCleared of the calling device"},
    PrimitiveInfo{Primitive::snapshotChannel, "snapshotChannel", "uniqueid channel linkedid state callerIdNum connectedLineNum exten bridge", false, false,
        "resynchronisation: the channel as it is now"},
    PrimitiveInfo{Primitive::snapshotComplete, "snapshotComplete", "", false, false,
        "resynchronisation: calls no snapshot named are cleared"},
    PrimitiveInfo{Primitive::linkDown, "linkDown", "", false, false, "nothing in the model (the server reports SystemStatus)"},
    PrimitiveInfo{Primitive::ignore, "ignore", "", false, false, "nothing"},
    PrimitiveInfo{Primitive::originateLeg, "originateLeg", "uniqueid", true, false,
        "an Originate's outbound leg that no call claims: another application's Originate, reported like MakeCall (cause, default makeCall)"},
    PrimitiveInfo{Primitive::originateDestination, "originateDestination", "uniqueid exten", false, false,
        "that Originate's `OriginateResponse`: `exten` is its calledDevice"},
    PrimitiveInfo{Primitive::applicationAnswered, "applicationAnswered", "uniqueid exten", false, true,
        "(param = answering device, expanded) a dialplan application that answers: Originated (if not yet) and Established"},
    PrimitiveInfo{Primitive::parked, "parked", "uniqueid slot", true, false, "the slot becomes a device of the parked party's call: Queued (cause, default park)"},
    PrimitiveInfo{Primitive::unparked, "unparked", "uniqueid retriever slot", true, false,
        "the retriever is Established in the parked call (cause, default park), the slot's connection is cleared"},
    PrimitiveInfo{Primitive::parkEnded, "parkEnded", "uniqueid", true, true,
        "(param = cause of what follows) the slot's connection is cleared (cause, default normalClearing)"},
    PrimitiveInfo{Primitive::parkSwapped, "parkSwapped", "uniqueid slot", true, false,
        "the slot follows the channel that took the parked party's place"},
    PrimitiveInfo{Primitive::digitsGenerated, "digitsGenerated", "uniqueid digits duration", false, false,
        "DigitsGenerated: the device of `uniqueid` generated `digits` (duration in ms, if a number) in its call (examples/dtmf-digits.xml)"},
    PrimitiveInfo{Primitive::privateEvent, "privateEvent", "uniqueid", false, true,
        "(param = the AMI headers to carry, space-separated; none: all but Event/Privilege/ActionID) PrivateEvent whose privateData `string` holds `Name: value` lines, at the device of `uniqueid` and its call's monitors (examples/user-event-private-data.xml)"},
};
// clang-format on

constexpr std::size_t kPrimitiveCount = kPrimitives.size();

// Entry i describes Primitive(i): the enum, this table and the dispatch share one order.
constexpr bool primitives_in_enum_order() {
    for (std::size_t i = 0; i < kPrimitives.size(); ++i)
        if (static_cast<std::size_t>(kPrimitives[i].primitive) != i) return false;
    return static_cast<std::size_t>(Primitive::privateEvent) + 1 == kPrimitives.size();
}
static_assert(primitives_in_enum_order(), "kPrimitives must list every Primitive once, in enum order");

constexpr const PrimitiveInfo& info(Primitive p) { return kPrimitives[static_cast<std::size_t>(p)]; }

// Whether `name` is one of the space-separated inputs of p.
constexpr bool reads_input(const PrimitiveInfo& p, std::string_view name) {
    std::string_view rest = p.inputs;
    while (!rest.empty()) {
        const auto space = rest.find(' ');
        if (rest.substr(0, space) == name) return true;
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
    }
    return false;
}

std::optional<Primitive> primitive_from_string(std::string_view s);
std::string_view to_string(Primitive p);

}  // namespace bridge
