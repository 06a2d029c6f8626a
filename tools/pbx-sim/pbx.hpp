#pragma once
// The simulated Asterisk: channels, dialplan Dial(), bridges, queues, the AstDB and device
// states, producing the AMI events and responses a real Asterisk 22 produces for the same
// story (calibrated against tests/data/ami). Pure: no sockets, no clock — time and
// deferred work come from the injected Scheduler, events go to the EventSink.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ami/message.hpp"
#include "tools/pbx-sim/scheduler.hpp"
#include "tools/pbx-sim/sim_config.hpp"

namespace pbxsim {

// Asterisk channel states (ChannelState header).
enum class ChanState { down = 0, ring = 4, ringing = 5, up = 6 };

struct Channel {
    std::string uniqueid, linkedid, name, device_ext;
    std::uint64_t seq = 0;  // creation order (uniqueids do not sort numerically as strings)
    std::string caller_num, caller_name;
    std::string connected_num = "<unknown>", connected_name = "<unknown>";
    std::string context, exten;
    int priority = 1;
    ChanState state = ChanState::down;
    bool runs_dialplan = false;  // the caller / originated side, as opposed to a dialed leg
    std::string peer;            // uniqueid of the other leg (dialing or bridged)
    std::string bridge;          // bridge id when bridged
    bool held = false;           // this phone put the call on hold (Hold event on it)
    bool hearing_moh = false;    // the other side held it: Asterisk shows its device ONHOLD
    bool dial_completed = false;  // Dial() to peer answered
    // Local channel pair (Atxfer consultation): the other half.
    std::string local_partner;
    std::string app;  // the application the channel runs now (pbx_apps.cpp)

    // Per feature (each empty / unset when the channel takes no part in it):
    // An originated channel: the OriginateResponse goes out when it answers or fails
    // (action_id set until then); then it runs context/exten, or Application=/Data=
    // (pbx_apps.cpp).
    struct Originate {
        std::optional<std::string> action_id;
        std::string context, exten;
        std::string app, data;
    } originate;
    // The transferer during an attended transfer (pbx_transfers.cpp): its original bridge, the
    // consultation bridge, the Local ;1 half in it, and the feature code keyed so far ("*").
    struct Atxfer {
        std::string orig_bridge, consult_bridge, local1;
        std::string feature_digits;
    } atxfer;
    // Queue() (pbx_queue.cpp): a caller waiting in queue `name` since `joined`; a member leg
    // ringing for the caller `caller` (uniqueid) as `member` (MemberName, `interface`).
    struct Queueing {
        std::string name;
        Millis joined{0};
        std::string caller, member, interface;
    } queue;
    // Parked in `slot` (pbx_parking.cpp); parker_ext = the device to call back on timeout.
    struct Parking {
        int slot = 0;
        std::string parker_ext;
        std::uint64_t generation = 0;
    } park;
};

// "PJSIP/1002" -> "1002"; "" when the interface is not a PJSIP endpoint.
std::string pjsip_ext(std::string_view interface);

class Pbx {
public:
    using EventSink = std::function<void(const ami::Message&)>;

    Pbx(SimConfig config, Scheduler& scheduler);

    // Every event (with its Privilege header) goes here; the server filters per session.
    void set_event_sink(EventSink sink) { sink_ = std::move(sink); }

    // Runs an action that the session has already authorised. Returns the response and,
    // for list actions, the list events (they carry the ActionID and go only to the asker).
    // Side effects on calls are deferred through the scheduler (delay 0), so the response
    // is always written before the events it causes, like Asterisk.
    std::vector<ami::Message> execute(const ami::Message& action);

    // The write class an action needs ("" = none); nullopt if the action is unknown.
    static std::optional<std::string_view> action_class(std::string_view action);

    // Phone side (what sipp did in the recordings). Return an error text, empty on success.
    std::string phone_call(const std::string& from, const std::string& to);
    std::string phone_hangup(const std::string& ext);  // BYE or CANCEL of ext's newest channel
    std::string phone_hold(const std::string& ext, bool hold);
    std::string phone_answer(const std::string& ext);  // answers a ringing leg now
    // A call from the carrier: trunk endpoint `trunk` delivers caller_num's call to `did`,
    // which runs the trunk's context (pbx_trunk.cpp). Hung up by phone_hangup(trunk).
    std::string trunk_call(const std::string& trunk, const std::string& caller_num, const std::string& did);
    // The phone registers (or its contact goes away): device state follows.
    std::string set_registered(const std::string& ext, bool registered);

