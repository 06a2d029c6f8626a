// Call-model queries for the server, resynchronisation from CoreShowChannels, table reload.
#include <catch2/catch.hpp>

#include "ami/parser.hpp"
#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

using State = csta::LocalConnectionState;

namespace {

struct Step {
    bool client;
    ami::Message message;
};

std::vector<Step> steps_of(const std::string& scenario) {
    std::vector<Step> out;
    ami::Parser a(true), c(false);
    for (const auto& chunk : ami::load_transcript(test_support::ami_fixture(scenario + ".ami")).chunks) {
        const bool client = chunk.direction == ami::TranscriptChunk::Direction::from_client;
        auto& p = client ? c : a;
        p.feed(chunk.bytes);
        while (auto o = p.next())
            if (auto* m = std::get_if<ami::Message>(&*o)) out.push_back({client, *m});
    }
    return out;
}

void run(bridge::CallModel& model, const std::vector<Step>& steps, std::size_t from, std::size_t to,
         std::vector<bridge::Emitted>* out = nullptr) {
    for (std::size_t i = from; i < to && i < steps.size(); ++i) {
        auto e = steps[i].client ? model.on_client(steps[i].message) : model.on_asterisk(steps[i].message);
        if (out) out->insert(out->end(), e.begin(), e.end());
    }
}

std::size_t index_of(const std::vector<Step>& steps, std::string_view event, std::size_t from = 0) {
    for (std::size_t i = from; i < steps.size(); ++i)
        if (ami::iequals(steps[i].message.event_name(), event)) return i;
    FAIL("no " << event);
    return 0;
}

}  // namespace

TEST_CASE("queries during a recorded call: snapshot, channel of a connection, devices", "[model]") {
    const auto steps = steps_of("list-actions");
    bridge::CallModel model(core_test::default_table());
    const auto talking = index_of(steps, "CoreShowChannelsComplete");
    run(model, steps, 0, talking);
    REQUIRE(model.call_count() == 1);
    const auto s1001 = model.snapshot_device("1001");
    REQUIRE(s1001.size() == 1);
    CHECK(s1001[0].call_id == "1795675972.32");  // Linkedid of the call's first channel
    CHECK(s1001[0].state == State::connected);
    REQUIRE(model.snapshot_device("1002").size() == 1);
    CHECK(model.snapshot_device("1002")[0].state == State::connected);
    CHECK(model.snapshot_device("1003").empty());
    CHECK(model.channel_of("1795675972.32", "1002") == std::optional<std::string>("PJSIP/1002-0000001b"));
    CHECK_FALSE(model.channel_of("1795675972.32", "1003"));
    CHECK(model.channels_of_call("1795675972.32").size() == 2);
    CHECK(model.devices() == std::vector<std::string>{"1001", "1002"});
    run(model, steps, talking, steps.size());
    CHECK(model.call_count() == 0);
    CHECK(model.channel_count() == 0);
}

TEST_CASE("resync: a restarted bridge rebuilds the call from CoreShowChannels", "[model]") {
    const auto steps = steps_of("list-actions");
    const auto first = index_of(steps, "CoreShowChannel");
    const auto complete = index_of(steps, "CoreShowChannelsComplete");
    bridge::CallModel model(core_test::default_table());  // knows nothing of the call
    model.begin_resync();
    std::vector<bridge::Emitted> out;
    run(model, steps, first, complete + 1, &out);
    CHECK(out.empty());
    CHECK_FALSE(model.resyncing());
    REQUIRE(model.call_count() == 1);
    CHECK(model.snapshot_device("1001").at(0).state == State::connected);
    CHECK(model.snapshot_device("1002").at(0).state == State::connected);
    // The rest of the recorded call runs on the rebuilt state: both connections cleared.
    run(model, steps, complete + 1, steps.size(), &out);
    const auto text = bridge::render_golden(out);
    CHECK(text.find("monitor 1001\n  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null") != std::string::npos);
    CHECK(text.find("ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null") != std::string::npos);
    CHECK(model.call_count() == 0);
}

