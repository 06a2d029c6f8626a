// CALL-MODEL flow 14 in two cases no transcript records: a call parked by the AMI Park action
// (the ParkCall service's recipe) and a ParkedCallSwap. The input is SYNTHETIC: message
// sequences shaped like Asterisk 22's, with the header names of Asterisk's AMI documentation
// (res_parking/parking_manager.c: ParkedCall and ParkedCallSwap carry the Parkee channel
// snapshot, ParkerDialString, Parkinglot, ParkingSpace, ParkingTimeout, ParkingDuration) and of
// the recordings (tests/data/ami/park-dial-retrieve.ami for the ParkedCall/bridge order). There
// is no recorded ParkedCallSwap: its input is built from the documentation's field list, which
// says the Parkee fields name the party swapped INTO the slot. The expected lines are written
// by hand from ECMA-269 and CALL-MODEL, like the goldens.
#include <catch2/catch.hpp>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

ami::Message ev(const Headers& headers) {
    ami::Message m;
    for (const auto& [k, v] : headers) m.add(k, v);
    return m;
}

// The Parkee channel snapshot and the lot fields of a parking event (ParkedCall,
// ParkedCallSwap, ...), in the order manager_build_parked_call_string writes them.
ami::Message parking_event(const std::string& name, const std::string& channel, const std::string& uid,
                           const std::string& linkedid, const std::string& caller, const std::string& slot) {
    return ev({{"Event", name}, {"Privilege", "call,all"}, {"ParkeeChannel", channel}, {"ParkeeChannelState", "6"},
               {"ParkeeChannelStateDesc", "Up"}, {"ParkeeCallerIDNum", caller}, {"ParkeeCallerIDName", "Ext " + caller},
               {"ParkeeConnectedLineNum", "<unknown>"}, {"ParkeeConnectedLineName", "<unknown>"},
               {"ParkeeLanguage", "en"}, {"ParkeeAccountCode", ""}, {"ParkeeContext", "test"},
               {"ParkeeExten", "700"}, {"ParkeePriority", "1"}, {"ParkeeUniqueid", uid}, {"ParkeeLinkedid", linkedid},
               {"ParkerDialString", "PJSIP/1001"}, {"Parkinglot", "default"}, {"ParkingSpace", slot},
               {"ParkingTimeout", "45"}, {"ParkingDuration", "0"}});
}

struct Feeder {
    bridge::CallModel model{core_test::default_table()};
    std::vector<bridge::Emitted> out;
    void operator()(const ami::Message& m) {
        for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e));
    }
    // 1001 (uid 600.1) calls 1002 (600.2), 1002 answers; both in bridge b-600.
    void answered_call() {
        (*this)(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000070"}, {"ChannelStateDesc", "Ring"},
                    {"CallerIDNum", "1001"}, {"Exten", "1002"}, {"Uniqueid", "600.1"}, {"Linkedid", "600.1"}}));
        (*this)(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1002-00000071"}, {"ChannelStateDesc", "Down"},
                    {"CallerIDNum", "1002"}, {"Exten", "s"}, {"Uniqueid", "600.2"}, {"Linkedid", "600.1"}}));
        (*this)(ev({{"Event", "DialBegin"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"},
                    {"DestChannel", "PJSIP/1002-00000071"}, {"DestUniqueid", "600.2"}, {"DialString", "1002"}}));
        (*this)(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1002-00000071"}, {"ChannelStateDesc", "Ringing"},
                    {"Uniqueid", "600.2"}}));
        (*this)(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1002-00000071"}, {"ChannelStateDesc", "Up"},
                    {"Uniqueid", "600.2"}}));
        (*this)(ev({{"Event", "DialEnd"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"},
                    {"DestChannel", "PJSIP/1002-00000071"}, {"DestUniqueid", "600.2"}, {"DialStatus", "ANSWER"}}));
        for (const auto& [chan, uid] : {std::pair{"PJSIP/1002-00000071", "600.2"}, {"PJSIP/1001-00000070", "600.1"}})
            (*this)(ev({{"Event", "BridgeEnter"}, {"BridgeUniqueid", "b-600"}, {"BridgeType", "basic"},
                        {"Channel", chan}, {"Uniqueid", uid}}));
    }
};

const char* const kAnswered1001 =
    "  ServiceInitiatedEvent initiatedConnection=C1:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall\n"
    "  OriginatedEvent originatedConnection=C1:1001 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall\n"
    "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall\n"
    "  EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall\n";
const char* const kAnswered1002 =
    "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=alerting cause=newCall\n"
    "  EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall\n";

}  // namespace

