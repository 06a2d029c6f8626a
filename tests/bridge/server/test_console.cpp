// The web console's building blocks without a network: the JSON string escaper, the query
// decoder, and the feed (per-device event tails as each device's monitors would see them,
// device states that only events tell, bounded subscribers).
#include <catch2/catch.hpp>

#include <sstream>

#include "bridge/server/config.hpp"

#include "bridge/server/console_feed.hpp"
#include "bridge/server/console_http.hpp"
#include "bridge/server/console_json.hpp"

using bridge::ConsoleFeed;
using State = csta::LocalConnectionState;

namespace {

bridge::Emitted delivered(const std::string& call) {
    csta::DeliveredEvent ev;
    ev.connection = csta::ConnectionID(call, csta::DeviceID("1002"));
    bridge::Emitted e{ev, call, {{"1001", State::connected}, {"1002", State::alerting}}, {}};
    return e;
}

struct FakeBrowser : bridge::ConsoleSubscriber {
    std::vector<std::string> chunks;
    bool full = false;
    bool closed = false;
    bool offer(const std::string& chunk) override {
        if (full) return false;
        chunks.push_back(chunk);
        return true;
    }
    void close() override { closed = true; }
};

}  // namespace

TEST_CASE("console JSON strings escape quotes, backslashes and control characters") {
    CHECK(bridge::json::quote("a\"b\\c\nd\te\x01") == "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    CHECK(bridge::json::quote("Müller") == "\"Müller\"");  // UTF-8 passes through
    CHECK(bridge::json::Object().add("n", std::int64_t{-3}).add("ok", true).raw("x", "null").str() ==
          "{\"n\":-3,\"ok\":true,\"x\":null}");
    CHECK(bridge::json::Array().add("1001").raw("2").str() == "[\"1001\",2]");
}

TEST_CASE("console query parameters are found and percent-decoded") {
    CHECK(bridge::query_parameter("device=1001", "device") == "1001");
    CHECK(bridge::query_parameter("x=1&device=%2B49%2030+1", "device") == "+49 30 1");
    CHECK(bridge::query_parameter("devices=1", "device").empty());
    CHECK(bridge::query_parameter("device=%zz", "device") == "%zz");  // not an escape: kept
}

TEST_CASE("the console feed keeps each device's events with that device's own connection state") {
    ConsoleFeed feed;
    feed.observe(delivered("C9"));
    auto a = feed.tail("1001"), b = feed.tail("1002");
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    CHECK(a[0].call_id == "C9");
    CHECK_THAT(a[0].line, Catch::StartsWith("DeliveredEvent connection=C9:1002 "));
    CHECK_THAT(a[0].line, Catch::Contains(" localConnectionInfo=connected "));
    CHECK_THAT(b[0].line, Catch::Contains(" localConnectionInfo=alerting "));
    CHECK(feed.tail("1003").empty());
    for (int i = 0; i < 250; ++i) feed.observe(delivered("C" + std::to_string(i)));
    CHECK(feed.tail("1001").size() == ConsoleFeed::kTailPerDevice);
    CHECK(feed.tail("1001").back().call_id == "C249");
    const auto kept = feed.tail("1001");  // the newest 100, oldest first
    for (std::size_t i = 0; i < kept.size(); ++i) CHECK(kept[i].call_id == "C" + std::to_string(150 + i));
}

TEST_CASE("the console holds every device's lines within one byte budget, dropping the oldest") {
    ConsoleFeed feed;
    auto quiet = delivered("Q1");
    quiet.recipients = {{"1003", std::nullopt}};
    feed.observe(quiet);
    REQUIRE(feed.tail("1003").size() == 1);
    std::size_t most = 0;
    for (int i = 0; i < 30000; ++i) {
        feed.observe(delivered("C" + std::to_string(i)));
        most = std::max(most, feed.held_bytes());
    }
    CHECK(most <= ConsoleFeed::kTailBytes);
    CHECK(feed.held_bytes() > ConsoleFeed::kTailBytes * 9 / 10);  // the budget is used, not a lower count
    CHECK(feed.held_lines() < 60000);                             // so the oldest lines went
    CHECK(feed.tail("1003").empty());                             // among them the quiet device's
    const auto newest = feed.tail("1002");
    REQUIRE(newest.size() == ConsoleFeed::kTailPerDevice);
    CHECK(newest.back().call_id == "C29999");
    CHECK(newest.front().call_id == "C29900");
}

