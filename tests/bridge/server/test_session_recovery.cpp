// Session recovery (README "Session recovery", bridge/server/session_recovery.hpp) without
// sockets: a lost session keeps its monitors and the events for them, a login of the same user
// with its sessionID takes both over in order, and the caps end it at once (no gap).
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <sstream>

#include "bridge/server/session_recovery.hpp"

using namespace std::chrono_literals;

namespace {

bridge::Config recovery_config(const std::string& general, const std::string& user_extra = "") {
    std::istringstream in("[general]\n" + general + "[asterisk:pbx]\nusername = u\nsecret = s\n"
                          "[listener:cti]\nport = 4721\n[user:crm]\nsecret = s\n" + user_extra +
                          "[user:other]\nsecret = s\n");
    auto r = bridge::parse_config(in, "test.conf");
    INFO((r.errors.empty() ? std::string() : r.errors.front()));
    REQUIRE(r.config);
    return *r.config;
}

csta::Event delivered_event(const std::string& call_id) {
    csta::DeliveredEvent e;
    e.connection = csta::ConnectionID(call_id, csta::DeviceID("1001"));
    return e;
}

csta::Event established(const std::string& call_id) {
    csta::EstablishedEvent e;
    e.establishedConnection = csta::ConnectionID(call_id, csta::DeviceID("1001"));
    return e;
}

struct Fixture {
    explicit Fixture(bridge::Config c) : config(std::move(c)) {}
    boost::asio::io_context io;
    bridge::Config config;
    bridge::MonitorRegistry monitors;
    bridge::Metrics metrics = bridge::Metrics::standard();
    bridge::SessionRecovery recovery{io, config, monitors, metrics};

    // Session 1 of user crm with one device monitor, lost with sessionID "sid-1".
    void lose_session_1(std::chrono::steady_clock::duration window = 60s) {
        REQUIRE(std::holds_alternative<csta::MonitorCrossRefID>(
            monitors.start(1, bridge::MonitorTarget{"1001", ""}, {}, 10, "crm")));
        REQUIRE(recovery.keep_lost(1, "sid-1", "crm", window));
    }
};

}  // namespace

TEST_CASE("session recovery: a login of the same user takes over the lost session's monitors and kept events in order",
          "[session-recovery]") {
    Fixture f(recovery_config(""));
    f.lose_session_1();
    CHECK(f.recovery.size() == 1);
    CHECK(f.monitors.count(1) == 1);  // kept while waiting
    CHECK(f.recovery.user_of(1) == f.config.find_user("crm"));
    CHECK(f.recovery.user_of(2) == nullptr);
    CHECK(f.recovery.monitors_of_user("crm") == 1);
    CHECK(f.recovery.monitors_of_user("other") == 0);

    CHECK(f.recovery.keep_event(1, delivered_event("c1")));
    CHECK(f.recovery.keep_event(1, established("c1")));
    CHECK_FALSE(f.recovery.keep_event(2, delivered_event("c2")));  // session 2 is not a lost one

    CHECK_FALSE(f.recovery.claim("sid-1", "other"));  // another user's
    CHECK_FALSE(f.recovery.claim("sid-9", "crm"));    // unknown
    const auto old = f.recovery.claim("sid-1", "crm");
    REQUIRE(old);
    CHECK(*old == 1);
    CHECK_FALSE(f.recovery.claim("sid-1", "crm"));  // already being taken over

    std::vector<std::string> got;
    const auto handed = f.recovery.hand_over("sid-1", 1, 7, [&](const csta::Event& e) { got.emplace_back(csta::name(e)); });
    CHECK(handed == bridge::SessionRecovery::Handover::done);
    CHECK(got == std::vector<std::string>{"DeliveredEvent", "EstablishedEvent"});
    CHECK(f.monitors.count(7) == 1);
    CHECK(f.monitors.count(1) == 0);
    CHECK(f.recovery.size() == 0);
    CHECK(f.metrics.value("csta_bridge_sessions_recovered_total") == 1);
    CHECK(f.metrics.value("csta_bridge_csta_events_total", {{"type", "DeliveredEvent"}}) == 1);
    CHECK_FALSE(f.recovery.claim("sid-1", "crm"));  // recovered: gone from the lost ones
}

TEST_CASE("session recovery: when the recovering connection is gone, the lost session waits on", "[session-recovery]") {
    Fixture f(recovery_config(""));
    f.lose_session_1();
    REQUIRE(f.recovery.claim("sid-1", "crm"));
    CHECK(f.recovery.hand_over("sid-1", 1, 7, nullptr) == bridge::SessionRecovery::Handover::new_connection_gone);
    CHECK(f.monitors.count(1) == 1);
    CHECK(f.recovery.claim("sid-1", "crm") == std::optional<bridge::SessionId>(1));  // a later login may take it
}

TEST_CASE("session recovery: one event more than session-recovery-events ends the lost session", "[session-recovery]") {
    Fixture f(recovery_config("session-recovery-events = 2\n"));
    f.lose_session_1();
    REQUIRE(f.recovery.claim("sid-1", "crm"));  // a login is taking it over; events still come
    CHECK(f.recovery.keep_event(1, delivered_event("c1")));
    CHECK(f.recovery.keep_event(1, established("c1")));
    CHECK_FALSE(f.recovery.keep_event(1, delivered_event("c2")));
    CHECK(f.metrics.value("csta_bridge_queue_drops_total") == 1);
    CHECK(f.monitors.count(1) == 1);  // ended after the delivery under way, not inside it
    f.io.poll();
    CHECK(f.monitors.count(1) == 0);
    CHECK(f.recovery.size() == 0);
    // The login that claimed it is told to close: its events would have a gap.
    CHECK(f.recovery.hand_over("sid-1", 1, 7, [](const csta::Event&) {}) ==
          bridge::SessionRecovery::Handover::lost_session_ended);
    CHECK(f.monitors.count(7) == 0);
}

TEST_CASE("session recovery: the user's session-recovery-bytes cap ends its lost session", "[session-recovery]") {
    Fixture f(recovery_config("", "session-recovery-bytes = 1\n"));
    f.lose_session_1();
    CHECK_FALSE(f.recovery.keep_event(1, delivered_event("c1")));
    CHECK_FALSE(f.recovery.claim("sid-1", "crm"));  // ending already
    f.io.poll();
    CHECK(f.monitors.count(1) == 0);
    CHECK(f.recovery.size() == 0);
}

TEST_CASE("session recovery: not recovered within its window, the lost session ends and its monitors stop",
          "[session-recovery]") {
    Fixture f(recovery_config(""));
    f.lose_session_1(20ms);
    f.io.run();  // until the window's timer has fired: nothing else is pending
    CHECK(f.monitors.count(1) == 0);
    CHECK(f.recovery.size() == 0);
    CHECK_FALSE(f.recovery.claim("sid-1", "crm"));
}

TEST_CASE("session recovery: not kept without a window or a sessionID, nor beyond max-sessions lost sessions",
          "[session-recovery]") {
    Fixture f(recovery_config("max-sessions = 1\n"));
    CHECK_FALSE(f.recovery.keep_lost(1, "sid-1", "crm", 0s));
    CHECK_FALSE(f.recovery.keep_lost(1, "", "crm", 60s));
    CHECK(f.recovery.keep_lost(1, "sid-1", "crm", 60s));
    CHECK_FALSE(f.recovery.keep_lost(2, "sid-2", "crm", 60s));
    CHECK(f.recovery.size() == 1);
    f.recovery.clear();  // the bridge stops
    CHECK(f.recovery.size() == 0);
    f.io.run();  // the cancelled timer ends nothing
}
