// The AMI client against recorded Asterisk 22 sessions replayed over a real TCP socket.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <functional>
#include <map>
#include <optional>
#include <set>

#include <boost/asio/io_context.hpp>

#include "ami/client.hpp"
#include "ami/md5_login.hpp"
#include "tests/ami/test_client_support.hpp"

using namespace client_test;
using test_support::ReplayServer;
using test_support::run_until;

namespace {

// Independent MD5 (one-shot EVP_Digest, not the client's code path).
std::string openssl_md5_hex(const std::string& s) {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    REQUIRE(EVP_Digest(s.data(), s.size(), d, &n, EVP_md5(), nullptr) == 1);
    char hex[3];
    std::string out;
    for (unsigned i = 0; i < n; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", d[i]);
        out += hex;
    }
    return out;
}

const ami::Message* find_action(const std::vector<ami::Message>& actions, std::string_view name) {
    for (const auto& a : actions)
        if (ami::iequals(a.action_name(), name)) return &a;
    return nullptr;
}

}  // namespace

TEST_CASE("plain login, then every event of the transcript in order, then Logoff", "[client]") {
    boost::asio::io_context io;
    ReplayServer server(io, fixture("sip-call-answered-caller-hangs-up.ami"));
    const auto expected = test_support::server_events(server.transcript());
    REQUIRE(expected.size() > 50);

    ami::Client client(io, config_for(server.port()));
    std::vector<ami::Message> events;
    std::vector<ami::LinkStatus> links;
    int resyncs = 0;
    bool stopped = false;
    client.on_event([&](const ami::Message& m) {
        events.push_back(m);
        if (events.size() == expected.size()) client.stop([&] { stopped = true; });
    });
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.on_logged_in([&] { ++resyncs; });
    client.start();

    REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
    INFO(join(server.mismatches()));
    CHECK(server.mismatches().empty());
    CHECK(server.sessions().at(0).completed);  // the Logoff was expected and Goodbye sent
    CHECK(client.banner() == "Asterisk Call Manager/11.0.0");
    CHECK(client.version() == "11.0.0");
    CHECK(resyncs == 1);
    REQUIRE(links.size() == 2);
    CHECK(links[0].state == ami::LinkState::up);
    CHECK(links[1].state == ami::LinkState::down);
    CHECK(links[1].error == ami::ErrorCode::stopped);
    REQUIRE(events.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("event #" << i << " expected " << ami::to_debug_string(expected[i]));
        REQUIRE(events[i] == expected[i]);
    }
    const auto st = client.stats();
    CHECK(st.events_delivered == expected.size());
    CHECK(st.events_dropped == 0);
    CHECK(st.parse_errors == 0);
    // Login and Logoff, with the client's own ActionIDs.
    const auto& actions = server.sessions().at(0).actions;
    REQUIRE(actions.size() == 2);
    CHECK(actions[0].action_name() == "Login");
    CHECK(actions[0].get("Events") == "on");
    CHECK(actions[1].action_name() == "Logoff");
    CHECK(actions[0].action_id() != actions[1].action_id());
    CHECK(actions[0].action_id() != "a1");
}

TEST_CASE("MD5 login computes the transcript's key from the replayed challenge", "[client]") {
    const auto transcript = fixture("login-md5-ping-logoff.ami");
    const auto recorded = test_support::client_actions(transcript);
    const auto* recorded_login = find_action(recorded, "Login");
    REQUIRE(recorded_login != nullptr);
    const auto server_msgs = test_support::server_messages(transcript);
    REQUIRE(server_msgs.at(0).has("Challenge"));
    const std::string challenge(server_msgs.at(0).get("Challenge"));

    // The recorded key is md5(challenge + secret), computed independently.
    const std::string key = openssl_md5_hex(challenge + "bridgepass");
    CHECK(key == recorded_login->get("Key"));
    CHECK(ami::md5_login_key(challenge, "bridgepass") == key);

    for (auto mode : {ami::AuthMode::md5, ami::AuthMode::automatic}) {
        DYNAMIC_SECTION("auth mode " << static_cast<int>(mode)) {
            boost::asio::io_context io;
            ReplayServer server(io, transcript);
            auto cfg = config_for(server.port());
            cfg.auth = mode;
            ami::Client client(io, cfg);
            std::optional<ami::ActionResult> pong;
            bool stopped = false;
            client.on_logged_in([&] {
                client.send(ami::Message::action("Ping"), [&](ami::ActionResult r) {
                    pong = std::move(r);
                    client.stop([&] { stopped = true; });
                });
            });
            client.start();
            REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
            INFO(join(server.mismatches()));
            CHECK(server.mismatches().empty());  // includes Key == the recorded key
            const auto& actions = server.sessions().at(0).actions;
            REQUIRE(actions.size() == 4);
            CHECK(actions[0].action_name() == "Challenge");
            CHECK(actions[1].get("AuthType") == "MD5");
            CHECK(actions[1].get("Key") == key);
            CHECK_FALSE(actions[1].has("Secret"));
            REQUIRE(pong);
            CHECK(pong->ok());
            CHECK(pong->response.get("Ping") == "Pong");
            CHECK(pong->response.action_id() == actions[2].action_id());
        }
    }
}

