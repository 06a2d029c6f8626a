// ROSE / ACSE envelope: byte-exact golden vectors written by hand from X.227 / X.880 and the
// ECMA-285 README (never produced by this code), checked by dumpasn1 as well, plus hostile
// input. The CSTA payloads stay raw bytes here (see test_codec.cpp for the model mapping).
#include <catch2/catch.hpp>

#include "csta/ber/envelope.hpp"
#include "tests/csta/ber/bytes.hpp"
#include "tests/csta/ber/dumpasn1.hpp"

using namespace csta::ber;
using csta_test::b;
using csta_test::dumpasn1;

namespace {

template <class T>
T envelope_as(const Bytes& apdu) {
    auto r = decode_envelope(apdu);
    if (auto* e = std::get_if<EnvelopeError>(&r)) FAIL("decode error: " << e->message);
    auto& env = std::get<Envelope>(r);
    REQUIRE(std::holds_alternative<T>(env));
    return std::get<T>(env);
}

EnvelopeError envelope_error(const Bytes& apdu) {
    auto r = decode_envelope(apdu);
    REQUIRE(std::holds_alternative<EnvelopeError>(r));
    return std::get<EnvelopeError>(r);
}

// AARQ [APPLICATION 0] { application-context-name [1] { OID 1.3.12.0.180.1 } } - the README.
const Bytes aarq_plain = b({0x60, 0x0a, 0xa1, 0x08, 0x06, 0x06, 0x2b, 0x0c, 0x00, 0x81, 0x34, 0x01});
// ... with calling-authentication-value [12] EXPLICIT { charstring [0] IMPLICIT "secret" }.
const Bytes aarq_password = b({0x60, 0x14, 0xa1, 0x08, 0x06, 0x06, 0x2b, 0x0c, 0x00, 0x81, 0x34, 0x01,
                               0xac, 0x08, 0x80, 0x06, 's', 'e', 'c', 'r', 'e', 't'});
// AARE [APPLICATION 1] { [1] { OID }, result [2] { INTEGER accepted(0) },
//   result-source-diagnostic [3] { acse-service-user [1] { INTEGER null(0) } } }
const Bytes aare_accepted = b({0x61, 0x16, 0xa1, 0x08, 0x06, 0x06, 0x2b, 0x0c, 0x00, 0x81, 0x34, 0x01,
                               0xa2, 0x03, 0x02, 0x01, 0x00, 0xa3, 0x05, 0xa1, 0x03, 0x02, 0x01, 0x00});
// The README's makeCall Invoke without its 2-byte frame length.
const Bytes make_call = b({0xa1, 0x18, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0a, 0x30, 0x10, 0x30, 0x06, 0x80, 0x04,
                           0x31, 0x30, 0x30, 0x31, 0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x32});
const Bytes make_call_argument(make_call.begin() + 8, make_call.end());
// ReturnError [3] { invokeId 1, errcode local 1 (universalFailure),
//   UniversalFailure operation [0] { OperationErrors invalidDeviceID(12) } }
const Bytes universal_failure_apdu = b({0xa3, 0x0b, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0xa0, 0x03, 0x0a, 0x01, 0x0c});
// Reject [4] { invokeId 5, invoke [1] IMPLICIT unrecognizedOperation(1) }
const Bytes reject_unrecognized = b({0xa4, 0x06, 0x02, 0x01, 0x05, 0x81, 0x01, 0x01});
// Reject [4] { invokeId absent NULL, general [0] IMPLICIT badlyStructuredPDU(2) }
const Bytes reject_badly_structured = b({0xa4, 0x05, 0x05, 0x00, 0x80, 0x01, 0x02});
// RLRQ [APPLICATION 2] { reason [0] IMPLICIT normal(0) }, RLRE likewise, ABRT { source user(0) }.
const Bytes rlrq = b({0x62, 0x03, 0x80, 0x01, 0x00});
const Bytes rlre = b({0x63, 0x03, 0x80, 0x01, 0x00});
const Bytes abrt = b({0x64, 0x03, 0x80, 0x01, 0x00});

}  // namespace

TEST_CASE("AARQ golden vectors decode, and the encoder reproduces them byte for byte") {
    const auto plain = envelope_as<Aarq>(aarq_plain);
    CHECK(plain.application_context == "1.3.12.0.180.1");
    CHECK_FALSE(plain.password);
    CHECK(encode_envelope(plain) == aarq_plain);

    const auto with_password = envelope_as<Aarq>(aarq_password);
    CHECK(with_password.password == "secret");
    CHECK(encode_envelope(with_password) == aarq_password);

    const auto d = dumpasn1(aarq_password);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("OBJECT IDENTIFIER '1 3 12 0 180 1'") || Catch::Contains("1 3 12 0 180 1"));
    CHECK_THAT(d.text, Catch::Contains("'secret'"));
}

TEST_CASE("AARE golden vector: accepted, context echoed") {
    const Aare aare{"1.3.12.0.180.1", AssociateResult::accepted, 0};
    CHECK(encode_envelope(aare) == aare_accepted);
    CHECK(envelope_as<Aare>(aare_accepted) == aare);
    const auto d = dumpasn1(aare_accepted);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("[APPLICATION 1]"));

    const Aare refused{"1.3.12.0.218.200", AssociateResult::rejected_permanent, 13};
    CHECK(envelope_as<Aare>(encode_envelope(refused)) == refused);
}

