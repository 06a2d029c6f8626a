// The primitive descriptors (bridge/core/table_primitives.hpp) are the one list of primitives:
// the XSD enumeration and the mappings/README.md table are compared with them here (the files
// are read as they are on disk), and the loader refuses what a primitive does not read.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

#include "bridge/core/table_primitives.hpp"
#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

using bridge::Table;

namespace {

bridge::TableLoad load_events(const std::string& name, const std::string& events) {
    return Table::load({core_test::write_temp(name, std::string(core_test::kTableHead) + "  <events>\n" + events + "  </events>\n</mappingTable>\n")},
                       core_test::table_xsd());
}

std::set<std::string> descriptor_names() {
    std::set<std::string> out;
    for (const auto& p : bridge::kPrimitives) out.emplace(p.name);
    return out;
}

// The values of <xs:enumeration> inside <xs:simpleType name="Primitive">.
std::set<std::string> xsd_primitives() {
    const auto text = test_support::read_file(core_test::table_xsd());
    const auto begin = text.find("<xs:simpleType name=\"Primitive\">");
    REQUIRE(begin != std::string::npos);
    const auto end = text.find("</xs:simpleType>", begin);
    std::set<std::string> out;
    const std::string tag = "<xs:enumeration value=\"";
    for (auto at = text.find(tag, begin); at != std::string::npos && at < end; at = text.find(tag, at + 1)) {
        const auto from = at + tag.size();
        out.insert(text.substr(from, text.find('"', from) - from));
    }
    return out;
}

// What the README's primitive table must say, row by row, from the descriptors.
std::vector<std::string> expected_readme_rows() {
    std::vector<std::string> rows;
    for (const auto& p : bridge::kPrimitives) {
        std::ostringstream row;
        row << "| " << p.name << " | " << (p.inputs.empty() ? "-" : p.inputs) << " | " << (p.takes_cause ? "yes" : "-")
            << " | " << (p.takes_param ? "yes" : "-") << " | " << p.emits << " |";
        rows.push_back(row.str());
    }
    return rows;
}

std::vector<std::string> readme_rows() {
    std::istringstream in(test_support::read_file(core_test::mappings_dir() + "/README.md"));
    std::vector<std::string> rows;
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line == "| primitive | inputs | cause | param | what it does |") { inside = true; continue; }
        if (!inside) continue;
        if (line.rfind("|---", 0) == 0) continue;
        if (line.rfind("| ", 0) != 0) break;
        rows.push_back(line);
    }
    return rows;
}
}  // namespace

TEST_CASE("primitives: the XSD enumeration is the descriptor list", "[table]") {
    CHECK(xsd_primitives() == descriptor_names());
}

TEST_CASE("primitives: mappings/README.md lists every primitive as its descriptor says", "[table]") {
    const auto want = expected_readme_rows();
    const auto got = readme_rows();
    REQUIRE(!got.empty());
    for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
        INFO("row " << i + 1);
        CHECK((i < got.size() ? got[i] : "<missing>") == (i < want.size() ? want[i] : "<extra>"));
    }
}

TEST_CASE("primitives: names round-trip through the descriptor", "[table]") {
    for (const auto& p : bridge::kPrimitives) {
        CHECK(bridge::primitive_from_string(p.name) == p.primitive);
        CHECK(bridge::to_string(p.primitive) == p.name);
    }
    CHECK_FALSE(bridge::primitive_from_string("channelcreated"));
    CHECK(bridge::reads_input(bridge::info(bridge::Primitive::channelState), "state"));
    CHECK_FALSE(bridge::reads_input(bridge::info(bridge::Primitive::channelState), "stat"));
    CHECK_FALSE(bridge::reads_input(bridge::info(bridge::Primitive::ignore), ""));
}

TEST_CASE("primitives: a misspelt input, a cause or param the primitive does not take are load errors", "[table]") {
    const auto typo = load_events("typo.xml",
        "    <on key=\"newstate\" event=\"Newstate\" do=\"channelState\">\n"
        "      <input name=\"uniqueid\" header=\"Uniqueid\"/>\n"
        "      <input name=\"sate\" header=\"ChannelStateDesc\"/>\n"
        "    </on>\n");
    REQUIRE_FALSE(typo.ok());
    INFO(typo.error);
    CHECK(typo.error.find("typo.xml:6:") != std::string::npos);
    CHECK(typo.error.find("\"sate\"") != std::string::npos);
    CHECK(typo.error.find("uniqueid state") != std::string::npos);

    const auto cause = load_events("cause.xml", "    <on key=\"rename\" event=\"Rename\" do=\"channelRenamed\" cause=\"normal\"/>\n");
    REQUIRE_FALSE(cause.ok());
    INFO(cause.error);
    CHECK(cause.error.find("cause.xml:4:") != std::string::npos);
    CHECK(cause.error.find("channelRenamed takes no cause") != std::string::npos);

    const auto param = load_events("param.xml", "    <on key=\"hold\" event=\"Hold\" do=\"held\" param=\"x\"/>\n");
    REQUIRE_FALSE(param.ok());
    INFO(param.error);
    CHECK(param.error.find("param.xml:4:") != std::string::npos);
    CHECK(param.error.find("held takes no param") != std::string::npos);

    // The same rules, spelt right, load.
    CHECK(load_events("fine.xml",
        "    <on key=\"newstate\" event=\"Newstate\" do=\"channelState\" cause=\"makeCall\">\n"
        "      <input name=\"state\" header=\"ChannelStateDesc\"/>\n"
        "    </on>\n").ok());
}