TEST_CASE("wrong secret: the link reports auth_failed with Asterisk's reason", "[client]") {
    boost::asio::io_context io;
    ReplayServer server(io, fixture("login-failed.ami"));
    ami::Client client(io, config_for(server.port(), "bridge", "wrongsecret"));
    std::vector<ami::LinkStatus> links;
    int resyncs = 0;
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.on_logged_in([&] { ++resyncs; });
    client.start();
    REQUIRE(run_until(io, [&] { return !links.empty() && server.done(); }));
    INFO(join(server.mismatches()));
    CHECK(server.mismatches().empty());
    CHECK(resyncs == 0);
    REQUIRE(links.size() == 1);
    CHECK(links[0].state == ami::LinkState::down);
    CHECK(links[0].error == ami::ErrorCode::auth_failed);
    CHECK_THAT(links[0].detail, Catch::Contains("Authentication failed"));
    CHECK_THAT(links[0].detail, Catch::Contains("'bridge'"));
    CHECK_FALSE(client.logged_in());
}

TEST_CASE("Permission denied is its own error and names the missing write class", "[client]") {
    boost::asio::io_context io;
    ReplayServer server(io, fixture("permission-denied.ami"));
    ami::Client client(io, config_for(server.port(), "limited", "limitedpass"));
    std::optional<ami::ActionResult> result;
    bool stopped = false;
    client.on_logged_in([&] {
        auto originate = ami::Message::action("Originate");
        originate.add("Channel", "Local/100@test").add("Application", "Wait").add("Data", "2").add("Async", "true");
        client.send(originate, [&](ami::ActionResult r) {
            result = std::move(r);
            client.stop([&] { stopped = true; });
        });
    });
    client.start();
    REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
    INFO(join(server.mismatches()));
    CHECK(server.mismatches().empty());
    REQUIRE(result);
    CHECK(result->error == ami::ErrorCode::permission_denied);
    CHECK_THAT(result->error_text, Catch::Contains("Originate") && Catch::Contains("Permission denied"));
    CHECK(result->response.get("Message") == "Permission denied");
    CHECK(client.missing_write_classes() == std::vector<std::string>{"originate"});
}

TEST_CASE("event lists complete once with every item, items are not delivered as events", "[client]") {
    const auto transcript = fixture("list-actions.ami");
    // What the transcript says about each action: its ActionID there, its item count.
    const auto recorded = test_support::client_actions(transcript);
    const auto server_msgs = test_support::server_messages(transcript);
    struct Expect {
        std::string action;
        std::size_t items = 0;
        bool list = false;
    };
    std::vector<Expect> expects;
    std::set<std::string> list_ids;
    for (const auto& a : recorded) {
        if (a.action_name() == "Login" || a.action_name() == "Logoff") continue;
        Expect e{std::string(a.action_name())};
        for (const auto& m : server_msgs) {
            if (m.action_id() != a.action_id()) continue;
            if (m.kind() == ami::MessageKind::response) e.list = ami::iequals(m.get("EventList"), "start");
            else if (m.kind() == ami::MessageKind::event && !ami::iequals(m.get("EventList"), "Complete")) ++e.items;
        }
        if (e.list) list_ids.insert(std::string(a.action_id()));
        expects.push_back(e);
    }
    REQUIRE(expects.size() == 7);
    std::size_t free_events = 0;  // events that are not list items nor Complete events
    for (const auto& m : server_msgs)
        if (m.kind() == ami::MessageKind::event && !list_ids.count(std::string(m.action_id()))) ++free_events;

    boost::asio::io_context io;
    ReplayServer server(io, transcript);
    ami::Client client(io, config_for(server.port()));
    std::vector<ami::ActionResult> results;
    std::size_t events = 0;
    bool stopped = false;
    client.on_event([&](const ami::Message&) { ++events; });
    std::function<void()> next = [&] {
        if (results.size() == expects.size()) {
            client.stop([&] { stopped = true; });
            return;
        }
        client.send(ami::Message::action(expects[results.size()].action), [&](ami::ActionResult r) {
            results.push_back(std::move(r));
            next();
        });
    };
    client.on_logged_in(next);
    client.start();
    REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
    INFO(join(server.mismatches()));
    CHECK(server.mismatches().empty());
    REQUIRE(results.size() == expects.size());
    for (std::size_t i = 0; i < expects.size(); ++i) {
        INFO(expects[i].action << ": " << results[i].error_text);
        CHECK(results[i].ok());
        CHECK(results[i].items.size() == expects[i].items);
        CHECK(results[i].list_complete.has_value() == expects[i].list);
        if (expects[i].list) {
            CHECK(results[i].list_complete->get("ListItems") == std::to_string(expects[i].items));
            for (const auto& item : results[i].items) CHECK(item.action_id() == results[i].response.action_id());
        }
    }
    CHECK(expects[0].action == "CoreShowChannels");
    CHECK(expects[0].items == 2);
    CHECK(results[5].response.get("AsteriskVersion") == "22.11.0-rc1");  // CoreSettings, no list
    CHECK(events == free_events);
}

