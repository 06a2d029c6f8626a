// The simulation core on a ManualScheduler: configuration, endpoint behaviours the
// transcripts do not cover (forward, phone hangs up after N ms, Dial timeout), load mode.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "tools/pbx-sim/load_generator.hpp"
#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/sim_config.hpp"

using pbxsim::Millis;

namespace {

struct Core {
    pbxsim::ManualScheduler sched;
    pbxsim::Pbx pbx;
    std::vector<ami::Message> events;
    explicit Core(pbxsim::SimConfig cfg) : pbx(std::move(cfg), sched) {
        pbx.set_event_sink([this](const ami::Message& e) { events.push_back(e); });
    }
    std::vector<std::string> names(std::string_view event) const {
        std::vector<std::string> out;
        for (const auto& e : events)
            if (e.event_name() == event) out.emplace_back(e.get("Channel"));
        return out;
    }
    const ami::Message* last(std::string_view event, std::string_view channel_prefix) const {
        const ami::Message* found = nullptr;
        for (const auto& e : events)
            if (e.event_name() == event && e.get("Channel").substr(0, channel_prefix.size()) == channel_prefix)
                found = &e;
        return found;
    }
};

}  // namespace

TEST_CASE("extension ranges", "[core]") {
    CHECK(pbxsim::parse_extension_range("1001-1003") == std::vector<std::string>{"1001", "1002", "1003"});
    CHECK(pbxsim::parse_extension_range("7, 0098-0100") == std::vector<std::string>{"7", "0098", "0099", "0100"});
    CHECK_THROWS_AS(pbxsim::parse_extension_range("1003-1001"), std::invalid_argument);
    CHECK_THROWS_AS(pbxsim::parse_extension_range("10a1"), std::invalid_argument);
    CHECK_THROWS_AS(pbxsim::parse_extension_range("1-999999"), std::invalid_argument);
}

TEST_CASE("INI configuration", "[core]") {
    const std::string path = "pbx-sim-test.ini";
    {
        std::ofstream f(path);
        f << "[sim]\nextensions = 2001-2003\n\n[user ops]\nsecret = s3\nread = call,agent\nwrite = call\n\n"
             "[endpoint 2002]\nmode = busy\n\n[endpoint 2003]\nmode = forward\nforward = 2001\nanswer_ms = 700\n";
    }
    auto cfg = pbxsim::SimConfig::defaults();
    pbxsim::load_ini(path, cfg);
    CHECK(cfg.endpoints.count("2001") == 1);
    CHECK(cfg.endpoints.count("1001") == 1);  // defaults kept
    CHECK(cfg.endpoints["2002"].mode == pbxsim::EndpointBehaviour::Mode::busy);
    CHECK(cfg.endpoints["2003"].forward_to == "2001");
    CHECK(cfg.endpoints["2003"].answer_after == Millis{700});
    CHECK(cfg.users["ops"].read == std::vector<std::string>{"call", "agent"});

    {
        std::ofstream f(path);
        f << "[endpoint 2002]\nmode = sometimes\n";
    }
    try {
        pbxsim::load_ini(path, cfg);
        FAIL("a bad mode was accepted");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("[endpoint 2002]") != std::string::npos);
    }
    std::remove(path.c_str());
}

TEST_CASE("a forwarding phone sends the caller on to the target", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    cfg.endpoints["1002"].mode = pbxsim::EndpointBehaviour::Mode::forward;
    cfg.endpoints["1002"].forward_to = "1003";
    Core c(cfg);
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{5000});
    auto* end = c.last("DialEnd", "PJSIP/1001-");
    REQUIRE(end);
    CHECK(end->get("DestChannel").substr(0, 11) == "PJSIP/1003-");
    CHECK(end->get("DialStatus") == "ANSWER");
    CHECK(c.pbx.channel_count() == 2);
}

TEST_CASE("a phone configured to hang up after talking ends the call", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    cfg.endpoints["1002"].hangup_after = Millis{3000};
    Core c(cfg);
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{1000});
    CHECK(c.pbx.channel_count() == 2);
    c.sched.advance(Millis{5000});
    CHECK(c.pbx.channel_count() == 0);
    auto* req = c.last("HangupRequest", "PJSIP/1002-");
    REQUIRE(req);
    CHECK(req->get("Cause") == "16");
    CHECK(c.names("Hangup").size() == 2);
}

