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

TEST_CASE("headers are views into the message's own bytes: copies, moves and growth keep them right") {
    ami::Message m;
    for (int i = 0; i < 200; ++i)  // grows the byte buffer several times
        m.add("Variable", "v" + std::to_string(i) + "=" + std::string(static_cast<std::size_t>(i % 40), 'x'));
    m.add(m.headers().front().name, m.headers().front().value);  // from its own views, across a growth
    REQUIRE(m.headers().size() == 201);
    CHECK(m.headers()[7].value == "v7=xxxxxxx");
    CHECK(m.headers().back().value == "v0=");
    ami::Message copy = m;
    m.set("Variable", "changed");
    CHECK(copy.headers().front().value == "v0=");  // the copy has its own bytes
    CHECK(m.get("variable") == "changed");
    const char* before = copy.headers()[3].value.data();
    ami::Message moved = std::move(copy);
    CHECK(moved.headers()[3].value.data() == before);  // a move hands over the buffer
    CHECK(moved.headers()[3].value == "v3=xxx");
    ami::Message assigned;
    assigned = moved;
    CHECK(assigned == moved);
    CHECK(assigned.headers()[3].value.data() != moved.headers()[3].value.data());
    // Names and values read like strings where callers need one.
    std::string joined = moved.headers()[1].name + ": " + moved.headers()[1].value;
    CHECK(joined == "Variable: v1=x");
    std::string owned = moved.headers()[1].value;
    CHECK(owned == "v1=x");
}
