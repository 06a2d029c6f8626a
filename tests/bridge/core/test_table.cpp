// The mapping table: the default loads and says what CALL-MODEL.md says; broken tables fail
// with file:line:column; overlays replace definitions by key; DOCTYPE is refused.
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "tests/bridge/core/replay_support.hpp"

using bridge::Table;

namespace {
std::string base() { return core_test::mappings_dir() + "/asterisk.xml"; }

bridge::TableLoad load_text(const std::string& name, const std::string& text) {
    return Table::load({core_test::write_temp(name, text)}, core_test::table_xsd());
}
}  // namespace

TEST_CASE("default table: device naming both ways", "[table]") {
    const auto t = core_test::default_table();
    auto d = t->device_for_channel("PJSIP/1001-0000002a", "1001");
    REQUIRE(d);
    CHECK(d->kind == bridge::DeviceKind::internal);
    CHECK(d->id == "1001");
    auto local = t->device_for_channel("Local/1003@test-00000002;1", "");
    REQUIRE(local);
    CHECK(local->kind == bridge::DeviceKind::plumbing);
    auto trunk = t->device_for_channel("PJSIP/trunk-provider-0000001f", "4930123456");
    REQUIRE(trunk);
    CHECK(trunk->kind == bridge::DeviceKind::external);
    CHECK(trunk->id == "4930123456");
    CHECK(t->device_for_interface("PJSIP/1004") == std::optional<std::string>("1004"));
    CHECK(t->dial_string("1002") == std::optional<std::string>("PJSIP/1002"));
    CHECK_FALSE(t->dial_string("not a number"));
    CHECK_FALSE(t->device_for_channel("Console/dsp", ""));
}

TEST_CASE("default table: causes and errors as CALL-MODEL.md lists them", "[table]") {
    const auto t = core_test::default_table();
    using C = csta::EventCause;
    CHECK(t->q850("16") == C::normalClearing);
    CHECK(t->q850("17") == C::busy);
    CHECK(t->q850("19") == C::callNotAnswered);
    CHECK(t->q850("21") == C::blocked);
    CHECK(t->q850("34") == C::resourcesNotAvailable);
    CHECK(t->q850("999") == C::normalClearing);
    CHECK(t->q850("x") == C::normalClearing);
    REQUIRE(t->dial_status("BUSY"));
    CHECK(t->dial_status("BUSY")->outcome == bridge::Outcome::failed);
    CHECK(t->dial_status("BUSY")->cause == C::busy);
    CHECK(t->dial_status("CHANUNAVAIL")->cause == C::destNotObtainable);
    CHECK(t->dial_status("NOANSWER")->outcome == bridge::Outcome::cleared);
    CHECK(t->dial_status("NOANSWER")->cause == C::callNotAnswered);
    // Message texts as recorded (permission-denied.ami) or as Asterisk's manager.c words them.
    CHECK(t->error_for("Permission denied") == csta::ErrorCode(csta::OperationError::privilegeViolationSpecifiedDevice));
    CHECK(t->error_for("No such channel") == csta::ErrorCode(csta::OperationError::invalidConnectionID));
    CHECK(t->error_for("something new") == csta::ErrorCode(csta::OperationError::generic));
    CHECK(t->recipe("HoldCall")->handling == bridge::ServiceRecipe::Handling::notSupported);
    CHECK(t->recipe("NoSuchService") == nullptr);
}

TEST_CASE("default table: event rules pick the primitive by name and header conditions", "[table]") {
    const auto t = core_test::default_table();
    auto pause = ami::Message();
    pause.add("Event", "QueueMemberPause").add("Paused", "1");
    auto rules = t->rules_for(pause, false);
    REQUIRE(rules.size() == 1);
    CHECK(rules[0]->primitive == bridge::Primitive::agentNotReady);
    pause.set("Paused", "0");
    rules = t->rules_for(pause, false);
    REQUIRE(rules.size() == 1);
    CHECK(rules[0]->primitive == bridge::Primitive::agentReady);
    auto failed_xfer = ami::Message();
    failed_xfer.add("Event", "BlindTransfer").add("Result", "Fail");
    CHECK(t->rules_for(failed_xfer, false).empty());
    auto originate = ami::Message::action("Originate");
    CHECK(t->rules_for(originate, false).empty());
    REQUIRE(t->rules_for(originate, true).size() == 1);
}

