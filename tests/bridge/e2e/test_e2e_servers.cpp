// Two Asterisk servers behind one bridge (conf/csta-bridge.conf: device-prefix "namespaces
// device ids when several servers share one bridge"): each server's devices are
// PREFIX<number> everywhere a client meets them, and requests go to the server that owns the
// device or the call.
#include <catch2/catch.hpp>
#include <set>

#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;

namespace {

Options two_servers() {
    Options o;
    o.asterisk_extra = "device-prefix = a\n";
    o.second_pbx = true;
    o.second_asterisk_extra = "device-prefix = b\n";
    o.users = "[user:crm]\nsecret = crmpass\nmax-monitors = 20\n"  // every device
              "[user:only-b]\nsecret = bpass\ndevices = b1000-b1999\n";
    return o;
}

// Every device an event names (subject connection, calling/called/alerting/answering...).
std::vector<std::string> devices_named(const csta::Event& e) {
    std::vector<std::string> out;
    auto add = [&](const csta::DeviceID& d) { out.push_back(d.value); };
    auto add_ext = [&](const csta::ExtendedDeviceID& x) {
        if (x.known()) add(x.device);
    };
    if (auto c = subject_connection(e); c && c->deviceID) add(*c->deviceID);
    std::visit([&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, csta::DeliveredEvent>) {
            add_ext(ev.alertingDevice); add_ext(ev.callingDevice); add_ext(ev.calledDevice);
        } else if constexpr (std::is_same_v<T, csta::EstablishedEvent>) {
            add_ext(ev.answeringDevice); add_ext(ev.callingDevice); add_ext(ev.calledDevice);
        } else if constexpr (std::is_same_v<T, csta::OriginatedEvent>) {
            add_ext(ev.callingDevice); add_ext(ev.calledDevice);
        } else if constexpr (std::is_same_v<T, csta::ConnectionClearedEvent>) {
            add_ext(ev.releasingDevice);
        }
    }, e);
    return out;
}

std::set<std::string> device_list(CstaTestClient& c) {
    auto g = c.call(csta::GetSwitchingFunctionDevices{});
    REQUIRE(g);
    REQUIRE(std::holds_alternative<csta::GetSwitchingFunctionDevicesResponse>(*g));
    std::set<std::string> devices;
    for (bool last = false; !last;) {
        auto req = c.next_server_request(5s);
        REQUIRE(req);
        auto* list = std::get_if<csta::SwitchingFunctionDevices>(&*req);
        if (!list) continue;
        for (const auto& dev : list->deviceList) devices.insert(dev.deviceID.value);
        last = list->lastSegment;
    }
    return devices;
}

}  // namespace

TEST_CASE("two Asterisk servers: device list, monitors and events name each server's phones with its prefix") {
    BridgeFixture bridge(two_servers());
    auto c = bridge.client();  // RequestSystemStatus normal: both links are up
    INFO(bridge.logs());

    // Each server's phones and its queue (the ACD group q-test), prefixed alike.
    CHECK(device_list(*c) == std::set<std::string>{"a1001", "a1002", "a1003", "a1004", "aq-test", "b1001", "b1002",
                                                   "b1003", "b1004", "bq-test"});

    csta::MonitorStart bare;
    bare.monitorObject = csta::DeviceID("1001");  // whose 1001? no server owns an unprefixed name
    auto r = c->call(bare);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::OperationError::invalidDeviceID));

    const auto xa = monitor_device(*c, "a1001");
    const auto xb = monitor_device(*c, "b1001");
    const auto xb2 = monitor_device(*c, "b1002");
    // A phone call on server b only: b1001's and b1002's monitors see it, a1001's nothing.
    bridge.pbx_b_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    auto events = collect(*c, [&](const Events& ev) {
        return count(ev, "EstablishedEvent", xb) > 0 && count(ev, "EstablishedEvent", xb2) > 0;
    });
    INFO(dump(events));
    CHECK(names(events, xa).empty());
    CHECK(names(events, xb) == std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent",
                                                        "EstablishedEvent"});
    CHECK(names(events, xb2) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    for (const auto& e : events)
        for (const auto& d : devices_named(e)) {
            INFO(describe(e) << " names " << d);
            CHECK((d == "b1001" || d == "b1002"));
        }
    // The snapshot of a server-b device answers from server b's call model.
    auto snap = c->call(csta::SnapshotDevice{csta::DeviceID("b1002"), {}});
    REQUIRE(snap);
    REQUIRE(std::holds_alternative<csta::SnapshotDeviceResponse>(*snap));
    CHECK(std::get<csta::SnapshotDeviceResponse>(*snap).snapshotData.size() == 1);
    auto snap_a = c->call(csta::SnapshotDevice{csta::DeviceID("a1002"), {}});
    REQUIRE(snap_a);
    REQUIRE(std::holds_alternative<csta::SnapshotDeviceResponse>(*snap_a));
    CHECK(std::get<csta::SnapshotDeviceResponse>(*snap_a).snapshotData.empty());
}

