// Call-model invariants on every recorded transcript, and on random interleavings of several
// transcripts fed in random byte chunks (each transcript's channel ids are unique, so the
// per-call results must not change when their messages are interleaved).
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "ami/parser.hpp"
#include "ami/writer.hpp"
#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

using bridge::Emitted;
using State = csta::LocalConnectionState;

namespace {

// Feeds every message of a recording to the model (both directions, as the bridge does) and
// calls after(message) after each; returns how many there were.
template <class After>
std::size_t feed_recording(bridge::CallModel& model, const std::string& path, After after) {
    ami::Parser from_asterisk(true), from_client(false);
    std::size_t messages = 0;
    for (const auto& chunk : ami::load_transcript(path).chunks) {
        const bool client = chunk.direction == ami::TranscriptChunk::Direction::from_client;
        auto& p = client ? from_client : from_asterisk;
        p.feed(chunk.bytes);
        while (auto o = p.next())
            if (const auto* m = std::get_if<ami::Message>(&*o)) {
                (void)(client ? model.on_client(*m) : model.on_asterisk(*m));
                ++messages;
                after(*m);
            }
    }
    return messages;
}

std::string raw_line(const csta::Event& e) {
    return bridge::render_event_line(e, [](const std::string& c) { return c; });
}

// callIDs named by an event's ConnectionIDs (the call's own and the old/new of transfers).
std::vector<std::string> connection_calls(const csta::Event& e) {
    std::vector<std::string> out;
    auto add = [&](const std::optional<csta::ConnectionID>& c) { if (c && c->callID) out.push_back(*c->callID); };
    std::visit([&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, csta::DeliveredEvent>) add(ev.connection);
        if constexpr (std::is_same_v<T, csta::EstablishedEvent>) add(ev.establishedConnection);
        if constexpr (std::is_same_v<T, csta::ConnectionClearedEvent>) add(ev.droppedConnection);
        if constexpr (std::is_same_v<T, csta::OriginatedEvent>) add(ev.originatedConnection);
        if constexpr (std::is_same_v<T, csta::ServiceInitiatedEvent>) add(ev.initiatedConnection);
        if constexpr (std::is_same_v<T, csta::FailedEvent>) add(ev.failedConnection);
        if constexpr (std::is_same_v<T, csta::HeldEvent>) add(ev.heldConnection);
        if constexpr (std::is_same_v<T, csta::RetrievedEvent>) add(ev.retrievedConnection);
    }, e);
    return out;
}

// Connections a transfer/conference ends or hands over to another call: (callID, device).
std::vector<std::pair<std::string, std::string>> handed_over(const csta::Event& e) {
    std::vector<std::pair<std::string, std::string>> out;
    const csta::ConnectionList* l = nullptr;
    if (const auto* t = std::get_if<csta::TransferredEvent>(&e)) l = &t->transferredConnections;
    if (const auto* c = std::get_if<csta::ConferencedEvent>(&e)) l = &c->conferenceConnections;
    // The transferring device's connections in the old calls are gone with the event.
    if (const auto* t = std::get_if<csta::TransferredEvent>(&e)) {
        const auto from = t->transferringDevice.device.value;
        if (t->primaryOldCall.callID) out.emplace_back(*t->primaryOldCall.callID, from);
        if (t->secondaryOldCall && t->secondaryOldCall->callID) out.emplace_back(*t->secondaryOldCall->callID, from);
    }
    if (l)
        for (const auto& i : *l)
            if (i.oldConnection && i.oldConnection->callID && i.oldConnection->deviceID &&
                (!i.newConnection || i.newConnection->callID != i.oldConnection->callID))
                out.emplace_back(*i.oldConnection->callID, i.oldConnection->deviceID->value);
    return out;
}

void check_invariants(const std::vector<Emitted>& events) {
    // (call, device) -> last state reported to that device
    std::map<std::pair<std::string, std::string>, State> last;
    std::set<std::pair<std::string, std::string>> ended;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        INFO("event #" << i << ": " << raw_line(e.event) << " (call " << e.call_id << ")");
        if (e.call_id.empty()) continue;  // device events (agent state)
        // The connections an event names belong to the call it is reported for.
        for (const auto& c : connection_calls(e.event)) CHECK(c == e.call_id);
        for (const auto& r : e.recipients) {
            const auto key = std::make_pair(e.call_id, r.device);
            // No event for a device after its connection in that call is null.
            CHECK_FALSE(ended.count(key));
            REQUIRE(r.state.has_value());
            last[key] = *r.state;
            if (*r.state == State::null) ended.insert(key);
        }
        for (const auto& k : handed_over(e.event)) { ended.insert(k); last[k] = State::null; }
    }
    // Every connection reported alerting/connected/held/... is eventually cleared.
    for (const auto& [key, state] : last) {
        INFO("call " << key.first << " device " << key.second);
        CHECK(state == State::null);
    }
}

