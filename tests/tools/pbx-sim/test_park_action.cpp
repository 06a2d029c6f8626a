// pbx-sim's AMI Park action (pbx_parking.cpp), written from res_parking/parking_manager.c of
// Asterisk 22 (manager_park, manager_park_bridged, manager_park_unbridged): no transcript
// records a Park action. The order of the parkee's events follows the recorded park by blind
// transfer (park-dial-retrieve.ami: ParkedCall before the parkee's BridgeLeave).
#include <catch2/catch.hpp>

#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/sim_config.hpp"

using pbxsim::Millis;

namespace {

struct ParkCore {
    pbxsim::ManualScheduler sched;
    pbxsim::Pbx pbx;
    std::vector<ami::Message> events;
    explicit ParkCore(pbxsim::SimConfig cfg = pbxsim::SimConfig::defaults()) : pbx(std::move(cfg), sched) {
        pbx.set_event_sink([this](const ami::Message& e) { events.push_back(e); });
    }
    std::string channel_of(std::string_view ext) const {
        for (const auto& [uid, c] : pbx.channels())
            if (c.device_ext == ext) return c.name;
        return {};
    }
    // "Event Channel" lines of the events since `from`, for the events this test follows.
    std::vector<std::string> story(std::size_t from) const {
        std::vector<std::string> out;
        for (std::size_t i = from; i < events.size(); ++i) {
            const auto& e = events[i];
            const auto name = e.event_name();
            if (name == "ParkedCall")
                out.push_back("ParkedCall " + std::string(e.get("ParkeeChannel")).substr(0, 10) + " " +
                              std::string(e.get("ParkingSpace")) + " " + std::string(e.get("ParkerDialString")));
            else if (name == "BridgeEnter" || name == "BridgeLeave")
                out.push_back(std::string(name) + " " + std::string(e.get("Channel")).substr(0, 10) + " " +
                              std::string(e.get("BridgeType")));
            else if (name == "BridgeDestroy" || name == "SoftHangupRequest" || name == "Hangup")
                out.push_back(std::string(name) + " " + std::string(e.get("Channel")).substr(0, 10));
        }
        return out;
    }
};

ami::Message action(std::initializer_list<std::pair<const char*, std::string>> headers) {
    ami::Message a;
    a.add("Action", "Park");
    a.add("ActionID", "p1");
    for (const auto& [k, v] : headers) a.add(k, v);
    return a;
}

}  // namespace

TEST_CASE("Park with the bridge peer as TimeoutChannel: the parkee goes to slot 701, the parker hears the "
          "slot and is hung up", "[core][parking]") {
    ParkCore c;
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{5000});  // 1002 answers, both bridged
    const auto caller = c.channel_of("1001"), callee = c.channel_of("1002");
    REQUIRE_FALSE(caller.empty());
    const auto mark = c.events.size();
    auto r = c.pbx.execute(action({{"Channel", callee}, {"TimeoutChannel", caller}, {"AnnounceChannel", caller},
                                   {"Parkinglot", "default"}}));
    REQUIRE(r.size() == 1);
    CHECK(r[0].get("Response") == "Success");
    CHECK(r[0].get("Message") == "Park successful");
    CHECK(c.events.size() == mark);  // the response goes first, the park happens after it
    c.sched.advance(Millis{100});
    CHECK(c.story(mark) == std::vector<std::string>{"ParkedCall PJSIP/1002 701 PJSIP/1001",
                                                    "BridgeLeave PJSIP/1002 basic",
                                                    "BridgeEnter PJSIP/1002 parking"});
    c.sched.advance(Millis{2000});  // the slot announcement, then the parker leaves
    CHECK(c.story(mark) == std::vector<std::string>{"ParkedCall PJSIP/1002 701 PJSIP/1001",
                                                    "BridgeLeave PJSIP/1002 basic",
                                                    "BridgeEnter PJSIP/1002 parking",
                                                    "BridgeLeave PJSIP/1001 basic",
                                                    "BridgeDestroy ",
                                                    "SoftHangupRequest PJSIP/1001",
                                                    "Hangup PJSIP/1001"});
    CHECK(c.pbx.channel_count() == 1);
    CHECK(c.pbx.channels().begin()->second.park.slot == 701);
    // The parked party is retrieved by dialling the slot, as after any park.
    REQUIRE(c.pbx.set_registered("1004", true).empty());
    REQUIRE(c.pbx.phone_call("1004", "701").empty());
    c.sched.advance(Millis{2000});
    bool unparked = false;
    for (const auto& e : c.events) unparked |= e.event_name() == "UnParkedCall";
    CHECK(unparked);
}

TEST_CASE("Park errors as Asterisk words them, and a channel parked alone", "[core][parking]") {
    ParkCore c;
    CHECK(c.pbx.execute(action({}))[0].get("Message") == "Channel not specified");
    CHECK(c.pbx.execute(action({{"Channel", "PJSIP/1009-00000001"}}))[0].get("Message") ==
          "Channel does not exist: PJSIP/1009-00000001");
    REQUIRE(c.pbx.phone_call("1001", "1002").empty());
    c.sched.advance(Millis{5000});
    const auto caller = c.channel_of("1001"), callee = c.channel_of("1002");
    CHECK(c.pbx.execute(action({{"Channel", callee}, {"Timeout", "soon"}}))[0].get("Message") == "Invalid Timeout value.");
    CHECK(c.pbx.execute(action({{"Channel", callee}, {"Parkinglot", "sales"}}))[0].get("Message") == "Park action failed");
    // No TimeoutChannel: manager_park_unbridged, the parkee alone moves; 1001 stays.
    const auto mark = c.events.size();
    CHECK(c.pbx.execute(action({{"Channel", callee}}))[0].get("Response") == "Success");
    c.sched.advance(Millis{3000});
    CHECK(c.story(mark) == std::vector<std::string>{"ParkedCall PJSIP/1002 701 PJSIP/1002",
                                                    "BridgeLeave PJSIP/1002 basic",
                                                    "BridgeEnter PJSIP/1002 parking"});
    CHECK(c.pbx.channel_count() == 2);
}