TEST_CASE("a schema violation is reported with file:line:column and what was expected", "[table]") {
    const auto r = load_text("bad-attr.xml", std::string(core_test::kTableHead) +
        "  <devices>\n"
        "    <device key=\"x\" kind=\"sideways\" channel=\"^X/\"/>\n"
        "  </devices>\n</mappingTable>\n");
    REQUIRE_FALSE(r.ok());
    INFO(r.error);
    CHECK(r.error.find("bad-attr.xml:4:") != std::string::npos);
    CHECK(r.error.find("sideways") != std::string::npos);

    const auto order = load_text("bad-order.xml", std::string(core_test::kTableHead) +
        "  <errors><error key=\"e\" message=\"x\" category=\"operation\" value=\"generic\"/></errors>\n"
        "  <devices><device key=\"x\" kind=\"plumbing\" channel=\"^X/\"/></devices>\n"
        "</mappingTable>\n");
    REQUIRE_FALSE(order.ok());
    INFO(order.error);
    // Xerces reports a content-model error where the parent element ends, naming the model.
    CHECK(order.error.find("bad-order.xml:5:") != std::string::npos);
    CHECK(order.error.find("(variables?,devices?,channelStates?,events?,causes?,services?,errors?)") != std::string::npos);

    const auto missing = load_text("missing.xml", std::string(core_test::kTableHead) +
        "  <events>\n    <on key=\"n\" event=\"Newchannel\"/>\n  </events>\n</mappingTable>\n");
    REQUIRE_FALSE(missing.ok());
    INFO(missing.error);
    CHECK(missing.error.find("missing.xml:4:") != std::string::npos);
    CHECK(missing.error.find("do") != std::string::npos);
}

TEST_CASE("what the schema cannot check is checked with positions too", "[table]") {
    const auto regex = load_text("bad-regex.xml", std::string(core_test::kTableHead) +
        "  <devices>\n\n    <device key=\"x\" kind=\"internal\" channel=\"^PJSIP/((\" id=\"$1\"/>\n  </devices>\n</mappingTable>\n");
    REQUIRE_FALSE(regex.ok());
    INFO(regex.error);
    CHECK(regex.error.find("bad-regex.xml:5:") != std::string::npos);
    CHECK(regex.error.find("invalid regular expression") != std::string::npos);

    const auto cause = load_text("bad-cause.xml", std::string(core_test::kTableHead) +
        "  <causes>\n    <q850 code=\"17\" cause=\"engaged\"/>\n  </causes>\n</mappingTable>\n");
    REQUIRE_FALSE(cause.ok());
    INFO(cause.error);
    CHECK(cause.error.find("bad-cause.xml:4:") != std::string::npos);
    CHECK(cause.error.find("EventCause") != std::string::npos);

    const auto error = load_text("bad-error.xml", std::string(core_test::kTableHead) +
        "  <errors>\n    <error key=\"p\" message=\"x\" category=\"security\" value=\"invalidDeviceID\"/>\n  </errors>\n</mappingTable>\n");
    REQUIRE_FALSE(error.ok());
    INFO(error.error);
    CHECK(error.error.find("bad-error.xml:4:") != std::string::npos);
    CHECK(error.error.find("security") != std::string::npos);
}

