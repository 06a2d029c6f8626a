// Service recipes: the rendered AMI actions are the ones the recorded sessions sent; an
// overlay changes them; a CR/LF in any CSTA string is refused with a precise error.
#include <catch2/catch.hpp>

#include "ami/parser.hpp"
#include "bridge/core/service_recipe.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

using bridge::RecipeParams;
using bridge::RenderedActions;
using bridge::render_actions;

namespace {

// The actions the client sent in a recorded session, ActionID removed.
std::vector<ami::Message> recorded_actions(const std::string& scenario, std::string_view name) {
    std::vector<ami::Message> out;
    ami::Parser p(false);
    for (const auto& c : ami::load_transcript(test_support::ami_fixture(scenario + ".ami")).chunks) {
        if (c.direction != ami::TranscriptChunk::Direction::from_client) continue;
        p.feed(c.bytes);
        while (auto o = p.next())
            if (auto* m = std::get_if<ami::Message>(&*o); m && ami::iequals(m->action_name(), name)) {
                m->remove("ActionID");
                out.push_back(*m);
            }
    }
    return out;
}

std::shared_ptr<const bridge::Table> table_with(const std::string& overlay_body) {
    const auto overlay = core_test::write_temp("recipe-overlay.xml",
        "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n" +
        overlay_body + "</mappingTable>\n");
    const auto r = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml", overlay},
                                       core_test::mappings_dir() + "/mapping-table.xsd");
    if (!r.ok()) FAIL(r.error);
    return r.table;
}

RecipeParams make_call(const std::string& calling, const std::string& called) {
    RecipeParams p;
    p.values = {{"callingDevice", calling}, {"calledDirectoryNumber", called},
                {"channelId", "e9e896e3-0b1a-49ad-9dd7-0db1c51cbe61"},
                {"otherChannelId", "0a1c7d1a-a734-4191-81a4-8986dc3df78a"}};
    return p;
}

}  // namespace

TEST_CASE("MakeCall renders the Originate the recorded session sent", "[recipes]") {
    // The recording PBX dials in context "test" with a 20 s timeout: an overlay says so.
    const auto t = table_with("<variables><variable name=\"context\" value=\"test\"/>"
                              "<variable name=\"originateTimeout\" value=\"20000\"/></variables>\n");
    const auto r = render_actions(*t, "MakeCall", make_call("1002", "1003"));
    REQUIRE(r.ok());
    const auto recorded = recorded_actions("originate-answered", "Originate");
    REQUIRE(recorded.size() == 1);
    REQUIRE(r.actions.size() == 1);
    CHECK(ami::to_debug_string(r.actions[0]) == ami::to_debug_string(recorded[0]));
    const auto result = bridge::render_result(*t, *r.recipe, make_call("1002", "1003"));
    CHECK(result.at("callID") == "e9e896e3-0b1a-49ad-9dd7-0db1c51cbe61");
}

TEST_CASE("an overlay that changes the originate context changes the action", "[recipes]") {
    const auto base = render_actions(*core_test::default_table(), "MakeCall", make_call("1001", "1002"));
    REQUIRE(base.ok());
    CHECK(base.actions[0].get("Context") == "default");
    const auto t = table_with("<variables><variable name=\"context\" value=\"from-internal\"/></variables>\n");
    const auto r = render_actions(*t, "MakeCall", make_call("1001", "1002"));
    REQUIRE(r.ok());
    CHECK(r.actions[0].get("Context") == "from-internal");

    // Replacing the whole recipe by name.
    const auto t2 = table_with("<services><service name=\"MakeCall\"><action name=\"Originate\">"
                               "<header name=\"Channel\" value=\"Local/${callingDevice}@click2call\"/>"
                               "<header name=\"Application\" value=\"Dial\"/>"
                               "<header name=\"Data\" value=\"${calledDirectoryNumber.dialString}\"/>"
                               "</action></service></services>\n");
    const auto r2 = render_actions(*t2, "MakeCall", make_call("1001", "1002"));
    REQUIRE(r2.ok());
    CHECK(r2.actions[0].get("Channel") == "Local/1001@click2call");
    CHECK(r2.actions[0].get("Data") == "PJSIP/1002");
    CHECK_FALSE(r2.actions[0].has("Context"));
}

TEST_CASE("CR/LF in a CSTA string never reaches the AMI stream", "[recipes]") {
    const auto t = core_test::default_table();
    auto p = make_call("1001", "1002\r\nAction: Command\r\nCommand: core stop now");
    auto r = render_actions(*t, "MakeCall", p);
    CHECK(r.status == RenderedActions::Status::unsafe_value);
    CHECK(r.actions.empty());
    CHECK(r.error.find("calledDirectoryNumber") != std::string::npos);

    p = make_call("1001\nAction: Logoff", "1002");
    r = render_actions(*t, "MakeCall", p);
    CHECK(r.status == RenderedActions::Status::unsafe_value);
    CHECK(r.error.find("callingDevice") != std::string::npos);

    RecipeParams g;
    g.values = {{"connectionToSendDigits.channel", "PJSIP/1002-00000019"}};
    g.lists = {{"charactersToSend", {"5", "\r"}}};
    r = render_actions(*t, "GenerateDigits", g);
    CHECK(r.status == RenderedActions::Status::unsafe_value);
    CHECK(r.actions.empty());
}