    // 'core stop now': every channel is hung up (cause 4), then Event Shutdown.
    void shutdown();

    EndpointBehaviour* endpoint(const std::string& ext);
    const SimConfig& config() const noexcept { return cfg_; }
    std::size_t channel_count() const noexcept { return channels_.size(); }
    std::uint64_t processed_calls() const noexcept { return processed_calls_; }
    const std::map<std::string, Channel>& channels() const noexcept { return channels_; }
    // Wall-clock seconds (epoch_base + simulated time) as Asterisk prints it: "1795675873.194172".
    std::string timestamp() const;

private:
    struct Bridge {
        std::string id;
        std::vector<std::string> members;  // uniqueids
        // A ConfBridge conference (app_confbridge: a base bridge with softmix, named after
        // the room); its announcer channel is internal (no events) but counts in NumChannels.
        std::string conference;
        std::size_t channels() const { return members.size() + (conference.empty() ? 0 : 1); }
    };
    struct QueueMember {
        std::string interface, name;
        bool dynamic = false;
        bool paused = false;
        std::string reason;
        double login_time = 0, last_pause = 0;
    };
    struct Queue {
        QueueConfig cfg;
        std::vector<QueueMember> members;
    };

    // --- events
    void emit(ami::Message m);
    ami::Message event(std::string_view name, std::string_view privilege = "call,all") const;
    void add_snapshot(ami::Message& m, const Channel& c, std::string_view prefix = "") const;
    void emit_channel_event(std::string_view name, const Channel& c,
                            std::vector<std::pair<std::string, std::string>> extra = {});
    void emit_dial(std::string_view name, const Channel* caller, const Channel& dest,
                   std::vector<std::pair<std::string, std::string>> extra);
    void emit_bridge(std::string_view name, const Bridge& b, const Channel* c);
    void add_bridge_snapshot(ami::Message& m, const Bridge& b) const;
    void emit_hangup(Channel& c, int cause);
    void emit_bridge_merge(const Bridge& to, const Bridge& from);
    void emit_attended_transfer(const Channel& transferer, const Channel* transferee, const Channel* target,
                                const Bridge& orig, const Bridge& consult,
                                std::vector<std::pair<std::string, std::string>> dest);
    // VarSet events are noise unless varset_noise is on; `always` for those that carry meaning.
    void varset(const Channel& c, std::string_view var, std::string_view value, bool always = false);

