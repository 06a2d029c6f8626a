// Issue 11 (hardening) inside one process: the login back-off, the TLS suites a listener
// accepts, all-or-nothing table reloads, a safe BridgeApp teardown, the new configuration keys.
#include <catch2/catch.hpp>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <sstream>
#include <thread>

#include "bridge/server/app.hpp"
#include "bridge/server/login_guard.hpp"
#include "tests/bridge/server/config_text.hpp"
#include "tests/support/csta_test_client.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/process.hpp"
#include "tests/support/replay_server.hpp"
#include "tests/support/tls_cert.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

using server_test::schema_file;
using server_test::table_file;

namespace {

using server_test::config_from;


std::shared_ptr<const bridge::Table> base_table() {
    auto t = bridge::Table::load({table_file()}, schema_file());
    REQUIRE(t.ok());
    return t.table;
}

const std::string kOverlay =
    "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
    "<variables><variable name=\"context\" value=\"from-b\"/></variables>\n</mappingTable>\n";

// Banner, Login, its response, FullyBooted, SuccessfulAuth of a plain-login recording.
ami::Transcript login_only() {
    auto t = ami::load_transcript(test_support::ami_fixture("sip-call-answered-caller-hangs-up.ami"));
    t.chunks.resize(5);
    return t;
}

}  // namespace

// ---- item 4

TEST_CASE("login guard: free failures, then a doubling wait per address and per user", "[hardening]") {
    bridge::LoginGuard g(2, 8s);
    const auto t0 = bridge::LoginGuard::clock::now();
    g.failed("10.0.0.1", "crm", t0);
    g.failed("10.0.0.1", "crm", t0);
    CHECK(g.blocked_for("10.0.0.1", "crm", t0) == 0s);
    g.failed("10.0.0.1", "crm", t0);  // third: 1 s
    CHECK(g.blocked_for("10.0.0.1", "crm", t0) == 1s);
    CHECK(g.blocked_for("10.0.0.2", "crm", t0) == 1s);    // the user, from anywhere
    CHECK(g.blocked_for("10.0.0.1", "other", t0) == 1s);  // the address, for any user
    CHECK(g.blocked_for("10.0.0.2", "other", t0) == 0s);
    CHECK(g.blocked_for("10.0.0.1", "crm", t0 + 1s) == 0s);
    g.failed("10.0.0.1", "crm", t0 + 1s);  // 2 s
    CHECK(g.blocked_for("10.0.0.1", "crm", t0 + 1s) == 2s);
    for (int i = 0; i < 10; ++i) g.failed("10.0.0.1", "crm", t0 + 2s);
    CHECK(g.blocked_for("10.0.0.1", "crm", t0 + 2s) == 8s);  // capped
    g.succeeded("10.0.0.1", "crm");
    CHECK(g.blocked_for("10.0.0.1", "crm", t0 + 2s) == 0s);
}

TEST_CASE("login guard: one refusal log line per address and second, with the count left out", "[hardening]") {
    bridge::LoginGuard g(3, 60s);
    const auto t0 = bridge::LoginGuard::clock::now();
    std::size_t suppressed = 99;
    CHECK(g.may_log("10.0.0.1", t0, suppressed));
    CHECK(suppressed == 0);
    for (int i = 0; i < 3500; ++i) CHECK_FALSE(g.may_log("10.0.0.1", t0 + 500ms, suppressed));
    CHECK(g.may_log("10.0.0.2", t0 + 500ms, suppressed));  // another address has its own line
    CHECK(g.may_log("10.0.0.1", t0 + 1s, suppressed));
    CHECK(suppressed == 3500);
}

// ---- item 6

// TLS 1.2 handshakes with a client offering only `ciphers` (nullptr: OpenSSL's defaults), from
// another thread while the bridge runs on io: 1 accepted, 0 refused.
static int tls12_handshake(asio::io_context& io, unsigned short port, const char* ciphers) {
    std::atomic<int> result{-1};
    std::thread client([&] {
        asio::io_context cio;
        asio::ssl::context ctx(asio::ssl::context::tls_client);
        SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
        if (ciphers) SSL_CTX_set_cipher_list(ctx.native_handle(), ciphers);
        ctx.set_verify_mode(asio::ssl::verify_none);
        asio::ssl::stream<asio::ip::tcp::socket> s(cio, ctx);
        s.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
        boost::system::error_code ec;
        s.handshake(asio::ssl::stream_base::client, ec);
        result = ec ? 0 : 1;
    });
    test_support::run_until(io, [&] { return result != -1; }, 5000ms);
    client.join();
    return result.load();
}

