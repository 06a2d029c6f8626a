// The example overlays of mappings/examples/ replayed over the default table against
// hand-written goldens (tests/golden/overlays/), and the expressive power they show: a rule
// that emits a CSTA event directly, ${variables} in <when>, the channel-state vocabulary.
#include <catch2/catch.hpp>

#include "bridge/core/golden_format.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

namespace {
std::string example(const std::string& name) { return core_test::mappings_dir() + "/examples/" + name; }

void check_golden(const std::string& golden, const std::vector<bridge::Emitted>& events) {
    const auto want = bridge::golden_lines(test_support::read_file(test_support::source_dir() + "/tests/golden/" + golden));
    const auto got = bridge::golden_lines(bridge::render_golden(events));
    INFO("model says:\n" << bridge::render_golden(events));
    CHECK(got == want);
}
}  // namespace

TEST_CASE("overlay golden: DTMFEnd -> DigitsGenerated (examples/dtmf-digits.xml)", "[golden]") {
    const auto transcript = test_support::ami_fixture("dtmf.ami");
    check_golden("overlays/dtmf-digits-generated.csta.txt", core_test::replay_file(transcript, {example("dtmf-digits.xml")}));
    // Without the overlay the default table reports no DTMF (rule 16): the plain golden.
    check_golden("dtmf.csta.txt", core_test::replay_file(transcript));
}