TEST_CASE("a comma in a Variable value is refused: Asterisk would split it into more variables", "[recipes][hardening]") {
    const auto t = core_test::default_table();
    auto p = make_call("1001", "1002");
    p.lists["variables"] = {"CSTA_CORRELATOR=x,CALLERID(num)=6666,__EVIL=1"};
    auto r = render_actions(*t, "MakeCall", p);
    CHECK(r.status == RenderedActions::Status::unsafe_value);
    CHECK(r.actions.empty());
    CHECK(r.error.find("variable injection") != std::string::npos);
    // Backslash and quote are Asterisk's escape syntax there: refused as well.
    p.lists["variables"] = {"CSTA_CORRELATOR=x\\"};
    CHECK(render_actions(*t, "MakeCall", p).status == RenderedActions::Status::unsafe_value);
    // The same text in a header Asterisk does not split is fine (Exten: a dialled number).
    p = make_call("1001", "1002");
    p.lists["variables"] = {"CSTA_CORRELATOR=order-4711"};
    r = render_actions(*t, "MakeCall", p);
    REQUIRE(r.ok());
    CHECK(r.actions.at(0).get("Variable") == "CSTA_CORRELATOR=order-4711");
}

TEST_CASE("every value rendered into an AMI header has a length cap", "[recipes][hardening]") {
    const auto t = core_test::default_table();
    auto r = render_actions(*t, "MakeCall", make_call("1001", std::string(60000, '5')));
    CHECK(r.status == RenderedActions::Status::value_too_long);
    CHECK(r.actions.empty());
    CHECK(r.error.find("calledDirectoryNumber") != std::string::npos);
    r = render_actions(*t, "MakeCall", make_call("1001", std::string(bridge::kMaxRenderedValueBytes, '5')));
    CHECK(r.ok());
    r = render_actions(*t, "MakeCall", make_call("1001", std::string(bridge::kMaxRenderedValueBytes + 1, '5')));
    CHECK(r.status == RenderedActions::Status::value_too_long);
}

TEST_CASE("GenerateDigits sends one PlayDTMF per digit, as recorded", "[recipes]") {
    RecipeParams p;
    p.values = {{"connectionToSendDigits.channel", "PJSIP/1002-00000019"}, {"charactersToSend", "5#"}};
    const auto r = render_actions(*core_test::default_table(), "GenerateDigits", p);
    REQUIRE(r.ok());
    const auto recorded = recorded_actions("dtmf", "PlayDTMF");
    REQUIRE(recorded.size() == 4);
    REQUIRE(r.actions.size() == 2);
    CHECK(ami::to_debug_string(r.actions[0]) == ami::to_debug_string(recorded[0]));
    CHECK(ami::to_debug_string(r.actions[1]) == ami::to_debug_string(recorded[1]));
}

TEST_CASE("TransferCall / ConferenceCall / AlternateCall / ReconnectCall key the atxfer codes on the transferring channel",
          "[recipes]") {
    // The recorded PlayDTMF with Receive=true (dtmf.ami: as if 1001 keyed the digit) is the
    // shape: same headers in the same order, one action per digit of the feature code.
    const auto recorded = recorded_actions("dtmf", "PlayDTMF");
    REQUIRE(recorded.size() == 4);
    const auto& keyed = recorded[2];
    REQUIRE(keyed.get("Receive") == "true");
    RecipeParams p;
    p.values = {{"activeCall.channel", std::string(keyed.get("Channel"))}, {"heldCall.channel", "PJSIP/1001-00000018"}};
    const auto expect_code = [&](const bridge::Table& t, const std::string& service, const std::string& code) {
        const auto r = render_actions(t, service, p);
        REQUIRE(r.ok());
        REQUIRE(r.actions.size() == code.size());
        for (std::size_t i = 0; i < code.size(); ++i) {
            auto want = keyed;
            want.set("Digit", std::string(1, code[i]));
            CHECK(ami::to_debug_string(r.actions[i]) == ami::to_debug_string(want));
        }
    };
    const auto t = core_test::default_table();
    expect_code(*t, "TransferCall", "*2");   // Asterisk's default atxfercomplete
    expect_code(*t, "ConferenceCall", "*3"); // atxferthreeway
    // A PBX with other feature codes: one variable each.
    const auto custom = table_with("<variables><variable name=\"atxferCompleteCode\" value=\"#9\"/>"
                                   "<variable name=\"atxferThreewayCode\" value=\"**3\"/></variables>\n");
    expect_code(*custom, "TransferCall", "#9");
    expect_code(*custom, "ConferenceCall", "**3");
    expect_code(*t, "AlternateCall", "*4");  // atxferswap
    expect_code(*t, "ReconnectCall", "*1");  // atxferabort
}

