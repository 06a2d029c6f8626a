// AMI over HTTP: pbx-sim's /rawman against the recording tests/data/ami/http-rawman.http
// (Asterisk 22.11 answering the same requests), and the AMI client's HTTP transport against
// pbx-sim: MD5 login on one cookie, actions and event lists, events by WaitEvent, and a new
// login (resync) after the HTTP session is lost.
#include <algorithm>
#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <regex>
#include <thread>

#include "ami/client.hpp"
#include "ami/http_form.hpp"
#include "ami/parser.hpp"
#include "tests/support/fixtures.hpp"
#include "tools/pbx-sim/asio_scheduler.hpp"
#include "tools/pbx-sim/server.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

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

// An AMI client of pbx-sim's /rawman as user bridge (MD5 challenge and login on one cookie).
ami::ClientConfig http_client_config(const Sim& sim) {
    ami::ClientConfig cfg;
    cfg.host = "127.0.0.1";
    cfg.port = sim.server.http_port();
    cfg.http = true;
    cfg.username = "bridge";
    cfg.secret = "bridgepass";
    return cfg;
}

// Runs io in 20 ms steps until done() or the limit; done()'s last answer.
bool run_until(asio::io_context& io, const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) io.run_for(20ms);
    return done();
}

pbxsim::ServerOptions with_http() {
    pbxsim::ServerOptions o;
    o.port = 0;
    o.http_port = 0;
    o.restart_after = pbxsim::Millis{300};
    return o;
}

// One recorded exchange of the http-transcript (tests/data/ami/README.md): the request line
// and headers, the response's status line, header names and body (LF line ends as recorded).
struct Recorded {
    std::string request_line;
    std::vector<std::pair<std::string, std::string>> request_headers;
    std::string status_line;
    std::vector<std::string> response_header_names;
    std::string body;
};

std::vector<Recorded> load_http_transcript(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::vector<Recorded> out;
    std::vector<std::string> chunk;
    bool request = false;
    auto flush = [&] {
        if (chunk.empty()) return;
        if (request) {
            out.push_back({});
            out.back().request_line = chunk[0];
            for (std::size_t i = 1; i < chunk.size() && !chunk[i].empty(); ++i) {
                auto colon = chunk[i].find(": ");
                out.back().request_headers.emplace_back(chunk[i].substr(0, colon), chunk[i].substr(colon + 2));
            }
        } else {
            REQUIRE_FALSE(out.empty());
            auto& r = out.back();
            r.status_line = chunk[0];
            std::size_t i = 1;
            for (; i < chunk.size() && !chunk[i].empty(); ++i) r.response_header_names.push_back(chunk[i].substr(0, chunk[i].find(':')));
            for (++i; i < chunk.size(); ++i) r.body += chunk[i] + "\n";
        }
        chunk.clear();
    };
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("#!")) continue;
        if (line.starts_with("@")) {
            flush();
            request = line.ends_with(">>>");
            continue;
        }
        chunk.push_back(line);
    }
    flush();
    return out;
}

std::vector<ami::Message> messages(std::string body) {
    ami::Parser p(false);
    p.feed(body);
    p.feed("\r\n\r\n");
    std::vector<ami::Message> out;
    while (auto o = p.next())
        if (auto* m = std::get_if<ami::Message>(&*o)) out.push_back(*m);
    return out;
}

std::vector<std::string> header_names(const ami::Message& m) {
    std::vector<std::string> n;
    for (const auto& h : m.headers()) n.push_back(h.name);
    return n;
}

struct Answer {
    unsigned status = 0;
    std::string status_line;
    std::vector<std::string> header_names;
    std::string set_cookie, content_type, body;
};

