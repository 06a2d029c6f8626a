// Resynchronisation after a lost AMI link must clear every call that ended meanwhile, at every
// device of the call, whatever state the call model was in when the link dropped (issue 11,
// the soak's ghost call: "a call that ended while the AMI link was down is dropped by the
// resync without ConnectionCleared").
//
// The call is the recorded list-actions.ami (1001 calls 1002, answered; 1001 hangs up). The
// link is cut at several points of its clearing; when it comes back Asterisk has no channel
// left, so the CoreShowChannel list is empty. Expected for each variant (ECMA-269 6.1.2 and
// 17.2.3: a connection that no longer exists is cleared to the monitors of its device; the
// call, when its last connection goes, is cleared to its call monitors): every device of the
// call that its monitors had heard of gets a ConnectionCleared for its own connection, with
// localConnectionInfo null, and one CallClearedEvent ends the call; nothing of the call is left
// in the model, and the next resync does not clear anything again.
#include <catch2/catch.hpp>

#include "ami/parser.hpp"
#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

namespace {

std::vector<ami::Message> asterisk_messages(const std::string& scenario) {
    std::vector<ami::Message> out;
    ami::Parser p(true);
    for (const auto& chunk : ami::load_transcript(test_support::ami_fixture(scenario + ".ami")).chunks) {
        if (chunk.direction == ami::TranscriptChunk::Direction::from_client) continue;
        p.feed(chunk.bytes);
        while (auto o = p.next())
            if (auto* m = std::get_if<ami::Message>(&*o)) out.push_back(*m);
    }
    return out;
}

// Index of the n-th (0-based) event of that name.
std::size_t nth(const std::vector<ami::Message>& ms, std::string_view event, int n = 0) {
    for (std::size_t i = 0; i < ms.size(); ++i)
        if (ami::iequals(ms[i].event_name(), event) && n-- == 0) return i;
    FAIL("no " << event);
    return 0;
}

std::vector<bridge::Emitted> feed(bridge::CallModel& model, const std::vector<ami::Message>& ms, std::size_t from,
                                  std::size_t to) {
    std::vector<bridge::Emitted> out;
    for (std::size_t i = from; i < to; ++i) {
        auto e = model.on_asterisk(ms[i]);
        out.insert(out.end(), e.begin(), e.end());
    }
    return out;
}

std::vector<bridge::Emitted> feed_one(bridge::CallModel& model, const ami::Message& m) { return model.on_asterisk(m); }

ami::Message list_complete() {
    ami::Message done;
    done.add("Event", "CoreShowChannelsComplete").add("EventList", "Complete").add("ListItems", "0");
    return done;
}

// The link is lost and comes back with Asterisk holding no channel at all.
std::vector<bridge::Emitted> resync_to_empty(bridge::CallModel& model) {
    model.begin_resync();
    return model.on_asterisk(list_complete());
}

// What a monitor of `device` saw of the call, one line per event (golden format).
std::string seen_by(const std::vector<bridge::Emitted>& out, const std::string& device) {
    std::vector<bridge::Emitted> mine;
    for (const auto& e : out)
        for (const auto& r : e.recipients)
            if (r.device == device) {
                bridge::Emitted one = e;
                one.recipients = {r};
                mine.push_back(one);
            }
    return bridge::render_golden(mine);
}

std::size_t call_cleared_count(const std::vector<bridge::Emitted>& out) {
    std::size_t n = 0;
    for (const auto& e : out) n += std::holds_alternative<csta::CallClearedEvent>(e.event) ? 1 : 0;
    return n;
}

// Both monitors get the ConnectionCleared of their own device, the call is cleared once, and
// the model forgets it.
void check_call_fully_cleared(const bridge::CallModel& model, const std::vector<bridge::Emitted>& out) {
    const auto text1001 = seen_by(out, "1001"), text1002 = seen_by(out, "1002");
    INFO("monitor 1001 saw:\n" << text1001 << "monitor 1002 saw:\n" << text1002);
    CHECK(text1001.find("ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null") !=
          std::string::npos);
    CHECK(text1002.find("ConnectionClearedEvent droppedConnection=C1:1002 releasingDevice=1002 localConnectionInfo=null") !=
          std::string::npos);
    CHECK(call_cleared_count(out) == 1);
    CHECK(model.call_count() == 0);
    CHECK(model.snapshot_device("1001").empty());
    CHECK(model.snapshot_device("1002").empty());
}

}  // namespace