TEST_CASE("makeCall Invoke from the README: envelope fields and argument bytes") {
    const auto invoke = envelope_as<RoseInvoke>(make_call);
    CHECK(invoke.invoke_id == 1);
    CHECK(invoke.opcode == 10);
    CHECK(invoke.argument == make_call_argument);
    CHECK(encode_envelope(invoke) == make_call);
    const auto d = dumpasn1(make_call);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("'1001'"));
    CHECK_THAT(d.text, Catch::Contains("'1002'"));
}

TEST_CASE("universalFailure ReturnError golden vector") {
    const auto err = envelope_as<RoseError>(universal_failure_apdu);
    CHECK(err.invoke_id == 1);
    CHECK(err.errcode == 1);
    CHECK(err.parameter == b({0xa0, 0x03, 0x0a, 0x01, 0x0c}));
    CHECK(encode_envelope(err) == universal_failure_apdu);
    const auto d = dumpasn1(universal_failure_apdu);
    CHECK(d.status == 0);
    CHECK_THAT(d.text, Catch::Contains("ENUMERATED 12"));
}

TEST_CASE("Reject golden vectors, with and without an invokeId") {
    const Reject r1{5, ProblemKind::invoke, problem::unrecognizedOperation};
    CHECK(encode_envelope(r1) == reject_unrecognized);
    CHECK(envelope_as<Reject>(reject_unrecognized) == r1);
    const Reject r2{std::nullopt, ProblemKind::general, problem::badlyStructuredPDU};
    CHECK(encode_envelope(r2) == reject_badly_structured);
    CHECK(envelope_as<Reject>(reject_badly_structured) == r2);
    CHECK(dumpasn1(reject_unrecognized).status == 0);
    CHECK(dumpasn1(reject_badly_structured).status == 0);
}

TEST_CASE("ACSE release and abort golden vectors") {
    CHECK(encode_envelope(Rlrq{0}) == rlrq);
    CHECK(envelope_as<Rlrq>(rlrq).reason == 0);
    CHECK(encode_envelope(Rlre{0}) == rlre);
    CHECK(envelope_as<Rlre>(rlre).reason == 0);
    CHECK(encode_envelope(Abrt{0, std::nullopt}) == abrt);
    CHECK(envelope_as<Abrt>(abrt).source == 0);
    CHECK(envelope_as<Rlrq>(b({0x62, 0x00})).reason == std::nullopt);
}

TEST_CASE("ReturnResult with and without a result value round-trips") {
    const RoseResult with{3, 10, b({0x30, 0x03, 0x80, 0x01, 0x37})};
    CHECK(envelope_as<RoseResult>(encode_envelope(with)) == with);
    const RoseResult without{4, std::nullopt, {}};
    const Bytes bare = encode_envelope(without);
    CHECK(bare == b({0xa2, 0x03, 0x02, 0x01, 0x04}));
    CHECK(envelope_as<RoseResult>(bare) == without);
}

TEST_CASE("hostile and broken APDUs give precise errors and Reject problems") {
    SECTION("a huge long-form length (0x84 ff ff ff ff)") {
        const auto e = envelope_error(b({0xa1, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01}));
        REQUIRE(e.reject);
        CHECK(e.reject->kind == ProblemKind::general);
        CHECK(e.reject->problem == problem::badlyStructuredPDU);
    }
    SECTION("an inner length that overruns the APDU") {
        const auto e = envelope_error(b({0xa1, 0x06, 0x02, 0x01, 0x01, 0x02, 0x7f, 0x0a}));
        REQUIRE(e.reject);
        CHECK(e.reject->problem == problem::mistypedPDU);
        CHECK(e.reject->invoke_id == 1);
    }
    SECTION("indefinite length that is never closed") {
        const auto e = envelope_error(b({0xa1, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0a}));
        REQUIRE(e.reject);
        CHECK(e.reject->kind == ProblemKind::general);
    }
    SECTION("indefinite length correctly closed is accepted (BER, not DER)") {
        const auto i = envelope_as<RoseInvoke>(b({0xa1, 0x80, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0a, 0x00, 0x00}));
        CHECK(i.invoke_id == 2);
        CHECK(i.opcode == 10);
    }
    SECTION("a deeply nested argument is carried opaquely, without recursion") {
        // The envelope only skips the argument TLV (asn1c's ANY decoder does not recurse);
        // the operation's own decoder refuses the depth (test_codec.cpp).
        Bytes deep = b({0xa1, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0a});
        const int depth = 20000;
        for (int i = 0; i < depth; ++i) deep.insert(deep.end(), {0x30, 0x80});
        for (int i = 0; i < depth + 1; ++i) deep.insert(deep.end(), {0x00, 0x00});
        const auto i = envelope_as<RoseInvoke>(deep);
        CHECK(i.invoke_id == 1);
        CHECK(i.opcode == 10);
        CHECK(i.argument.size() == static_cast<std::size_t>(depth) * 4);
    }
    SECTION("unknown outer tag") {
        const auto e = envelope_error(b({0xa7, 0x03, 0x02, 0x01, 0x01}));
        REQUIRE(e.reject);
        CHECK(e.reject->problem == problem::unrecognizedPDU);
    }
    SECTION("trailing bytes after the APDU") {
        Bytes extra = make_call;
        extra.push_back(0x00);
        const auto e = envelope_error(extra);
        REQUIRE(e.reject);
        CHECK(e.reject->problem == problem::badlyStructuredPDU);
    }
    SECTION("broken ACSE gets no Reject (the association is aborted instead)") {
        const auto e = envelope_error(b({0x60, 0x03, 0x02, 0x01, 0x01}));
        CHECK_FALSE(e.reject);
        CHECK_FALSE(e.message.empty());
    }
    SECTION("empty input") {
        const auto e = envelope_error(Bytes{});
        CHECK_FALSE(e.message.empty());
    }
}