TEST_CASE("resync: calls that ended while the link was down are reported cleared", "[model]") {
    const auto steps = steps_of("list-actions");
    bridge::CallModel model(core_test::default_table());
    run(model, steps, 0, index_of(steps, "CoreShowChannel"));
    REQUIRE(model.call_count() == 1);
    // Link lost; when it comes back Asterisk has no channels any more.
    model.begin_resync();
    ami::Message done;
    done.add("Event", "CoreShowChannelsComplete").add("EventList", "Complete").add("ListItems", "0");
    const auto out = model.on_asterisk(done);
    const auto text = bridge::render_golden(out);
    INFO(text);
    CHECK(text == "monitor 1001\n"
                  "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normalClearing\n"
                  "monitor 1002\n"
                  "  ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=connected cause=normalClearing\n"
                  "  ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null cause=normalClearing\n");
    CHECK(model.call_count() == 0);
    CHECK(model.channel_count() == 0);
}

TEST_CASE("reloading the table keeps the calls", "[model]") {
    const auto steps = steps_of("hold-retrieve");
    bridge::CallModel model(core_test::default_table());
    const auto hold = index_of(steps, "Hold");
    run(model, steps, 0, hold);
    REQUIRE(model.call_count() == 1);
    const auto reloaded = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml"},
                                              core_test::mappings_dir() + "/mapping-table.xsd");
    REQUIRE(reloaded.ok());
    model.set_table(reloaded.table);
    std::vector<bridge::Emitted> out;
    run(model, steps, hold, hold + 1, &out);
    REQUIRE(out.size() == 1);
    CHECK(std::holds_alternative<csta::HeldEvent>(out[0].event));
    CHECK(model.snapshot_device("1001").at(0).state == State::hold);
}

TEST_CASE("a call that loses its last connection is reported cleared to call monitors only", "[model]") {
    const auto steps = steps_of("list-actions");
    bridge::CallModel model(core_test::default_table());
    std::vector<bridge::Emitted> out;
    run(model, steps, 0, steps.size(), &out);
    REQUIRE_FALSE(out.empty());
    std::size_t call_cleared = 0;
    for (const auto& e : out)
        if (std::holds_alternative<csta::CallClearedEvent>(e.event)) ++call_cleared;
    CHECK(call_cleared == 1);
    // The last thing the call reports, after both connections were cleared.
    const auto& last = out.back();
    REQUIRE(std::holds_alternative<csta::CallClearedEvent>(last.event));
    const auto& ev = std::get<csta::CallClearedEvent>(last.event);
    CHECK(ev.clearedCall.callID == std::optional<std::string>("1795675972.32"));
    CHECK_FALSE(ev.clearedCall.deviceID);
    CHECK(ev.cause == csta::EventCause::normalClearing);
    CHECK(last.call_id == "1795675972.32");
    CHECK(last.recipients.empty());  // no device monitor gets it
    CHECK(out[out.size() - 2].event.index() == csta::Event(csta::ConnectionClearedEvent{}).index());
}

