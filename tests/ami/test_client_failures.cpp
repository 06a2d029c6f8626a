// The AMI client when things go wrong: TLS verification, silent server (keepalive), refused
// and silent ports, a non-Asterisk peer, unanswered actions, bad input, garbage on the wire.
#include <catch2/catch.hpp>

#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "ami/client.hpp"
#include "tests/ami/test_client_support.hpp"
#include "tests/support/tls_cert.hpp"

using namespace client_test;
using test_support::ReplayServer;
using test_support::run_until;
namespace asio = boost::asio;

namespace {

// Banner, Login, its response, FullyBooted, SuccessfulAuth of a plain-login recording: a
// server that logs the client in, then says nothing more and keeps the connection open.
ami::Transcript login_only() {
    auto t = first_chunks(fixture("sip-call-answered-caller-hangs-up.ami"), 5);
    REQUIRE(t.chunks.back().bytes.rfind("Event: SuccessfulAuth", 0) == 0);
    return t;
}

test_support::ReplayOptions quiet_after_login() {
    test_support::ReplayOptions o;
    o.close_at_end = false;
    return o;
}

}  // namespace

TEST_CASE("TLS: verified against the test CA, refused without it or under another name", "[client][tls]") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    asio::ssl::context server_tls(asio::ssl::context::tls_server);
    server_tls.use_certificate_chain_file(cert.cert_file);
    server_tls.use_private_key_file(cert.key_file, asio::ssl::context::pem);

    SECTION("trusted CA and matching name: logs in over TLS") {
        asio::io_context io;
        auto opt = test_support::ReplayOptions{};
        opt.tls = &server_tls;
        ReplayServer server(io, fixture("login-md5-ping-logoff.ami"), opt);
        auto cfg = config_for(server.port());
        cfg.auth = ami::AuthMode::md5;
        cfg.tls = true;
        cfg.ca_file = cert.cert_file;
        cfg.server_name = "localhost";
        ami::Client client(io, cfg);
        bool stopped = false;
        std::optional<ami::ActionResult> pong;
        client.on_logged_in([&] {
            client.send(ami::Message::action("Ping"), [&](ami::ActionResult r) {
                pong = std::move(r);
                client.stop([&] { stopped = true; });
            });
        });
        client.start();
        REQUIRE(run_until(io, [&] { return stopped && server.done(); }));
        INFO(join(server.mismatches()));
        CHECK(server.mismatches().empty());
        REQUIRE(pong);
        CHECK(pong->ok());
        CHECK(client.banner() == "Asterisk Call Manager/11.0.0");
    }

    struct Case {
        const char* what;
        std::string ca;
        std::string name;
        const char* reason;
    };
    for (const auto& c : {Case{"system store only (self-signed is unknown)", "", "localhost", "self-signed certificate"},
                          Case{"trusted CA but another host name", cert.cert_file, "pbx.example.org", "hostname mismatch"},
                          Case{"trusted CA but an IP address the certificate does not name", cert.cert_file, "127.0.0.1",
                               "IP address mismatch"}}) {
        DYNAMIC_SECTION("refused: " << c.what) {
            asio::io_context io;
            auto opt = test_support::ReplayOptions{};
            opt.tls = &server_tls;
            ReplayServer server(io, fixture("login-md5-ping-logoff.ami"), opt);
            auto cfg = config_for(server.port());
            cfg.tls = true;
            cfg.ca_file = c.ca;
            cfg.server_name = c.name;
            ami::Client client(io, cfg);
            std::vector<ami::LinkStatus> links;
            client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
            client.start();
            REQUIRE(run_until(io, [&] { return !links.empty(); }));
            CHECK(links[0].state == ami::LinkState::down);
            CHECK(links[0].error == ami::ErrorCode::tls_failed);
            CHECK_THAT(links[0].detail, Catch::Contains("TLS handshake") && Catch::Contains("certificate verify failed"));
            CHECK_THAT(links[0].detail, Catch::Contains(c.reason));
            CHECK(server.sessions().at(0).actions.empty());  // no Login over an unverified link
        }
    }
}

