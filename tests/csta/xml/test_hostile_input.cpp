// Hostile and broken input: rejected with a clear error, no crash, no file or network access,
// and the codec keeps working afterwards.
#include <catch2/catch.hpp>

#include <string>

#include "csta/xml/codec.hpp"

using namespace csta;
using csta::xml::Codec;

namespace {
const std::string kNs = " xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\"";

void require_malformed(Codec& codec, const std::string& doc, const std::string& reason_part) {
    const auto r = codec.decode(doc);
    REQUIRE_FALSE(r.ok());
    REQUIRE(r.error);
    INFO(r.error->reason);
    CHECK(r.error->malformed);
    CHECK(r.error->reason.find(reason_part) != std::string::npos);
    CHECK(r.root.empty());
}

void require_still_works(Codec& codec) {
    const auto r = codec.decode("<MonitorStop" + kNs + "><monitorCrossRefID>9</monitorCrossRefID></MonitorStop>");
    REQUIRE(r.ok());
}
}  // namespace

TEST_CASE("XXE: an external entity pointing at /etc/passwd is refused") {
    Codec codec;
    require_malformed(codec,
                      "<?xml version=\"1.0\"?>\n<!DOCTYPE MakeCall [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
                      "<MakeCall" + kNs + "><callingDevice>&xxe;</callingDevice>"
                      "<calledDirectoryNumber>1</calledDirectoryNumber></MakeCall>",
                      "DOCTYPE declarations are not allowed");
    // External DTD subset (would be fetched over the network).
    require_malformed(codec,
                      "<!DOCTYPE MakeCall SYSTEM \"http://127.0.0.1:9/evil.dtd\"><MakeCall" + kNs + "/>",
                      "DOCTYPE declarations are not allowed");
    require_still_works(codec);
}

TEST_CASE("billion laughs is refused before any expansion") {
    std::string doc = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
    doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">";
    for (int i = 2; i <= 9; ++i)
        doc += "<!ENTITY lol" + std::to_string(i) + " \"" + std::string() +
               [&] {
                   std::string s;
                   for (int k = 0; k < 10; ++k) s += "&lol" + std::to_string(i - 1) + ";";
                   return s;
               }() +
               "\">";
    doc += "]><MonitorStop" + kNs + "><monitorCrossRefID>&lol9;</monitorCrossRefID></MonitorStop>";
    Codec codec;
    require_malformed(codec, doc, "DOCTYPE");
    require_still_works(codec);
}

TEST_CASE("an internal DOCTYPE without entities is refused too") {
    Codec codec;
    require_malformed(codec, "<!DOCTYPE MonitorStop><MonitorStop" + kNs + "/>", "DOCTYPE");
}

TEST_CASE("undeclared entity references are a parse error, not an expansion") {
    Codec codec;
    const auto r = codec.decode("<MonitorStop" + kNs + "><monitorCrossRefID>&foo;</monitorCrossRefID></MonitorStop>");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->malformed);
    CHECK(r.error->reason.find("line 1") != std::string::npos);
}

TEST_CASE("nesting deeper than the limit is refused while parsing") {
    Codec codec;  // default max_depth 32
    std::string doc = "<MonitorStop" + kNs + ">";
    for (int i = 0; i < 100000; ++i) doc += "<a>";
    for (int i = 0; i < 100000; ++i) doc += "</a>";
    doc += "</MonitorStop>";
    xml::Codec big({.max_bytes = 4 * 1024 * 1024, .max_depth = 32, .max_elements = 1000000});
    require_malformed(big, doc, "nested deeper than 32");
    require_still_works(big);
}

TEST_CASE("oversized documents and too many elements are refused") {
    Codec codec({.max_bytes = 4096, .max_depth = 32, .max_elements = 100});
    require_malformed(codec, "<MonitorStop" + kNs + "><monitorCrossRefID>" + std::string(5000, 'x') +
                                 "</monitorCrossRefID></MonitorStop>",
                      "exceeds the limit of 4096");
    std::string many = "<MonitorStop" + kNs + ">";
    for (int i = 0; i < 150; ++i) many += "<x/>";
    many += "</MonitorStop>";
    require_malformed(codec, many, "more than 100 elements");
    require_still_works(codec);
}

TEST_CASE("garbage, truncation and empty input are clean errors") {
    Codec codec;
    require_malformed(codec, "", "empty document");
    require_malformed(codec, "not xml at all", "line 1");
    require_malformed(codec, "<MonitorStop" + kNs + "><monitorCrossRefID>1</monitor", "line 1");
    require_malformed(codec, std::string("<a>\0</a>", 8), "line 1");
    require_malformed(codec, "<a>\xff\xfe</a>", "");
    require_still_works(codec);
}

TEST_CASE("text that needs escaping survives encoding and Xerces re-parsing") {
    Codec codec;
    const std::string nasty = "a<b>&c\"d'e]]>f\tg\nh\ri";
    const std::string invalid_utf8 = "x\xff\xc0\x80y\x01z";  // bad bytes and a C0 control
    const Request r = MakeCall{DeviceID(nasty), DeviceID(invalid_utf8)};
    const auto doc = Codec::encode(r);
    CHECK(doc.find("]]>") == std::string::npos);
    const auto back = codec.decode(doc);
    REQUIRE(back.ok());
    const auto& m = std::get<MakeCall>(std::get<Request>(*back.message));
    CHECK(m.callingDevice.value == nasty);
    // Invalid bytes and the control character are replaced by U+FFFD, never emitted raw.
    CHECK(m.calledDirectoryNumber.value == "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy\xEF\xBF\xBDz");

    // Attributes with quotes and newlines.
    DeviceID d("1001");
    d.mediaClass = "voice\"\n<x>";
    const auto doc2 = Codec::encode(Request{SnapshotDevice{d}});
    const auto back2 = codec.decode(doc2);
    REQUIRE(back2.ok());
    CHECK(std::get<SnapshotDevice>(std::get<Request>(*back2.message)).snapshotObject.mediaClass == "voice\"\n<x>");
}
