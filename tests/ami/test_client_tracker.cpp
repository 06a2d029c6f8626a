// ActionTracker: correlation, event lists, deadlines and failing everything, exactly once.
#include <catch2/catch.hpp>

#include "ami/action_tracker.hpp"

using namespace std::chrono_literals;
using clock_type = ami::ActionTracker::clock;

namespace {
ami::Message msg(std::initializer_list<std::pair<const char*, const char*>> headers) {
    ami::Message m;
    for (const auto& [n, v] : headers) m.add(n, v);
    return m;
}
}  // namespace

TEST_CASE("tracker: unique ids, response correlation, unrelated messages left alone", "[tracker]") {
    ami::ActionTracker t("x-");
    const auto a = t.next_id(), b = t.next_id();
    CHECK(a == "x-1");
    CHECK(b == "x-2");
    std::vector<ami::ActionResult> got;
    const auto now = clock_type::now();
    t.add(a, "Ping", 1s, now, [&](ami::ActionResult r) { got.push_back(std::move(r)); });
    CHECK_FALSE(t.on_message(msg({{"Event", "Newchannel"}, {"ActionID", "other"}})));
    CHECK_FALSE(t.on_message(msg({{"Event", "Newchannel"}, {"ActionID", a.c_str()}})));  // an event first
    CHECK(t.on_message(msg({{"Response", "Success"}, {"ActionID", a.c_str()}, {"Ping", "Pong"}})));
    REQUIRE(got.size() == 1);
    CHECK(got[0].ok());
    CHECK(got[0].response.get("Ping") == "Pong");
    CHECK_FALSE(t.on_message(msg({{"Response", "Success"}, {"ActionID", a.c_str()}})));  // already done
    CHECK(t.pending() == 0);
}

TEST_CASE("tracker: event list collected to its Complete event", "[tracker]") {
    ami::ActionTracker t("x-");
    std::vector<ami::ActionResult> got;
    t.add("x-1", "DeviceStateList", 1s, clock_type::now(), [&](ami::ActionResult r) { got.push_back(std::move(r)); });
    CHECK(t.on_message(msg({{"Response", "Success"}, {"ActionID", "x-1"}, {"EventList", "start"}})));
    CHECK(t.on_message(msg({{"Event", "DeviceStateChange"}, {"ActionID", "x-1"}, {"Device", "PJSIP/1001"}})));
    CHECK_FALSE(t.on_message(msg({{"Event", "DeviceStateChange"}, {"Device", "PJSIP/1002"}})));  // a live event
    CHECK(t.on_message(msg({{"Event", "DeviceStateChange"}, {"ActionID", "x-1"}, {"Device", "PJSIP/1003"}})));
    CHECK(got.empty());
    CHECK(t.on_message(msg({{"Event", "DeviceStateListComplete"}, {"ActionID", "x-1"}, {"EventList", "Complete"},
                            {"ListItems", "2"}})));
    REQUIRE(got.size() == 1);
    REQUIRE(got[0].items.size() == 2);
    CHECK(got[0].items[1].get("Device") == "PJSIP/1003");
    CHECK(got[0].list_complete->get("ListItems") == "2");
}