TEST_CASE("Dial gives up after its timeout when nobody answers", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    cfg.endpoints["1002"].mode = pbxsim::EndpointBehaviour::Mode::no_answer;
    Core c(cfg);
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{29000});
    CHECK(c.pbx.channel_count() == 2);
    c.sched.advance(Millis{2000});
    CHECK(c.pbx.channel_count() == 0);
    auto* end = c.last("DialEnd", "PJSIP/1001-");
    REQUIRE(end);
    CHECK(end->get("DialStatus") == "NOANSWER");
}

TEST_CASE("uniqueids are epoch.seq and channel names PJSIP/<ext>-<8 hex>", "[core]") {
    Core c(pbxsim::SimConfig::defaults());
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{10});
    const auto* a = c.last("Newchannel", "PJSIP/1001-");
    const auto* b = c.last("Newchannel", "PJSIP/1002-");
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->get("Channel") == "PJSIP/1001-00000000");
    CHECK(b->get("Channel") == "PJSIP/1002-00000001");
    CHECK(a->get("Uniqueid") == "1795675800.0");
    CHECK(b->get("Uniqueid") == "1795675800.1");
    CHECK(b->get("Linkedid") == a->get("Uniqueid"));
}

TEST_CASE("load mode places calls at the requested rate and they all end", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    for (const auto& e : pbxsim::parse_extension_range("2000-2299")) cfg.endpoints[e] = {};
    Core c(cfg);
    pbxsim::LoadGenerator load(c.pbx, c.sched, 7);
    pbxsim::LoadProfile p;
    p.calls_per_second = 20;
    p.hold_time = Millis{4000};
    p.duration = Millis{10000};
    load.start(p);
    c.sched.advance(Millis{10000});
    // 20 calls/s of 4 s each keep ~160 phones busy: 300 endpoints always leave an idle pair.
    CHECK(load.skipped() == 0);
    CHECK(load.placed() >= 195);
    CHECK(load.placed() <= 201);
    CHECK(c.pbx.channel_count() > 0);
    c.sched.advance(Millis{70000});
    CHECK(c.pbx.channel_count() == 0);
    CHECK(c.names("Newchannel").size() == 2 * load.placed());
    CHECK(c.names("Hangup").size() == 2 * load.placed());
}

TEST_CASE("load mode keeps 10,000 calls/s: every call due by now, no millisecond-tick drift", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    for (const auto& e : pbxsim::parse_extension_range("20000-29999")) cfg.endpoints[e] = {};
    Core c(cfg);
    pbxsim::LoadGenerator load(c.pbx, c.sched, 7);
    pbxsim::LoadProfile p;
    p.calls_per_second = 10000;
    p.hold_time = Millis{100};
    p.duration = Millis{300};
    load.start(p);
    c.sched.advance(Millis{300});
    // Ticks at 0..299 ms; the one at 299 ms has placed floor(299 * 10) + 1 = 2991 calls. A
    // 1 ms tick placing one call each (the old generator) managed 300.
    CHECK(load.skipped() == 0);
    CHECK(load.placed() == 2991);
    c.sched.advance(Millis{10000});
    CHECK(c.pbx.channel_count() == 0);
    CHECK(c.names("Newchannel").size() == 2 * load.placed());
}

namespace {

// 1001 calls 1002 (answered), then consults 1003 through Atxfer (answered): the state in
// which the attended-transfer feature codes apply.
struct Consulting : Core {
    std::string transferer, transferee;
    Consulting() : Core(pbxsim::SimConfig::defaults()) {
        REQUIRE(pbx.phone_call("1001", "1002").empty());
        sched.advance(Millis{5000});
        transferer = std::string(last("Newchannel", "PJSIP/1001-")->get("Channel"));
        transferee = std::string(last("Newchannel", "PJSIP/1002-")->get("Channel"));
        auto atxfer = ami::Message::action("Atxfer");
        atxfer.add("ActionID", "x1").add("Channel", transferer).add("Context", "test").add("Exten", "1003");
        REQUIRE(pbx.execute(atxfer).front().get("Response") == "Success");
        sched.advance(Millis{5000});
        REQUIRE(last("DialEnd", "Local/1003@test-"));
        REQUIRE(pbx.channel_count() == 5);  // 1001, 1002, Local ;1 and ;2, 1003
        events.clear();
    }
    void key(char digit) {
        auto dtmf = ami::Message::action("PlayDTMF");
        dtmf.add("ActionID", "d").add("Channel", transferer).add("Digit", std::string(1, digit)).add("Receive", "true");
        REQUIRE(pbx.execute(dtmf).front().get("Response") == "Success");
        sched.advance(Millis{10});
    }
    const ami::Message* first_event(std::string_view name) const {
        for (const auto& e : events)
            if (e.event_name() == name) return &e;
        return nullptr;
    }
    std::size_t index_of(std::string_view name, std::string_view channel = "") const {
        for (std::size_t i = 0; i < events.size(); ++i)
            if (events[i].event_name() == name && (channel.empty() || events[i].get("Channel") == channel)) return i;
        return events.size();
    }
    std::string bridge_of(std::string_view channel_prefix) const {
        for (const auto& [uid, ch] : pbx.channels())
            if (ch.name.rfind(channel_prefix, 0) == 0) return ch.bridge;
        return "?";
    }
};

}  // namespace

