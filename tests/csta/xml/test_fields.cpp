// csta::xml::request_fields / request_field_paths: a request's values by ECMA-323 element path,
// what the mapping table's <param field> names. The expected paths are the element names of
// tests/data/ecma-323 (SingleStepTransferCall: activeCall, transferredTo, accountCode, ...).
#include <catch2/catch.hpp>

#include <algorithm>

#include "csta/xml/fields.hpp"

namespace {
bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }
}  // namespace

TEST_CASE("request field paths are the request's ECMA-323 elements, a ConnectionID by its two parts") {
    const auto sstc = csta::xml::request_field_paths("SingleStepTransferCall");
    CHECK(has(sstc, "activeCall.callID"));
    CHECK(has(sstc, "activeCall.deviceID"));
    CHECK(has(sstc, "transferredTo"));
    CHECK(has(sstc, "accountCode"));
    CHECK(has(sstc, "correlatorData"));
    CHECK_FALSE(has(sstc, "activeCall"));  // not a value of its own
    CHECK_FALSE(has(sstc, "extensions"));  // private data has no path
    CHECK(has(csta::xml::request_field_paths("SetAgentState"), "group"));
    CHECK(csta::xml::request_field_paths("MakeCallResponse").empty());  // not a request
    CHECK(csta::xml::request_field_paths("NoSuchRequest").empty());
}

TEST_CASE("request fields: the values present, devices marked, absent options left out") {
    csta::SetAgentState s;
    s.device = csta::DeviceID("1001");
    s.requestedAgentState = csta::ReqAgentState::loggedOn;
    s.group = csta::DeviceID("600");
    const auto f = csta::xml::request_fields(csta::Request{s});
    REQUIRE(f.count("device"));
    CHECK(f.at("device").text == "1001");
    CHECK(f.at("device").device);
    CHECK(f.at("requestedAgentState").text == "loggedOn");
    CHECK_FALSE(f.at("requestedAgentState").device);
    CHECK(f.at("group").text == "600");
    CHECK(f.at("group").device);
    CHECK_FALSE(f.count("agentID"));  // not given

    csta::SingleStepTransferCall t;
    t.activeCall = csta::ConnectionID("C7", csta::DeviceID("1002"));
    t.transferredTo = csta::DeviceID("1003");
    t.correlatorData = csta::CorrelatorData{csta::OpaqueData::Form::string, "order-12"};
    const auto g = csta::xml::request_fields(csta::Request{t});
    CHECK(g.at("activeCall.callID").text == "C7");
    CHECK_FALSE(g.at("activeCall.callID").device);
    CHECK(g.at("activeCall.deviceID").text == "1002");
    CHECK(g.at("activeCall.deviceID").device);
    CHECK(g.at("transferredTo").text == "1003");
    CHECK(g.at("correlatorData").text == "order-12");
    // Every value's path is one request_field_paths lists (the loader's check and the values agree).
    const auto paths = csta::xml::request_field_paths("SingleStepTransferCall");
    for (const auto& [path, value] : g) CHECK(has(paths, path));
}
