#include <catch2/catch.hpp>

#include "ami/message.hpp"

TEST_CASE("header lookup is case-insensitive and keeps order and repeats") {
    ami::Message m;
    m.add("Event", "VarSet").add("ChanVariable", "a=1").add("Uniqueid", "1.2").add("ChanVariable", "b=2");
    CHECK(m.get("event") == "VarSet");
    CHECK(m.get("UNIQUEID") == "1.2");
    CHECK(m.get("missing").empty());
    CHECK_FALSE(m.find("missing").has_value());
    auto vars = m.all("chanvariable");
    REQUIRE(vars.size() == 2);
    CHECK(vars[0] == "a=1");
    CHECK(vars[1] == "b=2");
    CHECK(m.kind() == ami::MessageKind::event);
}

TEST_CASE("ActionID is found wherever it stands") {
    ami::Message m;
    m.add("Event", "OriginateResponse").add("Privilege", "call,all").add("ActionID", "a2");
    CHECK(m.action_id() == "a2");
    ami::Message r;
    r.add("ActionID", "x").add("Response", "Success");
    CHECK(r.kind() == ami::MessageKind::response);
}

TEST_CASE("set replaces the first header of a name, remove drops all") {
    auto a = ami::Message::action("Originate");
    a.set("Channel", "PJSIP/1001").set("channel", "PJSIP/1002").add("Variable", "A=1").add("Variable", "B=2");
    CHECK(a.all("Channel").size() == 1);
    CHECK(a.get("Channel") == "PJSIP/1002");
    a.remove("variable");
    CHECK(a.all("Variable").empty());
    CHECK(a.kind() == ami::MessageKind::action);
    CHECK(a.action_name() == "Originate");
}