TEST_CASE("flow 14: the AMI Park action (ParkCall's recipe) parks 1002 with 1001 as parker: 1002 keeps C1 "
          "in slot 701, 1001 hears the slot and is hung up", "[model][parking]") {
    Feeder feed;
    feed.answered_call();
    // The bridge's own Park action (on_client) is no call-model event: nothing is reported
    // for it; what Asterisk then does is.
    CHECK(feed.model.on_client(ev({{"Action", "Park"}, {"ActionID", "csta-1"}, {"Channel", "PJSIP/1002-00000071"},
                                   {"TimeoutChannel", "PJSIP/1001-00000070"},
                                   {"AnnounceChannel", "PJSIP/1001-00000070"}, {"Parkinglot", "default"}}))
              .empty());
    CHECK(feed.model.on_asterisk(ev({{"Response", "Success"}, {"ActionID", "csta-1"}, {"Message", "Park successful"}}))
              .empty());
    // manager_park_bridged: the parkee moves to the parking bridge (ParkedCall first, as in the
    // recorded park by blind transfer), the parker leaves after the announcement, alone in
    // the emptied bridge, and its dialplan ends (it ran Dial()).
    feed(parking_event("ParkedCall", "PJSIP/1002-00000071", "600.2", "600.1", "1002", "701"));
    feed(ev({{"Event", "BridgeLeave"}, {"BridgeUniqueid", "b-600"}, {"Channel", "PJSIP/1002-00000071"}, {"Uniqueid", "600.2"}}));
    feed(ev({{"Event", "BridgeEnter"}, {"BridgeUniqueid", "parking-1"}, {"BridgeType", "parking"},
             {"Channel", "PJSIP/1002-00000071"}, {"Uniqueid", "600.2"}}));
    feed(ev({{"Event", "BridgeLeave"}, {"BridgeUniqueid", "b-600"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"}}));
    feed(ev({{"Event", "BridgeDestroy"}, {"BridgeUniqueid", "b-600"}}));
    feed(ev({{"Event", "SoftHangupRequest"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"}, {"Cause", "16"},
             {"Cause-txt", "Normal Clearing"}}));
    // ECMA-269 ParkCall: the call is queued at the parked-to device (701, cause park) and the
    // parking device's connection ends (1001's Hangup, Q.850 16: normalClearing). 1002's call
    // is still C1, its callingDevice still 1001 (no transfer).
    CHECK(bridge::render_golden(feed.out, std::set<std::string>{"1001", "1002", "701"}) ==
          std::string("monitor 1001\n") + kAnswered1001 +
              "  QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
              "monitor 1002\n" + kAnswered1002 +
              "  QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing\n"
              "monitor 701\n"
              "  QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=queued cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=queued cause=normalClearing\n");
    const auto* c = feed.model.snapshot_call(feed.model.snapshot_device("1002").at(0).call_id);
    REQUIRE(c);
    CHECK(c->find("701"));
    CHECK_FALSE(c->find("1001"));
}

TEST_CASE("flow 14: ParkedCallSwap moves slot 701 from 1001's consultation call to the call of 1002, the "
          "party swapped in (no recording: input from Asterisk's ParkedCallSwap documentation)",
          "[model][parking]") {
    Feeder feed;
    feed.answered_call();
    // 1001 holds 1002 and consults the parking extension on a second line: Park() parks
    // 1001's own consultation channel (600.3, its own call C2) in 701.
    feed(ev({{"Event", "Hold"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"}, {"Linkedid", "600.1"}}));
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000072"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Exten", "700"}, {"Uniqueid", "600.3"}, {"Linkedid", "600.3"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1001-00000072"}, {"ChannelStateDesc", "Up"}, {"Uniqueid", "600.3"}}));
    feed(parking_event("ParkedCall", "PJSIP/1001-00000072", "600.3", "600.3", "1001", "701"));
    // 1001 completes the attended transfer: 1002 takes the consultation channel's place in
    // the slot. The Parkee fields name 1002, the party swapped in.
    feed(parking_event("ParkedCallSwap", "PJSIP/1002-00000071", "600.2", "600.1", "1002", "701"));
    // 1001's two channels are hung up; later 1002 gives up waiting.
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000072"}, {"Uniqueid", "600.3"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000070"}, {"Uniqueid", "600.1"}, {"Cause", "16"}}));
    feed(parking_event("ParkedCallGiveUp", "PJSIP/1002-00000071", "600.2", "600.1", "1002", "701"));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1002-00000071"}, {"Uniqueid", "600.2"}, {"Cause", "16"}}));
    // C2 (1001's consultation) waited at 701 (Queued, park) until the swap: then the slot
    // leaves C2 (ConnectionCleared C2:701, cause park: the park feature moved it) and is
    // queued in C1, the call of the party now parked (Queued C1:701, park). 1001 leaves both
    // calls (normalClearing), 1002 gives up (the slot's connection ends: the table's cause for
    // ParkedCallGiveUp, normalClearing), then 1002's own clearing.
    CHECK(bridge::render_golden(feed.out, std::set<std::string>{"1001", "1002", "701"}) ==
          std::string("monitor 1001\n") + kAnswered1001 +
              "  HeldEvent heldConnection=C1:1001 holdingDevice=1001 localConnectionInfo=hold cause=normal\n"
              "  ServiceInitiatedEvent initiatedConnection=C2:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall\n"
              "  OriginatedEvent originatedConnection=C2:1001 callingDevice=1001 calledDevice=700 localConnectionInfo=connected cause=newCall\n"
              "  QueuedEvent queuedConnection=C2:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C2:701 releasingDevice=701 localConnectionInfo=connected cause=park\n"
              "  QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=hold cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C2:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
              "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
              "monitor 1002\n" + kAnswered1002 +
              "  HeldEvent heldConnection=C1:1001 holdingDevice=1001 localConnectionInfo=connected cause=normal\n"
              "  QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=connected cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing\n"
              "  ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=connected cause=normalClearing\n"
              "  ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null cause=normalClearing\n"
              "monitor 701\n"
              "  QueuedEvent queuedConnection=C2:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=queued cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C2:701 releasingDevice=701 localConnectionInfo=null cause=park\n"
              "  QueuedEvent queuedConnection=C1:701 queue=701 callingDevice=1001 calledDevice=701 localConnectionInfo=queued cause=park\n"
              "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=queued cause=normalClearing\n"
              "  ConnectionClearedEvent droppedConnection=C1:701 releasingDevice=701 localConnectionInfo=null cause=normalClearing\n");
    CHECK(feed.model.call_count() == 0);
}
