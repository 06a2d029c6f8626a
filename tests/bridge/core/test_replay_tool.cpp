// The replay subcommand (csta-bridge replay): same output as the golden files, options work,
// bad input gives a clear error and a non-zero status.
#include <catch2/catch.hpp>
#include <sstream>

#include "bridge/core/golden_format.hpp"
#include "bridge/core/replay.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

namespace {
struct Run {
    int status;
    std::string out, err;
};
Run replay(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    const int status = bridge::replay_main(args, out, err);
    return {status, out.str(), err.str()};
}
}  // namespace

TEST_CASE("replay prints the golden rendering of a transcript", "[replay]") {
    const auto r = replay({test_support::ami_fixture("hold-retrieve.ami")});
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("# scenario: hold-retrieve\n", 0) == 0);
    CHECK(bridge::golden_lines(r.out) ==
          bridge::golden_lines(test_support::read_file(test_support::source_dir() + "/tests/golden/hold-retrieve.csta.txt")));
}

TEST_CASE("replay --monitor limits the output to the given devices", "[replay]") {
    const auto r = replay({test_support::ami_fixture("blind-transfer.ami"), "--monitor", "1003"});
    REQUIRE(r.status == 0);
    const auto lines = bridge::golden_lines(r.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "monitor 1003");
    CHECK(r.out.find("monitor 1001") == std::string::npos);
}

TEST_CASE("replay --table overlays the default table", "[replay]") {
    // An overlay that makes PJSIP/1002 a trunk: the far party is then named by caller id.
    const auto overlay = core_test::write_temp("replay-overlay.xml",
        "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
        "  <causes><q850 code=\"16\" cause=\"normal\"/></causes>\n</mappingTable>\n");
    const auto r = replay({test_support::ami_fixture("sip-call-answered-caller-hangs-up.ami"), "--table", overlay});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("ConnectionClearedEvent droppedConnection=C1:1001 releasingDevice=1001 localConnectionInfo=null cause=normal\n") != std::string::npos);
}

TEST_CASE("replay refuses bad arguments and broken tables with a message", "[replay]") {
    CHECK(replay({}).status == 2);
    auto r = replay({"/nonexistent.ami"});
    CHECK(r.status == 1);
    CHECK(r.err.find("/nonexistent.ami") != std::string::npos);
    r = replay({test_support::ami_fixture("dtmf.ami"), "--format", "pdf"});
    CHECK(r.status == 2);
    r = replay({test_support::ami_fixture("dtmf.ami"), "--table"});
    CHECK(r.status == 2);
    const auto broken = core_test::write_temp("broken.xml", "<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\"/>\n");
    r = replay({test_support::ami_fixture("dtmf.ami"), "--table", broken});
    CHECK(r.status == 1);
    CHECK(r.err.find("broken.xml:1:") != std::string::npos);
}

#ifdef CSTA_HAVE_XML
#include "csta/xml/codec.hpp"
TEST_CASE("replay --format xml writes ECMA-323 documents the codec reads back", "[replay]") {
    const auto r = replay({test_support::ami_fixture("hold-retrieve.ami"), "--format", "xml", "--monitor", "1002"});
    REQUIRE(r.status == 0);
    std::vector<std::string> docs;
    std::size_t at = 0;
    while ((at = r.out.find("<?xml", at)) != std::string::npos) {
        const auto end = r.out.find("<?xml", at + 1);
        docs.push_back(r.out.substr(at, end == std::string::npos ? std::string::npos : end - at));
        at += 1;
    }
    REQUIRE(docs.size() == 6);  // Delivered, Established, Held, Retrieved, 2 x ConnectionCleared
    csta::xml::Codec codec;
    auto held = codec.decode(docs[2]);
    REQUIRE(held.ok());
    const auto* ev = std::get_if<csta::Event>(&*held.message);
    REQUIRE(ev);
    const auto* h = std::get_if<csta::HeldEvent>(ev);
    REQUIRE(h);
    CHECK(h->monitorCrossRefID == "1002");
    CHECK(h->holdingDevice.device.value == "1001");
    CHECK(h->localConnectionInfo == csta::LocalConnectionState::connected);
    CHECK(h->cause == csta::EventCause::normal);
}
#endif