TEST_CASE("resync: an answered call whose channels vanished is cleared at both devices", "[model][resync]") {
    const auto ms = asterisk_messages("list-actions");
    bridge::CallModel model(core_test::default_table());
    auto out = feed(model, ms, 0, nth(ms, "CoreShowChannel"));  // talking
    REQUIRE(model.call_count() == 1);
    out = resync_to_empty(model);
    check_call_fully_cleared(model, out);
    CHECK(model.channel_count() == 0);
    CHECK(resync_to_empty(model).empty());
}

TEST_CASE("resync: the link drops after a HangupRequest, before any Hangup", "[model][resync]") {
    const auto ms = asterisk_messages("list-actions");
    bridge::CallModel model(core_test::default_table());
    feed(model, ms, 0, nth(ms, "HangupRequest") + 1);  // 1001's release began, its clear waits for the Hangup
    REQUIRE(model.call_count() == 1);
    const auto out = resync_to_empty(model);
    check_call_fully_cleared(model, out);
    CHECK(model.channel_count() == 0);
    CHECK(resync_to_empty(model).empty());
}

TEST_CASE("resync: one side's Hangup came just before the drop, its clear still pending behind the other's release",
          "[model][resync]") {
    // 1001's release began (HangupRequest, SoftHangupRequest) and waits for its Hangup; 1002's
    // Hangup arrives first (Asterisk's hangup threads race), so 1002's clear is held back behind
    // 1001's (flush_clears keeps the clearing order): 1002's channel is gone from the model but
    // its connection is not cleared yet. Then the link drops and 1001's Hangup is lost with it.
    const auto ms = asterisk_messages("list-actions");
    bridge::CallModel model(core_test::default_table());
    auto out = feed(model, ms, 0, nth(ms, "BridgeDestroy") + 1);
    const auto hangup1002 = ms[nth(ms, "Hangup", 1)];
    REQUIRE(hangup1002.get("Uniqueid") == "1795675972.33");
    auto more = feed_one(model, hangup1002);
    out.insert(out.end(), more.begin(), more.end());
    REQUIRE(model.call_count() == 1);  // nothing cleared yet: 1001 goes first
    more = resync_to_empty(model);
    out.insert(out.end(), more.begin(), more.end());
    check_call_fully_cleared(model, out);
    CHECK(model.channel_count() == 0);
    // 1001's connection went first, as Asterisk began the releases in that order.
    const auto text = seen_by(out, "1002");
    CHECK(text.find("droppedConnection=C1:1001") < text.find("droppedConnection=C1:1002"));
    // The lost Hangup of 1001 must not come back as a pending clear on the next resync or Hangup.
    CHECK(resync_to_empty(model).empty());
    CHECK(feed_one(model, ms[nth(ms, "Hangup", 0)]).empty());
}

TEST_CASE("resync: a channel renamed while the link was down keeps its call, the call clears when it vanishes later",
          "[model][resync]") {
    const auto ms = asterisk_messages("list-actions");
    const auto first = nth(ms, "CoreShowChannel");
    const auto complete = nth(ms, "CoreShowChannelsComplete");
    bridge::CallModel model(core_test::default_table());
    feed(model, ms, 0, first);
    // The link drops; meanwhile Asterisk renames 1002's channel (a masquerade: pickup, or a
    // transfer's optimisation). The list shows the new name under the same Uniqueid.
    model.begin_resync();
    std::vector<bridge::Emitted> out;
    for (auto i = first; i < complete; ++i) {
        auto item = ms[i];
        if (item.get("Uniqueid") == "1795675972.33") item.set("Channel", "PJSIP/1002-0000001c");
        auto e = model.on_asterisk(item);
        out.insert(out.end(), e.begin(), e.end());
    }
    auto e = model.on_asterisk(ms[complete]);
    out.insert(out.end(), e.begin(), e.end());
    CHECK(out.empty());  // nothing ended
    REQUIRE(model.call_count() == 1);
    CHECK(model.channel_of("1795675972.32", "1002") == std::optional<std::string>("PJSIP/1002-0000001c"));
    // The next outage ends the call: both cleared.
    out = resync_to_empty(model);
    check_call_fully_cleared(model, out);
}

