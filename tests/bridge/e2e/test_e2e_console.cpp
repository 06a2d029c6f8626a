// The web console's JSON API against the real csta-bridge and pbx-sim: who may read it, and
// a phone call seen through /api/calls, /api/devices, /api/events and the live stream while
// it rings, is answered and ends. JSON is read with Boost.PropertyTree (independent of the
// bridge's own JSON writer).
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <sys/socket.h>
#include <thread>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/tls_cert.hpp"

using namespace e2e;
namespace http = boost::beast::http;
namespace pt = boost::property_tree;
using tcp = boost::asio::ip::tcp;

namespace {

const std::string kConsoleUser = "[user:watch]\nsecret = watchpass\nconsole = yes\n";

std::string basic(const std::string& user, const std::string& password) {
    const std::string plain = user + ":" + password;
    std::string out(boost::beast::detail::base64::encoded_size(plain.size()), '\0');
    out.resize(boost::beast::detail::base64::encode(out.data(), plain.data(), plain.size()));
    return "Basic " + out;
}

http::request<http::empty_body> request(const std::string& target, const std::string& auth, http::verb verb) {
    http::request<http::empty_body> req(verb, target, 11);
    req.set(http::field::host, "127.0.0.1");
    if (!auth.empty()) req.set(http::field::authorization, auth);
    return req;
}

http::response<http::string_body> get(unsigned short port, const std::string& target, const std::string& auth = {},
                                      http::verb verb = http::verb::get) {
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    http::write(s, request(target, auth, verb));
    boost::beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(s, buf, res);
    return res;
}

pt::ptree json(const http::response<http::string_body>& res) {
    INFO(res.body());
    REQUIRE(res.result() == http::status::ok);
    REQUIRE(res[http::field::content_type] == "application/json");
    pt::ptree tree;
    std::istringstream in(res.body());
    pt::read_json(in, tree);
    return tree;
}

const std::string kWatch = basic("watch", "watchpass");

struct ConsoleBridge {
    unsigned short http_port = test_support::free_port();
    BridgeFixture bridge;
    explicit ConsoleBridge(const std::string& extra = {})
        : bridge([&] {
              Options o;
              o.extra_general = "http-listen = 127.0.0.1:" + std::to_string(http_port) + "\n";
              o.users += kConsoleUser + extra;
              o.pbx_args = "--answer-ms 3000";
              return o;
          }()) {
        REQUIRE(test_support::wait_for_port(http_port, std::chrono::seconds(10)));
    }
    pt::ptree api(const std::string& target) { return json(get(http_port, target, kWatch)); }
};

// Polls an API until pred holds for its JSON (or 10 s pass).
template <class Pred>
pt::ptree wait_for(ConsoleBridge& b, const std::string& target, Pred pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    pt::ptree tree;
    while (std::chrono::steady_clock::now() < deadline) {
        tree = b.api(target);
        if (pred(tree)) return tree;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("timed out waiting on " << target << "\n" << b.bridge.logs());
    return tree;
}

std::map<std::string, std::string> connections(const pt::ptree& call) {
    std::map<std::string, std::string> out;
    for (const auto& [k, c] : call.get_child("connections")) out[c.get<std::string>("device")] = c.get<std::string>("state");
    return out;
}

}  // namespace

TEST_CASE("console: off when no user has console = yes, while /healthz and /metrics are served") {
    const unsigned short http_port = test_support::free_port();
    Options o;
    o.extra_general = "http-listen = 127.0.0.1:" + std::to_string(http_port) + "\n";
    BridgeFixture bridge(o);
    REQUIRE(test_support::wait_for_port(http_port, std::chrono::seconds(10)));
    auto crm = bridge.client();  // waits until the AMI link is up
    CHECK(get(http_port, "/healthz").result() == http::status::ok);
    // The memory gauges benchmarks read (bench_scale_calls) are there. (Their values: the
    // heap figure is glibc's, 0 under ASan; test_memory_trim.cpp checks it where it is real.)
    const auto metrics = get(http_port, "/metrics").body();
    const auto gauge = [&](const std::string& name) {
        const auto at = metrics.find("\n" + name + " ");
        return at == std::string::npos ? -1.0 : std::stod(metrics.substr(at + name.size() + 2));
    };
    INFO(metrics);
    CHECK(gauge("csta_bridge_heap_in_use_bytes") >= 0);
    CHECK(gauge("csta_bridge_resident_bytes") > 1'000'000);
    // No console object at all (no event tail kept for it): its pages are not there, and the
    // answer says why instead of asking for a login nobody has.
    for (const auto* target : {"/", "/api/calls", "/console/console.js"}) {
        INFO(target);
        auto res = get(http_port, target, basic("crm", "crmpass"));
        CHECK(res.result() == http::status::not_found);
        CHECK_THAT(res.body(), Catch::Contains("the web console is off: no [user:NAME] has console = yes"));
    }
}

TEST_CASE("console: the API needs a console login, /healthz and /metrics stay open, GET only") {
    ConsoleBridge b("[user:nope]\nsecret = nopepass\n");
    auto crm = b.bridge.client();  // waits until the AMI link is up
    CHECK(get(b.http_port, "/healthz").result() == http::status::ok);
    CHECK(get(b.http_port, "/metrics").result() == http::status::ok);

    auto anonymous = get(b.http_port, "/api/links");
    CHECK(anonymous.result() == http::status::unauthorized);
    CHECK(anonymous[http::field::www_authenticate] == "Basic realm=\"csta-bridge console\", charset=\"UTF-8\"");
    CHECK(get(b.http_port, "/", basic("watch", "wrong")).result() == http::status::unauthorized);
    CHECK(get(b.http_port, "/api/calls", basic("nope", "nopepass")).result() == http::status::unauthorized);  // no console = yes
    CHECK(get(b.http_port, "/api/calls", basic("crm", "crmpass")).result() == http::status::unauthorized);
    CHECK(get(b.http_port, "/api/calls", "Basic %%%").result() == http::status::unauthorized);
    CHECK(get(b.http_port, "/api/calls", kWatch, http::verb::post).result() == http::status::method_not_allowed);

    auto page = get(b.http_port, "/", kWatch);
    CHECK(page.result() == http::status::ok);
    CHECK(page[http::field::content_type] == "text/html; charset=utf-8");
    CHECK_THAT(page.body(), Catch::Contains("<script src=\"/console/console.js\""));
    CHECK(get(b.http_port, "/console/console.js", kWatch)[http::field::content_type] == "text/javascript; charset=utf-8");
    CHECK(get(b.http_port, "/console/nothing.js", kWatch).result() == http::status::not_found);
    CHECK(get(b.http_port, "/api/events", kWatch).result() == http::status::bad_request);

    auto links = b.api("/api/links");
    REQUIRE(links.size() == 1);
    const auto& link = links.begin()->second;
    CHECK(link.get<std::string>("name") == "pbx");
    CHECK(link.get<std::string>("state") == "up");
    CHECK(link.get<std::string>("ami_version") == "11.0.0");  // pbx-sim's banner
    CHECK(link.get<int>("reconnects") == 0);
    // Asterisk's version comes from CoreSettings, asked right after the login.
    wait_for(b, "/api/links", [](const pt::ptree& t) { return t.begin()->second.get<std::string>("asterisk_version") == "22.11.0-rc1"; });  // pbx-sim default

    auto sessions = b.api("/api/sessions");
    REQUIRE(sessions.size() == 1);
    const auto& s = sessions.begin()->second;
    CHECK(s.get<std::string>("user") == "crm");
    CHECK(s.get<std::string>("listener") == "cti");
    CHECK(s.get<bool>("tls") == false);
    CHECK_THAT(s.get<std::string>("address"), Catch::StartsWith("127.0.0.1:"));
    CHECK_THAT(s.get<std::string>("encoding"), Catch::StartsWith("XML"));
}

TEST_CASE("console: a phone call appears in /api/calls and /api/devices while it lasts, then disappears") {
    ConsoleBridge b;
    auto crm = b.bridge.client();
    CHECK(b.api("/api/calls").empty());

    // The live stream, opened before the call: it must carry the call's events.
    boost::asio::io_context io;
    tcp::socket stream(io);
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), b.http_port});
    http::write(stream, request("/api/stream", kWatch, http::verb::get));
    timeval tv{10, 0};
    REQUIRE(setsockopt(stream.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);

    b.bridge.pbx_action("SimCall", {{"From", "1001"}, {"To", "1002"}});
    auto ringing = wait_for(b, "/api/calls", [](const pt::ptree& t) {
        return t.size() == 1 && connections(t.begin()->second)["1002"] == "alerting";
    });
    const auto& call = ringing.begin()->second;
    const auto call_id = call.get<std::string>("call");
    CHECK(call.get<std::string>("calling") == "1001");
    CHECK(call.get<std::string>("called") == "1002");
    CHECK(call.get<std::string>("started_by") == "phone");
    CHECK(connections(call) == std::map<std::string, std::string>{{"1001", "connected"}, {"1002", "alerting"}});

    auto devices = b.api("/api/devices");
    std::map<std::string, std::string> state;
    for (const auto& [k, d] : devices) state[d.get<std::string>("device")] = d.get<std::string>("state");
    CHECK(state["1002"] == "alerting");
    CHECK(state["1001"] == "connected");
    CHECK(state["1003"] == "idle");  // known from DeviceStateList, no call

    // 1002 answers after 3 s (pbx-sim --answer-ms).
    wait_for(b, "/api/calls", [](const pt::ptree& t) {
        return t.size() == 1 && connections(t.begin()->second) ==
                                    std::map<std::string, std::string>{{"1001", "connected"}, {"1002", "connected"}};
    });
    b.bridge.pbx_action("SimHangup", {{"Exten", "1001"}});
    wait_for(b, "/api/calls", [](const pt::ptree& t) { return t.empty(); });

    // 1002's monitors would have seen the call ring, connect and clear (tests/golden format,
    // the real callID instead of C1).
    std::vector<std::string> lines;
    for (const auto& [k, e] : b.api("/api/events?device=1002")) lines.push_back(e.get<std::string>("line"));
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0] == "DeliveredEvent connection=" + call_id + ":1002 alertingDevice=1002 callingDevice=1001 calledDevice=1002 "
                      "localConnectionInfo=alerting cause=newCall");
    CHECK_THAT(lines[1], Catch::StartsWith("EstablishedEvent establishedConnection=" + call_id + ":1002 answeringDevice=1002"));
    CHECK_THAT(lines.back(), Catch::StartsWith("ConnectionClearedEvent droppedConnection=" + call_id + ":1002"));
    CHECK_THAT(lines.back(), Catch::Contains("localConnectionInfo=null"));

    std::string seen;
    char buf[4096];
    while (seen.find("ConnectionClearedEvent") == std::string::npos) {
        const auto n = ::recv(stream.native_handle(), buf, sizeof buf, 0);
        if (n <= 0) break;
        seen.append(buf, static_cast<std::size_t>(n));
    }
    CHECK_THAT(seen, Catch::StartsWith("HTTP/1.1 200 OK\r\n"));
    CHECK_THAT(seen, Catch::Contains("Content-Type: text/event-stream\r\n"));
    CHECK_THAT(seen, Catch::Contains("event: csta\ndata: {"));
    CHECK_THAT(seen, Catch::Contains("\"device\":\"1002\",\"line\":\"DeliveredEvent connection=" + call_id + ":1002"));
    CHECK_THAT(seen, Catch::Contains("ConnectionClearedEvent"));
}

