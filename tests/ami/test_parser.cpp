#include <catch2/catch.hpp>

#include <vector>

#include "ami/parser.hpp"

namespace {
std::vector<ami::ParserOutput> parse_all(ami::Parser& p, std::string_view bytes) {
    p.feed(bytes);
    std::vector<ami::ParserOutput> out;
    while (auto o = p.next()) out.push_back(std::move(*o));
    return out;
}
const ami::Message& msg(const ami::ParserOutput& o) { return std::get<ami::Message>(o); }
}  // namespace

TEST_CASE("banner is recognised and its version parsed") {
    ami::Parser p;
    auto out = parse_all(p, "Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nActionID: 1\r\n\r\n");
    REQUIRE(out.size() == 2);
    auto& b = std::get<ami::Banner>(out[0]);
    CHECK(b.version == "11.0.0");
    CHECK(b.major == 11);
    CHECK(b.minor == 0);
    CHECK(msg(out[1]).response() == "Success");
}

TEST_CASE("a line that is not a banner is reported, and parsing goes on") {
    ami::Parser p;
    auto out = parse_all(p, "SSH-2.0-OpenSSH\r\n\r\nResponse: Pong\r\n\r\n");
    REQUIRE(out.size() == 2);
    CHECK(std::get<ami::ParseError>(out[0]).code == ami::ParseError::Code::bad_banner);
    CHECK(msg(out[1]).response() == "Pong");
}

TEST_CASE("lone LF line ends and missing space after the colon") {
    ami::Parser p(false);
    auto out = parse_all(p, "Event:Hangup\nChannel:  PJSIP/1001-1\nCause:16\n\n");
    REQUIRE(out.size() == 1);
    CHECK(msg(out[0]).event_name() == "Hangup");
    CHECK(msg(out[0]).get("Channel") == "PJSIP/1001-1");
    CHECK(msg(out[0]).get("Cause") == "16");
}

TEST_CASE("empty values and values containing colons are kept") {
    ami::Parser p(false);
    auto out = parse_all(p, "Event: Newchannel\r\nAccountCode: \r\nAppData: a:b:c\r\n\r\n");
    REQUIRE(out.size() == 1);
    CHECK(msg(out[0]).has("AccountCode"));
    CHECK(msg(out[0]).get("AccountCode").empty());
    CHECK(msg(out[0]).get("AppData") == "a:b:c");
}

TEST_CASE("legacy Response: Follows output becomes Output headers") {
    ami::Parser p(false);
    auto out = parse_all(p,
                         "Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\n"
                         "Asterisk 13.38.3 built by x\r\nVersion: looks like a header\r\n\r\nlast line\r\n"
                         "--END COMMAND--\r\n\r\nResponse: Pong\r\n\r\n");
    REQUIRE(out.size() == 2);
    auto& m = msg(out[0]);
    CHECK(m.action_id() == "7");
    auto lines = m.all("Output");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "Asterisk 13.38.3 built by x");
    CHECK(lines[1] == "Version: looks like a header");
    CHECK(lines[2].empty());
    CHECK(lines[3] == "last line");
    CHECK(msg(out[1]).response() == "Pong");
}

TEST_CASE("legacy end marker glued to the last output line") {
    ami::Parser p(false);
    auto out = parse_all(p, "Response: Follows\r\nActionID: 8\r\nNo such command--END COMMAND--\r\n\r\n");
    REQUIRE(out.size() == 1);
    auto lines = msg(out[0]).all("Output");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "No such command");
}

TEST_CASE("invalid UTF-8 is flagged but passed through byte for byte") {
    ami::Parser p(false);
    std::string bad = "Event: Newchannel\r\nCallerIDName: M\xfcller\r\n\r\n";
    auto out = parse_all(p, bad);
    REQUIRE(out.size() == 1);
    CHECK(msg(out[0]).invalid_utf8);
    CHECK(msg(out[0]).get("CallerIDName") == "M\xfcller");
    ami::Parser q(false);
    auto good = parse_all(q, "Event: Newchannel\r\nCallerIDName: M\xc3\xbcller\r\n\r\n");
    CHECK_FALSE(msg(good[0]).invalid_utf8);
}

TEST_CASE("utf8 validator rejects overlong, surrogate and truncated forms") {
    CHECK(ami::valid_utf8("plain ascii"));
    CHECK(ami::valid_utf8("\xe2\x82\xac"));
    CHECK_FALSE(ami::valid_utf8("\xc0\xaf"));
    CHECK_FALSE(ami::valid_utf8("\xed\xa0\x80"));
    CHECK_FALSE(ami::valid_utf8("\xe2\x82"));
    CHECK_FALSE(ami::valid_utf8("\xf4\x90\x80\x80"));
}

TEST_CASE("a line without a colon is reported and the message still arrives") {
    ami::Parser p(false);
    auto out = parse_all(p, "Event: X\r\ngarbage line\r\nA: 1\r\n\r\n");
    REQUIRE(out.size() == 2);
    CHECK(std::get<ami::ParseError>(out[0]).code == ami::ParseError::Code::malformed_line);
    CHECK(msg(out[1]).get("A") == "1");
}

TEST_CASE("over-long line drops its message, keeps the buffer bounded, and recovers") {
    ami::ParserLimits limits;
    limits.max_line_bytes = 64;
    ami::Parser p(false, limits);
    p.feed("Event: Big\r\nData: ");
    // Feed a long line in pieces: the buffer must never exceed the limit.
    for (int i = 0; i < 100; ++i) {
        p.feed(std::string(50, 'x'));
        CHECK(p.buffered() <= limits.max_line_bytes);
    }
    auto out = parse_all(p, "\r\nMore: 1\r\n\r\nEvent: Small\r\n\r\n");
    REQUIRE(out.size() == 2);
    CHECK(std::get<ami::ParseError>(out[0]).code == ami::ParseError::Code::line_too_long);
    CHECK(msg(out[1]).event_name() == "Small");
}

TEST_CASE("too many headers and too large messages are refused with the limit named") {
    ami::ParserLimits limits;
    limits.max_headers = 3;
    ami::Parser p(false, limits);
    auto out = parse_all(p, "Event: A\r\nB: 1\r\nC: 2\r\nD: 3\r\nE: 4\r\n\r\nEvent: Next\r\n\r\n");
    REQUIRE(out.size() == 2);
    auto& e = std::get<ami::ParseError>(out[0]);
    CHECK(e.code == ami::ParseError::Code::too_many_headers);
    CHECK_THAT(e.detail, Catch::Contains("3"));
    CHECK(msg(out[1]).event_name() == "Next");

    ami::ParserLimits small;
    small.max_message_bytes = 40;
    ami::Parser q(false, small);
    auto out2 = parse_all(q, "Event: A\r\nB: 0123456789\r\nC: 0123456789\r\nD: 0123456789\r\n\r\nEvent: Ok\r\n\r\n");
    REQUIRE(out2.size() == 2);
    CHECK(std::get<ami::ParseError>(out2[0]).code == ami::ParseError::Code::message_too_large);
    CHECK(msg(out2[1]).event_name() == "Ok");
}