TEST_CASE("resync: a connection carried by a channel the model no longer has is cleared too", "[model][resync]") {
    // The call's connection at 1002 points at a channel uid other than the one in the model's
    // channels: 1002's recorded channel vanished from the model (its Hangup was handled while
    // 1001's clear was pending, as above) and a new channel of 1002 in the same call (Linkedid)
    // showed up in the list of a first resync. The second resync finds no channel at all.
    const auto ms = asterisk_messages("list-actions");
    bridge::CallModel model(core_test::default_table());
    feed(model, ms, 0, nth(ms, "BridgeDestroy") + 1);
    feed_one(model, ms[nth(ms, "Hangup", 1)]);  // 1002's Hangup, its clear held back behind 1001's
    // First resync: 1001's channel is still there; a new channel of 1002 in the same call.
    model.begin_resync();
    std::vector<bridge::Emitted> out;
    auto item1001 = ms[nth(ms, "CoreShowChannel", 1)];
    REQUIRE(item1001.get("Uniqueid") == "1795675972.32");
    auto item1002 = ms[nth(ms, "CoreShowChannel", 0)];
    item1002.set("Uniqueid", "1795675972.40").set("Channel", "PJSIP/1002-0000001d").set("BridgeId", "");
    for (const auto& m : {item1001, item1002, list_complete()}) {
        auto e = model.on_asterisk(m);
        out.insert(out.end(), e.begin(), e.end());
    }
    REQUIRE(model.call_count() == 1);
    CHECK(model.channel_of("1795675972.32", "1002") == std::optional<std::string>("PJSIP/1002-0000001d"));
    // Second outage: Asterisk has nothing left.
    auto e = resync_to_empty(model);
    out.insert(out.end(), e.begin(), e.end());
    check_call_fully_cleared(model, out);
    CHECK(model.channel_count() == 0);
}

TEST_CASE("resync: after a long outage the clearings are handed over in parts, in the same order", "[model][resync]") {
    // 200 answered calls, as the recorded CoreShowChannel pair of list-actions shows one (ids and
    // names made unique per call), enter the model through a first resync; after a second
    // outage Asterisk has none of them. With a spill set the model hands over the clearings in
    // parts of at least kSpillEvents as it goes; the parts plus what on_asterisk returns are
    // exactly what a model without a spill returns at once.
    const auto ms = asterisk_messages("list-actions");
    const auto a = ms[nth(ms, "CoreShowChannel", 0)], b = ms[nth(ms, "CoreShowChannel", 1)];
    auto load_calls = [&](bridge::CallModel& model) {
        model.begin_resync();
        for (int i = 0; i < 200; ++i) {
            const auto n = std::to_string(1000 + i);
            for (auto item : {a, b}) {
                item.set("Uniqueid", std::string(item.get("Uniqueid")) + n)
                    .set("Linkedid", std::string(item.get("Linkedid")) + n)
                    .set("Channel", std::string(item.get("Channel")) + n)
                    .set("BridgeId", std::string(item.get("BridgeId")) + n);
                model.on_asterisk(item);
            }
        }
        model.on_asterisk(list_complete());
        REQUIRE(model.call_count() == 200);
    };
    bridge::CallModel whole(core_test::default_table());
    load_calls(whole);
    const auto expected = resync_to_empty(whole);
    REQUIRE(call_cleared_count(expected) == 200);
    REQUIRE(expected.size() > 2 * bridge::CallModel::kSpillEvents);

    bridge::CallModel spilling(core_test::default_table());
    std::vector<std::size_t> parts;
    std::vector<bridge::Emitted> got;
    spilling.set_spill([&](std::vector<bridge::Emitted>&& part) {
        parts.push_back(part.size());
        got.insert(got.end(), part.begin(), part.end());
    });
    load_calls(spilling);
    CHECK(parts.empty());  // a resync that clears nothing hands nothing over early
    const auto rest = resync_to_empty(spilling);
    CHECK(parts.size() >= 2);
    for (const auto n : parts) CHECK(n >= bridge::CallModel::kSpillEvents);
    CHECK(rest.size() < bridge::CallModel::kSpillEvents);
    got.insert(got.end(), rest.begin(), rest.end());
    CHECK(bridge::render_golden(got) == bridge::render_golden(expected));
    CHECK(spilling.call_count() == 0);
    CHECK(spilling.channel_count() == 0);
}
