// Framing: detection from the first bytes, incremental deframing under arbitrary chunking,
// oversize and garbage input, and the encoders' header bytes (written out by hand below).
#include <catch2/catch.hpp>

#include "csta/framing/framing.hpp"

#include <random>
#include <string>

using namespace csta::framing;

namespace {

Bytes bytes(std::initializer_list<int> list) {
    Bytes out;
    for (int b : list) out.push_back(static_cast<std::uint8_t>(b));
    return out;
}

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// The README's framed makeCall invoke (ECMA-285 BER, 2-byte length 0x001a).
const Bytes make_call = bytes({0x00, 0x1a, 0xa1, 0x18, 0x02, 0x01, 0x01, 0x02, 0x01, 0x0a, 0x30, 0x10,
                               0x30, 0x06, 0x80, 0x04, 0x31, 0x30, 0x30, 0x31, 0x30, 0x06, 0x80, 0x04,
                               0x31, 0x30, 0x30, 0x32});
// An AARQ with application-context-name 1.3.12.0.180.1 (from the README).
const Bytes aarq = bytes({0x00, 0x0c, 0x60, 0x0a, 0xa1, 0x08, 0x06, 0x06, 0x2b, 0x0c, 0x00, 0x81, 0x34, 0x01});

const std::string xml_doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><MonitorStart xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\"><monitorObject><deviceObject>1001</deviceObject></monitorObject></MonitorStart>";
// 8-byte header: 00 00, total length, invokeID "0042".
Bytes xml_frame(const std::string& doc, const char* id = "0042") {
    const std::size_t total = doc.size() + 8;
    return concat({bytes({0, 0, static_cast<int>(total >> 8), static_cast<int>(total & 0xff)}), text(id), text(doc)});
}

std::vector<std::variant<Frame, Error>> drain(Deframer& d) {
    std::vector<std::variant<Frame, Error>> out;
    while (auto r = d.next()) {
        const bool is_error = std::holds_alternative<Error>(*r);
        out.push_back(std::move(*r));
        if (is_error) break;
    }
    return out;
}

}  // namespace

TEST_CASE("detect: BER AARQ / Invoke after a 2-byte length, XML header with 4 ASCII digits") {
    CHECK(detect(Bytes{}) == Detection::need_more);
    CHECK(detect(bytes({0x00})) == Detection::need_more);
    CHECK(detect(bytes({0x00, 0x1a})) == Detection::need_more);
    CHECK(detect(make_call) == Detection::ber);
    CHECK(detect(std::span(make_call).first(3)) == Detection::ber);
    CHECK(detect(aarq) == Detection::ber);
    const Bytes x = xml_frame(xml_doc);
    for (std::size_t n = 1; n < 8; ++n) CHECK(detect(std::span(x).first(n)) == Detection::need_more);
    CHECK(detect(std::span(x).first(8)) == Detection::xml);
    // 32-bit XML form above 64 KiB: bytes 0-3 = 00 01 00 10.
    CHECK(detect(concat({bytes({0x00, 0x01, 0x00, 0x10}), text("9999")})) == Detection::xml);
    // BER with a length >= 256: first byte non-zero, needs its third byte.
    CHECK(detect(bytes({0x01, 0x00})) == Detection::need_more);
    CHECK(detect(bytes({0x01, 0x00, 0xa1})) == Detection::ber);
}

TEST_CASE("detect: garbage is unknown as soon as it cannot be either framing") {
    CHECK(detect(text("GET / HTTP/1.1\r\n")) == Detection::unknown);
    CHECK(detect(bytes({0x00, 0x1a, 0x30})) == Detection::need_more);  // could still be 32-bit XML
    CHECK(detect(bytes({0x00, 0x1a, 0x30, 0x00, 0x02, 0x01, 0x01, 0x02})) == Detection::unknown);
    CHECK(detect(concat({bytes({0x00, 0x00, 0x00, 0x10}), text("abcd")})) == Detection::unknown);
    CHECK(detect(bytes({0x16, 0x03, 0x01, 0x02, 0x00})) == Detection::unknown);  // a TLS ClientHello
}

TEST_CASE("BER deframing under every chunking gives the same frames") {
    const Bytes stream = concat({aarq, make_call, make_call});
    for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        Deframer d;
        std::vector<Frame> frames;
        for (std::size_t at = 0; at < stream.size(); at += chunk) {
            d.feed(std::span(stream).subspan(at, std::min(chunk, stream.size() - at)));
            for (auto& r : drain(d)) {
                REQUIRE(std::holds_alternative<Frame>(r));
                frames.push_back(std::get<Frame>(r));
            }
        }
        REQUIRE(frames.size() == 3);
        CHECK(d.kind() == Kind::ber);
        CHECK(frames[0].payload == Bytes(aarq.begin() + 2, aarq.end()));
        CHECK(frames[1].payload == Bytes(make_call.begin() + 2, make_call.end()));
        CHECK(frames[2].payload.size() == 0x1a);
        CHECK_FALSE(frames[0].invoke.has_value());
        CHECK(d.buffered() == 0);
    }
}

