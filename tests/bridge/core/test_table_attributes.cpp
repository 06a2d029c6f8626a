// Every attribute the mapping-table schema allows does something: <complete> carries only the
// results the server reads, and the causes of the bridge's own actions (rules originate-sent,
// redirect-sent, atxfer-sent) are the causes of the events that follow them.
#include <catch2/catch.hpp>

#include "tests/bridge/core/replay_support.hpp"
#include "tests/support/fixtures.hpp"

using bridge::Table;
using csta::EventCause;

namespace {
std::string base() { return core_test::mappings_dir() + "/asterisk.xml"; }

std::string overlay(const std::string& name, const std::string& body) {
    return core_test::write_temp(name, std::string(core_test::kTableHead) + body + "</mappingTable>\n");
}

// The cause of the first event of type T the replay emits.
template <class T>
std::optional<EventCause> first_cause(const std::vector<bridge::Emitted>& events) {
    for (const auto& e : events)
        if (const auto* ev = std::get_if<T>(&e.event)) return ev->cause;
    return std::nullopt;
}
}  // namespace

TEST_CASE("attributes: <complete on=...> is gone from the schema", "[table]") {
    const auto r = Table::load({overlay("complete-on.xml",
        "  <services>\n    <service name=\"ClearCall\">\n      <action name=\"Hangup\"><header name=\"Channel\" value=\"x\"/></action>\n"
        "      <complete on=\"response\"/>\n    </service>\n  </services>\n")}, core_test::table_xsd());
    REQUIRE_FALSE(r.ok());
    INFO(r.error);
    CHECK(r.error.find("complete-on.xml:6:") != std::string::npos);
    CHECK(r.error.find("on") != std::string::npos);
}

TEST_CASE("attributes: a <result> the server does not read is a load error", "[table]") {
    const auto service = [](const std::string& result) {
        return "  <services>\n    <service name=\"MakeCall\">\n      <action name=\"Originate\"><header name=\"Channel\" value=\"x\"/></action>\n"
               "      <complete>\n        " + result + "\n      </complete>\n    </service>\n  </services>\n";
    };
    const auto device = Table::load({base(), overlay("result.xml", service("<result name=\"deviceID\" value=\"${callingDevice}\"/>"))}, core_test::table_xsd());
    REQUIRE_FALSE(device.ok());
    INFO(device.error);
    CHECK(device.error.find("result.xml:7:") != std::string::npos);
    CHECK(device.error.find("deviceID") != std::string::npos);
    const auto call_id = Table::load({base(), overlay("result-ok.xml", service("<result name=\"callID\" value=\"${channelId}\"/>"))}, core_test::table_xsd());
    REQUIRE(call_id.ok());
    REQUIRE(call_id.table->recipe("MakeCall")->result.size() == 1);
    CHECK(call_id.table->recipe("MakeCall")->result[0].first == "callID");
}

TEST_CASE("attributes: the cause of the bridge's own Atxfer is the Held event's cause", "[table]") {
    const auto transcript = test_support::ami_fixture("attended-transfer.ami");
    CHECK(first_cause<csta::HeldEvent>(core_test::replay_file(transcript)) == EventCause::consultation);
    const auto o = overlay("atxfer.xml",
        "  <events>\n    <on key=\"atxfer-sent\" event=\"Atxfer\" from=\"client\" do=\"consultationSent\" cause=\"transfer\">\n"
        "      <input name=\"channel\" header=\"Channel\"/>\n    </on>\n  </events>\n");
    CHECK(first_cause<csta::HeldEvent>(core_test::replay_file(transcript, {o})) == EventCause::transfer);
}

TEST_CASE("attributes: the cause of the bridge's own Redirect is the Transferred event's cause", "[table]") {
    const auto transcript = test_support::ami_fixture("redirect.ami");
    CHECK(first_cause<csta::TransferredEvent>(core_test::replay_file(transcript)) == EventCause::singleStepTransfer);
    const auto o = overlay("redirect.xml",
        "  <events>\n    <on key=\"redirect-sent\" event=\"Redirect\" from=\"client\" do=\"redirectSent\" cause=\"transfer\">\n"
        "      <input name=\"channel\" header=\"Channel\"/>\n      <input name=\"exten\" header=\"Exten\"/>\n    </on>\n  </events>\n");
    CHECK(first_cause<csta::TransferredEvent>(core_test::replay_file(transcript, {o})) == EventCause::transfer);
}

