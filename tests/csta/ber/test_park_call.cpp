// ParkCall (ECMA-285 CSTA-park-call, operation parkCall = local 18; csta/asn1/park-call.asn1).
// The vector is written by hand from that module and CSTA-call-connection-identifiers /
// CSTA-device-identifiers (EXPLICIT tagging), checked by dumpasn1, then by our codec.
#include <catch2/catch.hpp>

#include "csta/ber/codec.hpp"
#include "tests/csta/ber/bytes.hpp"
#include "tests/csta/ber/dumpasn1.hpp"

using namespace csta;
using namespace csta::ber;
using csta_test::b;

namespace {

const Codec codec;

// Invoke { invokeId 1, parkCall(18), ParkCallArgument {
//   parking [APPLICATION 11] { both { callID [0] "C1", deviceID [1] { staticID { dialingNumber [0] "1002" } } } },
//   parkTo { dialingNumber [0] "700" } } }
const Bytes park_call_invoke = b({0xa1, 0x21, 0x02, 0x01, 0x01, 0x02, 0x01, 0x12,
                                  0x30, 0x19,
                                  0x6b, 0x10, 0x30, 0x0e, 0x80, 0x02, 0x43, 0x31, 0xa1, 0x08, 0x30, 0x06, 0x80, 0x04,
                                  0x31, 0x30, 0x30, 0x32,
                                  0x30, 0x05, 0x80, 0x03, 0x37, 0x30, 0x30});

// ReturnResult { invokeId 1, { parkCall(18), ParkCallResult { parkedTo [APPLICATION 11] {
//   both { callID [0] "C1", deviceID [1] { staticID { [0] "701" } } } } } } }
const Bytes park_call_result = b({0xa2, 0x1b, 0x02, 0x01, 0x01, 0x30, 0x16, 0x02, 0x01, 0x12,
                                  0x30, 0x11,
                                  0x6b, 0x0f, 0x30, 0x0d, 0x80, 0x02, 0x43, 0x31, 0xa1, 0x07, 0x30, 0x05, 0x80, 0x03,
                                  0x37, 0x30, 0x31});

}  // namespace

TEST_CASE("parkCall invoke: the hand-written vector is valid BER and decodes to ParkCall") {
    const auto dump = csta_test::dumpasn1(park_call_invoke);
    INFO(dump.text);
    REQUIRE(dump.status == 0);
    auto r = codec.decode_apdu(park_call_invoke);
    REQUIRE(std::holds_alternative<Apdu>(r));
    const auto& invoke = std::get<Invoke>(std::get<Apdu>(r));
    CHECK(invoke.opcode == 18);
    REQUIRE(std::holds_alternative<ParkCall>(invoke.request));
    const auto& park = std::get<ParkCall>(invoke.request);
    CHECK(park.parking == ConnectionID("C1", DeviceID("1002")));
    CHECK(park.parkTo == DeviceID("700"));
    CHECK_FALSE(park.correlatorData);
    CHECK(codec.encode(invoke) == park_call_invoke);
    CHECK(operation_name(18) == std::optional<std::string_view>("parkCall"));
}

TEST_CASE("parkCall result: parkedTo carried, and an empty ParkCallResult") {
    const auto dump = csta_test::dumpasn1(park_call_result);
    INFO(dump.text);
    REQUIRE(dump.status == 0);
    auto r = codec.decode_apdu(park_call_result);
    REQUIRE(std::holds_alternative<Apdu>(r));
    const auto& result = std::get<Result>(std::get<Apdu>(r));
    REQUIRE(std::holds_alternative<ParkCallResponse>(result.response));
    CHECK(std::get<ParkCallResponse>(result.response).parkedTo == ConnectionID("C1", DeviceID("701")));
    CHECK(codec.encode(result) == park_call_result);
    // Without parkedTo the result is an empty SEQUENCE: { 1, { parkCall(18), 30 00 } }.
    CHECK(codec.encode(Result{1, ParkCallResponse{}}) ==
          b({0xa2, 0x0a, 0x02, 0x01, 0x01, 0x30, 0x05, 0x02, 0x01, 0x12, 0x30, 0x00}));
}

TEST_CASE("ParkCall with its optional arguments round-trips") {
    ParkCall p{.parking = ConnectionID("C7", DeviceID("1001")), .parkTo = DeviceID("700"),
               .correlatorData = OpaqueData{OpaqueData::Form::string, "crm-1"}, .subjectOfCall = "order",
               .languagePreferences = "de"};
    REQUIRE(Codec::supported(Request{p}));
    auto r = codec.decode_apdu(codec.encode(Invoke{5, 0, Request{p}}));
    REQUIRE(std::holds_alternative<Apdu>(r));
    CHECK(std::get<Invoke>(std::get<Apdu>(r)).request == Request{p});
}
