// Every shared transcript parses into exactly its messages, whatever the read sizes.
#include <catch2/catch.hpp>

#include <random>

#include "ami/parser.hpp"
#include "ami/transcript.hpp"
#include "tests/support/fixtures.hpp"

namespace {
using Dir = ami::TranscriptChunk::Direction;

bool is_banner(const std::string& bytes) { return bytes.starts_with("Asterisk Call Manager/"); }

struct Result {
    size_t banners = 0, errors = 0;
    std::vector<ami::Message> messages;
};

void drain(ami::Parser& p, Result& r) {
    while (auto o = p.next()) {
        if (std::holds_alternative<ami::Banner>(*o)) ++r.banners;
        else if (auto* m = std::get_if<ami::Message>(&*o)) r.messages.push_back(std::move(*m));
        else ++r.errors;
    }
}

Result parse_chunked(const std::string& bytes, bool banner, std::mt19937& rng, size_t max_piece) {
    ami::Parser p(banner);
    Result r;
    std::uniform_int_distribution<size_t> len(1, max_piece);
    for (size_t pos = 0; pos < bytes.size();) {
        auto n = std::min(len(rng), bytes.size() - pos);
        p.feed(std::string_view(bytes).substr(pos, n));
        pos += n;
        drain(p, r);
    }
    return r;
}
}  // namespace

TEST_CASE("every transcript parses into the right messages under random chunkings") {
    std::mt19937 rng(20261126);
    for (const auto& path : test_support::all_ami_transcripts()) {
        auto t = ami::load_transcript(path);
        for (auto dir : {Dir::from_asterisk, Dir::from_client}) {
            // The reference: each chunk of the transcript is one message; parse it on its own.
            std::string stream;
            std::vector<ami::Message> expected;
            bool banner = false;
            for (const auto& c : t.chunks) {
                if (c.direction != dir) continue;
                stream += c.bytes;
                if (is_banner(c.bytes)) { banner = true; continue; }
                ami::Parser single(false);
                single.feed(c.bytes);
                Result one;
                drain(single, one);
                INFO(path << " line " << c.line);
                REQUIRE(one.errors == 0);
                REQUIRE(one.messages.size() == 1);
                expected.push_back(one.messages[0]);
            }
            for (size_t max_piece : {size_t(1), size_t(7), size_t(64), size_t(1500), stream.size() + 1}) {
                INFO(path << (dir == Dir::from_asterisk ? " <<<" : " >>>") << " max piece " << max_piece);
                auto r = parse_chunked(stream, dir == Dir::from_asterisk, rng, max_piece);
                CHECK(r.errors == 0);
                CHECK(r.banners == (banner ? 1u : 0u));
                REQUIRE(r.messages.size() == expected.size());
                for (size_t i = 0; i < expected.size(); ++i) REQUIRE(r.messages[i] == expected[i]);
            }
        }
    }
}

TEST_CASE("the Command transcript yields its Output lines") {
    auto t = ami::load_transcript(test_support::ami_fixture("command-output.ami"));
    ami::Parser p(true);
    for (const auto& c : t.chunks)
        if (c.direction == Dir::from_asterisk) p.feed(c.bytes);
    std::vector<ami::Message> responses;
    while (auto o = p.next())
        if (auto* m = std::get_if<ami::Message>(&*o); m && m->kind() == ami::MessageKind::response) responses.push_back(*m);
    REQUIRE(responses.size() >= 2);
    auto version = responses[1].all("Output");
    REQUIRE_FALSE(version.empty());
    CHECK(version[0].starts_with("Asterisk 22."));
}
