// Every recorded transcript, replayed through the call model with the default table, must
// give exactly the hand-written golden tests/golden/<scenario>.csta.txt (per monitored device).
// A scenario without a golden FAILS (it is never silently passed). A scenario whose golden we
// believe contradicts ECMA-269 is listed in known_golden_disputes: it is reported as WARN with
// the full diff, for the lead to arbitrate.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <sstream>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

namespace {

// scenario -> why we think the golden is wrong (see the core engineer's report).
const std::map<std::string, std::string> known_golden_disputes = {
};

std::string golden_path(const std::string& scenario) {
    return test_support::source_dir() + "/tests/golden/" + scenario + ".csta.txt";
}

std::string diff(const std::vector<std::string>& want, const std::vector<std::string>& got) {
    std::ostringstream os;
    const auto n = std::max(want.size(), got.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string w = i < want.size() ? want[i] : "<nothing>";
        const std::string g = i < got.size() ? got[i] : "<nothing>";
        os << (w == g ? "   " : "!! ") << "line " << i + 1 << "\n";
        if (w == g) os << "     " << w << "\n";
        else os << "   golden: " << w << "\n   model : " << g << "\n";
    }
    return os.str();
}

void check_scenario(const std::string& scenario) {
    const auto transcript = test_support::ami_fixture(scenario + ".ami");
    REQUIRE(std::filesystem::exists(transcript));
    const auto got_text = bridge::render_golden(core_test::replay_file(transcript));
    const auto golden = golden_path(scenario);
    if (!std::filesystem::exists(golden))
        FAIL("MISSING golden " << golden << " (written by hand, not by this code). The model says:\n" << got_text);
    const auto want = bridge::golden_lines(test_support::read_file(golden));
    const auto got = bridge::golden_lines(got_text);
    if (want == got) {
        if (known_golden_disputes.count(scenario))
            FAIL(scenario << " is listed in known_golden_disputes but now matches: remove it from the list");
        return;
    }
    if (const auto d = known_golden_disputes.find(scenario); d != known_golden_disputes.end()) {
        WARN("known_golden_disputes: " << scenario << " differs from its golden (" << d->second
             << "); for the lead to arbitrate:\n" << diff(want, got));
        return;
    }
    FAIL("golden mismatch for " << scenario << ":\n" << diff(want, got));
}

}  // namespace

// One test case per recorded scenario (the list is checked against the folder below).
#define GOLDEN_SCENARIO(name) \
    TEST_CASE("golden: " name, "[golden]") { check_scenario(name); }

GOLDEN_SCENARIO("ami-hangup-ringing")
GOLDEN_SCENARIO("attended-transfer")
GOLDEN_SCENARIO("blind-transfer")
GOLDEN_SCENARIO("call-to-application")
GOLDEN_SCENARIO("command-output")
GOLDEN_SCENARIO("confbridge-dial-in")
GOLDEN_SCENARIO("dbput-dbget")
GOLDEN_SCENARIO("dtmf")
GOLDEN_SCENARIO("hold-retrieve")
GOLDEN_SCENARIO("list-actions")
GOLDEN_SCENARIO("login-failed")
GOLDEN_SCENARIO("login-md5-ping-logoff")
GOLDEN_SCENARIO("originate-answered")
GOLDEN_SCENARIO("originate-failed")
GOLDEN_SCENARIO("other-app-originate")
GOLDEN_SCENARIO("other-app-originate-application")
GOLDEN_SCENARIO("park-dial-retrieve")
GOLDEN_SCENARIO("permission-denied")
GOLDEN_SCENARIO("queue-member-states")
GOLDEN_SCENARIO("redirect")
GOLDEN_SCENARIO("shutdown-during-call")
GOLDEN_SCENARIO("sip-call-answered-caller-hangs-up")
GOLDEN_SCENARIO("sip-call-busy")
GOLDEN_SCENARIO("sip-call-callee-hangs-up")
GOLDEN_SCENARIO("sip-call-no-answer")
GOLDEN_SCENARIO("sip-call-unavailable")
GOLDEN_SCENARIO("trunk-inbound-answered")
GOLDEN_SCENARIO("trunk-inbound-queue")

TEST_CASE("golden: every recorded transcript has a golden test case", "[golden]") {
    const std::vector<std::string> listed = {
        "ami-hangup-ringing", "attended-transfer", "blind-transfer", "command-output", "dbput-dbget", "dtmf",
        "hold-retrieve", "list-actions", "login-failed", "login-md5-ping-logoff", "originate-answered",
        "originate-failed", "permission-denied", "queue-member-states", "redirect", "shutdown-during-call",
        "sip-call-answered-caller-hangs-up", "sip-call-busy", "sip-call-callee-hangs-up", "sip-call-no-answer",
        "sip-call-unavailable",
        // calls other applications start, calls the PBX answers, parking (issue 10)
        "other-app-originate", "other-app-originate-application", "call-to-application", "confbridge-dial-in",
        "park-dial-retrieve",
        // inbound trunk calls and the number dialled (issue 16)
        "trunk-inbound-answered", "trunk-inbound-queue"};
    for (const auto& path : test_support::all_ami_transcripts()) {
        INFO(path);
        CHECK(std::find(listed.begin(), listed.end(), core_test::scenario_of(path)) != listed.end());
    }
}
