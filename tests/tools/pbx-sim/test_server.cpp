// The asio edge: link loss (SimDropLink), 'core stop now' (SimShutdown) and AMI over TLS.
#include <catch2/catch.hpp>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <cstdio>
#include <thread>

#include "ami/parser.hpp"
#include "ami/writer.hpp"
#include "tools/pbx-sim/asio_scheduler.hpp"
#include "tools/pbx-sim/server.hpp"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct Sim {
    asio::io_context io;
    pbxsim::AsioScheduler sched{io};
    pbxsim::Pbx pbx{pbxsim::SimConfig::defaults(), sched};
    pbxsim::Server server;
    std::thread thread;
    explicit Sim(pbxsim::ServerOptions o) : server(io, pbx, sched, std::move(o)) {
        server.start();
        thread = std::thread([this] { io.run(); });
    }
    ~Sim() {
        asio::post(io, [this] { server.stop(); io.stop(); });
        thread.join();
    }
};

pbxsim::ServerOptions ephemeral() {
    pbxsim::ServerOptions o;
    o.port = 0;
    o.restart_after = pbxsim::Millis{300};
    return o;
}

template <class Stream>
struct Client {
    Stream& s;
    ami::Parser parser{true};
    explicit Client(Stream& stream) : s(stream) {}
    void send(std::vector<std::pair<std::string, std::string>> headers) {
        ami::Message a;
        for (auto& [k, v] : headers) a.add(k, v);
        auto w = ami::serialize_action(a);
        REQUIRE(w.ok());
        asio::write(s, asio::buffer(w.bytes));
    }
    std::optional<ami::Message> next() {
        for (;;) {
            while (auto o = parser.next())
                if (auto* m = std::get_if<ami::Message>(&*o)) return *m;
            std::array<char, 4096> buf{};
            boost::system::error_code ec;
            auto n = s.read_some(asio::buffer(buf), ec);
            if (ec) return std::nullopt;
            parser.feed(std::string_view(buf.data(), n));
        }
    }
    void login() {
        send({{"Action", "Login"}, {"ActionID", "l1"}, {"Username", "bridge"}, {"Secret", "bridgepass"}});
        for (auto m = next(); m; m = next())
            if (m->kind() == ami::MessageKind::response) {
                REQUIRE(m->get("Message") == "Authentication accepted");
                return;
            }
        FAIL("no login response");
    }
};

bool can_connect(std::uint16_t port) {
    asio::io_context io;
    tcp::socket s(io);
    boost::system::error_code ec;
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    return !ec;
}

// A throwaway self-signed P-256 certificate, written as PEM files.
void make_cert(const std::string& cert_path, const std::string& key_path) {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    REQUIRE(key);
    X509* x = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(x, name);
    REQUIRE(X509_sign(x, key, EVP_sha256()) > 0);
    FILE* f = std::fopen(cert_path.c_str(), "w");
    REQUIRE(f);
    PEM_write_X509(f, x);
    std::fclose(f);
    f = std::fopen(key_path.c_str(), "w");
    REQUIRE(f);
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(x);
    EVP_PKEY_free(key);
}

}  // namespace

TEST_CASE("SimDropLink closes the sessions and refuses connections for a while", "[server]") {
    Sim sim(ephemeral());
    asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), sim.server.port()));
    Client<tcp::socket> c(s);
    c.login();
    c.send({{"Action", "SimDropLink"}, {"ActionID", "d1"}, {"Duration", "1500"}});
    auto r = c.next();
    while (r && r->kind() != ami::MessageKind::response) r = c.next();  // FullyBooted
    REQUIRE(r);
    CHECK(r->response() == "Success");
    std::optional<ami::Message> m;
    do m = c.next();
    while (m);  // the server closes the socket
    CHECK_FALSE(can_connect(sim.server.port()));
    // Listening again after the pause (polled: the machine may be busy).
    bool back = false;
    for (int i = 0; i < 100 && !back; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        back = can_connect(sim.server.port());
    }
    CHECK(back);
}

TEST_CASE("SimShutdown ends a call, sends Event Shutdown and closes like core stop now", "[server]") {
    Sim sim(ephemeral());
    asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), sim.server.port()));
    Client<tcp::socket> c(s);
    c.login();
    c.send({{"Action", "SimCall"}, {"ActionID", "c1"}, {"From", "1001"}, {"To", "1002"}});
    c.send({{"Action", "SimShutdown"}, {"ActionID", "c2"}});
    std::vector<std::string> events;
    for (auto m = c.next(); m; m = c.next())
        if (m->kind() == ami::MessageKind::event) events.emplace_back(m->event_name());
    REQUIRE_FALSE(events.empty());
    CHECK(events.back() == "Shutdown");
    CHECK(std::count(events.begin(), events.end(), "Hangup") == 2);
}

TEST_CASE("AMI over TLS", "[server]") {
    const std::string cert = "pbx-sim-test-cert.pem", key = "pbx-sim-test-key.pem";
    make_cert(cert, key);
    auto o = ephemeral();
    o.tls_cert = cert;
    o.tls_key = key;
    Sim sim(o);
    asio::io_context io;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.set_verify_mode(asio::ssl::verify_none);  // self-signed throwaway certificate
    asio::ssl::stream<tcp::socket> s(io, ctx);
    s.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), sim.server.port()));
    s.handshake(asio::ssl::stream_base::client);
    Client<asio::ssl::stream<tcp::socket>> c(s);
    c.login();
    c.send({{"Action", "Ping"}, {"ActionID", "p1"}});
    auto pong = c.next();
    while (pong && pong->kind() != ami::MessageKind::response) pong = c.next();
    REQUIRE(pong);
    CHECK(pong->get("Ping") == "Pong");
    std::remove(cert.c_str());
    std::remove(key.c_str());
}

TEST_CASE("a 100,000-device DeviceStateList is served whole (more than the 8 MiB output cap)", "[server]") {
    auto cfg = pbxsim::SimConfig::defaults();
    for (const auto& e : pbxsim::parse_extension_range("100000-199999")) cfg.endpoints[e] = {};
    asio::io_context io;
    pbxsim::AsioScheduler sched{io};
    pbxsim::Pbx pbx{cfg, sched};
    pbxsim::Server server(io, pbx, sched, ephemeral());
    server.start();
    std::thread thread([&] { io.run(); });
    {
        asio::io_context cio;
        tcp::socket s(cio);
        s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
        Client<tcp::socket> c(s);
        c.login();
        c.send({{"Action", "DeviceStateList"}, {"ActionID", "d1"}});
        std::size_t items = 0, bytes = 0;
        std::string complete;
        for (auto m = c.next(); m; m = c.next()) {
            if (m->event_name() == "DeviceStateChange" && m->action_id() == "d1") {
                ++items;
                bytes += m->stored_bytes();
            }
            if (m->event_name() == "DeviceStateListComplete") {
                complete = m->get("ListItems");
                break;
            }
        }
        CHECK(items >= 100000 + 4);  // every extension, plus the default config's own phones
        CHECK(complete == std::to_string(items));
        CHECK(bytes > 4 * 1024 * 1024);
    }
    asio::post(io, [&] { server.stop(); io.stop(); });
    thread.join();
}
