#include <algorithm>
#include <random>

#include <catch2/catch.hpp>

#include "bridge/server/monitors.hpp"

using bridge::MonitorRegistry;
using csta::LocalConnectionState;

namespace {
csta::Event delivered() {
    csta::DeliveredEvent e;
    e.connection = csta::ConnectionID("C1", "1002");
    e.alertingDevice = csta::DeviceID("1002");
    e.callingDevice = csta::DeviceID("1001");
    e.calledDevice = csta::DeviceID("1002");
    return e;
}
std::string xref_of(const MonitorRegistry::Result& r) { return std::get<csta::MonitorCrossRefID>(r); }

struct Received {
    bridge::SessionId session;
    csta::Event event;
};
}  // namespace

TEST_CASE("each monitor gets the event with its own cross reference and local state") {
    MonitorRegistry reg;
    auto a = xref_of(reg.start(1, {"1001", ""}, {}, 10));
    auto b = xref_of(reg.start(2, {"1002", ""}, {}, 10));
    auto c = xref_of(reg.start(2, {"", "C1"}, {}, 10));
    auto other = xref_of(reg.start(3, {"1003", ""}, {}, 10));
    CHECK(a != b);
    bridge::EventAudience audience{"C1", {{"1001", LocalConnectionState::connected}, {"1002", LocalConnectionState::alerting}}};
    std::vector<Received> got;
    reg.deliver(delivered(), audience, [&](const bridge::Monitor& m, csta::Event e, const void*) { got.push_back({m.session, std::move(e)}); });
    REQUIRE(got.size() == 3);  // 1001's and 1002's device monitors and the call monitor; not 1003's
    auto& e1 = std::get<csta::DeliveredEvent>(got[0].event);
    CHECK(e1.monitorCrossRefID == a);
    CHECK(e1.localConnectionInfo == LocalConnectionState::connected);
    auto& e2 = std::get<csta::DeliveredEvent>(got[1].event);
    CHECK(e2.monitorCrossRefID == b);
    CHECK(e2.localConnectionInfo == LocalConnectionState::alerting);
    auto& e3 = std::get<csta::DeliveredEvent>(got[2].event);
    CHECK(e3.monitorCrossRefID == c);
    CHECK_FALSE(e3.localConnectionInfo.has_value());
    (void)other;
}

TEST_CASE("filters remove exactly the flagged event types") {
    MonitorRegistry reg;
    csta::MonitorFilter no_delivered;
    no_delivered.callcontrol.set(csta::CallControlEvent::delivered);
    auto x = xref_of(reg.start(1, {"1002", ""}, no_delivered, 10));
    bridge::EventAudience audience{"C1", {{"1002", LocalConnectionState::alerting}}};
    int n = 0;
    reg.deliver(delivered(), audience, [&](const bridge::Monitor&, csta::Event, const void*) { ++n; });
    CHECK(n == 0);
    csta::EstablishedEvent est;
    reg.deliver(est, audience, [&](const bridge::Monitor&, csta::Event, const void*) { ++n; });
    CHECK(n == 1);
    REQUIRE_FALSE(reg.change_filter(1, x, {}).has_value());
    reg.deliver(delivered(), audience, [&](const bridge::Monitor&, csta::Event, const void*) { ++n; });
    CHECK(n == 2);
}

TEST_CASE("limits, foreign and unknown cross references give precise errors") {
    MonitorRegistry reg;
    auto x = xref_of(reg.start(1, {"1001", ""}, {}, 2));
    xref_of(reg.start(1, {"1002", ""}, {}, 2));
    auto full = reg.start(1, {"1003", ""}, {}, 2);
    REQUIRE(std::holds_alternative<csta::ErrorCode>(full));
    CHECK(std::get<csta::ErrorCode>(full) ==
          csta::ErrorCode(csta::SystemResourceAvailabilityError::overallMonitorLimitExceeded));
    auto foreign = reg.stop(2, x);  // session 2 may not stop session 1's monitor
    REQUIRE(foreign);
    CHECK(*foreign == csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID));
    CHECK(reg.stop(1, "nope").has_value());
    CHECK_FALSE(reg.stop(1, x).has_value());
    CHECK(reg.size() == 1);
    CHECK(reg.drop_session(1) == 1);
    CHECK(reg.size() == 0);
    CHECK_FALSE(reg.device_monitored("1002"));
}

