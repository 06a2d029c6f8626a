// The example overlays of mappings/examples/ replayed over the default table against
// hand-written goldens (tests/golden/overlays/), and the expressive power they show: a rule
// that emits a CSTA event directly, ${variables} in <when>, the channel-state vocabulary.
#include <catch2/catch.hpp>

#include <functional>

#include "ami/parser.hpp"

#include "bridge/core/golden_format.hpp"
#include "bridge/core/service_recipe.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

namespace {
std::string example(const std::string& name) { return core_test::mappings_dir() + "/examples/" + name; }

void check_golden(const std::string& golden, const std::vector<bridge::Emitted>& events) {
    const auto want = bridge::golden_lines(test_support::read_file(test_support::source_dir() + "/tests/golden/" + golden));
    const auto got = bridge::golden_lines(bridge::render_golden(events));
    INFO("model says:\n" << bridge::render_golden(events));
    CHECK(got == want);
}
}  // namespace

TEST_CASE("overlay golden: DTMFEnd -> DigitsGenerated (examples/dtmf-digits.xml)", "[golden]") {
    const auto transcript = test_support::ami_fixture("dtmf.ami");
    check_golden("overlays/dtmf-digits-generated.csta.txt", core_test::replay_file(transcript, {example("dtmf-digits.xml")}));
    // Without the overlay the default table reports no DTMF (rule 16): the plain golden.
    check_golden("dtmf.csta.txt", core_test::replay_file(transcript));
}

namespace {
// Sends a rendered recipe action through the model as the bridge would and answers it
// Success: what the model reports.
std::vector<bridge::Emitted> sent_and_succeeded(bridge::CallModel& model, ami::Message action, const std::string& id) {
    action.set("ActionID", id);
    auto out = model.on_client(action);
    ami::Message response;
    response.add("Response", "Success").add("ActionID", id);
    auto more = model.on_asterisk(response);
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

std::shared_ptr<const bridge::Table> with_overlay(const std::string& path) {
    const auto load = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml", path},
                                          core_test::mappings_dir() + "/mapping-table.xsd");
    INFO(load.error);
    REQUIRE(load.ok());
    return load.table;
}
}  // namespace

TEST_CASE("overlay: the AstDB families are written once, as variables (examples/astdb-families.xml)", "[table]") {
    const auto table = with_overlay(example("astdb-families.xml"));
    bridge::RecipeParams p;
    p.values["device"] = "1002";
    p.values["forwardDN"] = "1003";
    const auto busy = bridge::render_actions(*table, "SetForwarding.forwardBusy.on", p);
    REQUIRE(busy.ok());
    REQUIRE(busy.actions.size() == 1);
    CHECK(busy.actions[0].get("Family") == "forward/busy");

    // The bridge's own DBPut in the renamed family is SetForwarding: ForwardingEvent on Success.
    bridge::CallModel model(table);
    const auto events = sent_and_succeeded(model, busy.actions[0], "a1");
    REQUIRE(events.size() == 1);
    const auto* fwd = std::get_if<csta::ForwardingEvent>(&events[0].event);
    REQUIRE(fwd);
    CHECK(fwd->device == csta::ExtendedDeviceID(csta::DeviceID("1002")));
    CHECK(fwd->forwardingType == csta::ForwardingType::forwardBusy);
    CHECK(fwd->forwardStatus);
    CHECK(fwd->forwardTo == csta::DeviceID("1003"));

    const auto dnd = bridge::render_actions(*table, "SetDoNotDisturb.on", p);
    REQUIRE(dnd.ok());
    CHECK(dnd.actions[0].get("Family") == "donotdisturb");
    const auto dnd_events = sent_and_succeeded(model, dnd.actions[0], "a2");
    REQUIRE(dnd_events.size() == 1);
    CHECK(std::holds_alternative<csta::DoNotDisturbEvent>(dnd_events[0].event));

    // The FreePBX family is no longer this site's: a DBPut there is not SetForwarding.
    auto old = busy.actions[0];
    old.set("Family", "CFB");
    CHECK(sent_and_succeeded(model, old, "a3").empty());
}

TEST_CASE("overlay: a server's site variables move the <when> families too", "[table]") {
    const auto table = core_test::default_table()->with_variables({{"cfFamily", "Call.Fwd"}});
    bridge::CallModel model(table);
    auto put = ami::Message::action("DBPut");
    put.add("Family", "Call.Fwd").add("Key", "1002").add("Val", "1003");
    const auto events = sent_and_succeeded(model, put, "b1");
    REQUIRE(events.size() == 1);
    CHECK(std::get<csta::ForwardingEvent>(events[0].event).forwardingType == csta::ForwardingType::forwardImmediate);
    put.set("Family", "CF");
    CHECK(sent_and_succeeded(model, put, "b2").empty());
    // The value stands for itself in the regex: its '.' is no wildcard.
    put.set("Family", "CallXFwd");
    CHECK(sent_and_succeeded(model, put, "b3").empty());
}

TEST_CASE("overlay: an unknown ${variable} in <when> is a load error with file:line", "[table]") {
    const auto path = core_test::write_temp("when-var.xml",
        "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
        "  <events>\n    <on key=\"dbput-cf\" event=\"DBPut\" from=\"client\" do=\"forwardingSent\" param=\"forwardImmediate\">\n"
        "      <when header=\"Family\" matches=\"^${cfFamliy}$\"/>\n    </on>\n  </events>\n</mappingTable>\n");
    const auto r = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml", path},
                                       core_test::mappings_dir() + "/mapping-table.xsd");
    REQUIRE_FALSE(r.ok());
    INFO(r.error);
    CHECK(r.error.find("when-var.xml:5:") != std::string::npos);
    CHECK(r.error.find("cfFamliy") != std::string::npos);
}