TEST_CASE("the console feed learns do-not-disturb and forwarding from the events") {
    ConsoleFeed feed;
    csta::DoNotDisturbEvent dnd;
    dnd.doNotDisturbOn = true;
    feed.observe({dnd, "", {{"1003", std::nullopt}}, {}});
    csta::ForwardingEvent fwd;
    fwd.forwardingType = csta::ForwardingType::forwardBusy;
    fwd.forwardStatus = true;
    fwd.forwardTo = csta::DeviceID("1004");
    feed.observe({fwd, "", {{"1003", std::nullopt}}, {}});
    const auto& ex = feed.extras().at("1003");
    CHECK(ex.do_not_disturb == true);
    CHECK(ex.forwarding == std::map<std::string, std::string>{{"forwardBusy", "1004"}});
    fwd.forwardStatus = false;
    feed.observe({fwd, "", {{"1003", std::nullopt}}, {}});
    CHECK(feed.extras().at("1003").forwarding.empty());
}

TEST_CASE("the console feed streams events and forgets a browser that cannot take more") {
    ConsoleFeed feed;
    auto fast = std::make_shared<FakeBrowser>(), slow = std::make_shared<FakeBrowser>();
    REQUIRE(feed.subscribe(fast));
    REQUIRE(feed.subscribe(slow));
    slow->full = true;
    feed.observe(delivered("C1"));
    REQUIRE(fast->chunks.size() == 1);
    CHECK_THAT(fast->chunks[0], Catch::StartsWith("event: csta\ndata: {\"time\":"));
    CHECK_THAT(fast->chunks[0], Catch::EndsWith("\n\n"));
    CHECK_THAT(fast->chunks[0], Catch::Contains("\"call\":\"C1\",\"type\":\"DeliveredEvent\",\"lines\":[{\"device\":\"1001\""));
    CHECK(feed.subscribers() == 1);  // the slow one is gone
    slow->full = false;
    feed.observe(delivered("C2"));
    CHECK(slow->chunks.empty());

    std::vector<std::shared_ptr<FakeBrowser>> many;
    while (feed.subscribers() < ConsoleFeed::kMaxSubscribers) {
        many.push_back(std::make_shared<FakeBrowser>());
        REQUIRE(feed.subscribe(many.back()));
    }
    CHECK_FALSE(feed.subscribe(std::make_shared<FakeBrowser>()));
    feed.close_all();
    CHECK(fast->closed);
    CHECK(feed.subscribers() == 0);
}

namespace {
bridge::ConfigResult parse_after_listener(const std::string& text) {
    std::istringstream in("[asterisk:pbx]\nusername = u\nsecret = s\n[listener:cti]\nport = 4721\n" + text);
    return bridge::parse_config(in, "test.conf");
}
std::string all(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}
}  // namespace

TEST_CASE("console logins and the HTTP transport come from the configuration") {
    auto r = parse_after_listener("[general]\nhttp-listen = 127.0.0.1:8089\n[user:watch]\nsecret = x\nconsole = yes\n"
                   "[user:crm]\nsecret = y\n[http]\ntls = yes\ncert-file = c.pem\nkey-file = k.pem\n");
    INFO(all(r.errors));
    REQUIRE(r.config);
    CHECK(r.config->find_user("watch")->console);
    CHECK_FALSE(r.config->find_user("crm")->console);  // off unless asked for
    CHECK(r.config->http.tls);
    CHECK(r.config->http.cert_file == "c.pem");
    CHECK(r.config->http.key_file == "k.pem");
    CHECK(r.warnings.empty());

    auto no_cert = parse_after_listener("[http]\ntls = yes\n");
    CHECK_FALSE(no_cert.config);
    CHECK_THAT(all(no_cert.errors), Catch::Contains("[http] tls: TLS needs cert-file and key-file"));
    auto typo = parse_after_listener("[http]\ncert = c.pem\n");
    CHECK_THAT(all(typo.errors), Catch::Contains("[http] cert: unknown key"));
    auto bad = parse_after_listener("[user:w]\nsecret = x\nconsole = maybe\n");
    CHECK_THAT(all(bad.errors), Catch::Contains("[user:w] console: 'maybe' is not yes/no"));

    auto nobody = parse_after_listener("[general]\nhttp-listen = 127.0.0.1:8089\n[user:crm]\nsecret = y\n");
    REQUIRE(nobody.config);
    CHECK_THAT(all(nobody.warnings), Catch::Contains("no user has console = yes"));
}
