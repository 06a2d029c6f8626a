#pragma once
// The call model: Asterisk channels/bridges on one side, CSTA calls/connections on the other.
// Pure and deterministic: AMI messages in (events from Asterisk, and the bridge's own actions),
// CSTA events out. The mapping table decides which AMI event triggers which transition
// primitive and which headers feed it; this class implements the primitives.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/container/flat_set.hpp>
#include <boost/container/small_vector.hpp>

#include "ami/message.hpp"
#include "bridge/core/emitted.hpp"
#include "bridge/core/table.hpp"

namespace bridge {

// ---- Asterisk side
// A channel's handle: given once, when the model first sees the channel (its Uniqueid
// interned), and never reused, so that a reference left behind by a channel that is gone finds
// nothing rather than a newer channel. Channels name each other, connections their channel and
// bridges their members by it: 8 bytes and an integer hash instead of a copy of the Uniqueid
// and a string-keyed tree lookup. 0: none.
using ChannelHandle = std::uint64_t;
inline constexpr ChannelHandle kNoChannel = 0;
// A channel an event named that the model never saw: a reference that finds nothing, but is one.
inline constexpr ChannelHandle kUnseenChannel = ~ChannelHandle{0};
// A bridge's handle: its BridgeUniqueid (a 36-character UUID) interned once. 0: none.
using BridgeHandle = std::uint64_t;
inline constexpr BridgeHandle kNoBridge = 0;
// A call's handle: given when the model creates the call, never reused, so that a channel left
// naming a call that ended finds nothing, not a later call given the same callID. The callID
// (a string on the wire) is looked up only for what a client names. 0: none.
using CallHandle = std::uint64_t;
inline constexpr CallHandle kNoCall = 0;

struct Channel {
    ChannelHandle handle = kNoChannel;
    std::string_view uniqueid;  // its key in the model's channel table, which lives as long as it
    std::string name;
    std::string linkedid;
    // What the table's <channelStates> make of its last ChannelStateDesc (Down, Ring, Up, ...):
    // kept as that meaning, not as the word, which nothing else reads.
    ChannelState state = ChannelState::other;
    std::string caller_id_num;
    std::string exten;
    std::optional<DeviceName> device;  // nullopt: no table rule matched (ignored)
    BridgeHandle bridge = kNoBridge;          // the bridge it is in, if any
    ChannelHandle local_peer = kNoChannel;    // the other half of a Local/ pair
    ChannelHandle dialed_by = kNoChannel;     // the channel whose Dial created it
    CallHandle call = kNoCall;         // CSTA call of its current connection
    bool originate = false;            // created by the bridge's Originate (MakeCall)
    bool consulting = false;           // the bridge sent Atxfer on it: the next Hold is a consultation
    bool alternating = false;          // back in a call it holds, keeping the other held: the next Unhold alternates
    // The bridge sent Redirect on it (SingleStepTransfer, DeflectCall): the destination, and the
    // cause the table gives the single-step Transferred that follows (rule redirect-sent).
    // Rare, so out of line: a null pointer costs a channel 8 bytes, the fields 40.
    struct Redirect {
        std::string to;
        csta::EventCause cause = csta::EventCause::singleStepTransfer;
    };
    std::unique_ptr<Redirect> redirect;
    // The cause the table gives the bridge's own Atxfer (rule atxfer-sent): the Held of the
    // consultation.
    csta::EventCause consult_cause = csta::EventCause::consultation;
    bool seen_in_resync = false;

