// The AMI client under a flapping PBX and a flood of actions (issue 11, items 8 and 11), and
// the tracker's ordered deadlines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include <boost/asio/io_context.hpp>

#include "ami/action_tracker.hpp"
#include "ami/client.hpp"
#include "tests/ami/test_client_support.hpp"

using namespace client_test;
using test_support::ReplayServer;
using test_support::run_until;

namespace {
// Banner, Login, its response, FullyBooted, SuccessfulAuth: a PBX that logs the client in.
ami::Transcript login_only() { return first_chunks(fixture("sip-call-answered-caller-hangs-up.ami"), 5); }
}  // namespace

TEST_CASE("a PBX that accepts the login and drops at once: the back-off keeps growing", "[client][hardening]") {
    boost::asio::io_context io;
    test_support::ReplayOptions o;
    o.close_at_end = true;  // logs in, then hangs up
    o.sessions = 8;
    ReplayServer server(io, login_only(), o);
    auto cfg = config_for(server.port());
    cfg.reconnect = true;
    cfg.backoff_min = 20ms;
    cfg.backoff_max = 2000ms;
    cfg.stable_after = 1000ms;  // never reached: each link lasts a few ms
    ami::Client client(io, cfg);
    std::vector<std::chrono::steady_clock::time_point> losses;
    client.on_link([&](const ami::LinkStatus& s) {
        if (s.state == ami::LinkState::down) losses.push_back(std::chrono::steady_clock::now());
    });
    client.start();
    REQUIRE(run_until(io, [&] { return losses.size() >= 6; }, 8000ms));
    client.stop();
    CHECK(client.stats().logins >= 6);
    // Delays in [d/2, d] for d = 20, 40, 80, 160, 320 ms: had each login reset the back-off,
    // every gap would be 10-20 ms.
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(losses[5] - losses[4]);
    CHECK(gap >= 160ms);
}

TEST_CASE("actions beyond max_pending_actions fail at once with busy, the others go on", "[client][hardening]") {
    boost::asio::io_context io;
    test_support::ReplayOptions o;
    o.close_at_end = false;
    o.tolerated_actions = {"Status"};  // never answered: they stay pending
    ReplayServer server(io, login_only(), o);
    auto cfg = config_for(server.port());
    cfg.max_pending_actions = 3;
    ami::Client client(io, cfg);
    client.start();
    REQUIRE(run_until(io, [&] { return client.logged_in(); }));
    std::vector<ami::ErrorCode> results;
    for (int i = 0; i < 5; ++i)
        client.send(ami::Message::action("Status"), [&](ami::ActionResult r) { results.push_back(r.error); }, 5000ms);
    REQUIRE(run_until(io, [&] { return results.size() >= 2; }, 1000ms));
    CHECK(std::count(results.begin(), results.end(), ami::ErrorCode::busy) == 2);
    client.stop();
    run_until(io, [&] { return results.size() == 5; }, 2000ms);
    CHECK(results.size() == 5);
}

TEST_CASE("tracker: the deadline index follows completions, expiries and a re-used id", "[tracker][hardening]") {
    using clock_type = ami::ActionTracker::clock;
    ami::ActionTracker t("x-");
    const auto now = clock_type::now();
    int calls = 0;
    auto cb = [&](ami::ActionResult) { ++calls; };
    for (int i = 0; i < 1000; ++i) t.add("x-" + std::to_string(i), "Ping", std::chrono::milliseconds(1000 + i), now, cb);
    CHECK(t.next_deadline() == now + 1000ms);
    ami::Message r;
    r.add("Response", "Success");
    r.add("ActionID", "x-0");
    CHECK(t.on_message(r));
    CHECK(t.next_deadline() == now + 1001ms);
    // The same id added again replaces its old deadline.
    t.add("x-1", "Ping", 5000ms, now, cb);
    CHECK(t.next_deadline() == now + 1002ms);
    CHECK(t.expire(now + 1500ms) == 499);  // x-2 .. x-500
    CHECK(t.next_deadline() == now + 1501ms);
    CHECK(t.pending() == 500);
    t.fail_all(ami::ErrorCode::link_lost, "gone");
    CHECK_FALSE(t.next_deadline());
    CHECK(calls == 1 + 499 + 500);  // the replaced x-1 never completes
}

TEST_CASE("back-pressure, then the PBX drops the link: every event before the drop arrives, then the resync hook runs",
          "[client][hardening]") {
    boost::asio::io_context io;
    test_support::ReplayOptions o;
    o.sessions = 2;  // the PBX closes at the end of the recording; the client comes back
    ReplayServer server(io, fixture("sip-call-answered-caller-hangs-up.ami"), o);
    const auto expected = test_support::server_events(server.transcript());
    auto cfg = config_for(server.port());
    cfg.max_queued_events = 2;  // the subscriber is always behind: reading pauses again and again
    cfg.delivery_batch = 1;
    cfg.reconnect = true;
    ami::Client client(io, cfg);
    std::vector<std::string> seen;  // "event", "down", "resync" in the order the owner sees them
    client.on_event([&](const ami::Message&) { seen.push_back("event"); });
    std::optional<std::uint64_t> received_at_drop;
    client.on_link([&](const ami::LinkStatus& s) {
        if (s.state != ami::LinkState::down) return;
        seen.push_back("down");
        if (!received_at_drop) received_at_drop = client.stats().events_received;
    });
    client.on_logged_in([&] { seen.push_back("resync"); });
    client.start();
    REQUIRE(run_until(io, [&] { return std::count(seen.begin(), seen.end(), "resync") == 2; }, 8000ms));
    client.stop();
    INFO(join(seen));
    REQUIRE(seen.front() == "resync");
    const auto down = std::find(seen.begin(), seen.end(), "down");
    REQUIRE(down != seen.end());
    // Nothing dropped: every event read before the link went was delivered before its loss
    // was reported (the recording's events at least), then the resync.
    REQUIRE(received_at_drop);
    const auto before = static_cast<std::uint64_t>(std::count(seen.begin(), down, "event"));
    CHECK(before == *received_at_drop);
    CHECK(before >= expected.size());
    CHECK(std::find(down, seen.end(), "resync") != seen.end());
    CHECK(client.stats().events_dropped == 0);
    CHECK(client.stats().read_pauses > 0);
}