// ECDHE + AEAD only (tls_policy.hpp).
static void check_tls_policy(asio::io_context& io, unsigned short port) {
    CHECK(tls12_handshake(io, port, nullptr) == 1);
    CHECK(tls12_handshake(io, port, "ECDHE-ECDSA-AES128-SHA") == 0);     // ECDHE, but CBC with SHA-1
    CHECK(tls12_handshake(io, port, "ECDHE-ECDSA-AES256-SHA384") == 0);  // CBC
    CHECK(tls12_handshake(io, port, "ECDHE-ECDSA-AES128-GCM-SHA256") == 1);
}

TEST_CASE("TLS listener: ECDHE+AEAD only by default, a CBC-SHA1 client is refused", "[hardening][tls]") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    asio::io_context io;
    auto cfg = config_from("[asterisk:pbx]\nport = " + std::to_string(test_support::free_port()) +
                           "\nusername = u\nsecret = s\n[listener:cti]\nbind = 127.0.0.1\nport = 4721\ntls = yes\n"
                           "cert-file = " + cert.cert_file + "\nkey-file = " + cert.key_file + "\n[user:crm]\nsecret = s\n");
    bridge::BridgeApp app(io, cfg, base_table(), {table_file()}, schema_file());
    REQUIRE(app.start().empty());
    check_tls_policy(io, app.listener_port(0));
    app.stop({});
    io.run_for(100ms);
}

TEST_CASE("TLS of the HTTP endpoint ([http] tls): the listeners' policy, a CBC-SHA1 client is refused", "[hardening][tls]") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    asio::io_context io;
    const auto http_port = test_support::free_port();
    auto cfg = config_from("[general]\nhttp-listen = 127.0.0.1:" + std::to_string(http_port) +
                           "\n[asterisk:pbx]\nport = " + std::to_string(test_support::free_port()) +
                           "\nusername = u\nsecret = s\n[listener:cti]\nbind = 127.0.0.1\nport = " +
                           std::to_string(test_support::free_port()) + "\n"
                           "[user:crm]\nsecret = s\nconsole = yes\n[http]\ntls = yes\ncert-file = " + cert.cert_file +
                           "\nkey-file = " + cert.key_file + "\n");
    bridge::BridgeApp app(io, cfg, base_table(), {table_file()}, schema_file());
    REQUIRE(app.start().empty());
    check_tls_policy(io, http_port);
    app.stop({});
    io.run_for(100ms);
}

TEST_CASE("TLS listener: tls-ciphers that name no cipher stop the start with a clear error", "[hardening][tls]") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    asio::io_context io;
    auto cfg = config_from("[asterisk:pbx]\nusername = u\nsecret = s\n[listener:cti]\nbind = 127.0.0.1\nport = 4721\n"
                           "tls = yes\ntls-ciphers = NO-SUCH-CIPHER\ncert-file = " + cert.cert_file +
                           "\nkey-file = " + cert.key_file + "\n[user:crm]\nsecret = s\n");
    bridge::BridgeApp app(io, cfg, base_table(), {table_file()}, schema_file());
    CHECK_THAT(app.start(), Catch::Contains("tls-ciphers"));
}

// ---- item 13

TEST_CASE("reload_tables is all or nothing: a broken overlay of a later server keeps every server's tables",
          "[hardening]") {
    test_support::TempDir dir;
    const auto overlay = dir.file("b.xml", kOverlay);
    asio::io_context io;
    const auto closed = std::to_string(test_support::free_port());
    auto cfg = config_from("[asterisk:a]\nport = " + closed + "\nusername = u\nsecret = s\ndevice-prefix = a\n"
                           "[asterisk:b]\nport = " + closed + "\nusername = u\nsecret = s\ndevice-prefix = b\n"
                           "mapping-overlays = " + overlay + "\n[listener:cti]\nbind = 127.0.0.1\nport = 4721\n"
                           "[user:crm]\nsecret = s\n");
    bridge::BridgeApp app(io, cfg, base_table(), {table_file()}, schema_file());
    REQUIRE(app.start().empty());
    const auto a = app.table_of("a");
    const auto b = app.table_of("b");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(app.reload_tables().empty());  // a good reload gives both new tables
    CHECK(app.table_of("a") != a);
    CHECK(app.table_of("b") != b);
    const auto a2 = app.table_of("a");
    const auto b2 = app.table_of("b");
    dir.file("b.xml", "<mappingTable>broken");
    const auto err = app.reload_tables();
    CHECK_THAT(err, Catch::Contains("[asterisk:b]"));
    CHECK(app.table_of("a") == a2);  // not the new base table: nothing changed anywhere
    CHECK(app.table_of("b") == b2);
    app.stop({});
    io.run_for(100ms);
}