TEST_CASE("Asterisk shutdown: link lost, pending action fails, reconnect, nothing re-sent", "[client]") {
    boost::asio::io_context io;
    test_support::ReplayOptions opt;
    opt.sessions = 2;
    opt.tolerated_actions = {"CoreStatus"};
    ReplayServer server(io, fixture("shutdown-during-call.ami"), opt);
    auto cfg = config_for(server.port());
    cfg.reconnect = true;
    ami::Client client(io, cfg);
    std::vector<ami::LinkStatus> links;
    std::vector<ami::ActionResult> results;
    int resyncs = 0;
    int shutdowns = 0;
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.on_logged_in([&] { ++resyncs; });
    client.on_event([&](const ami::Message& m) {
        if (m.event_name() != "Shutdown") return;
        // Sent while Asterisk is going away: must fail with link_lost, never be re-sent.
        if (++shutdowns == 1)
            client.send(ami::Message::action("CoreStatus"), [&](ami::ActionResult r) { results.push_back(std::move(r)); });
    });
    client.start();
    REQUIRE(run_until(io, [&] { return server.done() && links.size() >= 4; }));
    bool stopped = false;
    client.stop([&] { stopped = true; });
    REQUIRE(run_until(io, [&] { return stopped; }));

    INFO(join(server.mismatches()));
    CHECK(server.mismatches().empty());
    CHECK(shutdowns == 2);
    CHECK(resyncs == 2);  // the resync hook ran after the first login and after the re-login
    REQUIRE(results.size() == 1);
    CHECK(results[0].error == ami::ErrorCode::link_lost);
    CHECK_THAT(results[0].error_text, Catch::Contains("CoreStatus") && Catch::Contains("not re-sent"));
    REQUIRE(links.size() >= 4);
    CHECK(links[0].state == ami::LinkState::up);
    CHECK(links[1].state == ami::LinkState::down);
    CHECK(links[1].error == ami::ErrorCode::link_lost);
    CHECK_THAT(links[1].detail, Catch::Contains("connection closed"));
    CHECK(links[2].state == ami::LinkState::up);
    CHECK(links[3].state == ami::LinkState::down);
    // The second connection saw only its Login: the CoreStatus was not replayed.
    const auto& second = server.sessions().at(1).actions;
    REQUIRE(second.size() == 1);
    CHECK(second[0].action_name() == "Login");
    CHECK(client.stats().link_losses == 2);
    CHECK(client.stats().logins == 2);
}

TEST_CASE("a slow subscriber: reading pauses while the queue is full, every event arrives, in order", "[client]") {
    boost::asio::io_context io;
    ReplayServer server(io, fixture("sip-call-answered-caller-hangs-up.ami"));
    const auto expected = test_support::server_events(server.transcript());
    auto cfg = config_for(server.port());
    cfg.max_queued_events = 3;
    cfg.delivery_batch = 1;
    ami::Client client(io, cfg);
    std::vector<ami::Message> events;
    std::size_t most_queued = 0;
    client.on_event([&](const ami::Message& m) {
        events.push_back(m);
        const auto s = client.stats();
        most_queued = std::max<std::size_t>(most_queued, s.events_received - s.events_delivered);
    });
    client.start();
    REQUIRE(run_until(io, [&] { return client.stats().events_delivered == expected.size(); }));
    bool stopped = false;
    client.stop([&] { stopped = true; });
    REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
    const auto st = client.stats();
    CHECK(st.events_received == expected.size());
    CHECK(st.events_dropped == 0);
    CHECK(st.read_pauses > 0);
    CHECK(most_queued <= cfg.max_queued_events);
    // Nothing lost, nothing reordered: exactly the transcript's events.
    REQUIRE(events.size() == expected.size());
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i] == expected[i]);
}