TEST_CASE("two Asterisk servers: MakeCall and ClearConnection go to the server of the device, without the prefix") {
    BridgeFixture bridge(two_servers());
    auto c = bridge.client();
    INFO(bridge.logs());
    const auto xa1 = monitor_device(*c, "a1001");
    const auto xa2 = monitor_device(*c, "a1002");
    const auto xb1 = monitor_device(*c, "b1001");

    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("a1001");
    mc.calledDirectoryNumber = csta::DeviceID("a1002");
    auto r = c->call(mc);
    REQUIRE(r);
    INFO("MakeCall answered " << csta::name(*r));
    auto* made = std::get_if<csta::MakeCallResponse>(&*r);
    REQUIRE(made);
    CHECK(made->callingDevice.deviceID == csta::DeviceID("a1001"));
    REQUIRE(made->callingDevice.callID);
    const auto call_id = *made->callingDevice.callID;
    CHECK(call_id.rfind("a", 0) == 0);  // callIDs carry the server's prefix as devices do

    auto events = collect(*c, [&](const Events& ev) {
        return count(ev, "EstablishedEvent", xa1) > 0 && count(ev, "EstablishedEvent", xa2) > 0;
    });
    INFO(dump(events));
    CHECK(names(events, xb1).empty());  // server b's 1001 is another phone
    CHECK(names(events, xa1) ==
          std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent", "DeliveredEvent", "EstablishedEvent"});
    for (const auto& e : events) {
        if (auto conn = subject_connection(e)) CHECK(conn->callID == call_id);
        for (const auto& d : devices_named(e)) {
            INFO(describe(e) << " names " << d);
            CHECK((d == "a1001" || d == "a1002"));
        }
    }

    csta::ClearConnection cc;
    cc.connectionToBeCleared = csta::ConnectionID(call_id, "a1001");
    auto cr = c->call(cc);
    REQUIRE(cr);
    CHECK(std::holds_alternative<csta::ClearConnectionResponse>(*cr));
    auto cleared = collect(*c, [&](const Events& ev) { return count(ev, "ConnectionClearedEvent", xa2) >= 2; });
    INFO(dump(cleared));
    CHECK(count(cleared, "ConnectionClearedEvent", xa1) == 1);
    CHECK(names(cleared, xb1).empty());
}

TEST_CASE("two Asterisk servers: a user's device patterns use the prefixed names") {
    BridgeFixture bridge(two_servers());
    auto c = bridge.client(CstaTestClient::Encoding::xml, csta::xml::Edition::ed6, false);
    REQUIRE(c->login("only-b", "bpass"));
    // Both links up first: a device list asked for during the start lists only what is known.
    REQUIRE(e2e::wait_link_up(*c, 20s));
    CHECK(device_list(*c) == std::set<std::string>{"b1001", "b1002", "b1003", "b1004"});
    csta::MonitorStart m;
    m.monitorObject = csta::DeviceID("a1001");
    auto r = c->call(m);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(*r));
    CHECK(std::get<csta::ErrorCode>(*r) == csta::ErrorCode(csta::OperationError::privilegeViolationSpecifiedDevice));
    monitor_device(*c, "b1003");
}
