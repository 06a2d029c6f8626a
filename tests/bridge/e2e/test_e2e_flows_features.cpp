// Logical device features end to end (agent state, do-not-disturb, forwarding), through the
// real csta-bridge and pbx-sim.
#include <catch2/catch.hpp>
#include <thread>

#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;

namespace {

template <class Response>
Response positive(CstaTestClient& c, const csta::Request& req) {
    auto r = c.call(req);
    REQUIRE(r);
    INFO(csta::name(req) << " answered " << csta::name(*r)
                         << (std::holds_alternative<csta::ErrorCode>(*r)
                                 ? " " + csta::describe(std::get<csta::ErrorCode>(*r))
                                 : std::string()));
    REQUIRE(std::holds_alternative<Response>(*r));
    return std::get<Response>(*r);
}

csta::SetAgentState agent_state(csta::ReqAgentState state) {
    csta::SetAgentState s;
    s.device = csta::DeviceID("1004");
    s.requestedAgentState = state;
    s.agentID = "agent1004";
    s.group = csta::DeviceID("q-test");
    return s;
}

// The states GetAgentState reports for 1004 in q-test. pbx-sim's QueueStatus lists every
// member of q-test (it ignores the Member filter), and 1002/1003 are static members that
// are never paused, so only 1004 can be agentNotReady.
std::vector<csta::AgentState> q_test_states(CstaTestClient& c) {
    auto r = positive<csta::GetAgentStateResponse>(c, csta::GetAgentState{csta::DeviceID("1004"), {}, {}});
    std::vector<csta::AgentState> out;
    for (const auto& entry : r.agentStateList)
        for (const auto& info : entry.agentInfo)
            if (info.acdGroup && info.acdGroup->value == "q-test" && info.agentState) out.push_back(*info.agentState);
    return out;
}

bool contains(const std::vector<csta::AgentState>& v, csta::AgentState s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("SetAgentState loggedOn/notReady/ready/loggedOff for 1004 in q-test: responses, agent events, "
          "GetAgentState (golden queue-member-states)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    std::map<std::string, std::string> x{{"1004", monitor_device(*c, "1004")}};

    positive<csta::SetAgentStateResponse>(*c, agent_state(csta::ReqAgentState::loggedOn));
    positive<csta::SetAgentStateResponse>(*c, agent_state(csta::ReqAgentState::notReady));
    CHECK(contains(q_test_states(*c), csta::AgentState::agentNotReady));
    positive<csta::SetAgentStateResponse>(*c, agent_state(csta::ReqAgentState::ready));
    CHECK_FALSE(contains(q_test_states(*c), csta::AgentState::agentNotReady));
    positive<csta::SetAgentStateResponse>(*c, agent_state(csta::ReqAgentState::loggedOff));

    const auto expected = golden("queue-member-states");
    auto events = collect(*c, [&](const Events& ev) { return has_golden_counts(ev, x, expected); });
    INFO(dump(events) << bridge.logs());
    CHECK(rendered(events, x) == expected);

    // Without a group, logging on cannot name the queue.
    auto no_group = agent_state(csta::ReqAgentState::loggedOn);
    no_group.group.reset();
    auto r = c->call(no_group);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::OperationError::invalidAgentGroup));
}

TEST_CASE("SetForwarding / GetForwarding round trip with ForwardingEvents on the device's monitor") {
    BridgeFixture bridge;
    auto c = bridge.client();
    std::map<std::string, std::string> x{{"1002", monitor_device(*c, "1002")}};

    auto get = [&] {
        auto g = positive<csta::GetForwardingResponse>(*c, csta::GetForwarding{csta::DeviceID("1002"), {}});
        // Every type the default table has a family for (CF, CFB, CFU), in the recipe's order;
        // only forwardImmediate is set here, the other two stay off.
        REQUIRE(g.forwardingList.size() == 3);
        CHECK(g.forwardingList[0].forwardingType == csta::ForwardingType::forwardImmediate);
        CHECK(g.forwardingList[1].forwardingType == csta::ForwardingType::forwardBusy);
        CHECK(g.forwardingList[2].forwardingType == csta::ForwardingType::forwardNoAns);
        CHECK_FALSE(g.forwardingList[1].forwardStatus);
        CHECK_FALSE(g.forwardingList[2].forwardStatus);
        return g.forwardingList.front();
    };
    CHECK_FALSE(get().forwardStatus);  // nothing stored yet: off, not an error

    csta::SetForwarding on;
    on.device = csta::DeviceID("1002");
    on.forwardingType = csta::ForwardingType::forwardImmediate;
    on.activateForward = true;
    on.forwardDN = csta::DeviceID("1003");
    positive<csta::SetForwardingResponse>(*c, on);
    auto now = get();
    CHECK(now.forwardStatus);
    CHECK(now.forwardDN == csta::DeviceID("1003"));

    csta::SetForwarding off;
    off.device = csta::DeviceID("1002");
    off.forwardingType = csta::ForwardingType::forwardImmediate;
    off.activateForward = false;
    positive<csta::SetForwardingResponse>(*c, off);
    auto after = get();
    CHECK_FALSE(after.forwardStatus);
    CHECK_FALSE(after.forwardDN);

    const auto expected = golden("dbput-dbget");  // ForwardingEvent on, then off, at 1002's monitor
    auto events = collect(*c, [&](const Events& ev) { return has_golden_counts(ev, x, expected); });
    INFO(dump(events) << bridge.logs());
    CHECK(rendered(events, x) == expected);

    csta::SetForwarding no_target = on;
    no_target.forwardDN.reset();
    auto r = c->call(no_target);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::OperationError::invalidForwardingDestination));
}

TEST_CASE("SetDoNotDisturb / GetDoNotDisturb round trip") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto get = [&] {
        return positive<csta::GetDoNotDisturbResponse>(*c, csta::GetDoNotDisturb{csta::DeviceID("1002"), {}}).doNotDisturbOn;
    };
    CHECK_FALSE(get());
    positive<csta::SetDoNotDisturbResponse>(*c, csta::SetDoNotDisturb{csta::DeviceID("1002"), true, {}});
    CHECK(get());
    positive<csta::SetDoNotDisturbResponse>(*c, csta::SetDoNotDisturb{csta::DeviceID("1002"), false, {}});
    CHECK_FALSE(get());
}

TEST_CASE("SetDoNotDisturb on/off reports DoNotDisturbEvents to the device's monitor (CALL-MODEL services table)") {
    BridgeFixture bridge;
    auto c = bridge.client();
    auto xref = monitor_device(*c, "1002");
    positive<csta::SetDoNotDisturbResponse>(*c, csta::SetDoNotDisturb{csta::DeviceID("1002"), true, {}});
    positive<csta::SetDoNotDisturbResponse>(*c, csta::SetDoNotDisturb{csta::DeviceID("1002"), false, {}});
    auto events = collect(*c, [&](const Events& ev) { return count(ev, "DoNotDisturbEvent", xref) >= 2; }, 3s);
    INFO(dump(events) << bridge.logs());
    REQUIRE(names(events, xref) == std::vector<std::string>{"DoNotDisturbEvent", "DoNotDisturbEvent"});
    const auto& on = std::get<csta::DoNotDisturbEvent>(events[0]);
    const auto& off = std::get<csta::DoNotDisturbEvent>(events[1]);
    CHECK(on.device.device.value == "1002");
    CHECK(on.doNotDisturbOn);
    CHECK(off.device.device.value == "1002");
    CHECK_FALSE(off.doNotDisturbOn);
}
