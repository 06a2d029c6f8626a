#include <catch2/catch.hpp>

#include "bridge/server/call_watch.hpp"

using bridge::Emitted;
using bridge::NewCallWatches;

namespace {
Emitted originated(const std::string& call, const std::string& device) {
    csta::OriginatedEvent ev;
    ev.originatedConnection = csta::ConnectionID(call, device);
    ev.callingDevice = csta::DeviceID(device);
    return Emitted{ev, call, {{device, csta::LocalConnectionState::connected}}, {}};
}
}  // namespace

TEST_CASE("a new-call watch fires once, for the device's first call other than the one it had") {
    NewCallWatches w;
    std::vector<std::string> found;
    w.add("1001", "C1", [&](const std::string& id) { found.push_back(id); });
    w.observe(originated("C1", "1001"));  // the existing call: not new
    w.observe(originated("C2", "1002"));  // another device
    csta::DeliveredEvent delivered;
    delivered.connection = csta::ConnectionID("C3", "1001");
    w.observe(Emitted{delivered, "C3", {}, {}});  // not an Originated
    CHECK(found.empty());
    w.observe(originated("C4", "1001"));
    CHECK(found == std::vector<std::string>{"C4"});
    w.observe(originated("C5", "1001"));  // gone after firing
    CHECK(found.size() == 1);
    CHECK(w.size() == 0);
}

TEST_CASE("removed watches never fire, a callback may add another watch") {
    NewCallWatches w;
    int fired = 0;
    const auto id = w.add("1001", "C1", [&](const std::string&) { ++fired; });
    w.remove(id);
    w.remove(id);  // twice: harmless
    w.observe(originated("C2", "1001"));
    CHECK(fired == 0);
    w.add("1002", "", [&](const std::string&) {
        ++fired;
        w.add("1002", "C7", [&](const std::string&) { ++fired; });
    });
    w.observe(originated("C7", "1002"));
    CHECK(fired == 1);
    CHECK(w.size() == 1);
    w.observe(originated("C8", "1002"));
    CHECK(fired == 2);
}

TEST_CASE("an in-call watch fires at the device's first ServiceInitiated or Originated in that call, never in another") {
    // MakeCall's response waits for it: originate-answered.ami has the Originate's Response
    // before the calling device's Newchannel (ServiceInitiated, cause makeCall).
    NewCallWatches w;
    std::vector<std::string> found;
    w.add_in_call("1002", "C1", [&](const std::string& id) { found.push_back(id); });
    csta::ServiceInitiatedEvent other_call;
    other_call.initiatedConnection = csta::ConnectionID("C0", "1002");
    w.observe(Emitted{other_call, "C0", {}, {}});  // the device in another call
    w.observe(originated("C1", "1003"));           // another device in that call
    csta::DeliveredEvent delivered;
    delivered.connection = csta::ConnectionID("C1", "1002");
    w.observe(Emitted{delivered, "C1", {}, {}});  // neither ServiceInitiated nor Originated
    CHECK(found.empty());
    csta::ServiceInitiatedEvent initiated;
    initiated.initiatedConnection = csta::ConnectionID("C1", "1002");
    w.observe(Emitted{initiated, "C1", {}, {}});
    CHECK(found == std::vector<std::string>{"C1"});
    w.observe(originated("C1", "1002"));  // once only
    CHECK(found.size() == 1);
    CHECK(w.size() == 0);
}

TEST_CASE("a new-call watch is not fired by a ServiceInitiated (the consultation waits for its Originated)") {
    NewCallWatches w;
    int fired = 0;
    w.add("1001", "C1", [&](const std::string&) { ++fired; });
    csta::ServiceInitiatedEvent initiated;
    initiated.initiatedConnection = csta::ConnectionID("C2", "1001");
    w.observe(Emitted{initiated, "C2", {}, {}});
    CHECK(fired == 0);
    w.observe(originated("C2", "1001"));
    CHECK(fired == 1);
}
