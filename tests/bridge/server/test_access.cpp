#include <catch2/catch.hpp>

#include "bridge/server/access.hpp"

namespace ip = boost::asio::ip;

TEST_CASE("network rules: last match wins, like manager.conf") {
    bridge::NetworkAcl acl;
    CHECK(acl.allows(ip::make_address("192.0.2.1")));  // no rules: everyone
    REQUIRE(acl.add(false, "0.0.0.0/0").empty());
    REQUIRE(acl.add(true, "10.0.0.0/255.0.0.0").empty());
    REQUIRE(acl.add(true, "127.0.0.1").empty());
    CHECK(acl.allows(ip::make_address("10.20.30.40")));
    CHECK(acl.allows(ip::make_address("127.0.0.1")));
    CHECK(acl.allows(ip::make_address("::ffff:10.1.1.1")));  // v4-mapped counts as v4
    CHECK_FALSE(acl.allows(ip::make_address("127.0.0.2")));
    CHECK_FALSE(acl.allows(ip::make_address("192.168.1.1")));
    CHECK_FALSE(acl.allows(ip::make_address("::1")));  // no v6 rule matched
    CHECK_FALSE(acl.add(true, "10.0.0.0/33").empty());
    CHECK_FALSE(acl.add(true, "nonsense").empty());
}

TEST_CASE("device patterns: exact, range, prefix, any") {
    bridge::DevicePattern p;
    std::string err;
    REQUIRE(bridge::DevicePattern::parse("1000-1999", p, err));
    CHECK(p.matches("1000"));
    CHECK(p.matches("1999"));
    CHECK_FALSE(p.matches("2000"));
    CHECK_FALSE(p.matches("100"));
    CHECK_FALSE(p.matches("10a0"));
    REQUIRE(bridge::DevicePattern::parse("2*", p, err));
    CHECK(p.matches("2001"));
    CHECK_FALSE(p.matches("1200"));
    REQUIRE(bridge::DevicePattern::parse("1001", p, err));
    CHECK(p.matches("1001"));
    CHECK_FALSE(p.matches("10011"));
    CHECK_FALSE(bridge::DevicePattern::parse("1999-1000", p, err));
    CHECK_FALSE(bridge::DevicePattern::parse("1*0*", p, err));
    CHECK_FALSE(bridge::DevicePattern::parse("100-1999", p, err));
}

TEST_CASE("device patterns: a range may carry a server's device prefix on both ends") {
    bridge::DevicePattern p;
    std::string err;
    REQUIRE(bridge::DevicePattern::parse("b1000-b1999", p, err));
    CHECK(p.matches("b1000"));
    CHECK(p.matches("b1500"));
    CHECK_FALSE(p.matches("1500"));    // another server's (or no server's) 1500
    CHECK_FALSE(p.matches("a1500"));
    CHECK_FALSE(p.matches("b2000"));
    CHECK_FALSE(p.matches("bb1500"));
    REQUIRE(bridge::DevicePattern::parse("pbx2-100-pbx2-199", p, err) == false);  // ambiguous dash: refused
    CHECK_FALSE(bridge::DevicePattern::parse("a1000-b1999", p, err));
    CHECK_THAT(err, Catch::Contains("same device prefix"));
    CHECK_FALSE(bridge::DevicePattern::parse("a1000-1999", p, err));
}