    bool is_party() const { return device && device->kind != DeviceKind::plumbing && !device->id.empty(); }
    bool is_plumbing() const { return device && device->kind == DeviceKind::plumbing; }
};

// ---- CSTA side
struct Connection {
    std::string device;
    csta::LocalConnectionState state = csta::LocalConnectionState::null;
    ChannelHandle channel = kNoChannel;  // the channel that carries it (none: a PBX-held one)
    bool reported = false;  // monitors have heard of it (it must be cleared for them)
    bool originated = false;  // OriginatedEvent sent for it (calling side)
    // Held by the PBX itself, without a channel of its own: an answering application (flow
    // 13) or a parking slot (flow 14). It ends with the call's last real party.
    bool pbx = false;
    bool external = false;    // a party outside the switch (trunk): never a device monitor's recipient
};

struct Call {
    CallHandle handle = kNoCall;
    std::string id;
    std::vector<Connection> connections;
    std::string calling;  // device ids for callingDevice / calledDevice
    std::string called;
    bool make_call = false;
    bool consultation = false;
    // Started by another application's Originate (flow 12): Originated waits for its
    // OriginateResponse (which Asterisk sends before or after the answer) or the dialplan.
    bool foreign_originate = false;
    bool destination_known = false;
    bool dialed = false;     // a Dial of this call created an outgoing leg (DialBegin)
    bool answered = false;   // some connection was Established
    std::string dial_status; // last DialStatus of an unanswered call: decides clearing causes
    // Cause of ServiceInitiated/Originated/Delivered/Established in this call: newCall,
    // makeCall, consultation, or singleStepTransfer after a single-step transfer.
    csta::EventCause establish_cause = csta::EventCause::newCall;
    // The number that was dialled (DNIS; CALL-MODEL flow 15, call_model_dialled.cpp): the
    // calling channel's first dialplan extension, the DID of a call from a trunk. Empty:
    // unknown, each event names the device it reached.
    std::string dialled;
    // A call from a trunk: the caller number and the DID as the network gave them. Null for
    // every other call (nearly all), so out of line.
    struct NetworkNumbers {
        std::string calling;
        std::string called;
    };
    std::unique_ptr<NetworkNumbers> network;

    Connection* find(const std::string& device);
    const Connection* find(const std::string& device) const;
};

// Answers for the server (SnapshotDevice / SnapshotCall / ClearConnection).
struct DeviceSnapshotItem {
    std::string call_id;
    csta::LocalConnectionState state;
};

class CallModel {
public:
    // device_prefix namespaces this server's devices when one bridge serves several Asterisk
    // servers: every device id the model reports is prefix + the number Asterisk knows.
    explicit CallModel(std::shared_ptr<const Table> table, std::string device_prefix = {});
    // Channels keep views of their keys and pointers to each other's nodes: not copyable.
    CallModel(const CallModel&) = delete;
    CallModel& operator=(const CallModel&) = delete;

    // Swaps the mapping table (reload); calls and channels are kept.
    void set_table(std::shared_ptr<const Table> table) { table_ = std::move(table); }
    const Table& table() const { return *table_; }
    // The server's trunk-endpoints ([asterisk:NAME]): glob patterns of its trunks' endpoint
    // names, for the table's siteTrunks rules.
    void set_trunk_endpoints(std::vector<std::string> globs) { trunk_endpoints_ = std::move(globs); }

    // An AMI message from Asterisk (event or response).
    std::vector<Emitted> on_asterisk(const ami::Message& m);
    // An action the bridge itself sent (Originate -> MakeCall, ...).
    std::vector<Emitted> on_client(const ami::Message& m);

    // Resynchronisation after (re)connect: begin_resync(), then feed the CoreShowChannel list
    // through on_asterisk(); its CoreShowChannelsComplete ends the resync, and the calls whose
    // channels vanished while the link was down are reported cleared.
    void begin_resync();
    bool resyncing() const { return resyncing_; }
    // Where the end of a resync hands its clearings in parts of about kSpillEvents, before
    // on_asterisk returns the rest: after a long outage thousands of calls end at once, and
    // collecting all their events first is the biggest transient allocation the daemon makes.
    // Unset (tests, replay, the fuzzer), on_asterisk returns everything, in the same order.
    using Spill = std::function<void(std::vector<Emitted>&&)>;
    void set_spill(Spill spill) { spill_ = std::move(spill); }
    static constexpr std::size_t kSpillEvents = 256;

    // ---- device names: CSTA device id <-> the number Asterisk knows (differ by the prefix)
    std::string device_id(std::string_view asterisk_number) const;
    // The number for Asterisk: the prefix removed; a name without it (an external number)
    // is returned unchanged.
    std::string asterisk_number(const std::string& device_id) const;
    // The callID of a call whose Asterisk id (Linkedid, MakeCall's ChannelId) is given: the
    // same prefix, so that two servers' calls never share an id.
    std::string call_id_for(std::string_view asterisk_id) const { return prefix_ + std::string(asterisk_id); }
    const std::string& device_prefix() const noexcept { return prefix_; }

