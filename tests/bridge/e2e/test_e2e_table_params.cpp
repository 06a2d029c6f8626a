// A new recipe for an existing service without C++: an overlay's <param> feeds a request field
// the bridge's code never reads (MakeCall's accountCode) into an AMI header (Originate's
// Account), as mappings/examples/make-call-account-code.xml does. What reaches Asterisk is read
// from the bridge's debug log ("sends Action: Originate, ..."), one line per action sent.
#include <catch2/catch.hpp>
#include <sstream>
#include <thread>

#include "tests/bridge/e2e/bridge_fixture.hpp"
#include "tests/support/fixtures.hpp"

using namespace e2e;
using namespace std::chrono_literals;

namespace {
// The bridge's "sends Action: Originate" log lines, once `count` of them are there (or after 5 s).
std::vector<std::string> originates_sent(BridgeFixture& b, std::size_t count) {
    std::vector<std::string> lines;
    for (int i = 0; i < 50 && lines.size() < count; ++i) {
        if (i) std::this_thread::sleep_for(100ms);
        lines.clear();
        std::istringstream log(b.bridge().log());
        for (std::string line; std::getline(log, line);)
            if (line.find("sends Action: Originate") != std::string::npos) lines.push_back(line);
    }
    return lines;
}

csta::MakeCall make_call(std::optional<std::string> account) {
    csta::MakeCall mc;
    mc.callingDevice = csta::DeviceID("1001");
    mc.calledDirectoryNumber = csta::DeviceID("1002");
    mc.accountCode = std::move(account);
    return mc;
}
}  // namespace

TEST_CASE("table params: an overlay's <param> carries MakeCall's accountCode to Originate's Account header") {
    Options o;
    o.asterisk_extra = "mapping-overlays = " + test_support::source_dir() + "/mappings/examples/make-call-account-code.xml\n";
    BridgeFixture bridge(o);
    auto c = bridge.client();
    INFO(bridge.logs());

    auto with = c->call(make_call("PRJ-4711"));
    REQUIRE(with);
    REQUIRE(std::holds_alternative<csta::MakeCallResponse>(*with));
    auto without = c->call(make_call(std::nullopt));
    REQUIRE(without);
    REQUIRE(std::holds_alternative<csta::MakeCallResponse>(*without));

    const auto sent = originates_sent(bridge, 2);
    REQUIRE(sent.size() == 2);
    CHECK_THAT(sent[0], Catch::Contains("Account: PRJ-4711"));
    // The declared device fields arrive as the default table had them (prefix-free numbers).
    CHECK_THAT(sent[0], Catch::Contains("Exten: 1002"));
    CHECK_THAT(sent[0], Catch::Contains("CallerID: 1001"));
    CHECK_THAT(sent[1], !Catch::Contains("Account:"));  // optional: left out without a value
}

TEST_CASE("table params: without the overlay the default recipe sends no Account header") {
    BridgeFixture bridge;
    auto c = bridge.client();
    INFO(bridge.logs());
    auto r = c->call(make_call("PRJ-4711"));
    REQUIRE(r);
    REQUIRE(std::holds_alternative<csta::MakeCallResponse>(*r));
    const auto sent = originates_sent(bridge, 1);
    REQUIRE(sent.size() == 1);
    CHECK_THAT(sent[0], Catch::Contains("Exten: 1002"));
    CHECK_THAT(sent[0], !Catch::Contains("Account:"));
}