TEST_CASE("XML deframing under random chunking keeps the invokeID and the document") {
    const Bytes stream = concat({xml_frame(xml_doc, "0001"), xml_frame("<a/>", "9999"), xml_frame(xml_doc, "0420")});
    std::mt19937 rng(7);
    for (int round = 0; round < 200; ++round) {
        Deframer d;
        std::vector<Frame> frames;
        for (std::size_t at = 0; at < stream.size();) {
            const std::size_t n = std::min<std::size_t>(1 + rng() % 40, stream.size() - at);
            d.feed(std::span(stream).subspan(at, n));
            at += n;
            for (auto& r : drain(d)) frames.push_back(std::get<Frame>(r));
        }
        REQUIRE(frames.size() == 3);
        CHECK(d.kind() == Kind::xml);
        CHECK(frames[0].invoke == 1);
        CHECK(frames[1].invoke == 9999);
        CHECK(frames[2].invoke == 420);
        CHECK(frames[0].payload == text(xml_doc));
        CHECK(frames[1].payload == text("<a/>"));
    }
}

TEST_CASE("XML 32-bit length form above 64 KiB is accepted when allowed, refused otherwise") {
    const std::string big(70000, 'x');
    const std::size_t total = big.size() + 8;
    const Bytes frame = concat({bytes({0, static_cast<int>(total >> 16), static_cast<int>((total >> 8) & 0xff), static_cast<int>(total & 0xff)}), text("0007"), text(big)});
    Deframer ok(Limits{.max_frame = 1 << 20, .allow_xml_32bit = true});
    ok.feed(frame);
    auto r = ok.next();
    REQUIRE(r);
    REQUIRE(std::holds_alternative<Frame>(*r));
    CHECK(std::get<Frame>(*r).payload.size() == big.size());
    CHECK(std::get<Frame>(*r).invoke == 7);

    Deframer refused(Limits{.max_frame = 1 << 20, .allow_xml_32bit = false});
    refused.feed(frame);
    auto e = refused.next();
    REQUIRE(e);
    CHECK(std::get<Error>(*e) == Error::xml_32bit_not_allowed);
}

TEST_CASE("oversize frames are refused from the header alone, before the body arrives") {
    Deframer d(Limits{.max_frame = 100});
    d.feed(bytes({0x00, 0x00, 0x01, 0x00}));  // XML, total 256 > 100
    CHECK_FALSE(d.next());                     // header not complete yet
    d.feed(text("0001"));
    auto r = d.next();
    REQUIRE(r);
    CHECK(std::get<Error>(*r) == Error::frame_too_large);

    Deframer b(Kind::ber, Limits{.max_frame = 100});
    b.feed(bytes({0xff, 0xff}));
    r = b.next();
    REQUIRE(r);
    CHECK(std::get<Error>(*r) == Error::frame_too_large);
}

TEST_CASE("broken headers give a precise error that sticks") {
    SECTION("XML invokeID not digits") {
        Deframer d(Kind::xml);
        d.feed(concat({bytes({0, 0, 0, 12}), text("12a4"), text("<a/>")}));
        auto r = d.next();
        REQUIRE(r);
        CHECK(std::get<Error>(*r) == Error::xml_bad_invoke_id);
        d.feed(xml_frame("<a/>"));  // nothing after an error is framed
        r = d.next();
        REQUIRE(r);
        CHECK(std::get<Error>(*r) == Error::xml_bad_invoke_id);
    }
    SECTION("XML length shorter than its header") {
        Deframer d(Kind::xml);
        d.feed(concat({bytes({0, 0, 0, 7}), text("0001")}));
        CHECK(std::get<Error>(*d.next()) == Error::xml_length_too_small);
    }
    SECTION("BER zero length") {
        Deframer d(Kind::ber);
        d.feed(bytes({0, 0}));
        CHECK(std::get<Error>(*d.next()) == Error::ber_empty_apdu);
    }
    SECTION("garbage on an auto-detecting connection") {
        Deframer d;
        d.feed(text("hello world"));
        CHECK(std::get<Error>(*d.next()) == Error::unknown_protocol);
        CHECK_FALSE(to_string(Error::unknown_protocol).empty());
    }
}

TEST_CASE("encoders write the headers of the standard framings") {
    auto x = encode_xml("<a/>", 42);
    REQUIRE(x);
    CHECK(*x == concat({bytes({0x00, 0x00, 0x00, 0x0c}), text("0042<a/>")}));
    auto ev = encode_xml("<b/>", xml_event_invoke_id);
    REQUIRE(ev);
    CHECK(Bytes(ev->begin() + 4, ev->begin() + 8) == text("9999"));
    CHECK_FALSE(encode_xml("<a/>", 10000));

    const std::string big(70000, 'y');
    CHECK_FALSE(encode_xml(big, 1, Limits{.max_frame = 1 << 20, .allow_xml_32bit = false}));
    auto big32 = encode_xml(big, 1, Limits{.max_frame = 1 << 20, .allow_xml_32bit = true});
    REQUIRE(big32);
    CHECK(Bytes(big32->begin(), big32->begin() + 4) == bytes({0x00, 0x01, 0x11, 0x78}));  // 70008

    const Bytes apdu(make_call.begin() + 2, make_call.end());
    auto b = encode_ber(apdu);
    REQUIRE(b);
    CHECK(*b == make_call);
    CHECK_FALSE(encode_ber(Bytes{}));
    CHECK_FALSE(encode_ber(apdu, Limits{.max_frame = 10}));
}

TEST_CASE("encoded frames deframe back to the same payloads") {
    Deframer d;
    const auto f1 = encode_xml(xml_doc, 3);
    const auto f2 = encode_xml("<x/>", 9999);
    d.feed(*f1);
    d.feed(*f2);
    auto frames = drain(d);
    REQUIRE(frames.size() == 2);
    CHECK(std::get<Frame>(frames[0]).payload == text(xml_doc));
    CHECK(std::get<Frame>(frames[1]).invoke == 9999);
}