TEST_CASE("console: served over TLS with [http] tls, cert-file and key-file") {
    const auto cert = test_support::make_self_signed_cert("localhost");
    const auto http_port = test_support::free_port();
    Options o;
    o.extra_general = "http-listen = 127.0.0.1:" + std::to_string(http_port) + "\n[http]\ntls = yes\ncert-file = " +
                      cert.cert_file + "\nkey-file = " + cert.key_file + "\n";
    o.users += kConsoleUser;
    BridgeFixture bridge(o);
    REQUIRE(test_support::wait_for_port(http_port, std::chrono::seconds(10)));

    boost::asio::io_context io;
    boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_client);
    ctx.load_verify_file(cert.cert_file);
    boost::beast::ssl_stream<boost::beast::tcp_stream> s(io, ctx);
    s.set_verify_mode(boost::asio::ssl::verify_peer);
    s.set_verify_callback(boost::asio::ssl::host_name_verification("localhost"));
    boost::beast::get_lowest_layer(s).connect({boost::asio::ip::make_address("127.0.0.1"), http_port});
    s.handshake(boost::asio::ssl::stream_base::client);
    http::write(s, request("/api/links", kWatch, http::verb::get));
    boost::beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(s, buf, res);
    auto links = json(res);
    REQUIRE(links.size() == 1);
    CHECK(links.begin()->second.get<std::string>("name") == "pbx");
}