Answer http_get(unsigned short port, const std::string& target, const std::string& cookie) {
    asio::io_context io;
    beast::tcp_stream s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    req.set(http::field::connection, "close");
    if (!cookie.empty()) req.set(http::field::cookie, "mansession_id=" + cookie);
    http::write(s, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(s, buf, res);
    Answer a;
    a.status = res.result_int();
    a.status_line = "HTTP/1.1 " + std::to_string(a.status) + " " + std::string(res.reason());
    for (const auto& f : res) a.header_names.push_back(std::string(f.name_string()));
    a.set_cookie = std::string(res[http::field::set_cookie]);
    a.content_type = std::string(res[http::field::content_type]);
    a.body = res.body();
    return a;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

TEST_CASE("pbx-sim's /rawman answers the recorded requests as Asterisk 22 did", "[http]") {
    const auto recorded = load_http_transcript(test_support::ami_fixture("http-rawman.http"));
    REQUIRE(recorded.size() == 8);  // rawman: login ping originate waitevent logoff; mxml: login ping logoff
    Sim sim(with_http());
    const auto port = sim.server.http_port();
    REQUIRE(port != 0);
    const std::regex cookie_re(R"re(mansession_id="([0-9a-f]{8})"; Version=1; Max-Age=60)re");
    std::string cookie;
    for (const auto& r : recorded) {
        if (r.request_line.find("/rawman?") == std::string::npos) continue;  // /mxml is not simulated
        // The originate runs a Local channel of the recording's dial plan; pbx-sim has phones.
        if (r.request_line.find("action=originate") != std::string::npos) continue;
        std::string target = r.request_line.substr(4, r.request_line.rfind(' ') - 4);
        if (target.find("action=waitevent") != std::string::npos) target = "/rawman?action=waitevent&timeout=1";
        INFO(target);
        const auto a = http_get(port, target, cookie.empty() ? "" : "\"" + cookie + "\"");
        CHECK(a.status_line == r.status_line);
        std::vector<std::string> names, want;
        for (const auto& n : a.header_names) names.push_back(lower(n));
        for (const auto& n : r.response_header_names) want.push_back(lower(n));
        CHECK(names == want);  // Server Date Connection Cache-Control Content-type Set-Cookie Pragma Content-Length
        std::smatch m;
        REQUIRE(std::regex_match(a.set_cookie, m, cookie_re));
        if (cookie.empty()) cookie = m[1];
        CHECK(m[1] == cookie);  // one session throughout
        CHECK(a.content_type == "text/plain");
        CHECK(a.body.find("\r\n") != std::string::npos);  // rawman is CRLF (recorded as LF)

        const auto got = messages(a.body), expected = messages(r.body);
        REQUIRE_FALSE(got.empty());
        REQUIRE_FALSE(expected.empty());
        // The answer: the same headers in the same order, the same Response and Message.
        CHECK(header_names(got.front()) == header_names(expected.front()));
        CHECK(got.front().response() == expected.front().response());
        CHECK(got.front().get("Message") == expected.front().get("Message"));
        if (target.find("action=login") != std::string::npos) {
            REQUIRE(got.size() == 2);  // the FullyBooted that follows the login
            CHECK(got[1].event_name() == "FullyBooted");
            CHECK(header_names(got[1]) == header_names(expected[1]));
        }
        if (target.find("action=waitevent") != std::string::npos) {
            CHECK(got.back().event_name() == "WaitEventComplete");
            CHECK(expected.back().event_name() == "WaitEventComplete");
        }
    }
    CHECK_FALSE(cookie.empty());
}

TEST_CASE("pbx-sim's /rawman: an unknown cookie is a new unauthenticated session, other paths are 404", "[http]") {
    Sim sim(with_http());
    const auto port = sim.server.http_port();
    auto a = http_get(port, "/rawman?action=waitevent&timeout=1", "\"deadbeef\"");
    CHECK(a.status == 200);
    CHECK(a.set_cookie.find("\"deadbeef\"") == std::string::npos);
    const auto m = messages(a.body);
    REQUIRE_FALSE(m.empty());
    CHECK(m.front().response() == "Error");
    CHECK(http_get(port, "/mxml?action=ping", "").status == 404);
}

TEST_CASE("form fields: encoding round trip and the mansession_id of a cookie", "[http]") {
    ami::Message a = ami::Message::action("Originate");
    a.add("Channel", "PJSIP/1001");
    a.add("CallerID", "HTTP Test <999>");
    a.add("Variable", "A=1&B=2");
    a.add("Variable", "C=%");
    const auto form = ami::form_encode(a);
    CHECK(form == "Action=Originate&Channel=PJSIP%2F1001&CallerID=HTTP%20Test%20%3C999%3E&Variable=A%3D1%26B%3D2&Variable=C%3D%25");
    auto back = ami::form_decode(form);
    REQUIRE(back);
    REQUIRE(back->headers().size() == 5);
    CHECK(back->headers()[4].value == "C=%");
    CHECK(ami::form_decode("callerid=HTTP+Test")->get("callerid") == "HTTP Test");
    CHECK_FALSE(ami::form_decode("a=%4"));
    CHECK_FALSE(ami::form_decode("a=%zz"));
    CHECK(ami::mansession_cookie("mansession_id=\"7a9971ea\"; Version=1; Max-Age=60") == "\"7a9971ea\"");
    CHECK(ami::mansession_cookie("other=1") == "");
}

TEST_CASE("the AMI client over HTTP: login, actions, event lists, events by WaitEvent, resync after a lost session", "[http]") {
    Sim sim(with_http());
    asio::io_context io;
    auto cfg = http_client_config(sim);
    cfg.http_wait_event = std::chrono::seconds(2);
    cfg.backoff_min = 100ms;
    cfg.backoff_max = 200ms;
    ami::Client client(io, cfg);
    int logins = 0;
    std::vector<ami::LinkStatus> links;
    std::vector<ami::Message> events;
    client.on_logged_in([&] { ++logins; });
    client.on_link([&](const ami::LinkStatus& s) { links.push_back(s); });
    client.on_event([&](const ami::Message& m) { events.push_back(m); });
    client.start();
    REQUIRE(run_until(io, [&] { return logins == 1; }, 10s));
    CHECK_THAT(client.banner(), Catch::StartsWith("Asterisk Call Manager/HTTP (http://127.0.0.1:"));
    CHECK_THAT(client.banner(), Catch::EndsWith("Server: Asterisk/22.11.0-rc1)"));

    std::optional<ami::ActionResult> ping, list, originate;
    client.send(ami::Message::action("Ping"), [&](ami::ActionResult r) { ping = std::move(r); });
    client.send(ami::Message::action("DeviceStateList"), [&](ami::ActionResult r) { list = std::move(r); });
    REQUIRE(run_until(io, [&] { return ping && list; }, 5s));
    CHECK(ping->ok());
    CHECK(ping->response.get("Ping") == "Pong");
    CHECK(list->ok());
    CHECK(list->items.size() >= 4);  // phones 1001-1004
    REQUIRE(list->list_complete);

    // An Originate: its answer comes on its own request, the call's events by WaitEvent.
    auto o = ami::Message::action("Originate");
    o.add("Channel", "PJSIP/1001");
    o.add("Context", "default");
    o.add("Exten", "1002");
    o.add("Priority", "1");
    o.add("Async", "true");
    client.send(o, [&](ami::ActionResult r) { originate = std::move(r); });
    auto saw = [&](std::string_view event, std::string_view channel_prefix) {
        for (const auto& e : events)
            if (e.event_name() == event && e.get("Channel").starts_with(channel_prefix)) return true;
        return false;
    };
    REQUIRE(run_until(io, [&] { return originate && saw("Newchannel", "PJSIP/1001") && saw("Newchannel", "PJSIP/1002"); }, 10s));
    CHECK(originate->ok());
    for (const auto& e : events) CHECK(e.event_name() != "WaitEventComplete");  // the transport's own

    // pbx-sim forgets its HTTP sessions: the link is lost, the client logs in again.
    std::optional<ami::ActionResult> drop;
    auto d = ami::Message::action("SimDropLink");
    d.add("Duration", "200");
    client.send(d, [&](ami::ActionResult r) { drop = std::move(r); });
    REQUIRE(run_until(io, [&] { return logins == 2; }, 15s));
    bool lost = false;
    for (const auto& l : links) lost |= l.state == ami::LinkState::down && l.error == ami::ErrorCode::link_lost;
    CHECK(lost);
    CHECK(client.stats().link_losses == 1);

    // Stop logs off over HTTP.
    bool stopped = false;
    client.stop([&] { stopped = true; });
    CHECK(run_until(io, [&] { return stopped; }, 5s));
}

TEST_CASE("the AMI client over HTTP: a slow subscriber pauses the WaitEvent loop, every event arrives, in order", "[http]") {
    Sim sim(with_http());
    asio::io_context io;
    auto cfg = http_client_config(sim);
    cfg.http_wait_event = std::chrono::seconds(1);
    cfg.max_queued_events = 3;  // a WaitEvent answer carries more than this: the loop must pause
    cfg.delivery_batch = 1;
    ami::Client client(io, cfg);
    bool logged_in = false;
    std::vector<ami::Message> events;
    std::size_t most_queued = 0;
    client.on_logged_in([&] { logged_in = true; });
    client.on_event([&](const ami::Message& m) {
        events.push_back(m);
        const auto st = client.stats();
        most_queued = std::max<std::size_t>(most_queued, st.events_received - st.events_delivered);
    });
    client.start();
    REQUIRE(run_until(io, [&] { return logged_in; }, 10s));
    auto o = ami::Message::action("Originate");
    o.add("Channel", "PJSIP/1001");
    o.add("Context", "default");
    o.add("Exten", "1002");
    o.add("Priority", "1");
    o.add("Async", "true");
    std::optional<ami::ActionResult> originate;
    client.send(o, [&](ami::ActionResult r) { originate = std::move(r); });
    auto count = [&](std::string_view event) {
        return std::count_if(events.begin(), events.end(), [&](const ami::Message& e) { return e.event_name() == event; });
    };
    REQUIRE(run_until(io, [&] { return originate && count("Newchannel") >= 2 && count("Newstate") >= 2; }, 15s));
    const auto st = client.stats();
    CHECK(st.events_dropped == 0);
    CHECK(st.read_pauses > 0);
    CHECK(most_queued <= cfg.max_queued_events);
    CHECK(st.events_delivered == events.size());
    // In order: the caller's channel appears before anything happens on it.
    const auto first_new = std::find_if(events.begin(), events.end(), [](const ami::Message& e) { return e.event_name() == "Newchannel"; });
    REQUIRE(first_new != events.end());
    CHECK(first_new->get("Channel").starts_with("PJSIP/1001"));
    bool stopped = false;
    client.stop([&] { stopped = true; });
    CHECK(run_until(io, [&] { return stopped; }, 5s));
}

TEST_CASE("the AMI client over HTTP: no /rawman there is a clear connect error", "[http]") {
    Sim sim(with_http());
    asio::io_context io;
    auto cfg = http_client_config(sim);
    cfg.http_path = "/nothing-here";
    cfg.reconnect = false;
    ami::Client client(io, cfg);
    std::optional<ami::LinkStatus> link;
    client.on_link([&](const ami::LinkStatus& s) { link = s; });
    client.start();
    REQUIRE(run_until(io, [&] { return link.has_value(); }, 5s));
    CHECK(link->error == ami::ErrorCode::connect_failed);
    CHECK_THAT(link->detail, Catch::Contains("/nothing-here answered HTTP 404"));
    CHECK_THAT(link->detail, Catch::Contains("webenabled = yes"));
}