    // ---- queries
    std::vector<DeviceSnapshotItem> snapshot_device(const std::string& device) const;
    const Call* snapshot_call(const std::string& call_id) const;
    // Channel name carrying the connection (for Hangup Channel=...), nullopt if unknown.
    std::optional<std::string> channel_of(const std::string& call_id, const std::string& device) const;
    // The channel whose Dial() rings that connection (DeflectCall redirects it elsewhere);
    // nullopt unless the connection is alerting.
    std::optional<std::string> dialing_channel_of(const std::string& call_id, const std::string& device) const;
    std::vector<std::string> channels_of_call(const std::string& call_id) const;
    std::vector<std::string> devices() const;  // devices with a channel now, sorted
    // A MakeCall whose Originate was sent but whose first channel has not appeared yet: its
    // callID (the ChannelId) is already valid for a call monitor.
    bool call_pending(const std::string& call_id) const { return originates_.count(call_id) != 0; }
    // The calling device of such a MakeCall ("" when the call is not pending).
    std::string pending_calling(const std::string& call_id) const {
        const auto it = originates_.find(call_id);
        return it == originates_.end() ? std::string() : it->second.calling;
    }
    std::size_t call_count() const { return calls_.size(); }
    // Every call now, sorted (the web console lists them).
    std::vector<std::string> call_ids() const {
        std::vector<std::string> ids;
        for (const auto& [id, call] : calls_) ids.push_back(id);
        return ids;
    }
    std::size_t channel_count() const { return channels_.size(); }
    // Every connection's call is found from its channel (call_model_channel_index.cpp); for
    // the invariant tests and the fuzzer.
    bool channel_index_complete() const;
    // Index entries none of whose calls still has a connection on the channel (they wait for
    // a rebuild); for the tests.
    std::size_t channel_index_stale_entries() const;
    // The channel tables agree (call_model_channel_handles.cpp): every call and channel is found
    // by its handle, every Local half and bridge member is a live channel filed under its current
    // name / bridge, every channel in a bridge is among its members. "" or what is wrong; for
    // the invariant tests and the fuzzer.
    std::string channel_tables_problem() const;

    static constexpr std::size_t kMaxPendingActions = 4096;  // Originate/DBPut awaiting an answer

private:
    using Out = std::vector<Emitted>;
    void apply(const EventRule& rule, const ami::Message& m, Out& out);
    void redirect_sent(const EventRule& r, const ami::Message& m);      // call_model_dispatch.cpp
    void digits_generated(const EventRule& r, const ami::Message& m, Out& out);  // call_model_emit.cpp
    void private_event(const EventRule& r, const ami::Message& m, Out& out);     // call_model_emit.cpp
    void consultation_sent(const EventRule& r, const ami::Message& m);

    // primitives
    void channel_created(const EventRule& r, const ami::Message& m, Out& out);
    void channel_state(const EventRule& r, const ami::Message& m, Out& out);
    void dial_begin(const EventRule& r, const ami::Message& m, Out& out);
    void dial_end(const EventRule& r, const ami::Message& m, Out& out);
    void bridge_enter(const EventRule& r, const ami::Message& m, Out& out);
    void bridge_leave(const EventRule& r, const ami::Message& m, Out& out);
    void release_begun(ChannelHandle channel);
    void hangup(const EventRule& r, const ami::Message& m, Out& out);
    void flush_clears(Out& out);
    void forget_pending_clear(ChannelHandle channel);
    void clear_detached(Out& out, Call& c, csta::EventCause cause);
    // The call, other than the channel's own, that its device holds and that a party in the
    // bridge belongs to (the device is going back to it).
    Call* held_call_behind(const Channel& ch, BridgeHandle bridge);
    void dial_status_set(const EventRule& r, const ami::Message& m, Out& out);
    void single_step_transfer(Out& out, Call& c, const std::string& from, const std::string& transferee,
                              const std::string& to, csta::EventCause cause, ChannelHandle transferer);
    void on_response(const ami::Message& m, Out& out);
    void forwarding_sent(const EventRule& r, const ami::Message& m);
    void held(const EventRule& r, const ami::Message& m, Out& out, bool hold);
    void blind_transfer(const EventRule& r, const ami::Message& m, Out& out);
    void attended_transfer(const EventRule& r, const ami::Message& m, Out& out);
    void diverted(const EventRule& r, const ami::Message& m, Out& out);
    void conference_join(const EventRule& r, const ami::Message& m, Out& out);
    void divert(Out& out, Call& diverted_call, Channel& dest, const std::string& to, csta::EventCause cause);
    void queued(const EventRule& r, const ami::Message& m, Out& out);
    void dequeued(const EventRule& r, const ami::Message& m, Out& out);
    void agent_connected(const EventRule& r, const ami::Message& m, Out& out);
    void agent_event(const EventRule& r, const ami::Message& m, Out& out);
    void originate_sent(const EventRule& r, const ami::Message& m);
    void originate_result(const EventRule& r, const ami::Message& m, Out& out);
    void snapshot_channel(const EventRule& r, const ami::Message& m, Out& out);
    void snapshot_complete(Out& out);
    // calls the bridge did not start, calls the PBX answers (call_model_foreign.cpp)
    void originate_leg(const EventRule& r, const ami::Message& m, Out& out);
    void originate_destination(const EventRule& r, const ami::Message& m, Out& out);
    void application_answered(const EventRule& r, const ami::Message& m, Out& out);
    // Clears the PBX-held connections of a call none of whose real parties is left.
    void clear_pbx_connections(Out& out, Call& c, csta::EventCause cause);
    // parking (call_model_parking.cpp)
    void parked(const EventRule& r, const ami::Message& m, Out& out);
    void unparked(const EventRule& r, const ami::Message& m, Out& out);
    void park_ended(const EventRule& r, const ami::Message& m, Out& out);
    void park_swapped(const EventRule& r, const ami::Message& m, Out& out);
    // The slot a party waits in (parked_), for a blind transfer that parked it.
    std::optional<std::string> parked_slot(ChannelHandle party) const;

