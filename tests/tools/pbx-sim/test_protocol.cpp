// pbx-sim over a real TCP socket: the AMI session rules a client sees (banner, plain and MD5
// login, wrong password, permissions, Ping, Logoff), checked against the recorded exchanges.
#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <thread>

#include "ami/parser.hpp"
#include "ami/transcript.hpp"
#include "ami/writer.hpp"
#include "tests/support/fixtures.hpp"
#include "tools/pbx-sim/asio_scheduler.hpp"
#include "tools/pbx-sim/server.hpp"

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// pbx-sim on an ephemeral port, its io_context on a background thread.
struct RunningSim {
    asio::io_context io;
    pbxsim::AsioScheduler sched{io};
    pbxsim::Pbx pbx{pbxsim::SimConfig::defaults(), sched};
    pbxsim::Server server{io, pbx, sched, [] {
                              pbxsim::ServerOptions o;
                              o.port = 0;
                              return o;
                          }()};
    std::thread thread;
    RunningSim() {
        server.start();
        thread = std::thread([this] { io.run(); });
    }
    ~RunningSim() {
        asio::post(io, [this] { server.stop(); io.stop(); });
        thread.join();
    }
};

// A blocking AMI client using the project's parser and writer.
struct Client {
    asio::io_context io;
    tcp::socket socket{io};
    ami::Parser parser{true};
    std::string banner;
    bool closed = false;

    explicit Client(std::uint16_t port) {
        socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    void send(const ami::Message& action) {
        auto s = ami::serialize_action(action);
        REQUIRE(s.ok());
        asio::write(socket, asio::buffer(s.bytes));
    }
    // Next message (the banner is stored aside); nullopt when the server closed.
    std::optional<ami::Message> next() {
        for (;;) {
            while (auto o = parser.next()) {
                if (auto* b = std::get_if<ami::Banner>(&*o)) banner = b->text;
                if (auto* m = std::get_if<ami::Message>(&*o)) return *m;
            }
            std::array<char, 4096> buf{};
            boost::system::error_code ec;
            auto n = socket.read_some(asio::buffer(buf), ec);
            if (ec) {
                closed = true;
                return std::nullopt;
            }
            parser.feed(std::string_view(buf.data(), n));
        }
    }
    // Next response (events in between are skipped).
    ami::Message response() {
        for (;;) {
            auto m = next();
            REQUIRE(m);
            if (m->kind() == ami::MessageKind::response) return *m;
        }
    }
};

ami::Message action(std::string_view name, std::string_view id,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto a = ami::Message::action(name);
    a.add("ActionID", id);
    for (auto& [k, v] : headers) a.add(k, v);
    return a;
}

}  // namespace

TEST_CASE("md5 login key matches the recorded Asterisk exchange", "[protocol]") {
    // login-md5-ping-logoff.ami: Challenge 23923725, Key 3e5af0b4... for secret bridgepass.
    auto t = ami::load_transcript(test_support::ami_fixture("login-md5-ping-logoff.ami"));
    std::string challenge, key;
    for (const auto& c : t.chunks) {
        if (auto p = c.bytes.find("Challenge: "); p != std::string::npos && challenge.empty())
            challenge = c.bytes.substr(p + 11, c.bytes.find('\r', p) - p - 11);
        if (auto p = c.bytes.find("Key: "); p != std::string::npos)
            key = c.bytes.substr(p + 5, 32);
    }
    REQUIRE(challenge == "23923725");
    CHECK(pbxsim::md5_login_key(challenge, "bridgepass") == key);
}