TEST_CASE("a cleared call ends its call monitors, and only those") {
    MonitorRegistry reg;
    auto on_call = xref_of(reg.start(1, {"", "C1"}, {}, 10));
    auto on_call_too = xref_of(reg.start(2, {"", "C1"}, {}, 10));
    auto other_call = xref_of(reg.start(1, {"", "C2"}, {}, 10));
    auto device = xref_of(reg.start(1, {"1001", ""}, {}, 10));
    CHECK(reg.end_call("C1") == 2);
    CHECK_FALSE(reg.find(on_call));
    CHECK_FALSE(reg.find(on_call_too));
    CHECK(reg.find(other_call));
    CHECK(reg.find(device));
    CHECK(reg.count(1) == 2);
    CHECK(reg.stop(1, on_call) == csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID));
    CHECK(reg.end_call("C1") == 0);
    // Nothing is delivered on the old call any more.
    std::size_t got = 0;
    reg.deliver(delivered(), {"C1", {}}, [&](const bridge::Monitor&, csta::Event, const void*) { ++got; });
    CHECK(got == 0);
}

TEST_CASE("the call monitors of a call merged into another follow the resulting call", "[monitors]") {
    bridge::MonitorRegistry reg;
    auto consultation = xref_of(reg.start(1, {"", "C2"}, {}, 10));
    auto also = xref_of(reg.start(2, {"", "C2"}, {}, 10));
    auto primary = xref_of(reg.start(1, {"", "C1"}, {}, 10));
    CHECK(reg.move_call("C2", "C1") == 2);
    CHECK(reg.find(consultation)->object() == "C1");
    CHECK(reg.find(also)->object() == "C1");
    std::vector<std::string> got;
    reg.deliver(delivered(), {"C1", {}}, [&](const bridge::Monitor& m, csta::Event, const void*) { got.push_back(m.xref()); });
    CHECK(got == std::vector<std::string>{consultation, also, primary});  // start order
    reg.deliver(delivered(), {"C2", {}}, [&](const bridge::Monitor& m, csta::Event, const void*) { got.push_back(m.xref()); });
    CHECK(got.size() == 3);  // nothing watches C2 any more
    CHECK(reg.move_call("C2", "C1") == 0);
    CHECK(reg.end_call("C1") == 3);
}

TEST_CASE("counts per session and per user follow every start, stop, drop and hand-over", "[monitors]") {
    MonitorRegistry reg;
    auto a1 = xref_of(reg.start(1, {"1001", ""}, {}, 10, "alice"));
    xref_of(reg.start(1, {"1002", ""}, {}, 10, "alice"));
    xref_of(reg.start(2, {"1001", ""}, {}, 10, "alice"));
    auto b1 = xref_of(reg.start(3, {"", "C1"}, {}, 10, "bob"));
    xref_of(reg.start(4, {"1003", ""}, {}, 10));  // a trusted peer without a login
    CHECK(reg.count(1) == 2);
    CHECK(reg.count(2) == 1);
    CHECK(reg.count(9) == 0);
    CHECK(reg.count_user("alice") == 3);
    CHECK(reg.count_user("bob") == 1);
    CHECK(reg.count_user("") == 0);
    // A stop by the wrong session changes nothing.
    CHECK(reg.stop(2, a1).has_value());
    CHECK(reg.count(1) == 2);
    REQUIRE_FALSE(reg.stop(1, a1).has_value());
    CHECK(reg.count(1) == 1);
    CHECK(reg.count_user("alice") == 2);
    // A recovered session takes over the monitors and their count.
    CHECK(reg.move_session(1, 5) == 1);
    CHECK(reg.count(1) == 0);
    CHECK(reg.count(5) == 1);
    CHECK(reg.count_user("alice") == 2);
    CHECK(reg.drop_session(5) == 1);
    CHECK(reg.drop_session(2) == 1);
    CHECK(reg.count_user("alice") == 0);
    CHECK_FALSE(reg.device_monitored("1001"));
    CHECK(reg.end_call("C1") == 1);
    CHECK(reg.count(3) == 0);
    CHECK(reg.count_user("bob") == 0);
    CHECK_FALSE(reg.find(b1));
    CHECK(reg.size() == 1);
}

TEST_CASE("cross references that are not issued numbers are unknown", "[monitors]") {
    MonitorRegistry reg;
    auto x = xref_of(reg.start(1, {"1001", ""}, {}, 10));
    CHECK(x == "1");
    for (std::string bad : {"", "01", "1 ", "+1", "-1", "1x", "18446744073709551616", "2"}) {
        INFO(bad);
        CHECK_FALSE(reg.find(bad));
        CHECK(reg.stop(1, bad) == csta::ErrorCode(csta::OperationError::invalidMonitorCrossRefID));
    }
    CHECK(reg.find(x));
}