TEST_CASE("keepalive: no Pong within pong_timeout means link lost", "[client][keepalive]") {
    asio::io_context io;
    auto opt = quiet_after_login();
    opt.answer_pings = false;
    opt.tolerated_actions = {"Ping"};
    ReplayServer server(io, login_only(), opt);
    auto cfg = config_for(server.port());
    cfg.keepalive_interval = 50ms;
    cfg.pong_timeout = 150ms;
    ami::Client client(io, cfg);
    std::vector<ami::LinkStatus> links;
    std::chrono::steady_clock::time_point up_at, down_at;
    client.on_link([&](const ami::LinkStatus& s) {
        links.push_back(s);
        (s.state == ami::LinkState::up ? up_at : down_at) = std::chrono::steady_clock::now();
    });
    client.start();
    REQUIRE(run_until(io, [&] { return links.size() >= 2; }, 3000ms));
    CHECK(links[0].state == ami::LinkState::up);
    CHECK(links[1].state == ami::LinkState::down);
    CHECK(links[1].error == ami::ErrorCode::link_lost);
    CHECK_THAT(links[1].detail, Catch::Contains("no Pong") && Catch::Contains("150 ms"));
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(down_at - up_at);
    CHECK(elapsed >= 200ms);   // interval + pong timeout
    CHECK(elapsed < 1500ms);  // generous: CI machines are shared
    const auto& got = server.sessions().at(0).unexpected;
    REQUIRE(got.size() == 1);
    CHECK(got[0].action_name() == "Ping");
}

TEST_CASE("keepalive: answered Pings keep the link up", "[client][keepalive]") {
    asio::io_context io;
    ReplayServer server(io, login_only(), quiet_after_login());  // answers Ping with Pong
    auto cfg = config_for(server.port());
    cfg.keepalive_interval = 30ms;
    cfg.pong_timeout = 100ms;
    ami::Client client(io, cfg);
    std::vector<ami::LinkStatus> links;
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.start();
    REQUIRE(run_until(io, [&] { return server.sessions().size() == 1 && server.sessions()[0].unexpected.size() >= 5; },
                      3000ms));
    CHECK(links.size() == 1);
    CHECK(client.logged_in());
}

