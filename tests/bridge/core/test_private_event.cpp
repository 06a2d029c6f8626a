// The privateEvent primitive (mappings/README.md, "Private data from AMI headers"): an AMI
// UserEvent reported as a CSTA PrivateEvent whose privateData carries AMI headers. No
// recording of a UserEvent exists: tests/data/ami/built/user-event-private-data.ami is
// written by hand from Asterisk's documentation and merged by time into the recorded
// sip-call-answered-caller-hangs-up.ami; the expected events are the hand-written golden
// tests/golden/overlays/user-event-private-data.csta.txt.
#include <catch2/catch.hpp>

#include <algorithm>

#include "ami/parser.hpp"
#include "ami/transcript.hpp"
#include "bridge/core/golden_format.hpp"
#include "bridge/core/private_data.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

namespace {

std::shared_ptr<const bridge::Table> with_user_event_overlay() {
    const auto load = bridge::Table::load(
        {core_test::mappings_dir() + "/asterisk.xml", core_test::mappings_dir() + "/examples/user-event-private-data.xml"},
        core_test::mappings_dir() + "/mapping-table.xsd");
    INFO(load.error);
    REQUIRE(load.ok());
    return load.table;
}

// The recorded call with the built UserEvent chunks merged in by time: each built chunk goes
// after every recorded chunk of the same or an earlier time.
std::vector<bridge::Emitted> replay_merged(const std::shared_ptr<const bridge::Table>& table) {
    auto chunks = ami::load_transcript(test_support::ami_fixture("sip-call-answered-caller-hangs-up.ami")).chunks;
    const auto built = ami::load_transcript(test_support::ami_fixture("built/user-event-private-data.ami")).chunks;
    REQUIRE(built.size() == 3);
    for (const auto& b : built) {
        const auto at = std::upper_bound(chunks.begin(), chunks.end(), b.time,
                                         [](double t, const ami::TranscriptChunk& c) { return t < c.time; });
        chunks.insert(at, b);
    }
    bridge::CallModel model(table);
    std::vector<bridge::Emitted> out;
    ami::Parser from_asterisk(true), from_client(false);
    for (const auto& chunk : chunks) {
        const bool client = chunk.direction == ami::TranscriptChunk::Direction::from_client;
        auto& p = client ? from_client : from_asterisk;
        p.feed(chunk.bytes);
        while (auto o = p.next())
            if (auto* m = std::get_if<ami::Message>(&*o)) {
                auto e = client ? model.on_client(*m) : model.on_asterisk(*m);
                out.insert(out.end(), e.begin(), e.end());
            }
    }
    return out;
}

std::vector<std::string> golden(const std::string& name) {
    return bridge::golden_lines(test_support::read_file(test_support::source_dir() + "/tests/golden/" + name));
}

bridge::TableLoad load_rule(const std::string& name, const std::string& rule) {
    return bridge::Table::load(
        {core_test::mappings_dir() + "/asterisk.xml",
         core_test::write_temp(name, "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
                                     "  <events>\n" + rule + "  </events>\n</mappingTable>\n")},
        core_test::mappings_dir() + "/mapping-table.xsd");
}

}  // namespace

TEST_CASE("overlay golden: UserEvent -> PrivateEvent (examples/user-event-private-data.xml)", "[golden]") {
    const auto events = replay_merged(with_user_event_overlay());
    INFO("model says:\n" << bridge::render_golden(events));
    CHECK(bridge::golden_lines(bridge::render_golden(events)) == golden("overlays/user-event-private-data.csta.txt"));
    // Routing: each PrivateEvent names its call (for call monitors) and only the channel's device.
    int private_events = 0;
    for (const auto& e : events)
        if (std::holds_alternative<csta::PrivateEvent>(e.event)) {
            ++private_events;
            CHECK_FALSE(e.call_id.empty());
            CHECK(e.recipients.size() == 1);
        }
    CHECK(private_events == 2);
    // The default table reports no UserEvent: the recorded call's own golden.
    CHECK(bridge::golden_lines(bridge::render_golden(replay_merged(core_test::default_table()))) ==
          golden("sip-call-answered-caller-hangs-up.csta.txt"));
}