TEST_CASE("a server's device prefix names every device of its calls, Asterisk gets the bare number", "[model]") {
    const auto steps = steps_of("list-actions");
    bridge::CallModel model(core_test::default_table(), "a");
    std::vector<bridge::Emitted> out;
    const auto talking = index_of(steps, "CoreShowChannelsComplete");
    run(model, steps, 0, talking, &out);
    CHECK(model.devices() == std::vector<std::string>{"a1001", "a1002"});
    REQUIRE(model.snapshot_device("a1001").size() == 1);
    CHECK(model.snapshot_device("1001").empty());
    // The callID carries the prefix too: two servers' Linkedids can never meet.
    CHECK(model.snapshot_device("a1001").front().call_id == "a1795675972.32");
    CHECK(model.call_id_for("1795675972.32") == "a1795675972.32");
    CHECK_FALSE(model.snapshot_call("1795675972.32"));
    CHECK(model.channel_of("a1795675972.32", "a1002") == std::optional<std::string>("PJSIP/1002-0000001b"));
    run(model, steps, talking, steps.size(), &out);
    // The same story as without a prefix, every device renamed.
    bridge::CallModel plain(core_test::default_table());
    std::vector<bridge::Emitted> plain_out;
    run(plain, steps, 0, steps.size(), &plain_out);
    const std::string unprefixed = bridge::render_golden(plain_out);
    std::string expected;
    for (std::size_t i = 0; i < unprefixed.size(); ++i) {
        if (unprefixed.compare(i, 3, "100") == 0) expected += 'a';  // 1001, 1002: the phones
        expected += unprefixed[i];
    }
    CHECK(bridge::render_golden(out) == expected);  // callIDs are aliased C1, C2... in the golden form
    for (const auto& e : out) CHECK(e.call_id.rfind("a", 0) == 0);

    CHECK(model.device_id("1003") == "a1003");
    CHECK(model.device_id("") == "");
    CHECK(model.asterisk_number("a1003") == "1003");
    CHECK(model.asterisk_number("004930123") == "004930123");  // no prefix: an outside number, as it is
    CHECK(plain.asterisk_number("a1003") == "a1003");
}

TEST_CASE("an attended transfer names the call it merged away, so that call's monitors can follow", "[model]") {
    const auto out = core_test::replay_file(test_support::ami_fixture("attended-transfer.ami"));
    std::size_t merges = 0;
    for (const auto& e : out) {
        const auto* t = std::get_if<csta::TransferredEvent>(&e.event);
        if (!t) {
            CHECK(e.merged_calls.empty());
            continue;
        }
        ++merges;
        REQUIRE(t->secondaryOldCall);
        REQUIRE(t->secondaryOldCall->callID);
        CHECK(e.merged_calls == std::vector<std::string>{*t->secondaryOldCall->callID});
        CHECK(e.call_id == t->primaryOldCall.callID);
        CHECK(e.call_id != *t->secondaryOldCall->callID);
    }
    CHECK(merges == 1);
}

TEST_CASE("resync: a CoreShowChannel state word means what the table's <channelStates> says", "[model][table]") {
    // An overlay that calls an answered channel "Talking" (a proxy in front of Asterisk that
    // renames ChannelStateDesc): the rebuilt connections are connected, as with "Up".
    const auto overlay = core_test::write_temp("state-talking.xml",
        "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
        "  <channelStates>\n    <state value=\"Talking\" means=\"up\"/>\n  </channelStates>\n</mappingTable>\n");
    const auto load = bridge::Table::load({core_test::mappings_dir() + "/asterisk.xml", overlay},
                                          core_test::mappings_dir() + "/mapping-table.xsd");
    INFO(load.error);
    REQUIRE(load.ok());
    auto steps = steps_of("list-actions");
    const auto first = index_of(steps, "CoreShowChannel");
    const auto complete = index_of(steps, "CoreShowChannelsComplete");
    int renamed = 0;
    for (auto i = first; i < complete; ++i)
        if (steps[i].message.get("ChannelStateDesc") == "Up") {
            steps[i].message.set("ChannelStateDesc", "Talking");
            ++renamed;
        }
    REQUIRE(renamed == 2);

    bridge::CallModel model(load.table);
    model.begin_resync();
    run(model, steps, first, complete + 1);
    REQUIRE(model.call_count() == 1);
    CHECK(model.snapshot_device("1001").at(0).state == State::connected);
    CHECK(model.snapshot_device("1002").at(0).state == State::connected);

    // The default table does not know the word: the connections are only initiated.
    bridge::CallModel plain(core_test::default_table());
    plain.begin_resync();
    run(plain, steps, first, complete + 1);
    REQUIRE(plain.call_count() == 1);
    CHECK(plain.snapshot_device("1001").at(0).state == State::initiated);
}