TEST_CASE("closed port: connect_failed saying the connection was refused", "[client]") {
    asio::io_context io;
    unsigned short port = 0;
    {
        asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    ami::Client client(io, config_for(port));
    std::vector<ami::LinkStatus> links;
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.start();
    REQUIRE(run_until(io, [&] { return !links.empty(); }));
    CHECK(links[0].error == ami::ErrorCode::connect_failed);
    CHECK_THAT(links[0].detail, Catch::Contains("refused"));
}

TEST_CASE("reconnect with back-off after refused connections", "[client]") {
    asio::io_context io;
    unsigned short port = 0;
    {
        asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    auto cfg = config_for(port);
    cfg.reconnect = true;
    cfg.backoff_min = 20ms;
    cfg.backoff_max = 80ms;
    ami::Client client(io, cfg);
    std::vector<std::chrono::steady_clock::time_point> attempts;
    client.on_link([&](const ami::LinkStatus&) { attempts.push_back(std::chrono::steady_clock::now()); });
    client.start();
    REQUIRE(run_until(io, [&] { return attempts.size() >= 6; }, 3000ms));
    client.stop();
    // Delays: [10,20], [20,40], [40,80], then capped at [40,80] ms (equal jitter).
    auto gap = [&](std::size_t i) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(attempts[i] - attempts[i - 1]);
    };
    CHECK(gap(1) >= 10ms);
    CHECK(gap(3) >= 40ms);
    CHECK(gap(5) >= 40ms);
    CHECK(gap(5) < 1000ms);  // capped at 80 ms; generous for loaded CI machines
}

TEST_CASE("stop() from inside the link callback ends the reconnect loop", "[client]") {
    asio::io_context io;
    unsigned short port = 0;
    {
        asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    auto cfg = config_for(port);
    cfg.reconnect = true;
    cfg.backoff_min = 5ms;
    cfg.backoff_max = 10ms;
    ami::Client client(io, cfg);
    int reports = 0;
    bool stopped = false;
    client.on_link([&](const ami::LinkStatus&) {
        ++reports;
        client.stop([&] { stopped = true; });
    });
    client.start();
    REQUIRE(run_until(io, [&] { return stopped; }));
    io.run_for(100ms);  // ten back-off periods: no new attempt
    CHECK(reports == 1);
}

TEST_CASE("silent port: connect_timeout when no banner comes", "[client]") {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket peer(io);
    acceptor.async_accept(peer, [](const boost::system::error_code&) {});
    auto cfg = config_for(acceptor.local_endpoint().port());
    cfg.connect_timeout = 100ms;
    ami::Client client(io, cfg);
    std::vector<ami::LinkStatus> links;
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.start();
    REQUIRE(run_until(io, [&] { return !links.empty(); }));
    CHECK(links[0].error == ami::ErrorCode::connect_timeout);
    CHECK_THAT(links[0].detail, Catch::Contains("100 ms"));
}

TEST_CASE("a peer that is not Asterisk: bad_banner, no Login sent", "[client]") {
    asio::io_context io;
    ami::Transcript t;
    t.chunks.push_back({0.0, ami::TranscriptChunk::Direction::from_asterisk, "SSH-2.0-OpenSSH_9.2\r\n", 1});
    ReplayServer server(io, t, quiet_after_login());
    ami::Client client(io, config_for(server.port()));
    std::vector<ami::LinkStatus> links;
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.start();
    REQUIRE(run_until(io, [&] { return !links.empty(); }));
    CHECK(links[0].error == ami::ErrorCode::bad_banner);
    CHECK_THAT(links[0].detail, Catch::Contains("SSH-2.0"));
    run_until(io, [&] { return server.sessions().at(0).closed; }, 500ms);
    CHECK(server.sessions().at(0).actions.empty());
}

TEST_CASE("actions: timeout, not connected, rejected by the writer — each completes once", "[client]") {
    asio::io_context io;
    auto opt = quiet_after_login();
    opt.tolerated_actions = {"CoreStatus"};
    ReplayServer server(io, login_only(), opt);
    ami::Client client(io, config_for(server.port()));

    std::vector<ami::ActionResult> early;
    client.send(ami::Message::action("CoreStatus"), [&](ami::ActionResult r) { early.push_back(std::move(r)); });
    CHECK(early.empty());  // never completed from inside send()
    REQUIRE(run_until(io, [&] { return !early.empty(); }));
    CHECK(early[0].error == ami::ErrorCode::not_connected);

    std::vector<ami::ActionResult> timed_out, rejected;
    client.on_logged_in([&] {
        client.send(ami::Message::action("CoreStatus"), [&](ami::ActionResult r) { timed_out.push_back(std::move(r)); },
                    80ms);
        auto evil = ami::Message::action("Originate");
        evil.add("Channel", "PJSIP/1002\r\nAction: Command\r\nCommand: core stop now");
        client.send(evil, [&](ami::ActionResult r) { rejected.push_back(std::move(r)); });
    });
    client.start();
    REQUIRE(run_until(io, [&] { return !timed_out.empty() && !rejected.empty(); }));
    io.run_for(150ms);  // nothing completes twice
    REQUIRE(timed_out.size() == 1);
    CHECK(timed_out[0].error == ami::ErrorCode::timeout);
    CHECK_THAT(timed_out[0].error_text, Catch::Contains("CoreStatus") && Catch::Contains("80 ms"));
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].error == ami::ErrorCode::rejected_by_writer);
    // The injected Originate never reached the wire.
    for (const auto& a : server.sessions().at(0).actions) CHECK(a.action_name() != "Originate");
    CHECK(client.logged_in());  // a late or missing answer does not kill the link
}

TEST_CASE("garbage on the wire is counted and logged, the session goes on", "[client]") {
    asio::io_context io;
    auto t = login_only();
    t.chunks.push_back({0.0, ami::TranscriptChunk::Direction::from_asterisk,
                        "this line has no colon\r\nEvent: Bogus\r\n\r\n", 0});
    t.chunks.push_back({0.0, ami::TranscriptChunk::Direction::from_asterisk,
                        "Event: DeviceStateChange\r\nDevice: PJSIP/1001\r\nState: INUSE\r\n\r\n", 0});
    ReplayServer server(io, t, quiet_after_login());
    ami::Client client(io, config_for(server.port()));
    std::vector<ami::Message> events;
    client.on_event([&](const ami::Message& m) { events.push_back(m); });
    client.start();
    REQUIRE(run_until(io, [&] { return !events.empty() && events.back().event_name() == "DeviceStateChange"; }));
    CHECK(client.stats().parse_errors == 1);
    CHECK(client.logged_in());
    CHECK(events.back().get("State") == "INUSE");
}