TEST_CASE("keyed *3 while consulting: one bridge for the three parties, AttendedTransfer Threeway", "[core]") {
    Consulting c;
    c.key('*');
    c.key('3');
    const auto* at = c.first_event("AttendedTransfer");
    REQUIRE(at);
    CHECK(at->get("DestType") == "Threeway");
    CHECK(at->get("DestTransfererChannel") == c.transferer);
    CHECK(at->get("SecondTransfererChannel") == c.transferer);
    CHECK(at->get("TransfereeChannel") == c.transferee);
    CHECK(at->get("OrigBridgeNumChannels") == "3");
    CHECK(at->get("TransferTargetChannel").substr(0, 16) == "Local/1003@test-");
    // bridge_merge_do: BridgeMerge first, then each moved channel leaves and enters.
    CHECK(c.index_of("BridgeMerge") < c.index_of("BridgeEnter", c.transferer));
    CHECK(c.index_of("BridgeEnter", c.transferer) < c.index_of("AttendedTransfer"));
    CHECK(c.bridge_of("PJSIP/1001-") == c.bridge_of("PJSIP/1002-"));
    CHECK(c.bridge_of("Local/1003@test-") == c.bridge_of("PJSIP/1002-"));
    CHECK(c.first_event("Hangup") == nullptr);

    // The transferer leaves: the other two stay bridged (basic_hangup_hook).
    REQUIRE(c.pbx.phone_hangup("1001").empty());
    c.sched.advance(Millis{100});
    CHECK(c.pbx.channel_count() == 4);
    CHECK(c.first_event("BridgeDestroy")->get("BridgeUniqueid") != c.bridge_of("PJSIP/1002-"));
    // Then 1003 hangs up: everything ends, through the Local pair.
    REQUIRE(c.pbx.phone_hangup("1003").empty());
    c.sched.advance(Millis{100});
    CHECK(c.pbx.channel_count() == 0);
}

TEST_CASE("in a three-way bridge the transferee may leave first", "[core]") {
    Consulting c;
    c.key('*');
    c.key('3');
    REQUIRE(c.pbx.phone_hangup("1002").empty());
    c.sched.advance(Millis{100});
    CHECK(c.pbx.channel_count() == 4);
    CHECK(c.bridge_of("PJSIP/1001-") == c.bridge_of("Local/1003@test-"));
    REQUIRE(c.pbx.phone_hangup("1001").empty());
    c.sched.advance(Millis{100});
    CHECK(c.pbx.channel_count() == 0);
}

TEST_CASE("keyed *2 while consulting completes the transfer, other codes are swallowed", "[core]") {
    Consulting c;
    c.key('*');
    c.key('9');  // no such feature: swallowed, nothing happens
    CHECK(c.first_event("AttendedTransfer") == nullptr);
    CHECK(c.first_event("BridgeLeave") == nullptr);
    CHECK(c.pbx.channel_count() == 5);
    c.key('*');
    c.key('2');
    const auto* at = c.first_event("AttendedTransfer");
    REQUIRE(at);
    CHECK(at->get("DestType") == "Bridge");
    // Kicked out by the merge (no HangupRequest from the phone), then hung up by its dialplan.
    CHECK(c.index_of("HangupRequest", c.transferer) == c.events.size());
    CHECK(c.index_of("BridgeMerge") < c.index_of("BridgeLeave", c.transferer));
    CHECK(c.index_of("AttendedTransfer") < c.index_of("Hangup", c.transferer));
    CHECK(c.index_of("Hangup", c.transferer) < c.events.size());
    CHECK(c.pbx.channel_count() == 4);
    CHECK(c.bridge_of("Local/1003@test-") == c.bridge_of("PJSIP/1002-"));
}

