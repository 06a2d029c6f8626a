// Regression found by fuzz_ami_parser while building the client: the body of a legacy
// "Response: Follows" (Command output) bypassed max_headers, and its blank lines bypassed
// max_message_bytes, so a peer could grow one message without bound.
#include <catch2/catch.hpp>

#include <string>

#include "ami/parser.hpp"

namespace {
std::vector<ami::ParserOutput> parse_all(ami::Parser& p, const std::string& bytes) {
    p.feed(bytes);
    std::vector<ami::ParserOutput> out;
    while (auto o = p.next()) out.push_back(std::move(*o));
    return out;
}
}  // namespace

TEST_CASE("Follows body: Output lines count against max_headers", "[parser][limits]") {
    ami::ParserLimits limits;
    limits.max_headers = 8;
    ami::Parser p(false, limits);
    std::string body = "Response: Follows\r\nActionID: a2\r\n";
    for (int i = 0; i < 20; ++i) body += "line " + std::to_string(i) + "\n";
    body += "--END COMMAND--\r\n\r\nEvent: Next\r\n\r\n";
    auto out = parse_all(p, body);
    std::size_t errors = 0;
    bool next_seen = false;
    for (const auto& o : out) {
        if (auto* e = std::get_if<ami::ParseError>(&o)) errors += e->code == ami::ParseError::Code::too_many_headers;
        if (auto* m = std::get_if<ami::Message>(&o)) {
            CHECK(m->headers().size() <= limits.max_headers);
            next_seen = next_seen || m->event_name() == "Next";
        }
    }
    CHECK(errors == 1);
    CHECK(next_seen);  // parsing resumes after the oversized message
}

TEST_CASE("Follows body: blank lines count against both limits", "[parser][limits]") {
    ami::ParserLimits limits;
    limits.max_headers = 1000000;
    limits.max_message_bytes = 1000;
    ami::Parser p(false, limits);
    // The body ("line") starts, then only blank lines: each one used to add a header for free.
    std::string bytes = "Response: Follows\r\nline\n" + std::string(5000, '\n');
    auto out = parse_all(p, bytes);
    bool too_large = false;
    for (const auto& o : out) {
        if (auto* e = std::get_if<ami::ParseError>(&o)) too_large |= e->code == ami::ParseError::Code::message_too_large;
        if (auto* m = std::get_if<ami::Message>(&o)) CHECK(m->headers().size() < 600);
    }
    CHECK(too_large);

    limits.max_headers = 16;
    limits.max_message_bytes = 1 << 20;
    ami::Parser q(false, limits);
    bool too_many = false;
    for (const auto& o : parse_all(q, "Response: Follows\r\nline\n" + std::string(100, '\n')))
        if (auto* e = std::get_if<ami::ParseError>(&o)) too_many |= e->code == ami::ParseError::Code::too_many_headers;
    CHECK(too_many);
}
