#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "bridge/core/service_recipe.hpp"
#include "bridge/server/config.hpp"
#include "bridge/server/server_tables.hpp"
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

TEST_CASE("every key the sample configuration shows commented out is accepted with the value it shows") {
    // The sample documents optional keys as ';key = value' lines: each must be a working value.
    std::ifstream in(test_support::source_dir() + "/conf/csta-bridge.conf");
    REQUIRE(in);
    std::string text, line;
    int uncommented = 0;
    const std::regex commented_key(R"(^;([a-z][a-z0-9-]*) = (.*)$)");
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, commented_key)) {
            line = m[1].str() + " = " + m[2].str();
            ++uncommented;
        }
        text += line + "\n";
    }
    CHECK(uncommented >= 20);
    auto r = parse(text);
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    INFO(all);
    REQUIRE(r.config);
    CHECK(r.config->servers[0].table_variables.at("context") == "from-internal");
}

TEST_CASE("session-recovery = 0 means no recovery, negative or over a day is refused") {
    auto r = parse("[general]\nsession-recovery = 0\n" + kMinimal);
    REQUIRE(r.config);
    CHECK(r.config->general.session_recovery == std::chrono::seconds(0));
    CHECK(parse(kMinimal).config->general.session_recovery == std::chrono::seconds(60));
    for (const std::string bad : {"-1", "86401", "ten", ""}) {
        auto b = parse("[general]\nsession-recovery = " + bad + "\n" + kMinimal);
        REQUIRE_FALSE(b.config);
        CHECK_THAT(b.errors.at(0), Catch::Contains("[general] session-recovery: '" + bad + "' is not a number of seconds (0-86400)"));
    }
}

TEST_CASE("site settings in [asterisk:NAME] set the mapping table's variables for that server") {
    auto r = parse("[asterisk:pbx]\nusername = u\nsecret = s\ncontext = from-internal\noriginate-timeout-ms = 45000\n"
                   "dnd-family = DONOTDISTURB\ncf-family = CFWD\ncfb-family = CFWDB\ncfu-family = CFWDU\n"
                   "atxfer-complete-code = #9\natxfer-threeway-code = **3\natxfer-swap-code = *5\natxfer-abort-code = *0\n"
                   "[listener:cti]\nport = 4721\n[user:crm]\nsecret = s\n");
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    INFO(all);
    REQUIRE(r.config);
    const std::map<std::string, std::string> want{
        {"context", "from-internal"}, {"originateTimeout", "45000"}, {"dndFamily", "DONOTDISTURB"},
        {"cfFamily", "CFWD"}, {"cfbFamily", "CFWDB"}, {"cfuFamily", "CFWDU"}, {"atxferCompleteCode", "#9"},
        {"atxferThreewayCode", "**3"}, {"atxferSwapCode", "*5"}, {"atxferAbortCode", "*0"}};
    CHECK(r.config->servers[0].table_variables == want);
    CHECK_THAT(bridge::explain(*r.config), Catch::Contains("context from-internal"));
    // Each site_variables() key names a variable the default table really has.
    const auto mappings = test_support::source_dir() + "/mappings";
    const auto base = bridge::Table::load({mappings + "/asterisk.xml"}, mappings + "/mapping-table.xsd");
    REQUIRE(base.ok());
    for (const auto& sv : bridge::site_variables()) CHECK(base.table->variables().count(sv.variable) == 1);
}

TEST_CASE("bad site settings are refused with the key") {
    auto r = parse(kMinimal + "[asterisk:two]\nusername = u\nsecret = s\ndevice-prefix = b\ncontext = from internal\n"
                              "originate-timeout-ms = 0\natxfer-complete-code = *2x\ndnd-family = a/b\n");
    REQUIRE_FALSE(r.config);
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    INFO(all);
    CHECK_THAT(all, Catch::Contains("[asterisk:two] context: 'from internal' is not a dial-plan context"));
    CHECK_THAT(all, Catch::Contains("[asterisk:two] originate-timeout-ms: '0' is not a number of milliseconds"));
    CHECK_THAT(all, Catch::Contains("[asterisk:two] atxfer-complete-code: '*2x' is not a feature code"));
    CHECK_THAT(all, Catch::Contains("[asterisk:two] dnd-family: 'a/b' is not an AstDB family"));
}

TEST_CASE("a server's table: its overlays, then its site settings, MakeCall dials in its context") {
    const auto mappings = test_support::source_dir() + "/mappings";
    const std::vector<std::string> files{mappings + "/asterisk.xml"};
    const auto schema = mappings + "/mapping-table.xsd";
    const auto general = bridge::Table::load(files, schema);
    REQUIRE(general.ok());
    auto r = parse("[asterisk:a]\nusername = u\nsecret = s\ndevice-prefix = a\ncontext = from-internal\n"
                   "atxfer-complete-code = #9\n"
                   "[asterisk:b]\nusername = u\nsecret = s\ndevice-prefix = b\nmapping-overlays = " + mappings +
                   "/examples/phone-remote-control.xml\n[listener:cti]\nport = 4721\n[user:crm]\nsecret = s\n");
    REQUIRE(r.config);
    const auto a = bridge::load_tables_for(r.config->servers[0], files, general.table, schema);
    const auto b = bridge::load_tables_for(r.config->servers[1], files, general.table, schema);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    bridge::RecipeParams p;
    p.values = {{"callingDevice", "1001"}, {"calledDirectoryNumber", "1002"}, {"channelId", "c1"}, {"otherChannelId", "c2"}};
    const auto call_a = bridge::render_actions(*a.table, "MakeCall", p);
    const auto call_b = bridge::render_actions(*b.table, "MakeCall", p);
    REQUIRE(call_a.ok());
    REQUIRE(call_b.ok());
    CHECK(call_a.actions.at(0).get("Context") == "from-internal");
    CHECK(call_b.actions.at(0).get("Context") == "default");  // the table's: b has no site setting
    CHECK(general.table->variables().at("context") == "default");  // the shared table is untouched
    // b's overlay is loaded: HoldCall by PJSIPNotify there, not in the shared table.
    REQUIRE(b.table->recipe("HoldCall"));
    CHECK(b.table->recipe("HoldCall")->actions.at(0).name == "PJSIPNotify");
    REQUIRE(general.table->recipe("HoldCall"));
    for (const auto& action : general.table->recipe("HoldCall")->actions) CHECK(action.name != "PJSIPNotify");

    const auto text_a = bridge::explain_server_table(r.config->servers[0], files, true, *a.table);
    CHECK_THAT(text_a, Catch::Contains("Asterisk 'a' mapping tables: " + mappings + "/asterisk.xml (the installation's default)"));
    CHECK_THAT(text_a, Catch::Contains("context = from-internal   ([asterisk:a] context)"));
    CHECK_THAT(text_a, Catch::Contains("atxferCompleteCode = #9   ([asterisk:a] atxfer-complete-code)"));
    CHECK_THAT(text_a, Catch::Contains("originateTimeout = 30000   (table; set 'originate-timeout-ms' in [asterisk:a] to change it)"));
    const auto text_b = bridge::explain_server_table(r.config->servers[1], files, true, *b.table);
    CHECK_THAT(text_b, Catch::Contains("phone-remote-control.xml (overlay, this server's mapping-overlays)"));
    CHECK_THAT(text_b, Catch::Contains("context = default   (table;"));
}