    // the number dialled (call_model_dialled.cpp)
    void start_network_call(Channel& trunk);
    std::string called_device(const Call& c, const std::string& reached) const;
    static void add_network_devices(const Call& c, std::optional<csta::ExtendedDeviceID>& calling,
                                    std::optional<csta::ExtendedDeviceID>& called);

    // helpers
    Channel* channel(std::string_view uniqueid);  // an AMI event's channel: its one string lookup
    Channel* channel(ChannelHandle handle);
    const Channel* channel(ChannelHandle handle) const;
    Call* call(const std::string& id);  // by callID
    Call* call(CallHandle handle);
    const Call* call(CallHandle handle) const;
    Call& new_call(std::string_view preferred_id, std::string_view fallback_id);
    ChannelHandle party_of(ChannelHandle channel, int depth = 0) const;  // device channel behind plumbing
    void emit(Out& out, const Call& c, csta::Event ev, const std::vector<std::string>& extra_recipients = {});
    void clear_connection(Out& out, Call& c, const std::string& device, csta::EventCause cause);
    // Forgets a call without connections and reports CallCleared for its call monitors.
    void drop_call_if_empty(Out& out, const std::string& id, csta::EventCause cause);
    void deliver(Out& out, Call& c, Channel& dest);
    void establish(Out& out, Call& c, Channel& dest);
    void originated(Out& out, Call& c, Connection& conn, csta::EventCause cause);
    void fail(Out& out, Call& c, Channel& dest, csta::EventCause cause);
    // Moves every connection of call from_id (but skip_device's) into `into`, one old -> new
    // item each in list, and forgets that call.
    void merge_call(Call& into, const std::string& from_id, const std::string& skip_device, csta::ConnectionList& list);