TEST_CASE("DOCTYPE and entities are refused", "[table]") {
    const auto r = load_text("doctype.xml",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE mappingTable [\n <!ENTITY e SYSTEM \"file:///etc/passwd\">\n]>\n"
        "<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n"
        "  <variables><variable name=\"context\" value=\"&e;\"/></variables>\n</mappingTable>\n");
    REQUIRE_FALSE(r.ok());
    INFO(r.error);
    CHECK(r.error.find("DOCTYPE") != std::string::npos);
    CHECK(r.error.find("root:") == std::string::npos);
}

TEST_CASE("an overlay replaces definitions with the same key and adds new ones", "[table]") {
    const auto overlay = core_test::write_temp("overlay.xml", std::string(core_test::kTableHead) +
        "  <variables><variable name=\"context\" value=\"from-internal\"/></variables>\n"
        "  <devices>\n"
        "    <device key=\"pjsip\" kind=\"internal\" channel=\"^PJSIP/([^-/]+)-[0-9a-f]+$\" interface=\"^PJSIP/([^-/]+)$\"\n"
        "            id=\"$1\" idPattern=\"^[0-9]+$\" dialString=\"PJSIP/${device}@phones\" priority=\"50\"/>\n"
        "    <device key=\"carrier\" kind=\"external\" channel=\"^PJSIP/carrier-[0-9a-f]+$\" priority=\"5\"/>\n"
        "  </devices>\n"
        "  <causes><q850 code=\"16\" cause=\"normal\"/></causes>\n"
        "  <errors><error key=\"permission\" message=\"^Permission denied\" category=\"security\" value=\"securityInfoViolated\"/></errors>\n"
        "</mappingTable>\n");
    const auto r = Table::load({base(), overlay}, core_test::table_xsd());
    REQUIRE(r.ok());
    CHECK(r.table->variables().at("context") == "from-internal");
    CHECK(r.table->dial_string("1001") == std::optional<std::string>("PJSIP/1001@phones"));
    const auto carrier = r.table->device_for_channel("PJSIP/carrier-00000001", "0301234");
    REQUIRE(carrier);
    CHECK(carrier->kind == bridge::DeviceKind::external);
    CHECK(carrier->id == "0301234");
    CHECK(r.table->q850("16") == csta::EventCause::normal);
    CHECK(r.table->q850("17") == csta::EventCause::busy);  // untouched entries stay
    CHECK(r.table->error_for("Permission denied") == csta::ErrorCode(csta::SecurityError::securityInfoViolated));
    CHECK(r.table->files().size() == 2);
}

TEST_CASE("a reload sees every change to a file or the schema, however small", "[table]") {
    // Parsed files and the compiled schema are kept by their exact bytes: a file rewritten in
    // place (same path, same size) must be read again, and a broken one must stay an error.
    auto overlay = [](const std::string& context) {
        return core_test::write_temp("reloaded.xml", std::string(core_test::kTableHead) +
            "  <variables><variable name=\"context\" value=\"" + context + "\"/></variables>\n</mappingTable>\n");
    };
    const auto first = Table::load({base(), overlay("from-aaaaa")}, core_test::table_xsd());
    REQUIRE(first.ok());
    CHECK(first.table->variables().at("context") == "from-aaaaa");
    const auto second = Table::load({base(), overlay("from-bbbbb")}, core_test::table_xsd());
    REQUIRE(second.ok());
    CHECK(second.table->variables().at("context") == "from-bbbbb");
    // The same as the first (base) file of a load.
    for (const std::string context : {"from-ddddd", "from-eeeee"}) {
        const auto alone = Table::load({overlay(context)}, core_test::table_xsd());
        REQUIRE(alone.ok());
        CHECK(alone.table->variables().at("context") == context);
    }

    const auto broken_path = core_test::write_temp("reloaded.xml", std::string(core_test::kTableHead) +
        "  <variables><variable name=\"context\" valeu=\"from-ccccc\"/></variables>\n</mappingTable>\n");
    for (int i = 0; i < 2; ++i) {  // a refused file is refused every time, wherever it stands
        const auto broken = Table::load({base(), broken_path}, core_test::table_xsd());
        REQUIRE_FALSE(broken.ok());
        CHECK(broken.error.find("reloaded.xml:3:") != std::string::npos);
        const auto broken_base = Table::load({broken_path}, core_test::table_xsd());
        REQUIRE_FALSE(broken_base.ok());
        CHECK(broken_base.error.find("reloaded.xml:3:") != std::string::npos);
    }
    CHECK(Table::load({base(), overlay("from-aaaaa")}, core_test::table_xsd()).table->variables().at("context") ==
          "from-aaaaa");

    // A schema that no longer allows <variables> refuses the same files it accepted.
    std::ifstream xsd_in(core_test::table_xsd());
    std::string xsd((std::istreambuf_iterator<char>(xsd_in)), std::istreambuf_iterator<char>());
    const std::string allowed = "name=\"variables\"";
    const auto at = xsd.find(allowed);
    REQUIRE(at != std::string::npos);
    xsd.replace(at, allowed.size(), "name=\"variablez\"");
    const auto stricter_xsd = core_test::write_temp("stricter.xsd", xsd);
    const auto stricter = Table::load({base(), overlay("from-aaaaa")}, stricter_xsd);
    REQUIRE_FALSE(stricter.ok());
    CHECK(stricter.error.find("variables") != std::string::npos);
    // The shipped table, parsed above under the real schema, is checked again under this one.
    const auto base_only = Table::load({base()}, stricter_xsd);
    REQUIRE_FALSE(base_only.ok());
    CHECK(base_only.error.find("asterisk.xml:") != std::string::npos);
    CHECK(Table::load({base()}, core_test::table_xsd()).ok());
}

TEST_CASE("elements nested deeper than a table can be are refused before Xerces scans further", "[table]") {
    // 40 levels without a grammar, then an element of the table's namespace: Xerces 3.2's
    // validating scanner wrote past its element-state array on this (fuzz_table_loader,
    // valgrind); the loader must stop at the 9th level, whatever the namespaces.
    std::string doc = "<?xml version=\"1.0\"?>\n<m>";
    for (int i = 0; i < 40; ++i) doc += "<x>";
    doc += "<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\"><variables/></mappingTable>";
    for (int i = 0; i < 40; ++i) doc += "</x>";
    doc += "</m>\n";
    const auto r = load_text("deep.xml", doc);
    REQUIRE_FALSE(r.ok());
    INFO(r.error);
    CHECK(r.error.find("deep.xml:2:") != std::string::npos);
    CHECK(r.error.find("nested deeper than 8 levels") != std::string::npos);
    // Inside a table too (elements of no namespace under <mappingTable>).
    std::string inner = std::string(core_test::kTableHead);
    for (int i = 0; i < 10; ++i) inner += "<x xmlns=\"\">";
    for (int i = 0; i < 10; ++i) inner += "</x>";
    inner += "</mappingTable>\n";
    const auto r2 = load_text("deep-inner.xml", inner);
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error.find("nested deeper than 8 levels") != std::string::npos);
    // The shipped table and its examples (5 levels at most) still load.
    CHECK(Table::load({base()}, core_test::table_xsd()).ok());
}

