// decode(encode(x)) == x for every message type of the model, with every optional member
// filled, in the namespaces real clients use.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "csta/xml/codec.hpp"
#include "tests/csta/xml/samples.hpp"

using namespace csta;
using csta::xml::Codec;
using csta::xml::Edition;

namespace {
template <class Variant>
std::set<std::string> alternative_names() {
    std::set<std::string> out;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (out.insert(std::string(std::variant_alternative_t<I, Variant>::kName)), ...);
    }(std::make_index_sequence<std::variant_size_v<Variant>>{});
    return out;
}
}  // namespace

TEST_CASE("the samples cover every message type of the model") {
    std::set<std::string> expected;
    for (auto s : {alternative_names<Request>(), alternative_names<Response>(), alternative_names<Event>(),
                   alternative_names<SessionMessage>()})
        expected.insert(s.begin(), s.end());
    std::set<std::string> covered;
    for (const auto& m : csta_test::full_samples()) covered.insert(std::string(name(m)));
    CHECK(covered == expected);
    CHECK(expected.size() == 32 + 32 + 24 + 9);
}

TEST_CASE("every message round-trips through XML in ed6, ed5, ed4, ed3 and ed2") {
    Codec codec;
    for (auto ed : {Edition::ed6, Edition::ed5, Edition::ed4, Edition::ed3, Edition::ed2}) {
        for (const auto& m : csta_test::full_samples()) {
            const std::string xml = Codec::encode(m, ed);
            INFO("edition " << static_cast<int>(ed) << ": " << xml);
            const auto r = codec.decode(xml);
            REQUIRE(r.ok());
            CHECK(r.warnings.empty());
            CHECK(r.root == name(m));
            CHECK(*r.message == m);
            if (std::holds_alternative<SessionMessage>(m)) CHECK_FALSE(r.edition.has_value());
            else CHECK(r.edition == ed);
        }
    }
}

TEST_CASE("the namespace of the answer is the edition asked for") {
    const Request r = MonitorStop{"7", std::nullopt};
    CHECK(Codec::encode(r, Edition::ed3).find(
              "<MonitorStop xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\">") !=
          std::string::npos);
    CHECK(Codec::encode(r).find("csta/ed6\"") != std::string::npos);
    const SessionMessage s = StopApplicationSessionPosResponse{};
    CHECK(Codec::encode(s) ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><StopApplicationSessionPosResponse "
          "xmlns=\"http://www.ecma-international.org/standards/ecma-354/appl_session\"/>");
}

TEST_CASE("DeflectCall newDestination: <device> wrapper in ed6 only, both forms decoded") {
    const Request d = DeflectCall{ConnectionID("C1", DeviceID("1002")), DeviceID("1005")};
    const auto ed6 = Codec::encode(d, Edition::ed6);
    const auto ed3 = Codec::encode(d, Edition::ed3);
    CHECK(ed6.find("<newDestination><device>1005</device></newDestination>") != std::string::npos);
    CHECK(ed3.find("<newDestination>1005</newDestination>") != std::string::npos);
}

TEST_CASE("PrivateEvent: the ed6 document, header text with '<', '&', CR/LF escaped, decoded back") {
    // Written by hand from ed6-elements.txt (class PrivateEvent: monitorCrossRefID, security,
    // privateData; CSTAPrivateData: Element(private) | Element(string)); security is not sent.
    const Event e = PrivateEvent{"12", OpaqueData{OpaqueData::Form::string,
                                                  "UserEvent: CustomerInfo\nNote: <VIP> & \"friends\"\r\nEnd: 1"}};
    const auto xml = Codec::encode(e);
    CHECK(xml ==
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><PrivateEvent "
          "xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\"><monitorCrossRefID>12</monitorCrossRefID>"
          "<privateData><string>UserEvent: CustomerInfo&#10;Note: &lt;VIP&gt; &amp; &quot;friends&quot;&#13;&#10;End: 1</string>"
          "</privateData></PrivateEvent>");
    Codec codec;
    const auto back = codec.decode(xml);
    REQUIRE(back.ok());
    CHECK(std::get<Event>(*back.message) == e);  // CR and LF survive the XML parser's line-end handling
}

namespace {
// Decodes `doc`, encodes the result in ed6 and decodes that again: the private content must
// come back byte for byte (what libFuzzer checks, on the cases it found).
std::string private_bytes_after_roundtrip(const std::string& doc, std::string& first) {
    Codec codec;
    const auto r = codec.decode(doc);
    REQUIRE(r.ok());
    first = std::get<Escape>(std::get<Request>(*r.message)).privateData->bytes;
    const auto again = codec.decode(Codec::encode(*r.message, Edition::ed6));
    REQUIRE(again.ok());
    CHECK(*again.message == *r.message);
    return std::get<Escape>(std::get<Request>(*again.message)).privateData->bytes;
}
}  // namespace

TEST_CASE("private content in no namespace stays out of the CSTA namespace when re-embedded") {
    // Found by fuzz_csta_xml: the root had no namespace, so <cmd> was in none; written into
    // an ed6 document it would have inherited the CSTA default namespace.
    const std::string doc =
        "<Escape><escapeRegisterID>E1</escapeRegisterID><privateData><private>"
        "<cmd xilns=\"urn:x\">reboot</cmd></private></privateData></Escape>";
    std::string first;
    const auto second = private_bytes_after_roundtrip(doc, first);
    CHECK(first == "<cmd xilns=\"urn:x\" xmlns=\"\">reboot</cmd>");
    CHECK(second == first);
}

TEST_CASE("private content keeps prefixes bound outside it, on elements and attributes") {
    const std::string doc =
        "<Escape xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\" xmlns:v=\"urn:v\""
        " xmlns:a=\"urn:a\"><escapeRegisterID>E1</escapeRegisterID><privateData><private>"
        "<v:cmd a:when=\"now\"><v:arg>1</v:arg><plain>2</plain></v:cmd></private></privateData></Escape>";
    std::string first;
    const auto second = private_bytes_after_roundtrip(doc, first);
    CHECK(first ==
          "<v:cmd a:when=\"now\" xmlns:v=\"urn:v\" xmlns:a=\"urn:a\"><v:arg>1</v:arg>"
          "<plain xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed6\">2</plain></v:cmd>");
    CHECK(second == first);
}