TEST_CASE("ConfBridge on 900: the order and counts app_confbridge reports", "[core]") {
    Core c(pbxsim::SimConfig::defaults());
    auto order = [&] {
        std::vector<std::string> out;
        for (const auto& e : c.events) {
            const auto n = e.event_name();
            if (n.rfind("Bridge", 0) == 0 || n.rfind("Confbridge", 0) == 0 || n == "Hangup" || n == "HangupRequest")
                out.push_back(std::string(n) + (e.has("BridgeNumChannels") ? " " + std::string(e.get("BridgeNumChannels")) : ""));
        }
        c.events.clear();
        return out;
    };
    REQUIRE(c.pbx.phone_call("1001", "900").empty());
    c.sched.advance(Millis{100});
    const auto* join = c.last("ConfbridgeJoin", "PJSIP/1001-");
    REQUIRE(join);
    CHECK(join->get("Conference") == "room1");
    CHECK(join->get("BridgeType") == "base");
    CHECK(join->get("BridgeTechnology") == "softmix");
    CHECK(join->get("BridgeCreator") == "ConfBridge");
    CHECK(join->get("BridgeName") == "room1");
    CHECK(join->get("ChannelStateDesc") == "Up");  // Answer() before ConfBridge()
    CHECK(join->get("Admin") == "No");
    CHECK(join->get("Muted") == "No");
    // The hidden announcer counts: 0 at creation, 1 at start, 2 with the first user.
    CHECK(order() == std::vector<std::string>{"BridgeCreate 0", "ConfbridgeStart 1", "BridgeEnter 2", "ConfbridgeJoin 2"});
    REQUIRE(c.pbx.phone_call("1002", "900").empty());
    c.sched.advance(Millis{100});
    CHECK(order() == std::vector<std::string>{"BridgeEnter 3", "ConfbridgeJoin 3"});

    REQUIRE(c.pbx.phone_hangup("1001").empty());
    c.sched.advance(Millis{100});
    CHECK(order() == std::vector<std::string>{"HangupRequest", "ConfbridgeLeave 3", "BridgeLeave 2", "Hangup"});
    REQUIRE(c.pbx.phone_hangup("1002").empty());
    c.sched.advance(Millis{100});
    CHECK(order() == std::vector<std::string>{"HangupRequest", "ConfbridgeLeave 2", "BridgeLeave 1", "ConfbridgeEnd 1",
                                              "BridgeDestroy 0", "Hangup"});  // the announcer gone, as recorded
    CHECK(c.pbx.channel_count() == 0);
}

TEST_CASE("Redirect of a caller whose Dial() still rings: the leg is cancelled, the caller dials anew", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    cfg.endpoints["1002"].mode = pbxsim::EndpointBehaviour::Mode::no_answer;
    Core c(cfg);
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{1000});
    const std::string caller(c.last("Newchannel", "PJSIP/1001-")->get("Channel"));
    auto redirect = ami::Message::action("Redirect");
    redirect.add("ActionID", "r1").add("Channel", caller).add("Context", "test").add("Exten", "1003").add("Priority", "1");
    REQUIRE(c.pbx.execute(redirect).front().get("Response") == "Success");
    c.sched.advance(Millis{5000});
    const auto* cancelled = c.last("DialEnd", "PJSIP/1001-");
    REQUIRE(cancelled);
    // The last DialEnd of the caller is 1003's answer; the one before it cancelled 1002.
    CHECK(cancelled->get("DestChannel").substr(0, 11) == "PJSIP/1003-");
    CHECK(cancelled->get("DialStatus") == "ANSWER");
    std::vector<std::string> ends;
    for (const auto& e : c.events)
        if (e.event_name() == "DialEnd") ends.push_back(std::string(e.get("DestChannel").substr(0, 10)) + " " + std::string(e.get("DialStatus")));
    CHECK(ends == std::vector<std::string>{"PJSIP/1002 CANCEL", "PJSIP/1003 ANSWER"});
    const auto* gone = c.last("Hangup", "PJSIP/1002-");
    REQUIRE(gone);
    CHECK(gone->get("Cause") == "16");
    CHECK(c.pbx.channel_count() == 2);  // 1001 talking to 1003
}

