// CALL-MODEL flows 13 and 14 in cases no transcript records: an unanswered call that the
// dialplan sends to voicemail (the table names the voicemail pilot as the answering device)
// and a caller that parks itself and gives up. SYNTHETIC message sequences shaped like
// Asterisk 22's (header names of the AMI event documentation and of the recordings); the
// expected lines are written by hand from ECMA-269 and CALL-MODEL, like the goldens.
#include <catch2/catch.hpp>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"

using core_test::ev;
TEST_CASE("flow 13: 1002 does not answer, the dialplan runs VoiceMail: Established by the table's voicemail "
          "pilot (8500)", "[model][pbx-calls]") {
    bridge::CallModel model(core_test::default_table());
    std::vector<bridge::Emitted> out;
    auto feed = [&](const ami::Message& m) { for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e)); };
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000050"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Exten", "1002"}, {"Uniqueid", "300.1"}, {"Linkedid", "300.1"}}));
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1002-00000051"}, {"ChannelStateDesc", "Down"},
             {"CallerIDNum", "1002"}, {"Exten", "s"}, {"Uniqueid", "300.2"}, {"Linkedid", "300.1"}}));
    feed(ev({{"Event", "DialBegin"}, {"Channel", "PJSIP/1001-00000050"}, {"Uniqueid", "300.1"},
             {"DestChannel", "PJSIP/1002-00000051"}, {"DestUniqueid", "300.2"}, {"DialString", "1002"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1002-00000051"}, {"ChannelStateDesc", "Ringing"}, {"Uniqueid", "300.2"}}));
    feed(ev({{"Event", "DialEnd"}, {"Channel", "PJSIP/1001-00000050"}, {"Uniqueid", "300.1"},
             {"DestChannel", "PJSIP/1002-00000051"}, {"DestUniqueid", "300.2"}, {"DialStatus", "NOANSWER"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1002-00000051"}, {"Uniqueid", "300.2"}, {"Cause", "0"}}));
    feed(ev({{"Event", "Newexten"}, {"Channel", "PJSIP/1001-00000050"}, {"Uniqueid", "300.1"}, {"Exten", "1002"},
             {"Application", "VoiceMail"}, {"AppData", "1002@default,u"}}));
    feed(ev({{"Event", "HangupRequest"}, {"Channel", "PJSIP/1001-00000050"}, {"Uniqueid", "300.1"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000050"}, {"Uniqueid", "300.1"}, {"Cause", "16"}}));
    // The unanswered leg's clearing carries NOANSWER's callNotAnswered; once voicemail has
    // answered, the call is answered and 1001's own clearing is its Hangup cause (16). The
    // pilot's connection ends with the caller.
    CHECK(bridge::render_golden(out, std::set<std::string>{"1001", "8500"}) ==
        "monitor 1001\n"
        "  ServiceInitiatedEvent initiatedConnection=C1:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall\n"
        "  OriginatedEvent originatedConnection=C1:1001 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall\n"
        "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=connected cause=callNotAnswered\n"
        "  EstablishedEvent establishedConnection=C1:8500 answeringDevice=8500 callingDevice=1001 calledDevice=8500 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
        "monitor 8500\n"
        "  EstablishedEvent establishedConnection=C1:8500 answeringDevice=8500 callingDevice=1001 calledDevice=8500 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing\n"
        "  ConnectionClearedEvent droppedConnection=C1:8500 releasingDevice=8500 localConnectionInfo=null cause=normalClearing\n");
    CHECK(model.call_count() == 0);
}

TEST_CASE("flow 14: 1001 dials the parking extension (Park()), waits in slot 702 and gives up", "[model][pbx-calls]") {
    bridge::CallModel model(core_test::default_table());
    std::vector<bridge::Emitted> out;
    auto feed = [&](const ami::Message& m) { for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e)); };
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000060"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Exten", "700"}, {"Uniqueid", "400.1"}, {"Linkedid", "400.1"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1001-00000060"}, {"ChannelStateDesc", "Up"}, {"Uniqueid", "400.1"}}));
    feed(ev({{"Event", "ParkedCall"}, {"ParkeeChannel", "PJSIP/1001-00000060"}, {"ParkeeUniqueid", "400.1"},
             {"ParkerDialString", "PJSIP/1001"}, {"Parkinglot", "default"}, {"ParkingSpace", "702"}}));
    feed(ev({{"Event", "HangupRequest"}, {"Channel", "PJSIP/1001-00000060"}, {"Uniqueid", "400.1"}}));
    feed(ev({{"Event", "ParkedCallGiveUp"}, {"ParkeeChannel", "PJSIP/1001-00000060"}, {"ParkeeUniqueid", "400.1"},
             {"Parkinglot", "default"}, {"ParkingSpace", "702"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000060"}, {"Uniqueid", "400.1"}, {"Cause", "16"}}));
    // The switch took 700 (Originated), the call waits at the slot (Queued, park); giving up
    // ends the slot's part first (the table's cause for ParkedCallGiveUp), then the caller's.
    CHECK(bridge::render_golden(out, std::set<std::string>{"1001", "702"}) ==
        "monitor 1001\n"
        "  ServiceInitiatedEvent initiatedConnection=C1:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall\n"
        "  OriginatedEvent originatedConnection=C1:1001 callingDevice=1001 calledDevice=700 localConnectionInfo=connected cause=newCall\n"
        "  QueuedEvent queuedConnection=C1:702 queue=702 callingDevice=1001 calledDevice=702 localConnectionInfo=connected cause=park\n"
        "  ConnectionClearedEvent droppedConnection=C1:702 releasingDevice=702 localConnectionInfo=connected cause=normalClearing\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
        "monitor 702\n"
        "  QueuedEvent queuedConnection=C1:702 queue=702 callingDevice=1001 calledDevice=702 localConnectionInfo=queued cause=park\n"
        "  ConnectionClearedEvent droppedConnection=C1:702 releasingDevice=702 localConnectionInfo=null cause=normalClearing\n");
    CHECK(model.call_count() == 0);
}

TEST_CASE("the table's parking slots: parkingSlots 701-720 of the default table", "[table][pbx-calls]") {
    const auto table = core_test::default_table();
    const auto slots = table->parking_slots();
    REQUIRE(slots.size() == 20);
    CHECK(slots.front() == "701");
    CHECK(slots.back() == "720");
    CHECK(table->is_parking_slot("715"));
    CHECK_FALSE(table->is_parking_slot("700"));
    CHECK_FALSE(table->is_parking_slot("721"));
}
