// Calls from a trunk (CALL-MODEL flow 15): which endpoints are trunks is a site setting
// ([asterisk:NAME] trunk-endpoints -> CallModel::set_trunk_endpoints, table rules with
// siteTrunks), and the outside caller's device id follows the table's numberPattern rules.
// The recorded transcripts use the endpoint trunk-carrier, which the default table's
// ^PJSIP/trunk rule already covers (golden trunk-inbound-*); these tests feed the same story
// from an endpoint named "carrier-berlin", which only the site setting makes a trunk. The
// message sequence is the recorded one of trunk-inbound-answered with that channel name.
#include <catch2/catch.hpp>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"

using core_test::ev;

namespace {

// The AMI events of trunk-inbound-answered that the model acts on, from endpoint `trunk`.
std::string run_story(bridge::CallModel& model, const std::string& monitor) {
    std::vector<bridge::Emitted> out;
    auto feed = [&](const ami::Message& m) { for (auto& e : model.on_asterisk(m)) out.push_back(std::move(e)); };
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/carrier-berlin-00000074"}, {"ChannelStateDesc", "Ring"},
             {"CallerIDNum", "+4930123456"}, {"Exten", "5551000"}, {"Uniqueid", "1796285280.140"},
             {"Linkedid", "1796285280.140"}}));
    feed(ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1002-00000075"}, {"ChannelStateDesc", "Down"},
             {"CallerIDNum", "1002"}, {"Exten", "s"}, {"Uniqueid", "1796285280.141"}, {"Linkedid", "1796285280.140"}}));
    feed(ev({{"Event", "DialBegin"}, {"Channel", "PJSIP/carrier-berlin-00000074"}, {"Uniqueid", "1796285280.140"},
             {"DestChannel", "PJSIP/1002-00000075"}, {"DestUniqueid", "1796285280.141"}, {"DialString", "1002"}}));
    feed(ev({{"Event", "Newstate"}, {"Channel", "PJSIP/1002-00000075"}, {"ChannelStateDesc", "Ringing"},
             {"Uniqueid", "1796285280.141"}}));
    feed(ev({{"Event", "DialEnd"}, {"Channel", "PJSIP/carrier-berlin-00000074"}, {"Uniqueid", "1796285280.140"},
             {"DestChannel", "PJSIP/1002-00000075"}, {"DestUniqueid", "1796285280.141"}, {"DialStatus", "ANSWER"}}));
    feed(ev({{"Event", "HangupRequest"}, {"Channel", "PJSIP/carrier-berlin-00000074"}, {"Uniqueid", "1796285280.140"},
             {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/1002-00000075"}, {"Uniqueid", "1796285280.141"}, {"Cause", "16"}}));
    feed(ev({{"Event", "Hangup"}, {"Channel", "PJSIP/carrier-berlin-00000074"}, {"Uniqueid", "1796285280.140"},
             {"Cause", "16"}}));
    return bridge::render_golden(out, std::set<std::string>{monitor});
}
}  // namespace

TEST_CASE("trunk-endpoints: an endpoint the site names is a trunk, its caller an outside device with the DID",
          "[model][trunk]") {
    bridge::CallModel model(core_test::default_table());
    model.set_trunk_endpoints({"other", "carrier*"});
    CHECK(run_story(model, "1002") ==
          "monitor 1002\n"
          "  DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=+4930123456 calledDevice=5551000 "
          "localConnectionInfo=alerting cause=newCall networkCallingDevice=+4930123456 networkCalledDevice=5551000\n"
          "  EstablishedEvent establishedConnection=C1:1002 answeringDevice=1002 callingDevice=+4930123456 "
          "calledDevice=5551000 localConnectionInfo=connected cause=newCall networkCallingDevice=+4930123456 "
          "networkCalledDevice=5551000\n"
          "  ConnectionClearedEvent droppedConnection=C1:+4930123456 releasingDevice=+4930123456 "
          "localConnectionInfo=connected cause=normalClearing\n"
          "  ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null "
          "cause=normalClearing\n");
    CHECK(model.call_count() == 0);
}

TEST_CASE("trunk-endpoints: an endpoint the setting does not name is no trunk (no rule names its channel)",
          "[model][trunk]") {
    bridge::CallModel model(core_test::default_table());
    model.set_trunk_endpoints({"trunk-*"});  // does not name carrier-berlin
    const auto text = run_story(model, "1002");
    // Neither a phone (carrier-berlin-00000074 is no PJSIP/<ext>-<hex> name) nor a trunk:
    // the channel is ignored, so the leg it dials belongs to no call the bridge knows.
    CHECK(text.find("+4930123456") == std::string::npos);
    CHECK(text.find("network") == std::string::npos);
    CHECK(model.call_count() == 0);
}

TEST_CASE("trunk numbers: the table's numberPattern rules give the national format, the network fields keep "
          "the carrier's", "[model][trunk]") {
    auto load = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml",
                                     core_test::mappings_dir() + "/examples/trunk-numbers.xml"},
                                    core_test::mappings_dir() + "/mapping-table.xsd");
    INFO(load.error);
    REQUIRE(load.ok());
    bridge::CallModel model(load.table);
    model.set_trunk_endpoints({"carrier*"});
    const auto text = run_story(model, "1002");
    CHECK(text.find("DeliveredEvent connection=C1:1002 alertingDevice=1002 callingDevice=030123456 calledDevice=5551000 "
                    "localConnectionInfo=alerting cause=newCall networkCallingDevice=+4930123456 "
                    "networkCalledDevice=5551000\n") != std::string::npos);
    CHECK(text.find("droppedConnection=C1:030123456 releasingDevice=030123456") != std::string::npos);
    // A foreign number takes the international rule; a number neither rule matches is kept.
    const auto& t = *load.table;
    CHECK(t.device_for_channel("PJSIP/carrier-00000001", "+33142000000", {"carrier*"})->id == "0033142000000");
    CHECK(t.device_for_channel("PJSIP/carrier-00000001", "0301234", {"carrier*"})->id == "0301234");
    CHECK(t.device_for_channel("PJSIP/carrier-00000001", "+4930123456", {"carrier*"})->kind ==
          bridge::DeviceKind::external);
}

TEST_CASE("glob patterns of trunk-endpoints", "[table][trunk]") {
    CHECK(bridge::glob_matches("carrier*", "carrier"));
    CHECK(bridge::glob_matches("carrier*", "carrier-berlin"));
    CHECK(bridge::glob_matches("trunk-?", "trunk-1"));
    CHECK(bridge::glob_matches("*-in", "sip-carrier-in"));
    CHECK_FALSE(bridge::glob_matches("carrier*", "my-carrier"));
    CHECK_FALSE(bridge::glob_matches("trunk-?", "trunk-12"));
    CHECK_FALSE(bridge::glob_matches("", "x"));
    CHECK_FALSE(bridge::any_glob_matches({}, "carrier"));
}
