// The client-compatibility settings of a listener: greeting, and what --check-config says
// about greetings and BER login forms.
#include <catch2/catch.hpp>
#include <sstream>

#include "bridge/server/config.hpp"

namespace {
bridge::ConfigResult parse_with_listener(const std::string& listener) {
    std::istringstream in("[asterisk:pbx]\nusername = bridge\nsecret = bridgepass\n[listener:cti]\nport = 4721\n" + listener +
                          "[user:crm]\nsecret = x\n");
    return bridge::parse_config(in, "test.conf");
}
bool has_error(const bridge::ConfigResult& r, const std::string& text) {
    for (const auto& e : r.errors)
        if (e.find(text) != std::string::npos) return true;
    return false;
}
}  // namespace

TEST_CASE("greeting: none by default, xml or ber only on a listener of that one encoding") {
    auto plain = parse_with_listener("");
    INFO((plain.errors.empty() ? std::string() : plain.errors.front()));
    REQUIRE(plain.config);
    CHECK(plain.config->listeners.front().greeting == "none");
    auto xml = parse_with_listener("encodings = xml\ngreeting = xml\n");
    REQUIRE(xml.config);
    CHECK(xml.config->listeners.front().greeting == "xml");
    CHECK(bridge::explain(*xml.config).find("greets every connection with SystemStatus (normal) in XML ed6") != std::string::npos);
    auto both = parse_with_listener("greeting = xml\n");  // encodings default to xml, ber
    CHECK_FALSE(both.config);
    CHECK(has_error(both, "[listener:cti] greeting: greeting = xml needs encodings = xml"));
    CHECK(has_error(parse_with_listener("encodings = xml\ngreeting = ber\n"), "greeting = ber needs encodings = ber"));
    CHECK(has_error(parse_with_listener("greeting = yes\n"), "greeting"));
}

TEST_CASE("the configuration explained (--check-config) lists the accepted BER login forms on a BER listener") {
    auto r = parse_with_listener("");
    REQUIRE(r.config);
    const auto text = bridge::explain(*r.config);
    CHECK(text.find("BER logins accepted as: calling-authentication-value \"user:password\"") != std::string::npos);
    CHECK(text.find("calling-AP-title (form 1 directory name") != std::string::npos);
    CHECK(text.find("user-information EXTERNAL 1.3.12.2.218.1.1.1") != std::string::npos);
    auto xml_only = parse_with_listener("encodings = xml\n");
    REQUIRE(xml_only.config);
    CHECK(bridge::explain(*xml_only.config).find("BER logins") == std::string::npos);
}
