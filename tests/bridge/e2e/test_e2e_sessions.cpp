// ECMA-354 session recovery, as Avaya DMCC does it: an XML client whose connection was lost
// logs in again with its sessionID (in applicationSpecificInfo) within the configured window
// and finds its monitors as it left them; anything else is refused with invalidSessionID.
#include <catch2/catch.hpp>
#include <thread>

#include "csta/framing/framing.hpp"
#include "tests/bridge/e2e/event_helpers.hpp"
#include "tests/bridge/e2e/test_e2e_flows_support.hpp"

using namespace e2e;
using namespace e2e::flows;

namespace {

Options with_recovery(const std::string& seconds) {
    Options o;
    o.extra_general = "session-recovery = " + seconds + "\n";
    return o;
}

// Logs in on a new connection with a sessionID to recover; the refusal's definedError in *why.
std::unique_ptr<CstaTestClient> recover(BridgeFixture& bridge, const std::string& session_id, bool& ok,
                                        std::string* why = nullptr, const std::string& user = "crm",
                                        const std::string& secret = "crmpass") {
    auto c = bridge.client(CstaTestClient::Encoding::xml, csta::xml::Edition::ed6, false);
    std::string detail;
    ok = c->login(user, secret, &detail, session_id);
    if (why) *why = detail;
    return c;
}

}  // namespace

TEST_CASE("a lost XML session is taken over with its sessionID: same session, same monitors, events flow again") {
    BridgeFixture bridge(with_recovery("30"));
    INFO(bridge.logs());
    std::string session_id, x1001, x1002;
    {
        auto first = bridge.client();
        x1001 = monitor_device(*first, "1001");
        x1002 = monitor_device(*first, "1002");
        session_id = first->session_id();
        REQUIRE_FALSE(session_id.empty());
    }  // the connection drops without StopApplicationSession
    std::this_thread::sleep_for(300ms);  // the bridge notices the loss (either order must work)
    bool ok = false;
    auto again = recover(bridge, session_id, ok);
    REQUIRE(ok);
    CHECK(again->session_id() == session_id);  // the same session, not a new one

    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    auto events = collect(*again, [&](const Events& ev) {
        return count(ev, "EstablishedEvent", x1001) > 0 && count(ev, "EstablishedEvent", x1002) > 0;
    });
    INFO(dump(events));
    CHECK(names(events, x1001) == std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent",
                                                           "DeliveredEvent", "EstablishedEvent"});
    CHECK(names(events, x1002) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    // The monitors belong to the new connection now.
    auto stop = again->call(csta::MonitorStop{x1001, std::nullopt});
    REQUIRE(stop);
    CHECK(std::holds_alternative<csta::MonitorStopResponse>(*stop));
}

TEST_CASE("events for a lost session are kept and arrive in order right after the recovering login") {
    BridgeFixture bridge(with_recovery("30"));
    INFO(bridge.logs());
    std::string session_id, x1001, x1002;
    {
        auto first = bridge.client();
        x1001 = monitor_device(*first, "1001");
        x1002 = monitor_device(*first, "1002");
        session_id = first->session_id();
    }
    std::this_thread::sleep_for(300ms);  // the bridge notices the loss
    // The call happens while nobody is connected for the session.
    auto watcher = bridge.client();
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    REQUIRE(wait_device_state(*watcher, "1002", csta::LocalConnectionState::connected));
    bool ok = false;
    auto again = recover(bridge, session_id, ok);
    REQUIRE(ok);
    auto events = collect(*again, [&](const Events& ev) {
        return count(ev, "EstablishedEvent", x1001) > 0 && count(ev, "EstablishedEvent", x1002) > 0;
    });
    INFO(dump(events));
    CHECK(names(events, x1001) == std::vector<std::string>{"ServiceInitiatedEvent", "OriginatedEvent",
                                                           "DeliveredEvent", "EstablishedEvent"});
    CHECK(names(events, x1002) == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    CHECK_THAT(bridge.logs(), Catch::Contains("and 6 event(s) kept for it"));
    // And the live ones follow them.
    bridge.pbx_action("SimHangup", {{"Exten", "1001"}});
    auto cleared = collect(*again, [&](const Events& ev) { return count(ev, "ConnectionClearedEvent", x1002) >= 2; });
    CHECK(count(cleared, "ConnectionClearedEvent", x1001) == 1);
}

TEST_CASE("a lost session that would need more events kept than session-recovery-events ends: no recovery with a gap") {
    Options o = with_recovery("30");
    o.extra_general += "session-recovery-events = 3\n";
    BridgeFixture bridge(o);
    INFO(bridge.logs());
    std::string session_id;
    {
        auto first = bridge.client();
        monitor_device(*first, "1001");
        session_id = first->session_id();
    }
    std::this_thread::sleep_for(300ms);
    auto watcher = bridge.client();
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});  // 4 events for 1001's monitor
    REQUIRE(wait_device_state(*watcher, "1002", csta::LocalConnectionState::connected));
    std::this_thread::sleep_for(200ms);
    bool ok = true;
    std::string why;
    recover(bridge, session_id, ok, &why);
    CHECK_FALSE(ok);
    CHECK(why == "invalidSessionID");
    CHECK_THAT(bridge.logs(), Catch::Contains("too many events waiting for its recovery (session-recovery-events 3"));
}