    // --- channels and calls
    Channel& new_channel(const std::string& ext, ChanState state, std::string caller_num,
                         std::string caller_name, std::string exten, std::string linkedid,
                         std::optional<std::string> uniqueid, std::string context = {});
    Channel* find(const std::string& uniqueid);
    Channel* find_by_name(std::string_view name);
    void set_state(Channel& c, ChanState s);
    void dial(const std::string& caller_uid, const std::string& target);
    void callee_ringing(const std::string& callee_uid);
    void callee_answers(const std::string& callee_uid);
    void callee_busy(const std::string& callee_uid);
    void dial_timeout(const std::string& caller_uid, const std::string& callee_uid);
    void bridge_pair(const std::string& a_uid, const std::string& b_uid);
    enum class HangupSource { phone, ami, phone_cancel };
    void hangup(const std::string& uid, HangupSource source);
    void leave_bridge(Channel& c);
    void destroy(const std::string& uid);  // removes the channel, updates device state
    void run_dialplan(const std::string& uid, const std::string& context, const std::string& exten);
    void originate_result(Channel& c, bool ok, int reason);
    void start_atxfer(const std::string& uid, const std::string& context, const std::string& exten);
    // How the consultation ends: the transferer hangs up, or keys atxfercomplete (*2: it is
    // kicked out of the merged bridge and its dialplan hangs it up).
    enum class AtxferEnd { transferer_hangup, complete_code };
    void complete_atxfer(const std::string& uid, AtxferEnd how);
    void threeway_atxfer(const std::string& uid);
    void swap_atxfer(const std::string& uid);
    void abort_atxfer(const std::string& uid);
    Channel* atxfer_transferee(const Channel& x);
    void move_to_bridge(Channel& c, Bridge& to);
    void atxfer_feature_digit(const std::string& uid, char digit);
    void leave_multiparty_bridge(Channel& x, HangupSource source);
    // Trunks (pbx_trunk.cpp): SimTrunkCall, and SimHangup of a trunk's call; nullopt when the
    // action is none of those.
    std::optional<std::vector<ami::Message>> trunk_action(const ami::Message& a);
    bool is_trunk(const std::string& ext) const { return cfg_.trunks.count(ext) != 0; }
    // Queue() with strategy ringall (pbx_queue.cpp).
    void join_queue(const std::string& uid, const std::string& queue);
    void queue_member_answers(const std::string& leg_uid);
    void queue_member_gone(const std::string& leg_uid);
    void queue_abandon(const std::string& uid, HangupSource source);
    std::vector<Channel*> queue_legs(const std::string& caller_uid);
    void emit_queue_caller(std::string_view name, const Channel& caller,
                           std::vector<std::pair<std::string, std::string>> extra);
    void join_conference(const std::string& uid, const std::string& room);
    void leave_conference(Channel& x, HangupSource source);
    void emit_conference(std::string_view name, const Bridge& b, const Channel* c,
                         std::vector<std::pair<std::string, std::string>> extra = {});
    // Applications that answer, parking (pbx_apps.cpp, pbx_parking.cpp). run_pbx_extension
    // runs the dialplan of an application / parking extension (false: not one of those).
    bool run_pbx_extension(const std::string& uid, const std::string& exten);
    void emit_newexten(const Channel& c, std::string_view app, std::string_view data = {});
    void run_application(const std::string& uid, const std::string& app, bool answer_first);
    void application_hangup(const std::string& uid, HangupSource source);
    bool is_park_extension(const std::string& exten) const;
    void park(const std::string& uid, const std::string& parker_ext);
    void park_by_blind_transfer(const std::string& transferer_uid, const std::string& context,
                                const std::string& exten);
    void retrieve_parked(const std::string& uid, int slot);
    void park_timeout(const std::string& uid, std::uint64_t generation);
    void parked_hangup(const std::string& uid);
    // Action: Park; nullopt when the action is another one (pbx_parking.cpp).
    std::optional<std::vector<ami::Message>> parking_action(const ami::Message& a);
    void park_by_action(const std::string& uid, const std::string& parker_uid, const std::string& parker_ext);
    ami::Message park_event(std::string_view name, const Channel& parkee, const Channel* retriever) const;
    Bridge& parking_bridge();

    // --- device and extension state
    std::string device_state(const std::string& ext) const;
    void update_device(const std::string& ext);   // schedules publish_device
    void publish_device(const std::string& ext);  // emits the change, if any

    // --- actions
    std::vector<ami::Message> originate(const ami::Message& a);
    std::vector<ami::Message> ami_hangup(const ami::Message& a);
    std::vector<ami::Message> redirect(const ami::Message& a);
    std::vector<ami::Message> blind_transfer(const ami::Message& a);
    std::vector<ami::Message> atxfer(const ami::Message& a);
    std::vector<ami::Message> play_dtmf(const ami::Message& a);
    std::vector<ami::Message> pjsip_notify(const ami::Message& a);
    std::vector<ami::Message> queue_action(const ami::Message& a);
    std::vector<ami::Message> queue_status(const ami::Message& a);
    std::vector<ami::Message> db_action(const ami::Message& a);
    std::vector<ami::Message> command(const ami::Message& a);
    std::vector<ami::Message> list_channels(const ami::Message& a, bool status_form);
    std::vector<ami::Message> device_state_list(const ami::Message& a);
    std::vector<ami::Message> extension_state_list(const ami::Message& a);
    std::vector<ami::Message> core_settings(const ami::Message& a) const;
    std::vector<ami::Message> core_status(const ami::Message& a) const;
    ami::Message queue_member_event(std::string_view name, const std::string& queue,
                                    const QueueMember& m) const;

    SimConfig cfg_;
    Scheduler& sched_;
    EventSink sink_;
    std::map<std::string, Channel> channels_;  // by uniqueid
    std::map<std::string, Bridge> bridges_;
    std::map<std::string, Queue> queues_;
    std::map<std::string, std::string> db_;    // "family/key" -> value
    std::map<std::string, std::string> device_states_;  // ext -> last emitted state
    std::set<std::string> device_updates_pending_;
    std::uint64_t uid_seq_ = 0;
    std::uint64_t chan_seq_ = 0;
    std::uint64_t bridge_seq_ = 0;
    std::uint64_t processed_calls_ = 0;
};

// Asterisk's text for a hangup cause code (Cause-txt).
std::string_view cause_text(int cause) noexcept;

}  // namespace pbxsim
