// CALL-MODEL flow 9 (queues). No recorded transcript has a queue call, so this test feeds a
// SYNTHETIC message sequence shaped like Asterisk 22's (header names from the AMI event
// documentation: QueueCallerJoin/AgentConnect carry the caller's channel snapshot and the
// member's as Dest*). It checks the model's transitions, not Asterisk's behaviour.
// 1001 dialled 750 (Newchannel Exten): every event of the call names 750 as calledDevice, the
// number dialled (CALL-MODEL flow 15, tests/golden/README.md rule 20).
#include <catch2/catch.hpp>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"

using core_test::ev;
TEST_CASE("queue: caller queued at the ACD group, agent alerted, agent connects, caller hangs up", "[model][queue]") {
    bridge::CallModel model(core_test::default_table());
    std::vector<bridge::Emitted> out;
    auto feed = [&](const ami::Message& m) { for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e)); };
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000030"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Exten", "750"}, {"Uniqueid", "100.1"}, {"Linkedid", "100.1"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1001-00000030"}, {"ChannelStateDesc", "Up"}, {"Uniqueid", "100.1"}}));
    feed(ev({{"Event", "QueueCallerJoin"}, {"Channel", "PJSIP/1001-00000030"}, {"Uniqueid", "100.1"},
             {"Queue", "q-test"}, {"Position", "1"}, {"Count", "1"}}));
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1002-00000031"}, {"ChannelStateDesc", "Down"},
             {"CallerIDNum", "1002"}, {"Exten", "s"}, {"Uniqueid", "100.2"}, {"Linkedid", "100.1"}}));
    feed(ev({{"Event", "DialBegin"}, {"Channel", "PJSIP/1001-00000030"}, {"Uniqueid", "100.1"},
             {"DestChannel", "PJSIP/1002-00000031"}, {"DestUniqueid", "100.2"}, {"DialString", "1002"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1002-00000031"}, {"ChannelStateDesc", "Ringing"}, {"Uniqueid", "100.2"}}));
    feed(ev({{"Event", "DialEnd"}, {"Channel", "PJSIP/1001-00000030"}, {"Uniqueid", "100.1"},
             {"DestChannel", "PJSIP/1002-00000031"}, {"DestUniqueid", "100.2"}, {"DialStatus", "ANSWER"}}));
    feed(ev({{"Event", "AgentConnect"}, {"Channel", "PJSIP/1001-00000030"}, {"Uniqueid", "100.1"},
             {"DestChannel", "PJSIP/1002-00000031"}, {"DestUniqueid", "100.2"}, {"Queue", "q-test"},
             {"Interface", "PJSIP/1002"}, {"MemberName", "PJSIP/1002"}}));
    feed(ev({{"Event", "HangupRequest"}, {"Channel", "PJSIP/1001-00000030"}, {"Uniqueid", "100.1"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1002-00000031"}, {"Uniqueid", "100.2"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000030"}, {"Uniqueid", "100.1"}, {"Cause", "16"}}));
    const auto text = bridge::render_golden(out, std::set<std::string>{"1001", "1002", "q-test"});
    CHECK(text ==
        "monitor 1001\n"
        "  ServiceInitiatedEvent initiatedConnection=C1:1001 initiatingDevice=1001 localConnectionInfo=initiated cause=newCall\n"
        "  OriginatedEvent originatedConnection=C1:1001 callingDevice=1001 calledDevice=750 localConnectionInfo=connected cause=newCall\n"
        "  QueuedEvent queuedConnection=C1:q-test queue=q-test callingDevice=1001 calledDevice=750 localConnectionInfo=connected cause=enteringDistribution\n"
        "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=750 localConnectionInfo=connected cause=newCall\n"
        "  EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=750 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:q-test releasingDevice=q-test localConnectionInfo=connected cause=distributed\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
        "monitor 1002\n"
        "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=750 localConnectionInfo=alerting cause=newCall\n"
        "  EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=750 localConnectionInfo=connected cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:q-test releasingDevice=q-test localConnectionInfo=connected cause=distributed\n"
        "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing\n"
        "  ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null cause=normalClearing\n"
        "monitor q-test\n"
        "  QueuedEvent queuedConnection=C1:q-test queue=q-test callingDevice=1001 calledDevice=750 localConnectionInfo=queued cause=enteringDistribution\n"
        "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=1001 calledDevice=750 localConnectionInfo=queued cause=newCall\n"
        "  EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=1001 calledDevice=750 localConnectionInfo=queued cause=newCall\n"
        "  ConnectionClearedEvent droppedConnection=C1:q-test releasingDevice=q-test localConnectionInfo=null cause=distributed\n");
    CHECK(model.call_count() == 0);
}

TEST_CASE("queue: a caller who abandons is cleared from the queue with callNotAnswered", "[model][queue]") {
    bridge::CallModel model(core_test::default_table());
    std::vector<bridge::Emitted> out;
    auto feed = [&](const ami::Message& m) { for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e)); };
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000040"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "1001"}, {"Exten", "750"}, {"Uniqueid", "200.1"}, {"Linkedid", "200.1"}}));
    feed(ev({{"Event", "QueueCallerJoin"}, {"Uniqueid", "200.1"}, {"Queue", "q-test"}}));
    feed(ev({{"Event", "QueueCallerAbandon"}, {"Uniqueid", "200.1"}, {"Queue", "q-test"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1001-00000040"}, {"Uniqueid", "200.1"}, {"Cause", "16"}}));
    const auto text = bridge::render_golden(out, std::set<std::string>{"q-test"});
    CHECK(text ==
        "monitor q-test\n"
        "  QueuedEvent queuedConnection=C1:q-test queue=q-test callingDevice=1001 calledDevice=750 localConnectionInfo=queued cause=enteringDistribution\n"
        "  ConnectionClearedEvent droppedConnection=C1:q-test releasingDevice=q-test localConnectionInfo=null cause=callNotAnswered\n");
    CHECK(model.call_count() == 0);
}