// ---- item 14

TEST_CASE("destroying BridgeApp with AMI actions in flight runs their callbacks safely", "[hardening]") {
    asio::io_context io;
    test_support::ReplayOptions o;
    o.close_at_end = false;
    o.tolerated_actions = {"CoreShowChannels", "DeviceStateList"};  // never answered: in flight
    test_support::ReplayServer server(io, login_only(), o);
    auto cfg = config_from("[asterisk:pbx]\nport = " + std::to_string(server.port()) +
                           "\nusername = bridge\nsecret = bridgepass\nauth = plain\n"
                           "[listener:cti]\nbind = 127.0.0.1\nport = 4721\n[user:crm]\nsecret = s\n");
    auto app = std::make_unique<bridge::BridgeApp>(io, cfg, base_table(), std::vector<std::string>{table_file()},
                                                   schema_file());
    REQUIRE(app->start().empty());
    REQUIRE(test_support::run_until(io, [&] {
        return !server.sessions().empty() && !server.sessions()[0].unexpected.empty();
    }));
    CHECK(server.sessions()[0].unexpected[0].action_name() == "CoreShowChannels");
    app.reset();  // the CoreShowChannels callback runs now (stopped) and must send nothing more
    io.restart();
    io.run_for(300ms);  // nothing posted by it may run against the destroyed app
    CHECK(server.sessions()[0].unexpected.size() == 1);
}

// ---- the new keys

TEST_CASE("hardening keys: defaults and parsing", "[hardening][config]") {
    auto d = config_from("[asterisk:pbx]\nusername = u\nsecret = s\n[listener:cti]\nport = 4721\n[user:crm]\nsecret = s\n");
    CHECK(d.listeners[0].login_timeout == 15s);
    CHECK(d.listeners[0].tls_min_version == "1.2");
    CHECK(d.listeners[0].tls_ciphers == "ECDHE+AESGCM:ECDHE+CHACHA20");
    CHECK(d.general.max_unauthenticated == 100);
    CHECK(d.general.max_unauthenticated_per_address == 10);
    CHECK(d.general.max_requests_per_session == 100);
    CHECK(d.general.max_requests_per_user == 500);
    CHECK(d.users[0].max_sessions == 32);
    CHECK(d.servers[0].max_pending_actions == 2000);
    auto c = config_from(
        "[general]\nmax-unauthenticated = 7\nmax-unauthenticated-per-address = 2\nlogin-failures-free = 5\n"
        "login-backoff-max-seconds = 30\nmax-requests-per-session = 3\nmax-requests-per-user = 9\n"
        "session-recovery-bytes = 1000\n"
        "[asterisk:pbx]\nusername = u\nsecret = s\nmax-pending-actions = 50\nstable-after-ms = 2500\n"
        "[listener:cti]\nport = 4721\nlogin-timeout-seconds = 4\ntls-min-version = 1.3\ntls-ciphers = ECDHE+AESGCM\n"
        "[user:crm]\nsecret = s\nmax-sessions = 4\nsession-recovery-bytes = 500\n");
    CHECK(c.general.max_unauthenticated == 7);
    CHECK(c.general.max_unauthenticated_per_address == 2);
    CHECK(c.general.login_failures_free == 5);
    CHECK(c.general.login_backoff_max == 30s);
    CHECK(c.general.max_requests_per_session == 3);
    CHECK(c.general.max_requests_per_user == 9);
    CHECK(c.general.session_recovery_bytes == 1000);
    CHECK(c.servers[0].max_pending_actions == 50);
    CHECK(c.servers[0].stable_after == 2500ms);
    CHECK(c.listeners[0].login_timeout == 4s);
    CHECK(c.listeners[0].tls_min_version == "1.3");
    CHECK(c.users[0].max_sessions == 4);
    CHECK(c.users[0].session_recovery_bytes == 500);
}