namespace {
// A recorded transcript's messages, each passed through `change` on the way to the model.
std::vector<bridge::Emitted> replay_changed(const std::string& scenario, const std::shared_ptr<const bridge::Table>& table,
                                            const std::function<void(ami::Message&)>& change) {
    bridge::CallModel model(table);
    std::vector<bridge::Emitted> out;
    ami::Parser from_asterisk(true), from_client(false);
    for (const auto& chunk : ami::load_transcript(test_support::ami_fixture(scenario + ".ami")).chunks) {
        const bool client = chunk.direction == ami::TranscriptChunk::Direction::from_client;
        auto& p = client ? from_client : from_asterisk;
        p.feed(chunk.bytes);
        while (auto o = p.next())
            if (auto* m = std::get_if<ami::Message>(&*o)) {
                change(*m);
                auto e = client ? model.on_client(*m) : model.on_asterisk(*m);
                out.insert(out.end(), e.begin(), e.end());
            }
    }
    return out;
}
}  // namespace

TEST_CASE("overlay: the channel-state vocabulary is the table's (examples/channel-states.xml)", "[golden]") {
    const auto table = with_overlay(example("channel-states.xml"));
    CHECK(table->channel_state("Alerting") == bridge::ChannelState::ringing);
    CHECK(table->channel_state("Ringing") == bridge::ChannelState::ringing);  // asterisk.xml's words stay
    CHECK(table->channel_state("Up") == bridge::ChannelState::up);
    CHECK(table->channel_state("Down") == bridge::ChannelState::down);
    CHECK(table->channel_state("Ring") == bridge::ChannelState::other);

    // sip-call-answered-caller-hangs-up.ami with every "Ringing" state reported as "Alerting".
    const auto rename = [](ami::Message& m) {
        for (const auto* header : {"ChannelStateDesc", "DestChannelStateDesc"})
            if (m.get(header) == "Ringing") m.set(header, "Alerting");
    };
    check_golden("sip-call-answered-caller-hangs-up.csta.txt",
                 replay_changed("sip-call-answered-caller-hangs-up", table, rename));
    // Without the overlay "Alerting" means nothing: 1002 is never Delivered.
    const auto plain = bridge::render_golden(replay_changed("sip-call-answered-caller-hangs-up", core_test::default_table(), rename));
    CHECK(plain.find("DeliveredEvent") == std::string::npos);
}

TEST_CASE("overlay: GetForwarding asks every family the recipe names (examples/forwarding-immediate-only.xml)", "[table]") {
    bridge::RecipeParams p;
    p.values["device"] = "1002";
    // The default table: one DBGet per forwarding type, in order, each naming what it answers.
    const auto all = bridge::render_actions(*core_test::default_table(), "GetForwarding", p);
    REQUIRE(all.ok());
    REQUIRE(all.actions.size() == 3);
    CHECK(all.actions[0].get("Family") == "CF");
    CHECK(all.actions[1].get("Family") == "CFB");
    CHECK(all.actions[2].get("Family") == "CFU");
    const auto& actions = all.recipe->actions;
    CHECK(actions[0].answers == "forwardImmediate");
    CHECK(actions[1].answers == "forwardBusy");
    CHECK(actions[2].answers == "forwardNoAns");

    const auto table = with_overlay(example("forwarding-immediate-only.xml"));
    const auto one = bridge::render_actions(*table, "GetForwarding", p);
    REQUIRE(one.ok());
    REQUIRE(one.actions.size() == 1);
    CHECK(one.recipe->actions[0].answers == "forwardImmediate");
    CHECK(bridge::render_actions(*table, "SetForwarding.forwardBusy.on", p).status ==
          bridge::RenderedActions::Status::not_supported);
}

TEST_CASE("overlay: answers= must name a ForwardingType on GetForwarding, and nowhere else", "[table]") {
    const auto load = [](const std::string& name, const std::string& service) {
        return bridge::Table::load({core_test::write_temp(name,
            "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
            "  <services>\n" + service + "  </services>\n</mappingTable>\n")},
            core_test::mappings_dir() + "/mapping-table.xsd");
    };
    const auto missing = load("answers-missing.xml",
        "    <service name=\"GetForwarding\">\n      <action name=\"DBGet\"><header name=\"Family\" value=\"CF\"/></action>\n    </service>\n");
    REQUIRE_FALSE(missing.ok());
    INFO(missing.error);
    CHECK(missing.error.find("answers-missing.xml:5:") != std::string::npos);
    CHECK(missing.error.find("ForwardingType") != std::string::npos);
    const auto typo = load("answers-typo.xml",
        "    <service name=\"GetForwarding\">\n      <action name=\"DBGet\" answers=\"forwardAlways\"><header name=\"Family\" value=\"CF\"/></action>\n    </service>\n");
    REQUIRE_FALSE(typo.ok());
    const auto elsewhere = load("answers-elsewhere.xml",
        "    <service name=\"ClearCall\">\n      <action name=\"Hangup\" answers=\"forwardBusy\"><header name=\"Channel\" value=\"x\"/></action>\n    </service>\n");
    REQUIRE_FALSE(elsewhere.ok());
    INFO(elsewhere.error);
    CHECK(elsewhere.error.find("answers-elsewhere.xml:5:") != std::string::npos);
    CHECK(elsewhere.error.find("ClearCall") != std::string::npos);
}