TEST_CASE("replay server: reports a differing header precisely and keeps the recorded pace", "[replay]") {
    boost::asio::io_context io;
    test_support::ReplayOptions opt;
    opt.time_scale = 0.2;  // the Goodbye was recorded at 1.803 s: due at ~0.36 s
    ReplayServer server(io, fixture("login-md5-ping-logoff.ami"), opt);
    auto cfg = config_for(server.port(), "bridge", "not-the-recorded-secret");
    cfg.auth = ami::AuthMode::md5;
    ami::Client client(io, cfg);
    bool stopped = false;
    client.on_logged_in([&] {
        client.send(ami::Message::action("Ping"), [&](ami::ActionResult) { client.stop([&] { stopped = true; }); });
    });
    const auto t0 = std::chrono::steady_clock::now();
    client.start();
    REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
    const auto elapsed = std::chrono::steady_clock::now() - t0;
    CHECK(elapsed >= 320ms);
    CHECK(elapsed < 2000ms);
    REQUIRE(server.mismatches().size() == 1);
    CHECK_THAT(server.mismatches()[0],
               Catch::StartsWith("session 1: Login (transcript line ") && Catch::Contains("header Key is '") &&
                   Catch::Contains("transcript has '3e5af0b4a794989873916591aa4b3132'"));
}

TEST_CASE("every recorded scenario: the client's actions, responses and events match the transcript", "[client]") {
    for (const auto& path : test_support::all_ami_transcripts()) {
        const auto transcript = ami::load_transcript(path);
        const auto scenario = transcript.scenario();
        // Covered by their own tests: the session ends without the client's Logoff.
        if (scenario == "login-failed" || scenario == "shutdown-during-call") continue;
        DYNAMIC_SECTION(scenario) {
            const auto recorded = test_support::client_actions(transcript);
            const auto server_msgs = test_support::server_messages(transcript);
            const auto* login = find_action(recorded, "Login");
            REQUIRE(login != nullptr);
            std::vector<ami::Message> to_send;  // what the owner sends (login/logoff are the client's)
            for (const auto& a : recorded)
                if (a.action_name() != "Login" && a.action_name() != "Logoff" && a.action_name() != "Challenge")
                    to_send.push_back(a);
            auto response_to = [&](std::string_view id) -> const ami::Message* {
                for (const auto& m : server_msgs)
                    if (m.kind() == ami::MessageKind::response && m.action_id() == id) return &m;
                return nullptr;
            };
            std::set<std::string> list_ids;
            for (const auto& a : to_send) {
                const auto* r = response_to(a.action_id());
                REQUIRE(r != nullptr);
                if (ami::iequals(r->get("EventList"), "start")) list_ids.insert(std::string(a.action_id()));
            }
            std::vector<ami::Message> free_events;
            for (const auto& m : server_msgs)
                if (m.kind() == ami::MessageKind::event && !list_ids.count(std::string(m.action_id())))
                    free_events.push_back(m);

            boost::asio::io_context io;
            ReplayServer server(io, transcript);
            auto cfg = config_for(server.port(), std::string(login->get("Username")),
                                  login->has("Secret") ? std::string(login->get("Secret")) : "bridgepass");
            cfg.auth = login->has("Key") ? ami::AuthMode::md5 : ami::AuthMode::plain;
            ami::Client client(io, cfg);
            std::vector<ami::Message> events;
            std::vector<ami::ActionResult> results;
            bool stopped = false;
            client.on_event([&](const ami::Message& m) { events.push_back(m); });
            std::function<void()> next = [&] {
                if (results.size() == to_send.size()) {
                    client.stop([&] { stopped = true; });
                    return;
                }
                client.send(to_send[results.size()], [&](ami::ActionResult r) {
                    results.push_back(std::move(r));
                    next();
                });
            };
            client.on_logged_in(next);
            client.start();
            REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
            INFO(join(server.mismatches()));
            CHECK(server.mismatches().empty());
            CHECK(server.sessions().at(0).completed);
            REQUIRE(results.size() == to_send.size());
            for (std::size_t i = 0; i < to_send.size(); ++i) {
                const auto* want = response_to(to_send[i].action_id());
                INFO(to_send[i].action_name() << ": " << results[i].error_text);
                ami::Message got = results[i].response;
                got.set("ActionID", to_send[i].action_id());  // the client used its own
                CHECK(got == *want);
                CHECK(results[i].ok() == (want->response() != "Error"));
            }
            CHECK(events.size() == free_events.size());
            for (std::size_t i = 0; i < std::min(events.size(), free_events.size()); ++i) {
                ami::Message got = events[i];
                // Events answering an action (OriginateResponse) carry the client's ActionID.
                if (got.has("ActionID")) got.set("ActionID", free_events[i].action_id());
                INFO("event #" << i << ": " << ami::to_debug_string(free_events[i]) << "\ngot " << ami::to_debug_string(got));
                REQUIRE(got == free_events[i]);
            }
        }
    }
}