TEST_CASE("Queue on 750 (ringall): the order app_queue reports, answered and abandoned", "[core]") {
    auto cfg = pbxsim::SimConfig::defaults();
    cfg.endpoints["1003"].mode = pbxsim::EndpointBehaviour::Mode::no_answer;
    Core c(cfg);
    auto order = [&] {
        std::vector<std::string> out;
        for (const auto& e : c.events) {
            const auto n = std::string(e.event_name());
            if (n == "Newchannel" || n.rfind("Dial", 0) == 0 || n.rfind("Agent", 0) == 0 || n.rfind("QueueCaller", 0) == 0 ||
                n == "Hangup" || n == "HangupRequest" || n == "BridgeEnter") {
                auto who = std::string(e.has("DestChannel") ? e.get("DestChannel") : e.get("Channel")).substr(0, 10);
                out.push_back(n + " " + who + (e.has("DialStatus") ? " " + std::string(e.get("DialStatus")) : "") +
                              (n == "Hangup" ? " " + std::string(e.get("Cause")) : ""));
            }
        }
        c.events.clear();
        return out;
    };
    REQUIRE(c.pbx.phone_call("1001", "750").empty());
    c.sched.advance(Millis{100});
    CHECK(order() == std::vector<std::string>{
                         "Newchannel PJSIP/1001", "QueueCallerJoin PJSIP/1001",
                         "Newchannel PJSIP/1003", "AgentCalled PJSIP/1003", "DialBegin PJSIP/1003",
                         "Newchannel PJSIP/1002", "AgentCalled PJSIP/1002", "DialBegin PJSIP/1002",
                         "DialState PJSIP/1003 RINGING", "DialState PJSIP/1002 RINGING"});
    c.sched.advance(Millis{2000});  // 1002 answers
    CHECK(order() == std::vector<std::string>{
                         "DialEnd PJSIP/1002 ANSWER", "DialEnd PJSIP/1003 CANCEL", "DialEnd PJSIP/1003 CANCEL",
                         "Hangup PJSIP/1003 26", "QueueCallerLeave PJSIP/1001", "AgentConnect PJSIP/1002",
                         "BridgeEnter PJSIP/1002", "BridgeEnter PJSIP/1001"});
    REQUIRE(c.pbx.phone_hangup("1001").empty());
    c.sched.advance(Millis{100});
    CHECK(c.pbx.channel_count() == 0);
    c.events.clear();

    // Abandoned: nobody answers, the caller hangs up.
    c.pbx.endpoint("1002")->mode = pbxsim::EndpointBehaviour::Mode::no_answer;
    REQUIRE(c.pbx.phone_call("1001", "750").empty());
    c.sched.advance(Millis{1000});
    c.events.clear();
    REQUIRE(c.pbx.phone_hangup("1001").empty());
    c.sched.advance(Millis{100});
    CHECK(order() == std::vector<std::string>{
                         "HangupRequest PJSIP/1001", "DialEnd PJSIP/1003 CANCEL", "DialEnd PJSIP/1002 CANCEL",
                         "DialEnd PJSIP/1003 CANCEL", "Hangup PJSIP/1003 0", "DialEnd PJSIP/1002 CANCEL",
                         "Hangup PJSIP/1002 0", "QueueCallerAbandon PJSIP/1001", "QueueCallerLeave PJSIP/1001",
                         "Hangup PJSIP/1001 16"});
    CHECK(c.pbx.channel_count() == 0);
}

TEST_CASE("keyed *4 swaps the transferer between the two bridges, *1 abandons the consultation", "[core]") {
    Consulting c;
    const auto consult_bridge = c.bridge_of("PJSIP/1001-");
    const auto orig_bridge = c.bridge_of("PJSIP/1002-");
    c.key('*');
    c.key('4');
    // Hold where it is, the move, Unhold where it arrives (bridge_basic.c consulting_exit).
    CHECK(c.index_of("Hold", c.transferer) < c.index_of("BridgeLeave", c.transferer));
    CHECK(c.index_of("BridgeLeave", c.transferer) < c.index_of("BridgeEnter", c.transferer));
    CHECK(c.index_of("BridgeEnter", c.transferer) < c.index_of("Unhold", c.transferer));
    CHECK(c.bridge_of("PJSIP/1001-") == orig_bridge);
    CHECK(c.bridge_of("Local/1003@test-") == consult_bridge);  // the target waits alone
    c.events.clear();
    c.key('*');
    c.key('4');
    CHECK(c.bridge_of("PJSIP/1001-") == consult_bridge);
    c.events.clear();
    c.key('*');
    c.key('1');
    c.sched.advance(Millis{100});
    // Back with the transferee; the consultation side is gone (cause 16), no AttendedTransfer.
    CHECK(c.bridge_of("PJSIP/1001-") == orig_bridge);
    CHECK(c.index_of("Unhold", c.transferer) < c.index_of("Hangup"));
    CHECK(c.first_event("AttendedTransfer") == nullptr);
    const auto* gone = c.last("Hangup", "PJSIP/1003-");
    REQUIRE(gone);
    CHECK(gone->get("Cause") == "16");
    CHECK(c.pbx.channel_count() == 2);
}
