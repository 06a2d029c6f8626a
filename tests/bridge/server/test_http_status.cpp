#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <regex>
#include <sstream>
#include <thread>

#include "bridge/server/http_status.hpp"
#include "bridge/server/metrics.hpp"

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {
// A real HTTP client on its own io_context, so the server's loop runs undisturbed.
http::response<http::string_body> get(unsigned short port, const std::string& target, http::verb verb = http::verb::get) {
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> req(verb, target, 11);
    req.set(http::field::host, "localhost");
    http::write(s, req);
    boost::beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(s, buf, res);
    return res;
}
}  // namespace

TEST_CASE("metrics render in the Prometheus text format with escaped labels") {
    auto m = bridge::Metrics::standard();
    m.add("csta_bridge_csta_events_total", 3, {{"type", "DeliveredEvent"}});
    m.add("csta_bridge_csta_events_total", 1, {{"type", "DeliveredEvent"}});
    m.set("csta_bridge_ami_link_up", 1, {{"server", "main \"A\"\n"}});
    CHECK(m.value("csta_bridge_csta_events_total", {{"type", "DeliveredEvent"}}) == 4);
    auto text = m.render();
    CHECK_THAT(text, Catch::Contains("# TYPE csta_bridge_csta_events_total counter\n"));
    CHECK_THAT(text, Catch::Contains("csta_bridge_csta_events_total{type=\"DeliveredEvent\"} 4\n"));
    CHECK_THAT(text, Catch::Contains("csta_bridge_ami_link_up{server=\"main \\\"A\\\"\\n\"} 1\n"));
    // Every non-comment line is: name{labels} value
    std::regex line(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+0-9.eE]+(Inf)?$)");
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        if (l.starts_with("#")) continue;
        INFO(l);
        CHECK(std::regex_match(l, line));
    }
    CHECK_THROWS(m.add("not_declared"));
}

TEST_CASE("the status endpoint answers /healthz and /metrics over real HTTP") {
    boost::asio::io_context io;
    std::atomic<bool> healthy{true};  // written here, read on the server's loop thread
    bridge::HttpStatusServer server(
        io, [&] { return bridge::HealthReport{healthy, healthy ? "main up\n" : "main down: link lost\n"}; },
        [] { return std::string("csta_bridge_sessions 2\n"); });
    REQUIRE(server.listen("127.0.0.1:0").empty());
    auto port = server.port();
    REQUIRE(port != 0);
    std::thread loop([&] { io.run(); });

    auto h = get(port, "/healthz");
    CHECK(h.result() == http::status::ok);
    CHECK(h.body() == "main up\n");
    healthy = false;
    auto down = get(port, "/healthz");
    CHECK(down.result() == http::status::service_unavailable);
    CHECK(down.body() == "main down: link lost\n");
    auto m = get(port, "/metrics");
    CHECK(m.result() == http::status::ok);
    CHECK(m[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
    CHECK(m.body() == "csta_bridge_sessions 2\n");
    CHECK(get(port, "/nope").result() == http::status::not_found);
    CHECK(get(port, "/metrics", http::verb::post).result() == http::status::method_not_allowed);

    boost::asio::post(io, [&] { server.stop(); });
    loop.join();
}

TEST_CASE("bad listen addresses are refused with a reason") {
    boost::asio::io_context io;
    bridge::HttpStatusServer server(io, [] { return bridge::HealthReport{}; }, [] { return std::string(); });
    CHECK_THAT(server.listen("nonsense"), Catch::Contains("ADDRESS:PORT"));
    CHECK_THAT(server.listen("999.1.1.1:80"), Catch::Contains("not an IP address"));
}