    std::shared_ptr<const Table> table_;
    std::string prefix_;
    std::vector<std::string> trunk_endpoints_;
    // The table's name for a channel, with the server prefix on its device id.
    std::optional<DeviceName> device_for_channel(const std::string& channel, std::string_view caller_id_num) const;
    std::optional<std::string> device_for_interface(const std::string& interface) const;
    // Channels by Uniqueid: the one lookup an AMI event's channel needs, by the header's view
    // (no string built); everything else reaches a channel by its handle.
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, Channel, TextHash, std::equal_to<>> channels_;
    std::unordered_map<ChannelHandle, Channel*> channel_handles_;  // elements of channels_: stable
    ChannelHandle next_channel_ = kNoChannel;
    // A new channel in channels_ with its handle (nullptr: that Uniqueid is known already).
    Channel* add_channel(std::string_view uniqueid);
    // Forgets a channel: its handle, its bridge membership, its Local half entry.
    void forget_channel(const Channel& ch);
    void rename_channel(Channel& ch, std::string_view name);
    // Local/x;1 and Local/x;2 pair up by name (call_model_channel_handles.cpp): the plumbing
    // channels by the name without its ";n", so that a new half finds its partner at once.
    using Halves = boost::container::small_vector<ChannelHandle, 2>;
    std::unordered_map<std::string, Halves, TextHash, std::equal_to<>> local_halves_;
    // Files a plumbing channel under its name; pair_up: pairs it with the other half there.
    void file_local_half(Channel& ch, bool pair_up);
    void unfile_local_half(const Channel& ch);
    // Bridges: BridgeUniqueid -> handle, and handle -> members (usually two, in the node, in
    // the order the model first saw them).
    using Members = boost::container::flat_set<ChannelHandle, std::less<>, boost::container::small_vector<ChannelHandle, 2>>;
    struct Bridge {
        std::string_view id;  // its key in bridge_ids_
        Members members;
    };
    std::unordered_map<std::string, BridgeHandle, TextHash, std::equal_to<>> bridge_ids_;
    std::unordered_map<BridgeHandle, Bridge> bridges_;
    BridgeHandle next_bridge_ = kNoBridge;
    BridgeHandle bridge_handle(std::string_view id);  // interns it (kNoBridge for "")
    BridgeHandle find_bridge(std::string_view id) const;  // kNoBridge when unknown
    const Members* members_of(BridgeHandle bridge) const;
    void join_bridge(Channel& ch, BridgeHandle bridge);
    void leave_bridge(ChannelHandle channel, BridgeHandle bridge);  // forgets the bridge once empty
    std::map<std::string, Call> calls_;  // by callID, in its order (the order of walks that reach output)
    std::unordered_map<CallHandle, Call*> call_handles_;  // elements of calls_: stable
    CallHandle next_call_ = kNoCall;
    using Calls = std::map<std::string, Call>;
    void forget_call(Calls::iterator it);
    // A few calls, in the node that holds them (nearly always one or two).
    using CallSet = boost::container::flat_set<CallHandle, std::less<>, boost::container::small_vector<CallHandle, 2>>;
    // Channel -> calls that may have a connection on it (a checked superset;
    // call_model_channel_index.cpp). Every connection enters a call by add_connection.
    // Nearly always one call per channel: kept in the map's node, not in an allocation of its own.
    using ChannelIndex = std::unordered_map<ChannelHandle, boost::container::small_vector<CallHandle, 1>>;
    ChannelIndex calls_by_channel_;
    std::size_t rebuild_index_at_ = 256;
    Connection& add_connection(Call& c, Connection cn);
    void index_connection(CallHandle call, ChannelHandle channel);
    void rebuild_channel_index();
    // The calls with a connection on that channel, in call-id order (as a walk of calls_ gave).
    std::vector<CallHandle> calls_with_channel(ChannelHandle channel);
    // Drops the calls no longer holding a connection on that channel from its entry, and the
    // entry once empty (end() then): a released channel's entry goes with its last clearing
    // instead of waiting for the next rebuild.
    ChannelIndex::iterator prune_channel_index(ChannelHandle channel);
    std::map<std::string, CallHandle> rooms_;  // ConfBridge conference name -> its call
    std::map<ChannelHandle, std::string> parked_;  // parked party -> slot device id
    struct PendingOriginate {
        std::string channel_id;
        std::string calling;
        std::string called;
        bool channel_seen = false;
        csta::EventCause cause = csta::EventCause::makeCall;  // rule originate-sent's cause
    };
    std::map<std::string, PendingOriginate, std::less<>> originates_;  // by ChannelId, else ActionID
    // Connections are cleared in the order their channel's release began (HangupRequest /
    // SoftHangupRequest / Hangup), with the cause of the channel's Hangup: an entry waits
    // for its Hangup, and holds back later entries of the same call.
    struct PendingClear {
        ChannelHandle channel;
        std::string device;
        CallSet calls;
        std::optional<std::string> q850;  // set by the Hangup
    };
    std::vector<PendingClear> clears_;
    struct PendingForwarding {
        std::string device;
        csta::ForwardingType type;
        std::string forward_to;  // empty: forwarding off
        bool dnd = false;        // the DND family: a DoNotDisturbEvent instead
    };
    std::map<std::string, PendingForwarding> forwardings_;  // by ActionID
    bool resyncing_ = false;
    Spill spill_;
    void spill_if_long(Out& out);  // call_model_resync.cpp
};

}  // namespace bridge