TEST_CASE("a missing file is an error naming it", "[table]") {
    const auto r = Table::load({"/nonexistent/table.xml"}, core_test::table_xsd());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error.find("/nonexistent/table.xml") != std::string::npos);
}

TEST_CASE("a pattern's anchored literal prefix refuses early and never changes the answer", "[table]") {
    using bridge::Pattern;
    CHECK(Pattern::compile("^PJSIP/trunk[^/]*-[0-9a-f]{8}$").prefix == "PJSIP/trunk");
    CHECK(Pattern::compile("^Local/").prefix == "Local/");
    CHECK(Pattern::compile("^Queue:([^/]+)_avail$").prefix == "Queue:");
    CHECK(Pattern::compile("^ab?c").prefix == "a");      // b is optional
    CHECK(Pattern::compile("^ab*").prefix == "a");
    CHECK(Pattern::compile("^ab{2}").prefix == "a");
    CHECK(Pattern::compile("^a\\.b").prefix == "a");     // an escape ends the literal run
    CHECK(Pattern::compile("^(?:PJSIP|SIP)/").prefix.empty());
    CHECK(Pattern::compile("^SIP/x|PJSIP/").prefix.empty());  // top-level alternation
    CHECK(Pattern::compile("PJSIP/").prefix.empty());         // not anchored
    const std::vector<std::string> patterns{"^PJSIP/trunk[^/]*-[0-9a-f]{8}$", "^ab?c", "^ab*$", "^a\\.b",
                                            "^SIP/x|PJSIP/", "^Local/", "^1$", "^$"};
    const std::vector<std::string> subjects{"PJSIP/trunk-0000000a", "PJSIP/trunkx-0000000a", "PJSIP/1001-00000012",
                                            "ac", "abc", "abbb", "a.b", "axb", "SIP/x1", "IAX2/PJSIP/", "Local/1@x",
                                            "1", "", "Local"};
    for (const auto& p : patterns)
        for (const auto& s : subjects) {
            INFO(p << " on \"" << s << "\"");
            const auto compiled = Pattern::compile(p);
            CHECK(compiled.matches(s) == std::regex_search(s, std::regex(p)));
            CHECK(compiled.match(s).has_value() == std::regex_search(s, std::regex(p)));
        }
}
