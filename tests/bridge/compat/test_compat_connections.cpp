// ConnectionIDs with one part only (ECMA-269 lets a ConnectionID carry the callID, the
// deviceID or both). pyssimist's hangup() sends ClearConnection with the deviceID alone; a
// callID alone is completed when the call has one connection at a device the user may use.
// The real csta-bridge in front of pbx-sim, through the CSTA test client.
#include <catch2/catch.hpp>
#include <thread>

#include "tests/bridge/e2e/bridge_fixture.hpp"

using e2e::BridgeFixture;
using namespace std::chrono_literals;
using Op = csta::OperationError;

namespace {

csta::ErrorCode error_of(test_support::CstaTestClient& c, const csta::Request& r) {
    auto a = c.call(r);
    REQUIRE(a);
    auto* e = std::get_if<csta::ErrorCode>(&*a);
    REQUIRE(e);
    return *e;
}

csta::ConnectionID device_only(const std::string& device) {
    csta::ConnectionID c;
    c.deviceID = csta::DeviceID(device);
    return c;
}
csta::ConnectionID call_only(const std::string& call) {
    csta::ConnectionID c;
    c.callID = call;
    return c;
}

// 1001 calls 1002 and 1002 answers (pbx-sim answers after 300 ms): the callID.
std::string talking_call(test_support::CstaTestClient& c) {
    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    auto r = c.call(mc);
    REQUIRE(r);
    auto* made = std::get_if<csta::MakeCallResponse>(&*r);
    REQUIRE(made);
    REQUIRE(made->callingDevice.callID);
    const auto id = *made->callingDevice.callID;
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto s = c.call(csta::SnapshotCall{call_only(id), {}});
        if (auto* snap = s ? std::get_if<csta::SnapshotCallResponse>(&*s) : nullptr; snap && snap->snapshotData.size() == 2) {
            bool both = true;
            for (const auto& d : snap->snapshotData)
                both = both && d.localConnectionInfo == csta::LocalConnectionState::connected;
            if (both) return id;
        }
        std::this_thread::sleep_for(50ms);
    }
    FAIL("the call 1001 -> 1002 was not answered");
    return {};
}

bool logged(BridgeFixture& b, const std::string& text) { return b.bridge().log().find(text) != std::string::npos; }

}  // namespace

TEST_CASE("compat: ClearConnection with only a deviceID clears that device's single connection") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    const auto call = talking_call(*c);
    csta::ClearConnection cc;
    cc.connectionToBeCleared = device_only("1001");
    auto r = c->call(cc);
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::ClearConnectionResponse>(*r));
    // The call is gone (1001 hung up, so pbx-sim's 1002 is cleared too).
    auto deadline = std::chrono::steady_clock::now() + 5s;
    bool gone = false;
    while (!gone && std::chrono::steady_clock::now() < deadline) {
        auto s = c->call(csta::SnapshotDevice{csta::DeviceID("1001"), {}});
        auto* snap = s ? std::get_if<csta::SnapshotDeviceResponse>(&*s) : nullptr;
        gone = snap && snap->snapshotData.empty();
        if (!gone) std::this_thread::sleep_for(50ms);
    }
    CHECK(gone);
    (void)call;
}

TEST_CASE("compat: a deviceID-only ConnectionID of a device with no connection is invalidConnectionID, naming the device") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    csta::ClearConnection cc;
    cc.connectionToBeCleared = device_only("1003");
    CHECK(error_of(*c, cc) == csta::ErrorCode(Op::invalidConnectionID));
    CHECK(logged(bridge, "device 1003 has no connection"));
}

TEST_CASE("compat: a callID-only ConnectionID needs exactly one connection at a device the user may use") {
    BridgeFixture bridge;
    auto crm = bridge.client();
    INFO(bridge.logs());
    const auto call = talking_call(*crm);
    // crm may use 1001 and 1002: two candidates.
    csta::ClearConnection both;
    both.connectionToBeCleared = call_only(call);
    CHECK(error_of(*crm, both) == csta::ErrorCode(Op::invalidConnectionID));
    CHECK(logged(bridge, "2 connections at devices the user may use (1001, 1002)"));
    // An unknown call gets the same answer (a callID alone tells nothing of others' calls).
    csta::ClearConnection unknown;
    unknown.connectionToBeCleared = call_only("no-such-call");
    CHECK(error_of(*crm, unknown) == csta::ErrorCode(Op::invalidConnectionID));

    // 'limited' may use 1001 only: the callID names 1001's connection, which it may clear.
    auto limited = std::make_unique<test_support::CstaTestClient>(bridge.csta_port(), test_support::CstaTestClient::Encoding::xml);
    REQUIRE(limited->login("limited", "limitedpass"));
    // ... but a deviceID-only ConnectionID at 1002 is someone else's device.
    csta::ClearConnection foreign;
    foreign.connectionToBeCleared = device_only("1002");
    CHECK(error_of(*limited, foreign) == csta::ErrorCode(Op::privilegeViolationSpecifiedDevice));
    csta::ClearConnection mine;
    mine.connectionToBeCleared = call_only(call);
    auto r = limited->call(mine);
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::ClearConnectionResponse>(*r));
}

TEST_CASE("compat: SnapshotCall and a call monitor accept a deviceID-only ConnectionID") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    const auto call = talking_call(*c);
    auto s = c->call(csta::SnapshotCall{device_only("1002"), {}});
    REQUIRE(s);
    auto* snap = std::get_if<csta::SnapshotCallResponse>(&*s);
    REQUIRE(snap);
    CHECK(snap->snapshotData.size() == 2);
    csta::MonitorStart m;
    m.monitorObject = device_only("1001");
    auto r = c->call(m);
    REQUIRE(r);
    CHECK(std::holds_alternative<csta::MonitorStartResponse>(*r));
    // A callID-only call monitor is still a call monitor (the callID alone names the call).
    csta::MonitorStart by_call;
    by_call.monitorObject = call_only(call);
    auto r2 = c->call(by_call);
    REQUIRE(r2);
    CHECK(std::holds_alternative<csta::MonitorStartResponse>(*r2));
}
