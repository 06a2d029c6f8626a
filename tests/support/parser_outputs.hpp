#pragma once
// Every output an ami::Parser has ready, one string each, byte for byte (header names as
// they came, values, the invalid-UTF-8 flag, error codes and texts): for tests that check two
// ways of feeding the same bytes give the same result.
#include <string>
#include <vector>

#include "ami/parser.hpp"

namespace test_support {

inline void drain_outputs(ami::Parser& parser, std::vector<std::string>& out) {
    while (auto o = parser.next()) {
        std::string text;
        if (const auto* b = std::get_if<ami::Banner>(&*o)) {
            text = "banner " + b->text;
        } else if (const auto* e = std::get_if<ami::ParseError>(&*o)) {
            text = "error " + std::string(ami::to_string(e->code)) + ": " + e->detail;
        } else {
            const auto& m = std::get<ami::Message>(*o);
            text = m.invalid_utf8 ? "message (invalid UTF-8)" : "message";
            for (const auto& h : m.headers()) text.append(" [").append(h.name).append("|").append(h.value).append("]");
        }
        out.push_back(std::move(text));
    }
}

// Feeds `bytes` in pieces of at most `piece` bytes (1: the line-by-line path only).
inline std::vector<std::string> parse_in_pieces(std::string_view bytes, std::size_t piece, bool banner,
                                                const ami::ParserLimits& limits = {}) {
    ami::Parser parser(banner, limits);
    std::vector<std::string> out;
    while (!bytes.empty()) {
        const auto n = bytes.size() < piece ? bytes.size() : piece;
        parser.feed(bytes.substr(0, n));
        bytes.remove_prefix(n);
        drain_outputs(parser, out);
    }
    return out;
}

}  // namespace test_support