struct Item {
    bool client;
    std::string bytes;
};

// A transcript as messages, ActionIDs prefixed so that several transcripts can share a stream.
std::vector<Item> items_of(const std::string& path, const std::string& prefix) {
    std::vector<Item> out;
    ami::Parser from_asterisk(true), from_client(false);
    for (const auto& chunk : ami::load_transcript(path).chunks) {
        const bool client = chunk.direction == ami::TranscriptChunk::Direction::from_client;
        auto& p = client ? from_client : from_asterisk;
        p.feed(chunk.bytes);
        while (auto o = p.next()) {
            auto* m = std::get_if<ami::Message>(&*o);
            if (!m) continue;
            if (m->has("ActionID")) m->set("ActionID", prefix + std::string(m->action_id()));
            auto s = ami::serialize_message(*m);
            REQUIRE(s.ok());
            out.push_back({client, s.bytes});
        }
    }
    return out;
}

std::vector<Emitted> feed(const std::vector<Item>& items, std::mt19937& rng) {
    bridge::CallModel model(core_test::default_table());
    ami::Parser from_asterisk(false), from_client(false);
    std::vector<Emitted> out;
    auto drain = [&](ami::Parser& p, bool client) {
        while (auto o = p.next())
            if (const auto* m = std::get_if<ami::Message>(&*o))
                for (auto& e : client ? model.on_client(*m) : model.on_asterisk(*m)) out.push_back(std::move(e));
    };
    std::string pending;  // Asterisk bytes not yet fed: fed in random pieces
    auto flush = [&] {
        std::size_t at = 0;
        while (at < pending.size()) {
            const auto n = std::min<std::size_t>(pending.size() - at, 1 + rng() % 97);
            from_asterisk.feed(std::string_view(pending).substr(at, n));
            drain(from_asterisk, false);
            at += n;
        }
        pending.clear();
    };
    for (const auto& it : items) {
        if (!it.client) { pending += it.bytes; continue; }
        flush();
        from_client.feed(it.bytes);
        drain(from_client, true);
    }
    flush();
    return out;
}

std::map<std::string, std::vector<std::string>> per_call(const std::vector<Emitted>& events) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& e : events) {
        std::ostringstream os;
        os << raw_line(e.event) << " ->";
        for (const auto& r : e.recipients) os << ' ' << r.device << ':' << (r.state ? csta::to_string(*r.state) : "-");
        // Device events (agent, forwarding) keep their order per device.
        const auto key = e.call_id.empty() ? "(device " + (e.recipients.empty() ? std::string() : e.recipients[0].device) + ")"
                                           : e.call_id;
        out[key].push_back(os.str());
    }
    return out;
}

}  // namespace

TEST_CASE("invariants hold on every recorded transcript", "[invariants]") {
    for (const auto& path : test_support::all_ami_transcripts()) {
        INFO(path);
        check_invariants(core_test::replay_file(path));
    }
}

TEST_CASE("every connection's call is found from its channel after every message of every transcript", "[invariants]") {
    // The index a Hangup uses instead of walking every call (call_model_channel_index.cpp)
    // must never miss a call: every recording, checked after each message.
    for (const auto& path : test_support::all_ami_transcripts()) {
        INFO(path);
        bridge::CallModel model(core_test::default_table());
        std::size_t failures = 0;
        const auto messages = feed_recording(model, path, [&](const ami::Message&) {
            if (!model.channel_index_complete()) ++failures;
        });
        CHECK(messages > 0);
        CHECK(failures == 0);
        // ... nor keep entries of channels whose connections are all cleared: a released
        // channel's entry goes with its clearing, not at the next rebuild (the soak's memory).
        CHECK(model.channel_index_stale_entries() == 0);
    }
}

