#include <catch2/catch.hpp>

#include <sstream>

#include "bridge/server/config.hpp"
#include "tests/support/fixtures.hpp"

namespace {
bridge::ConfigResult parse(const std::string& text) {
    std::istringstream in(text);
    return bridge::parse_config(in, "test.conf");
}
const std::string kMinimal =
    "[asterisk:pbx]\nusername = bridge\nsecret = bridgepass\n[listener:cti]\nport = 4721\n[user:crm]\nsecret = s\n";
}  // namespace

TEST_CASE("the shipped sample configuration is valid and says what it does") {
    auto r = bridge::load_config(test_support::source_dir() + "/conf/csta-bridge.conf");
    INFO((r.errors.empty() ? "" : r.errors.front()));
    REQUIRE(r.config);
    const auto& c = *r.config;
    REQUIRE(c.servers.size() == 1);
    CHECK(c.servers[0].name == "main");
    CHECK(c.servers[0].port == 5038);
    CHECK(c.servers[0].username == "bridge");
    REQUIRE(c.listeners.size() == 1);
    CHECK(c.listeners[0].port == 4721);
    CHECK(c.listeners[0].allow_xml);
    CHECK(c.listeners[0].allow_ber);
    REQUIRE(c.users.size() == 1);
    CHECK(bridge::device_permitted(c.users[0].devices, "1001"));
    CHECK_FALSE(bridge::device_permitted(c.users[0].devices, "2001"));
    auto text = bridge::explain(c);
    CHECK_THAT(text, Catch::Contains("127.0.0.1:5038"));
    CHECK_THAT(text, Catch::Contains("XML and BER"));
}

TEST_CASE("defaults apply when keys are left out") {
    auto r = parse(kMinimal);
    REQUIRE(r.config);
    CHECK(r.config->servers[0].host == "127.0.0.1");
    CHECK(r.config->servers[0].auth == "auto");
    CHECK(r.config->listeners[0].xml_edition == "ed6");
    CHECK(r.config->general.log_level == "info");
}

TEST_CASE("errors name the section and the key") {
    auto r = parse(kMinimal + "[asterisk:second]\nusername = u\nsecret = s\nprot = 5038\nport = 99999\ntls = maybe\n");
    REQUIRE_FALSE(r.config);
    auto all = [&] {
        std::string s;
        for (const auto& e : r.errors) s += e + "\n";
        return s;
    }();
    INFO(all);
    CHECK_THAT(all, Catch::Contains("[asterisk:second] prot: unknown key"));
    CHECK_THAT(all, Catch::Contains("[asterisk:second] port: '99999' is not a port"));
    CHECK_THAT(all, Catch::Contains("[asterisk:second] tls: 'maybe' is not yes/no"));
    // Two servers without device prefixes cannot share device ids.
    CHECK_THAT(all, Catch::Contains("device-prefix: required"));
}

TEST_CASE("missing credentials, unknown sections and bad listeners are refused") {
    auto r = parse("[asterisk:pbx]\nhost = x\n[listener:a]\nbind = not-an-ip\nencodings = json\n[frobnicate]\nx = 1\n");
    REQUIRE_FALSE(r.config);
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    INFO(all);
    CHECK_THAT(all, Catch::Contains("[asterisk:pbx] username: missing"));
    CHECK_THAT(all, Catch::Contains("[asterisk:pbx] secret: missing"));
    CHECK_THAT(all, Catch::Contains("[listener:a] bind: 'not-an-ip'"));
    CHECK_THAT(all, Catch::Contains("[listener:a] encodings: 'json'"));
    CHECK_THAT(all, Catch::Contains("[frobnicate]: unknown section"));
}

TEST_CASE("INI syntax errors give the line") {
    auto r = parse("[general]\nlog-level = info\n[asterisk:pbx\n");
    REQUIRE_FALSE(r.config);
    REQUIRE(r.errors.size() == 1);
    CHECK_THAT(r.errors[0], Catch::StartsWith("test.conf:3:"));
}

TEST_CASE("TLS listener needs its certificate and key") {
    auto r = parse(kMinimal + "[listener:tls]\nport = 4722\ntls = yes\n");
    REQUIRE_FALSE(r.config);
    CHECK_THAT(r.errors.at(0), Catch::Contains("[listener:tls] tls: TLS needs cert-file and key-file"));
}

TEST_CASE("two listeners on the same address and port are refused") {
    auto r = parse(kMinimal + "[listener:again]\nport = 4721\n");
    REQUIRE_FALSE(r.config);
    CHECK_THAT(r.errors.at(0), Catch::Contains("used by another listener"));
}