TEST_CASE("tracker: a streamed event list hands each item over as it arrives, never keeps it", "[tracker]") {
    ami::ActionTracker t("x-", 3);
    std::vector<std::string> seen;  // items and the completion, in the order they happened
    std::vector<ami::ActionResult> got;
    t.add(
        "x-1", "CoreShowChannels", 1s, clock_type::now(),
        [&](ami::ActionResult r) {
            seen.push_back("complete");
            got.push_back(std::move(r));
        },
        [&](const ami::Message& item) { seen.push_back(std::string(item.get("Channel"))); });
    CHECK(t.on_message(msg({{"Response", "Success"}, {"ActionID", "x-1"}, {"EventList", "start"}})));
    CHECK(t.on_message(msg({{"Event", "CoreShowChannel"}, {"ActionID", "x-1"}, {"Channel", "PJSIP/1001-01"}})));
    CHECK(seen == std::vector<std::string>{"PJSIP/1001-01"});  // delivered at once, not at the end
    CHECK(t.on_message(msg({{"Event", "CoreShowChannel"}, {"ActionID", "x-1"}, {"Channel", "PJSIP/1002-02"}})));
    CHECK(t.on_message(msg({{"Event", "CoreShowChannelsComplete"}, {"ActionID", "x-1"}, {"EventList", "Complete"},
                            {"ListItems", "2"}})));
    CHECK(seen == std::vector<std::string>{"PJSIP/1001-01", "PJSIP/1002-02", "complete"});
    REQUIRE(got.size() == 1);
    CHECK(got[0].ok());
    CHECK(got[0].items.empty());
    CHECK(got[0].item_count == 2);
    CHECK(got[0].list_complete->get("ListItems") == "2");

    SECTION("the item limit still holds") {
        seen.clear();
        got.clear();
        t.add(
            "x-2", "CoreShowChannels", 1s, clock_type::now(), [&](ami::ActionResult r) { got.push_back(std::move(r)); },
            [&](const ami::Message& item) { seen.push_back(std::string(item.get("Channel"))); });
        CHECK(t.on_message(msg({{"Response", "Success"}, {"ActionID", "x-2"}, {"EventList", "start"}})));
        for (const char* c : {"a", "b", "c", "d"})
            CHECK(t.on_message(msg({{"Event", "CoreShowChannel"}, {"ActionID", "x-2"}, {"Channel", c}})));
        CHECK(seen == std::vector<std::string>{"a", "b", "c"});
        REQUIRE(got.size() == 1);
        CHECK(got[0].error == ami::ErrorCode::error_response);
        CHECK(got[0].error_text.find("exceeded 3 items") != std::string::npos);
    }
    SECTION("an item callback may fail every action (the link dropped) without harm") {
        seen.clear();
        got.clear();
        t.add(
            "x-3", "CoreShowChannels", 1s, clock_type::now(), [&](ami::ActionResult r) { got.push_back(std::move(r)); },
            [&](const ami::Message&) { t.fail_all(ami::ErrorCode::link_lost, "gone"); });
        CHECK(t.on_message(msg({{"Response", "Success"}, {"ActionID", "x-3"}, {"EventList", "start"}})));
        CHECK(t.on_message(msg({{"Event", "CoreShowChannel"}, {"ActionID", "x-3"}, {"Channel", "a"}})));
        REQUIRE(got.size() == 1);
        CHECK(got[0].error == ami::ErrorCode::link_lost);
        CHECK(t.pending() == 0);
    }
}

TEST_CASE("tracker: errors, deadlines, fail_all — each action completes once", "[tracker]") {
    ami::ActionTracker t("x-", 2);
    std::map<std::string, std::vector<ami::ActionResult>> got;
    auto cb = [&](const char* id) { return [&got, id](ami::ActionResult r) { got[id].push_back(std::move(r)); }; };
    const auto now = clock_type::now();
    t.add("x-1", "Originate", 1s, now, cb("x-1"));
    t.add("x-2", "Command", 5s, now, cb("x-2"));
    t.add("x-3", "Ping", 100ms, now, cb("x-3"));
    t.add("x-4", "Status", 5s, now, cb("x-4"));
    t.add("x-5", "Hangup", 5s, now, cb("x-5"));
    CHECK(t.next_deadline() == now + 100ms);

    t.on_message(msg({{"Response", "Error"}, {"ActionID", "x-1"}, {"Message", "Permission denied"}}));
    t.on_message(msg({{"Response", "Error"}, {"ActionID", "x-2"}, {"Message", "No such command"}}));
    CHECK(got["x-1"].at(0).error == ami::ErrorCode::permission_denied);
    CHECK(got["x-2"].at(0).error == ami::ErrorCode::error_response);
    CHECK_THAT(got["x-2"].at(0).error_text, Catch::Contains("Command") && Catch::Contains("No such command"));

    CHECK(t.expire(now + 99ms) == 0);
    CHECK(t.expire(now + 100ms) == 1);
    CHECK(got["x-3"].at(0).error == ami::ErrorCode::timeout);

    // An event list over its bound ends in an error instead of growing without limit.
    t.on_message(msg({{"Response", "Success"}, {"ActionID", "x-4"}, {"EventList", "start"}}));
    for (int i = 0; i < 3; ++i) t.on_message(msg({{"Event", "Status"}, {"ActionID", "x-4"}}));
    REQUIRE(got["x-4"].size() == 1);
    CHECK_THAT(got["x-4"][0].error_text, Catch::Contains("exceeded 2 items"));

    t.fail_all(ami::ErrorCode::link_lost, "gone");
    CHECK(got["x-5"].at(0).error == ami::ErrorCode::link_lost);
    t.fail_all(ami::ErrorCode::link_lost, "again");
    t.expire(now + 10s);
    for (const auto& [id, v] : got) CHECK(v.size() == 1);
    CHECK(got.size() == 5);
}
