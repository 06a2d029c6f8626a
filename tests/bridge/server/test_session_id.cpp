// Issue 11 item 5: a sessionID is a bearer credential for session recovery, so it must come
// from OpenSSL's CSPRNG (RAND_bytes), 128 bits, not from a generator of the bridge's own (the
// old std::mt19937_64 seeded with 32 bits let one seen ID reveal the seed and every next ID).
//
// The check: while a RAND_METHOD with a known output is installed, the sessionID a real login
// gets must be exactly that output, 16 bytes in hex. Any generator that does not draw its bytes
// from RAND_bytes (the old one included) gives something else and fails.
#define OPENSSL_SUPPRESS_DEPRECATED  // RAND_METHOD: the documented way to substitute RAND_bytes
#include <openssl/rand.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <sstream>
#include <thread>

#include "bridge/server/app.hpp"
#include "tests/support/csta_test_client.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/process.hpp"
#include "tests/support/replay_server.hpp"

using namespace std::chrono_literals;

namespace {

std::atomic<int> g_rand_calls{0};

// Byte i of every output: a pattern no ordinary generator reproduces by chance.
unsigned char known_byte(int i) { return static_cast<unsigned char>(0xC3 ^ (i * 37)); }

int known_bytes(unsigned char* buf, int num) {
    ++g_rand_calls;
    for (int i = 0; i < num; ++i) buf[i] = known_byte(i);
    return 1;
}
int known_status() { return 1; }

const RAND_METHOD kKnownRand = {nullptr, known_bytes, nullptr, nullptr, known_bytes, known_status};

// Installs kKnownRand for its lifetime.
struct KnownRand {
    const RAND_METHOD* saved = RAND_get_rand_method();
    KnownRand() { REQUIRE(RAND_set_rand_method(&kKnownRand) == 1); }
    ~KnownRand() { RAND_set_rand_method(saved); }
};

bridge::Config test_config() {
    std::istringstream in("[asterisk:pbx]\nport = " + std::to_string(test_support::free_port()) +
                          "\nusername = u\nsecret = s\n[listener:cti]\nbind = 127.0.0.1\nport = 4721\n"
                          "[user:crm]\nsecret = crmpass\n");
    auto r = bridge::parse_config(in, "test.conf");
    REQUIRE(r.config);
    auto c = *r.config;
    for (auto& l : c.listeners) l.port = 0;
    return c;
}

std::shared_ptr<const bridge::Table> table() {
    auto t = bridge::Table::load({test_support::source_dir() + "/mappings/asterisk.xml"},
                                 test_support::source_dir() + "/mappings/mapping-table.xsd");
    REQUIRE(t.ok());
    return t.table;
}

// Logs in one XML client (from another thread, while the bridge runs on io) and returns the
// sessionID its StartApplicationSession got ("" when the login failed).
std::string login_session_id(boost::asio::io_context& io, unsigned short port) {
    std::string id;
    std::atomic<bool> done{false};
    std::thread client([&] {
        test_support::CstaTestClient c(port, test_support::CstaTestClient::Encoding::xml);
        if (c.login("crm", "crmpass")) id = c.session_id();
        done = true;
    });
    test_support::run_until(io, [&] { return done.load(); }, 10000ms);
    client.join();
    return id;
}

}  // namespace

TEST_CASE("session IDs are 16 bytes from RAND_bytes, in hex", "[hardening][session]") {
    boost::asio::io_context io;
    bridge::BridgeApp app(io, test_config(), table(), {test_support::source_dir() + "/mappings/asterisk.xml"},
                          test_support::source_dir() + "/mappings/mapping-table.xsd");
    REQUIRE(app.start().empty());
    const auto port = app.listener_port(0);

    std::string expected;
    for (int i = 0; i < 16; ++i) {
        static const char* hex = "0123456789ABCDEF";
        expected += hex[known_byte(i) >> 4];
        expected += hex[known_byte(i) & 15];
    }
    std::string with_known_rand;
    {
        KnownRand known;
        g_rand_calls = 0;
        with_known_rand = login_session_id(io, port);
        CHECK(g_rand_calls > 0);
    }
    CHECK(with_known_rand == expected);

    // OpenSSL's own generator again: two logins, two different 128-bit IDs.
    const auto a = login_session_id(io, port), b = login_session_id(io, port);
    CHECK(a.size() == 32);
    CHECK(b.size() == 32);
    CHECK(a != b);
    CHECK(a != expected);

    app.stop({});
    io.run_for(100ms);
}