TEST_CASE("privateEvent: a device in no call still gets it at its device monitor", "[model]") {
    const auto load = load_rule("private-all.xml",
        "    <on key=\"ue\" event=\"UserEvent\" do=\"privateEvent\"><input name=\"uniqueid\" header=\"Uniqueid\"/></on>\n");
    INFO(load.error);
    REQUIRE(load.ok());
    bridge::CallModel model(load.table);
    // 1001 picks up (Newchannel in state Down is no call yet), its dialplan raises a UserEvent.
    model.on_asterisk(core_test::ev({{"Event", "Newchannel"}, {"Channel", "PJSIP/1001-00000001"}, {"ChannelState", "0"},
                                     {"ChannelStateDesc", "Down"}, {"CallerIDNum", "1001"}, {"Exten", ""},
                                     {"Uniqueid", "1.1"}, {"Linkedid", "1.1"}}));
    const auto out = model.on_asterisk(core_test::ev({{"Event", "UserEvent"}, {"Privilege", "user,all"},
                                                       {"Uniqueid", "1.1"}, {"UserEvent", "Hello"}, {"A", "1"}}));
    REQUIRE(out.size() == 1);
    CHECK(out[0].call_id.empty());
    REQUIRE(out[0].recipients.size() == 1);
    CHECK(out[0].recipients[0].device == "1001");
    // No param: every header but Event and Privilege (and ActionID).
    const auto& data = std::get<csta::PrivateEvent>(out[0].event).privateData;
    CHECK(data.form == csta::PrivateData::Form::string);
    CHECK(data.bytes == "Uniqueid: 1.1\nUserEvent: Hello\nA: 1");
    // An unknown channel: nothing.
    CHECK(model.on_asterisk(core_test::ev({{"Event", "UserEvent"}, {"Uniqueid", "9.9"}, {"UserEvent", "x"}})).empty());
}

TEST_CASE("private data text: one line per header, control characters and sizes bounded", "[model]") {
    ami::Message m;
    m.add("Event", "UserEvent").add("Privilege", "user,all").add("ActionID", "7");
    m.add("UserEvent", "Evil").add("Note", "a\r\nb\tc\x01" "d <x> & y");
    CHECK(bridge::private_data_text(m, {}).text == "UserEvent: Evil\nNote: a  b c d <x> & y");
    // Only the named headers, every occurrence, in the message's order, names case-insensitive.
    m.add("Note", "second");
    CHECK(bridge::private_data_text(m, {"note"}).text == "Note: a  b c d <x> & y\nNote: second");
    CHECK(bridge::private_data_text(m, {"Missing"}).text.empty());

    // Value cap at a UTF-8 boundary: 255 ASCII bytes then a 2-byte character: the character goes.
    ami::Message big;
    big.add("V", std::string(255, 'x') + "\xc3\xa4" "tail");
    const auto cut = bridge::private_data_text(big, {});
    CHECK(cut.text == "V: " + std::string(255, 'x'));
    CHECK(cut.cut_values == 1);
    // Header count cap.
    ami::Message many;
    for (int i = 0; i < 40; ++i) many.add("H" + std::to_string(i), "v");
    const auto capped = bridge::private_data_text(many, {});
    CHECK(capped.dropped_headers == 40 - bridge::kMaxPrivateHeaders);
    CHECK(std::count(capped.text.begin(), capped.text.end(), '\n') == static_cast<long>(bridge::kMaxPrivateHeaders) - 1);
    CHECK(capped.text.size() <= bridge::kMaxPrivateHeaders * (bridge::kMaxPrivateNameBytes + 2 + bridge::kMaxPrivateValueBytes + 1));
}

TEST_CASE("privateEvent rules: bad header names, inputs and causes are load errors with file:line", "[table]") {
    const auto bad_name = load_rule("private-bad-name.xml",
        "    <on key=\"ue\" event=\"UserEvent\" do=\"privateEvent\" param=\"UserEvent Bad:Name\"/>\n");
    REQUIRE_FALSE(bad_name.ok());
    INFO(bad_name.error);
    CHECK(bad_name.error.find("private-bad-name.xml:4:") != std::string::npos);
    CHECK(bad_name.error.find("Bad:Name") != std::string::npos);

    std::string names;
    for (std::size_t i = 0; i <= bridge::kMaxPrivateHeaders; ++i) names += "H" + std::to_string(i) + " ";
    const auto too_many = load_rule("private-too-many.xml",
        "    <on key=\"ue\" event=\"UserEvent\" do=\"privateEvent\" param=\"" + names + "\"/>\n");
    REQUIRE_FALSE(too_many.ok());
    CHECK(too_many.error.find("private-too-many.xml:4:") != std::string::npos);

    const auto input = load_rule("private-input.xml",
        "    <on key=\"ue\" event=\"UserEvent\" do=\"privateEvent\">\n      <input name=\"digits\" header=\"Digit\"/>\n    </on>\n");
    REQUIRE_FALSE(input.ok());
    CHECK(input.error.find("private-input.xml:5:") != std::string::npos);

    const auto cause = load_rule("private-cause.xml",
        "    <on key=\"ue\" event=\"UserEvent\" do=\"privateEvent\" cause=\"normal\"/>\n");
    REQUIRE_FALSE(cause.ok());
    CHECK(cause.error.find("private-cause.xml:4:") != std::string::npos);
}