TEST_CASE("recipes for agent state and call control match the recorded actions", "[recipes]") {
    const auto t = core_test::default_table();
    RecipeParams p;
    p.values = {{"acdGroup", "q-test"}, {"agentDevice", "1004"}, {"agentID", "agent1004"}, {"reason", "lunch"}};
    auto add = render_actions(*t, "SetAgentState.loggedOn", p);
    REQUIRE(add.ok());
    auto pause = render_actions(*t, "SetAgentState.notReady", p);
    REQUIRE(pause.ok());
    auto remove = render_actions(*t, "SetAgentState.loggedOff", p);
    REQUIRE(remove.ok());
    const auto rec_add = recorded_actions("queue-member-states", "QueueAdd");
    const auto rec_pause = recorded_actions("queue-member-states", "QueuePause");
    const auto rec_remove = recorded_actions("queue-member-states", "QueueRemove");
    REQUIRE(rec_add.size() == 1);
    REQUIRE(rec_pause.size() == 2);
    REQUIRE(rec_remove.size() == 1);
    // The recording also sent Penalty: 0 (Asterisk's default); everything else is equal.
    auto rec = rec_add[0];
    rec.remove("Penalty");
    CHECK(ami::to_debug_string(add.actions[0]) == ami::to_debug_string(rec));
    CHECK(ami::to_debug_string(pause.actions[0]) == ami::to_debug_string(rec_pause[0]));
    CHECK(ami::to_debug_string(remove.actions[0]) == ami::to_debug_string(rec_remove[0]));

    RecipeParams h;
    h.values = {{"connection.channel", "PJSIP/1002-0000000c"}};
    auto hangup = render_actions(*t, "ClearConnection", h);
    REQUIRE(hangup.ok());
    CHECK(ami::to_debug_string(hangup.actions[0]) ==
          ami::to_debug_string(recorded_actions("ami-hangup-ringing", "Hangup").at(0)));

    RecipeParams c;
    c.lists = {{"call.channels", {"PJSIP/1001-00000002", "PJSIP/1002-00000003"}}};
    auto clear = render_actions(*t, "ClearCall", c);
    REQUIRE(clear.ok());
    REQUIRE(clear.actions.size() == 2);
    CHECK(clear.actions[1].get("Channel") == "PJSIP/1002-00000003");
}

TEST_CASE("services without a recipe answer serviceNotSupported, missing values are named", "[recipes]") {
    const auto t = core_test::default_table();
    CHECK(render_actions(*t, "HoldCall", {}).status == RenderedActions::Status::not_supported);
    CHECK(render_actions(*t, "Frobnicate", {}).status == RenderedActions::Status::not_supported);
    CHECK(render_actions(*t, "SnapshotDevice", {}).status == RenderedActions::Status::bridge_local);
    RecipeParams p;
    p.values = {{"callingDevice", "1001"}};
    const auto r = render_actions(*t, "MakeCall", p);
    CHECK(r.status == RenderedActions::Status::missing_value);
    CHECK(r.error.find("calledDirectoryNumber") != std::string::npos);
    p.values = {{"callingDevice", "Alice"}, {"calledDirectoryNumber", "1002"}, {"channelId", "a"}, {"otherChannelId", "b"}};
    const auto nodial = render_actions(*t, "MakeCall", p);
    CHECK(nodial.status == RenderedActions::Status::missing_value);
    CHECK(nodial.error.find("dial string") != std::string::npos);
}

TEST_CASE("the phone-remote-control example overlay loads and gives Hold/Retrieve/Answer a PJSIPNotify", "[recipes]") {
    const auto r = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml",
                                        core_test::mappings_dir() + "/examples/phone-remote-control.xml"},
                                       core_test::mappings_dir() + "/mapping-table.xsd");
    REQUIRE(r.ok());
    RecipeParams p;
    p.values = {{"callToBeAnswered.deviceID", "1002"}, {"callToBeHeld.deviceID", "1002"},
                {"callToBeRetrieved.deviceID", "1002"}};
    for (const auto& [service, event] : std::vector<std::pair<std::string, std::string>>{
             {"AnswerCall", "Event=talk"}, {"HoldCall", "Event=hold"}, {"RetrieveCall", "Event=talk"}}) {
        INFO(service);
        const auto a = render_actions(*r.table, service, p);
        REQUIRE(a.ok());
        REQUIRE(a.actions.size() == 1);
        CHECK(a.actions[0].action_name() == "PJSIPNotify");
        CHECK(a.actions[0].get("Endpoint") == "1002");
        CHECK(a.actions[0].get("Variable") == event);
    }
    // Without the overlay they stay unsupported.
    CHECK(render_actions(*core_test::default_table(), "AnswerCall", p).status == RenderedActions::Status::not_supported);
}