TEST_CASE("TCP: plain login, Ping, Logoff", "[protocol]") {
    RunningSim sim;
    Client c(sim.server.port());
    c.send(action("Login", "a1", {{"Username", "bridge"}, {"Secret", "bridgepass"}, {"Events", "on"}}));
    auto r = c.response();
    CHECK(c.banner == "Asterisk Call Manager/11.0.0");
    CHECK(r.response() == "Success");
    CHECK(r.get("Message") == "Authentication accepted");
    CHECK(r.action_id() == "a1");
    c.send(action("Ping", "a2"));
    auto pong = c.response();
    CHECK(pong.get("Ping") == "Pong");
    CHECK(pong.has("Timestamp"));
    CHECK(pong.action_id() == "a2");
    c.send(action("Logoff", "a3"));
    auto bye = c.response();
    CHECK(bye.response() == "Goodbye");
    CHECK(bye.get("Message") == "Thanks for all the fish.");
    CHECK_FALSE(c.next());
    CHECK(c.closed);
}

TEST_CASE("TCP: MD5 login with the challenge", "[protocol]") {
    RunningSim sim;
    Client c(sim.server.port());
    c.send(action("Challenge", "a1", {{"AuthType", "MD5"}}));
    auto ch = c.response();
    REQUIRE(ch.response() == "Success");
    const std::string challenge(ch.get("Challenge"));
    REQUIRE(!challenge.empty());

    SECTION("right key") {
        c.send(action("Login", "a2", {{"AuthType", "MD5"}, {"Username", "bridge"},
                                      {"Key", pbxsim::md5_login_key(challenge, "bridgepass")}}));
        CHECK(c.response().get("Message") == "Authentication accepted");
    }
    SECTION("key made with another secret") {
        c.send(action("Login", "a2", {{"AuthType", "MD5"}, {"Username", "bridge"},
                                      {"Key", pbxsim::md5_login_key(challenge, "wrong")}}));
        CHECK(c.response().get("Message") == "Authentication failed");
        CHECK_FALSE(c.next());
    }
}

TEST_CASE("TCP: wrong password gets Authentication failed and the connection closes", "[protocol]") {
    RunningSim sim;
    Client c(sim.server.port());
    c.send(action("Login", "a1", {{"Username", "bridge"}, {"Secret", "wrongsecret"}, {"Events", "on"}}));
    auto r = c.response();
    CHECK(r.response() == "Error");
    CHECK(r.get("Message") == "Authentication failed");
    CHECK_FALSE(c.next());
    CHECK(c.closed);
}

TEST_CASE("TCP: the limited user may not Originate but gets call events", "[protocol]") {
    RunningSim sim;
    Client limited(sim.server.port());
    limited.send(action("Login", "a1", {{"Username", "limited"}, {"Secret", "limitedpass"}}));
    REQUIRE(limited.response().get("Message") == "Authentication accepted");
    limited.send(action("Originate", "a2", {{"Channel", "Local/100@test"}, {"Application", "Wait"},
                                            {"Data", "2"}, {"Async", "true"}}));
    auto denied = limited.response();
    CHECK(denied.response() == "Error");
    CHECK(denied.get("Message") == "Permission denied");
    limited.send(action("DBGet", "a3", {{"Family", "CF"}, {"Key", "1"}}));
    CHECK(limited.response().get("Message") == "Permission denied");

    // A second session (all classes) places a call; the limited one (read=call) sees it.
    Client admin(sim.server.port());
    admin.send(action("Login", "b1", {{"Username", "bridge"}, {"Secret", "bridgepass"}}));
    REQUIRE(admin.response().get("Message") == "Authentication accepted");
    admin.send(action("SimCall", "b2", {{"From", "1001"}, {"To", "1002"}}));
    CHECK(admin.response().response() == "Success");
    bool saw_newchannel = false;
    for (int i = 0; i < 20 && !saw_newchannel; ++i) {
        auto m = limited.next();
        REQUIRE(m);
        if (m->event_name() == "Newchannel") {
            saw_newchannel = true;
            CHECK(m->get("Channel").substr(0, 11) == "PJSIP/1001-");
            CHECK(m->get("Privilege") == "call,all");
        }
        CHECK(m->get("Privilege").find("system") == std::string_view::npos);
    }
    CHECK(saw_newchannel);
}