TEST_CASE("attributes: the cause of the bridge's own Originate is the MakeCall events' cause", "[table]") {
    const auto transcript = test_support::ami_fixture("originate-answered.ami");
    CHECK(first_cause<csta::ServiceInitiatedEvent>(core_test::replay_file(transcript)) == EventCause::makeCall);
    const auto o = overlay("originate.xml",
        "  <events>\n    <on key=\"originate-sent\" event=\"Originate\" from=\"client\" do=\"originateSent\" cause=\"newCall\">\n"
        "      <input name=\"actionId\" header=\"ActionID\"/>\n      <input name=\"channelId\" header=\"ChannelId\"/>\n"
        "      <input name=\"channel\" header=\"Channel\"/>\n      <input name=\"exten\" header=\"Exten\"/>\n    </on>\n  </events>\n");
    const auto events = core_test::replay_file(transcript, {o});
    CHECK(first_cause<csta::ServiceInitiatedEvent>(events) == EventCause::newCall);
    CHECK(first_cause<csta::OriginatedEvent>(events) == EventCause::newCall);
    CHECK(first_cause<csta::EstablishedEvent>(events) == EventCause::newCall);
}

TEST_CASE("attributes: a <param> names a field of the service's request, or the table does not load", "[table]") {
    const auto service = [](const std::string& name, const std::string& param) {
        return "  <services>\n    <service name=\"" + name + "\">\n      " + param +
               "\n      <action name=\"QueuePause\"><header name=\"Interface\" value=\"x\"/></action>\n    </service>\n  </services>\n";
    };
    // A misspelt field (ECMA-323 says "group") is refused with the line and the fields there are.
    const auto typo = Table::load({base(), overlay("param-typo.xml", service("SetAgentState.notReady",
                                   "<param name=\"acdGroup\" field=\"acdGroup\"/>"))}, core_test::table_xsd());
    REQUIRE_FALSE(typo.ok());
    INFO(typo.error);
    CHECK(typo.error.find("param-typo.xml:5:") != std::string::npos);
    CHECK(typo.error.find("SetAgentState has no field \"acdGroup\"") != std::string::npos);
    CHECK(typo.error.find("group") != std::string::npos);
    // The variant after the '.' is the same request: SetAgentState's group.
    const auto ok = Table::load({base(), overlay("param-ok.xml", service("SetAgentState.notReady",
                                 "<param name=\"acdGroup\" field=\"group\"/>"))}, core_test::table_xsd());
    REQUIRE(ok.ok());
    const auto& params = ok.table->recipe("SetAgentState.notReady")->params;
    REQUIRE(params.size() == 1);
    CHECK(params[0].name == "acdGroup");
    CHECK(params[0].field == "group");
    // Nested fields by path: a ConnectionID's parts.
    CHECK(Table::load({base(), overlay("param-nested.xml", service("SingleStepTransferCall",
                       "<param name=\"where\" field=\"activeCall.deviceID\"/>"))}, core_test::table_xsd()).ok());
}

TEST_CASE("attributes: the default table declares the request fields its recipes use", "[table]") {
    // What services_*.cpp used to fill by hand is now in mappings/asterisk.xml.
    const auto t = core_test::default_table();
    auto field_of = [&](const std::string& service, const std::string& name) -> std::string {
        for (const auto& p : t->recipe(service)->params)
            if (p.name == name) return p.field;
        return "(none)";
    };
    CHECK(field_of("MakeCall", "calledDirectoryNumber") == "calledDirectoryNumber");
    CHECK(field_of("SingleStepTransferCall", "transferredTo") == "transferredTo");
    CHECK(field_of("DeflectCall", "newDestination") == "newDestination");
    CHECK(field_of("SetAgentState.loggedOn", "acdGroup") == "group");
    CHECK(field_of("SetAgentState.loggedOn", "agentDevice") == "device");
    CHECK(field_of("SetForwarding.forwardBusy.on", "forwardDN") == "forwardDN");
}