TEST_CASE("the channel tables agree after every message of every transcript and after a resync that loses them all", "[invariants]") {
    // Channels refer to each other, to their bridges and Local halves by handle
    // (call_model_channel_handles.cpp): each table must name only live channels, under their
    // current name and bridge, and a channel in a bridge must be among its members.
    std::size_t peak_channels_summed = 0;
    for (const auto& path : test_support::all_ami_transcripts()) {
        INFO(path);
        bridge::CallModel model(core_test::default_table());
        std::size_t channels_seen = 0;
        std::string first_problem;
        const auto messages = feed_recording(model, path, [&](const ami::Message& m) {
            channels_seen = std::max(channels_seen, model.channel_count());
            if (const auto problem = model.channel_tables_problem(); !problem.empty() && first_problem.empty())
                first_problem = std::string(m.event_name()) + ": " + problem;
        });
        CHECK(messages > 0);
        peak_channels_summed += channels_seen;
        CHECK(first_problem.empty());
        // A resync whose list is empty: every channel vanished while the link was down.
        model.begin_resync();
        ami::Message done;
        done.add("Event", "CoreShowChannelsComplete");
        (void)model.on_asterisk(done);
        CHECK(model.channel_count() == 0);
        CHECK(model.channel_tables_problem().empty());
    }
    CHECK(peak_channels_summed > 20);  // the recordings do put channels, bridges and Local pairs up
}

TEST_CASE("the answered call keeps one callID from first event to last", "[invariants]") {
    for (const char* scenario : {"sip-call-answered-caller-hangs-up", "sip-call-callee-hangs-up", "hold-retrieve", "dtmf", "list-actions"}) {
        INFO(scenario);
        const auto events = core_test::replay_file(test_support::ami_fixture(std::string(scenario) + ".ami"));
        std::set<std::string> calls;
        for (const auto& e : events) calls.insert(e.call_id);
        CHECK(calls.size() == 1);
        CHECK_FALSE(events.empty());
    }
}

TEST_CASE("MakeCall's callID (the Originate ChannelId) is the callID of every later event", "[invariants]") {
    const auto path = test_support::ami_fixture("originate-answered.ami");
    std::string channel_id;
    for (const auto& it : items_of(path, ""))
        if (it.client && it.bytes.find("Action: Originate") != std::string::npos) {
            const auto at = it.bytes.find("ChannelId: ");
            channel_id = it.bytes.substr(at + 11, it.bytes.find('\r', at) - at - 11);
        }
    REQUIRE(channel_id == "e9e896e3-0b1a-49ad-9dd7-0db1c51cbe61");
    const auto events = core_test::replay_file(path);
    REQUIRE(events.size() >= 4);
    for (const auto& e : events) CHECK(e.call_id == channel_id);
}

TEST_CASE("interleaved, re-chunked transcripts give the same per-call results", "[invariants]") {
    const auto paths = test_support::all_ami_transcripts();
    std::map<std::string, std::vector<std::string>> expected_all;
    std::vector<std::vector<Item>> all_items;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::mt19937 rng(1);
        auto items = items_of(paths[i], "t" + std::to_string(i) + "-");
        for (auto& [call, lines] : per_call(feed(items, rng))) {
            INFO(paths[i] << " call " << call);
            if (call.rfind("(device", 0) != 0) REQUIRE_FALSE(expected_all.count(call));  // callIDs unique across files
            auto& v = expected_all[call];
            v.insert(v.end(), lines.begin(), lines.end());
        }
        all_items.push_back(std::move(items));
    }
    for (unsigned seed = 1; seed <= 8; ++seed) {
        INFO("seed " << seed);
        std::mt19937 rng(seed);
        // Random merge preserving each transcript's own order.
        std::vector<std::size_t> next(all_items.size(), 0);
        std::vector<Item> merged;
        std::size_t left = 0;
        for (const auto& v : all_items) left += v.size();
        while (left > 0) {
            const auto k = rng() % all_items.size();
            if (next[k] >= all_items[k].size()) continue;
            merged.push_back(all_items[k][next[k]++]);
            --left;
        }
        const auto events = feed(merged, rng);
        check_invariants(events);
        const auto got = per_call(events);
        CHECK(got.size() == expected_all.size());
        for (const auto& [call, lines] : expected_all) {
            INFO("call " << call);
            const auto it = got.find(call);
            REQUIRE(it != got.end());
            CHECK(it->second == lines);
        }
    }
}
