#include <catch2/catch.hpp>

#include "ami/transcript.hpp"
#include "tests/support/fixtures.hpp"

using Dir = ami::TranscriptChunk::Direction;

TEST_CASE("transcript chunks restore CRLF and keep directions and times") {
    auto t = ami::load_transcript(test_support::ami_fixture("login-md5-ping-logoff.ami"));
    CHECK(t.scenario() == "login-md5-ping-logoff");
    CHECK(t.meta.at("asterisk").find("22.") == 0);
    REQUIRE(t.chunks.size() > 4);
    CHECK(t.chunks[0].direction == Dir::from_asterisk);
    CHECK(t.chunks[0].bytes == "Asterisk Call Manager/11.0.0\r\n");
    CHECK(t.chunks[1].direction == Dir::from_client);
    CHECK(t.chunks[1].bytes.starts_with("Action: Challenge\r\nActionID: a1\r\n"));
    CHECK(t.chunks[1].bytes.ends_with("\r\n\r\n"));
    for (size_t i = 1; i < t.chunks.size(); ++i) CHECK(t.chunks[i].time >= t.chunks[i - 1].time);
}

TEST_CASE("escaped lone LF and CR are restored") {
    auto t = ami::parse_transcript("#! ami-transcript 1\n#! scenario: x\n@0.000 <<<\nA: 1\xE2\x90\x8A" "B\xE2\x90\x8D\n\n");
    REQUIRE(t.chunks.size() == 1);
    CHECK(t.chunks[0].bytes == "A: 1\nB\r\r\n\r\n");
}

TEST_CASE("malformed transcripts name the line") {
    CHECK_THROWS_WITH(ami::parse_transcript("hello"), Catch::Contains("line 1"));
    CHECK_THROWS_WITH(ami::parse_transcript("#! ami-transcript 1\nstray text\n"), Catch::Contains("line 2"));
}

TEST_CASE("chunk markers need three decimals and a direction") {
    CHECK_THROWS_WITH(ami::parse_transcript("#! ami-transcript 1\n@1.5 <<<\n"), Catch::Contains("line 2"));
    CHECK_THROWS_WITH(ami::parse_transcript("#! ami-transcript 1\n@1.500 <->\n"), Catch::Contains("line 2"));
    auto t = ami::parse_transcript("#! ami-transcript 1\n@12.345 >>>\nAction: Ping\n\n@12.346 <<< nofinalnewline\nX: y\n");
    REQUIRE(t.chunks.size() == 2);
    CHECK(t.chunks[0].time == Approx(12.345));
    CHECK(t.chunks[0].direction == ami::TranscriptChunk::Direction::from_client);
    CHECK(t.chunks[1].direction == ami::TranscriptChunk::Direction::from_asterisk);
}
