// [asterisk:NAME] trunk-endpoints: which endpoints are this server's trunks (CALL-MODEL flow 15).
#include <catch2/catch.hpp>

#include <sstream>

#include "bridge/server/config.hpp"

namespace {
bridge::ConfigResult parse_with(const std::string& asterisk_keys) {
    std::istringstream in("[asterisk:pbx]\nusername = bridge\nsecret = bridgepass\n" + asterisk_keys +
                          "[listener:cti]\nport = 4721\n[user:crm]\nsecret = s\n");
    return bridge::parse_config(in, "test.conf");
}
}  // namespace

TEST_CASE("trunk-endpoints lists endpoint name patterns and check-config says so", "[config][trunk]") {
    auto r = parse_with("trunk-endpoints = carrier*, trunk-?, sip.provider+1\n");
    INFO((r.errors.empty() ? "" : r.errors.front()));
    REQUIRE(r.config);
    CHECK(r.config->servers[0].trunk_endpoints == std::vector<std::string>{"carrier*", "trunk-?", "sip.provider+1"});
    CHECK_THAT(bridge::explain(*r.config), Catch::Contains("trunks carrier* trunk-? sip.provider+1"));
}

TEST_CASE("trunk-endpoints is empty by default", "[config][trunk]") {
    auto r = parse_with("");
    REQUIRE(r.config);
    CHECK(r.config->servers[0].trunk_endpoints.empty());
}

TEST_CASE("trunk-endpoints refuses what is no endpoint name pattern, naming section and key", "[config][trunk]") {
    auto r = parse_with("trunk-endpoints = carrier*, PJSIP/trunk\n");
    CHECK_FALSE(r.config);
    REQUIRE(r.errors.size() == 1);
    CHECK_THAT(r.errors[0], Catch::Contains("[asterisk:pbx] trunk-endpoints"));
    CHECK_THAT(r.errors[0], Catch::Contains("'PJSIP/trunk' is not an endpoint name pattern"));
}