TEST_CASE("a client that notices the loss first may recover while the bridge still holds the old connection") {
    BridgeFixture bridge(with_recovery("30"));
    INFO(bridge.logs());
    auto first = bridge.client();
    const auto x1001 = monitor_device(*first, "1001");
    bool ok = false;
    auto again = recover(bridge, first->session_id(), ok);  // the old connection is still open
    REQUIRE(ok);
    CHECK(again->session_id() == first->session_id());
    CHECK(first->wait_closed(5s));  // the bridge closed the old one
    bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    auto events = collect(*again, [&](const Events& ev) { return count(ev, "DeliveredEvent", x1001) > 0; });
    INFO(dump(events));
    CHECK(count(events, "DeliveredEvent", x1001) == 1);
}

TEST_CASE("recovery refused: unknown sessionID, another user's, after StopApplicationSession, window over") {
    BridgeFixture bridge(with_recovery("2"));
    INFO(bridge.logs());
    bool ok = true;
    std::string why;

    SECTION("a sessionID the bridge never gave") {
        auto c = recover(bridge, "no-such-session", ok, &why);
        CHECK_FALSE(ok);
        CHECK(why == "invalidSessionID");
        CHECK(c->wait_closed(5s));
    }
    SECTION("another user's session, which stays recoverable by its owner") {
        std::string sid;
        {
            auto first = bridge.client();
            monitor_device(*first, "1001");
            sid = first->session_id();
        }
        std::this_thread::sleep_for(300ms);
        recover(bridge, sid, ok, &why, "limited", "limitedpass");
        CHECK_FALSE(ok);
        CHECK(why == "invalidSessionID");
        auto owner = recover(bridge, sid, ok);
        CHECK(ok);
    }
    SECTION("a session ended in order with StopApplicationSession") {
        auto first = bridge.client();
        const auto sid = first->session_id();
        const auto doc = csta::xml::Codec::encode(csta::SessionMessage(csta::StopApplicationSession{sid, std::nullopt}));
        auto frame = csta::framing::encode_xml(doc, 77);
        REQUIRE(frame);
        first->send_raw(*frame);
        CHECK(first->wait_closed(5s));
        recover(bridge, sid, ok, &why);
        CHECK_FALSE(ok);
        CHECK(why == "invalidSessionID");
    }
    SECTION("the window (2 s here) is over: the monitors were stopped") {
        std::string sid;
        {
            auto first = bridge.client();
            monitor_device(*first, "1001");
            sid = first->session_id();
        }
        std::this_thread::sleep_for(3500ms);
        recover(bridge, sid, ok, &why);
        CHECK_FALSE(ok);
        CHECK(why == "invalidSessionID");
        CHECK_THAT(bridge.logs(), Catch::Contains("ends: not recovered within its window; 1 monitor(s) stopped"));
    }
    SECTION("the client asked for no cleanup delay (sessionCleanupDelay 0)") {
        std::string sid;
        {
            auto first = bridge.client(CstaTestClient::Encoding::xml, csta::xml::Edition::ed6, false);
            REQUIRE(first->login("crm", "crmpass", nullptr, {}, 0L));
            sid = first->session_id();
        }
        std::this_thread::sleep_for(300ms);
        recover(bridge, sid, ok, &why);
        CHECK_FALSE(ok);
        CHECK(why == "invalidSessionID");
    }
}

TEST_CASE("session-recovery = 0: a lost session ends at once, its monitors stop, its sessionID is refused") {
    BridgeFixture bridge(with_recovery("0"));
    INFO(bridge.logs());
    std::string sid;
    {
        auto first = bridge.client();
        monitor_device(*first, "1001");
        sid = first->session_id();
        REQUIRE_FALSE(sid.empty());
    }
    std::this_thread::sleep_for(300ms);
    bool ok = true;
    std::string why;
    recover(bridge, sid, ok, &why);
    CHECK_FALSE(ok);
    CHECK(why == "invalidSessionID");
    CHECK_THAT(bridge.logs(), Catch::Contains(": 1 monitors stopped"));
    CHECK_THAT(bridge.logs(), !Catch::Contains("waiting for recovery"));
}
