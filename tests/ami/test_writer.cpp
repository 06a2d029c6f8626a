#include <catch2/catch.hpp>

#include "ami/parser.hpp"
#include "ami/writer.hpp"

TEST_CASE("actions serialise as Name: value lines ending in a blank line") {
    auto a = ami::Message::action("Originate");
    a.add("ActionID", "a2").add("Channel", "PJSIP/1002").add("Variable", "X=1").add("Variable", "Y=2");
    auto s = ami::serialize_action(a);
    REQUIRE(s.ok());
    CHECK(s.bytes ==
          "Action: Originate\r\nActionID: a2\r\nChannel: PJSIP/1002\r\nVariable: X=1\r\nVariable: Y=2\r\n\r\n");
    ami::Parser p(false);
    p.feed(s.bytes);
    auto back = p.next();
    REQUIRE(back);
    CHECK(std::get<ami::Message>(*back) == a);
}

TEST_CASE("CR or LF inside a value cannot inject a second action") {
    auto a = ami::Message::action("Originate");
    a.add("CallerID", "1001\r\nAction: Command\r\nCommand: core stop now");
    auto s = ami::serialize_action(a);
    CHECK_FALSE(s.ok());
    CHECK(s.bytes.empty());
    CHECK_THAT(s.error, Catch::Contains("CallerID"));
    for (const char* bad : {"a\rb", "a\nb", "\r\n"}) {
        auto b = ami::Message::action("Hangup");
        b.add("Channel", std::string(bad));
        CHECK_FALSE(ami::serialize_action(b).ok());
    }
    auto nul = ami::Message::action("Hangup");
    nul.add("Channel", std::string("PJSIP/1\0x", 9));
    CHECK_FALSE(ami::serialize_action(nul).ok());
}

TEST_CASE("bad header names and empty action names are refused") {
    auto a = ami::Message::action("Ping");
    a.add("Bad\r\nName", "x");
    CHECK_FALSE(ami::serialize_action(a).ok());
    auto b = ami::Message::action("Ping");
    b.add("Has: colon", "x");
    CHECK_FALSE(ami::serialize_action(b).ok());
    CHECK_FALSE(ami::serialize_action(ami::Message::action("")).ok());
    CHECK_FALSE(ami::serialize_action(ami::Message::action("  ")).ok());
    ami::Message not_action;
    not_action.add("Event", "X");
    CHECK_FALSE(ami::serialize_action(not_action).ok());
    CHECK(ami::serialize_message(not_action).ok());
}