TEST_CASE("a device watched by several sessions delivers in start order, across devices", "[monitors]") {
    MonitorRegistry reg;
    auto on_1002 = xref_of(reg.start(1, {"1002", ""}, {}, 10));
    auto on_1001 = xref_of(reg.start(2, {"1001", ""}, {}, 10));
    auto on_1002_too = xref_of(reg.start(3, {"1002", ""}, {}, 10));
    bridge::EventAudience audience{"C1", {{"1001", LocalConnectionState::connected}, {"1002", LocalConnectionState::alerting}}};
    std::vector<std::string> got;
    reg.deliver(delivered(), audience, [&](const bridge::Monitor& m, csta::Event, const void*) { got.push_back(m.xref()); });
    CHECK(got == std::vector<std::string>{on_1002, on_1001, on_1002_too});
    REQUIRE_FALSE(reg.stop(1, on_1002).has_value());
    CHECK(reg.device_monitored("1002"));
    got.clear();
    reg.deliver(delivered(), audience, [&](const bridge::Monitor& m, csta::Event, const void*) { got.push_back(m.xref()); });
    CHECK(got == std::vector<std::string>{on_1001, on_1002_too});
}

TEST_CASE("random starts, stops, drops, hand-overs and call merges agree with a plain list", "[monitors]") {
    // The registry links a session's monitors through their entries and keeps one key inline
    // per device or call; a plain list of live monitors is the reference. After every step
    // counts, lookups and who gets an event (in start order) must agree.
    struct Live {
        std::string xref;
        bridge::SessionId session;
        std::string object;
        bool call;
    };
    std::vector<Live> live;
    MonitorRegistry reg;
    std::mt19937 rng(17);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const std::vector<std::string> devices{"1001", "1002", "1003"}, calls{"C1", "C2", "C3"};
    for (int step = 0; step < 4000; ++step) {
        const int op = pick(10);
        if (op < 5) {
            const bool call = pick(2) == 1;
            const auto object = call ? calls[pick(3)] : devices[pick(3)];
            const bridge::SessionId s = 1 + pick(4);
            auto r = reg.start(s, call ? bridge::MonitorTarget{"", object} : bridge::MonitorTarget{object, ""}, {}, 1000);
            live.push_back({xref_of(r), s, object, call});
        } else if (op < 7 && !live.empty()) {
            const auto i = static_cast<std::size_t>(pick(static_cast<int>(live.size())));
            REQUIRE_FALSE(reg.stop(live[i].session, live[i].xref).has_value());
            live.erase(live.begin() + static_cast<long>(i));
        } else if (op == 7) {
            const bridge::SessionId s = 1 + pick(4);
            const auto n = std::erase_if(live, [&](const Live& l) { return l.session == s; });
            REQUIRE(reg.drop_session(s) == n);
        } else if (op == 8) {
            const bridge::SessionId from = 1 + pick(4), to = 1 + pick(4);
            std::size_t n = 0;
            if (from != to)
                for (auto& l : live) n += l.session == from ? (l.session = to, 1) : 0;
            REQUIRE(reg.move_session(from, to) == n);
        } else {
            const auto from = calls[pick(3)], to = calls[pick(3)];
            std::size_t n = 0;
            if (from != to)
                for (auto& l : live) n += l.call && l.object == from ? (l.object = to, 1) : 0;
            REQUIRE(reg.move_call(from, to) == n);
        }
        REQUIRE(reg.size() == live.size());
        for (bridge::SessionId s = 1; s <= 4; ++s)
            REQUIRE(reg.count(s) == static_cast<std::size_t>(std::count_if(live.begin(), live.end(), [&](const Live& l) { return l.session == s; })));
        for (const auto& d : devices)
            REQUIRE(reg.device_monitored(d) ==
                    std::any_of(live.begin(), live.end(), [&](const Live& x) { return !x.call && x.object == d; }));
        const auto& l = live.empty() ? Live{} : live[static_cast<std::size_t>(pick(static_cast<int>(live.size())))];
        if (!live.empty()) {
            const auto* m = reg.find(l.xref);
            REQUIRE(m);
            CHECK(m->session == l.session);
            CHECK(m->object() == l.object);
            CHECK(m->is_call() == l.call);
        }
        // An event of call C1 at 1001 and 1002 reaches, in start order, exactly these.
        std::vector<std::string> want, got;
        for (const auto& x : live)
            if (x.call ? x.object == "C1" : x.object == "1001" || x.object == "1002") want.push_back(x.xref);
        std::sort(want.begin(), want.end(), [](const auto& a, const auto& b) { return std::stoull(a) < std::stoull(b); });
        bridge::EventAudience audience{"C1", {{"1001", LocalConnectionState::connected}, {"1002", LocalConnectionState::alerting}}};
        reg.deliver(delivered(), audience, [&](const bridge::Monitor& m, csta::Event, const void*) { got.push_back(m.xref()); });
        REQUIRE(got == want);
    }
}
