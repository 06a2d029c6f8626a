// CALL-MODEL flow 13 through a Local/ chain: 1001 dials 400, whose dialplan runs
// Dial(Local/300@apps); the Local channel's ;2 half runs extension 300 (Answer, then Echo).
// No transcript records it: the input is SYNTHETIC, shaped like Asterisk 22's messages (the
// Local pair's Newchannel/LocalBridge/DialBegin fields as recorded in attended-transfer.ami,
// Answer then Echo on the application's channel as recorded in call-to-application.ami).
// While ;2 runs an application it is in no bridge, so Asterisk cannot optimise the pair away:
// both halves live until the call ends. Expected lines written by hand from CALL-MODEL flow 13
// (Originated with calledDevice = the number dialled, Established when the application
// answers with answeringDevice = the number dialled, Local halves never a device).
#include <catch2/catch.hpp>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"

using core_test::ev;
TEST_CASE("flow 13: 1001 dials 400 -> Dial(Local/300@apps) -> Answer + Echo on the Local half: Originated, "
          "Established by 400, cleared, the Local halves are no device", "[model][pbx-calls]") {
    bridge::CallModel model(core_test::default_table());
    std::vector<bridge::Emitted> out;
    auto feed = [&](const ami::Message& m) { for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e)); };
    const char* caller = "PJSIP/1001-00000080";
    const char* one = "Local/300@apps-00000004;1";
    const char* two = "Local/300@apps-00000004;2";
    feed(ev({{"Event", "Newchannel"}, {"Channel", caller}, {"ChannelState", "4"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Context", "test"}, {"Exten", "400"}, {"Uniqueid", "700.1"}, {"Linkedid", "700.1"}}));
    feed(ev({{"Event", "Newexten"}, {"Channel", caller}, {"Uniqueid", "700.1"}, {"Exten", "400"},
             {"Application", "Dial"}, {"AppData", "Local/300@apps,30"}}));
    feed(ev({{"Event", "Newchannel"}, {"Channel", one}, {"ChannelState", "0"}, {"ChannelStateDesc", "Down"},
             {"CallerIDNum", "<unknown>"}, {"Context", "apps"}, {"Exten", "300"}, {"Uniqueid", "700.2"}, {"Linkedid", "700.1"}}));
    feed(ev({{"Event", "Newchannel"}, {"Channel", two}, {"ChannelState", "4"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Context", "apps"}, {"Exten", "300"}, {"Uniqueid", "700.3"}, {"Linkedid", "700.1"}}));
    feed(ev({{"Event", "LocalBridge"}, {"LocalOneChannel", one}, {"LocalOneUniqueid", "700.2"}, {"LocalOneLinkedid", "700.1"},
             {"LocalTwoChannel", two}, {"LocalTwoUniqueid", "700.3"}, {"LocalTwoLinkedid", "700.1"},
             {"Context", "apps"}, {"Exten", "300"}, {"LocalOptimization", "Yes"}}));
    feed(ev({{"Event", "DialBegin"}, {"Channel", caller}, {"Uniqueid", "700.1"}, {"DestChannel", one},
             {"DestUniqueid", "700.2"}, {"DialString", "Local/300@apps"}}));
    feed(ev({{"Event", "Newexten"}, {"Channel", two}, {"Uniqueid", "700.3"}, {"Exten", "300"},
             {"Application", "Answer"}, {"AppData", ""}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", two}, {"ChannelStateDesc", "Up"}, {"Uniqueid", "700.3"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", one}, {"ChannelStateDesc", "Up"}, {"Uniqueid", "700.2"}}));
    feed(ev({{"Event", "DialEnd"}, {"Channel", caller}, {"Uniqueid", "700.1"}, {"DestChannel", one},
             {"DestUniqueid", "700.2"}, {"DialStatus", "ANSWER"}}));
    feed(ev({{"Event", "BridgeCreate"}, {"BridgeUniqueid", "b-700"}, {"BridgeType", "basic"}}));
    feed(ev({{"Event", "BridgeEnter"}, {"BridgeUniqueid", "b-700"}, {"Channel", one}, {"Uniqueid", "700.2"}}));
    feed(ev({{"Event", "BridgeEnter"}, {"BridgeUniqueid", "b-700"}, {"Channel", caller}, {"Uniqueid", "700.1"}}));
    feed(ev({{"Event", "Newexten"}, {"Channel", two}, {"Uniqueid", "700.3"}, {"Exten", "300"},
             {"Application", "Echo"}, {"AppData", ""}}));
    // 1001 hangs up (BYE): the bridge ends, the Local pair goes with it.
    feed(ev({{"Event", "HangupRequest"}, {"Channel", caller}, {"Uniqueid", "700.1"}, {"Cause", "16"}}));
    feed(ev({{"Event", "BridgeLeave"}, {"BridgeUniqueid", "b-700"}, {"Channel", caller}, {"Uniqueid", "700.1"}}));
    feed(ev({{"Event", "SoftHangupRequest"}, {"Channel", caller}, {"Uniqueid", "700.1"}, {"Cause", "16"}}));
    feed(ev({{"Event", "BridgeLeave"}, {"BridgeUniqueid", "b-700"}, {"Channel", one}, {"Uniqueid", "700.2"}}));
    feed(ev({{"Event", "BridgeDestroy"}, {"BridgeUniqueid", "b-700"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", one}, {"Uniqueid", "700.2"}, {"Cause", "16"}}));
    feed(ev({{"Event", "SoftHangupRequest"}, {"Channel", two}, {"Uniqueid", "700.3"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", two}, {"Uniqueid", "700.3"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", caller}, {"Uniqueid", "700.1"}, {"Cause", "16"}}));

    std::set<std::string> everyone;
    for (const auto& e : out)
        for (const auto& r : e.recipients) everyone.insert(r.device);
    // Only 1001 and the application's number ever receive an event: no Local half.
    CHECK(everyone == std::set<std::string>{"1001", "400"});
    CHECK(bridge::render_golden(out, std::set<std::string>{"1001", "400"}) ==
        "monitor 1001\n"
        "  ServiceInitiatedEvent initiatedConnection=C1:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall\n"
        "  OriginatedEvent originatedConnection=C1:1001 callingDevice=1001 calledDevice=400 localConnectionInfo=connected cause=newCall\n"
        "  EstablishedEvent establishedConnection=C1:400 answeringDevice=400 callingDevice=1001 calledDevice=400 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
        "monitor 400\n"
        "  EstablishedEvent establishedConnection=C1:400 answeringDevice=400 callingDevice=1001 calledDevice=400 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing\n"
        "  ConnectionClearedEvent droppedConnection=C1:400 releasingDevice=400 localConnectionInfo=null cause=normalClearing\n");
    CHECK(model.call_count() == 0);
}
