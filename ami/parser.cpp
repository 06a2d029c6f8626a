#include "ami/parser.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace ami {

namespace {
constexpr std::string_view kBannerPrefix = "Asterisk Call Manager/";
constexpr std::string_view kEndCommand = "--END COMMAND--";

// True when no byte has its high bit set (then every value in it is valid UTF-8).
bool all_ascii(std::string_view s) noexcept {
    std::uint64_t seen = 0;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        seen |= word;
    }
    for (; i < s.size(); ++i) seen |= static_cast<unsigned char>(s[i]);
    return (seen & 0x8080808080808080ULL) == 0;
}

// Position of the first ':' or byte <= 0x20 (space, tab, control) in line, or its size;
// eight bytes per step (the lowest flagged byte of a word is exact; names are little-endian
// words here as everywhere on the targets).
std::size_t name_end(std::string_view line) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) {
        for (; i + 8 <= line.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, line.data() + i, 8);
            const std::uint64_t colon = w ^ (ones * ':');
            const std::uint64_t flagged = (((colon - ones) & ~colon) | ((w - ones * 0x21) & ~w)) & highs;
            if (flagged) return i + static_cast<std::size_t>(std::countr_zero(flagged) >> 3);
        }
    }
    for (; i < line.size(); ++i)
        if (line[i] == ':' || static_cast<unsigned char>(line[i]) <= 0x20) return i;
    return i;
}

}  // namespace

std::string_view to_string(ParseError::Code code) noexcept {
    switch (code) {
        case ParseError::Code::line_too_long: return "line too long";
        case ParseError::Code::too_many_headers: return "too many headers";
        case ParseError::Code::message_too_large: return "message too large";
        case ParseError::Code::malformed_line: return "malformed line";
        case ParseError::Code::bad_banner: return "bad banner";
    }
    return "unknown";
}

bool valid_utf8(std::string_view s) noexcept {
    size_t i = 0;
    // Almost every value is ASCII: skip it eight bytes at a time.
    constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
    while (i + 8 <= s.size()) {
        std::uint64_t word;
        std::memcpy(&word, s.data() + i, 8);
        if (word & high_bits) break;
        i += 8;
    }
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t extra;
        uint32_t cp;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
        else return false;
        if (i + extra >= s.size()) return false;  // truncated sequence
        for (size_t k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return false;
        i += extra + 1;
    }
    return true;
}

std::optional<Banner> parse_banner(std::string_view line) {
    if (!line.starts_with(kBannerPrefix)) return std::nullopt;
    Banner b;
    b.text = std::string(line);
    b.version = std::string(line.substr(kBannerPrefix.size()));
    const char* p = b.version.data();
    const char* end = p + b.version.size();
    auto r = std::from_chars(p, end, b.major);
    if (r.ec == std::errc{} && r.ptr < end && *r.ptr == '.') std::from_chars(r.ptr + 1, end, b.minor);
    return b;
}

Parser::Parser(bool expect_banner, ParserLimits limits) : limits_(limits), expect_banner_(expect_banner) {}

void Parser::feed(std::string_view bytes) {
    // One pass over the whole read: when it is all ASCII no value needs a UTF-8 check.
    const bool ascii = all_ascii(bytes);
    while (!bytes.empty()) {
        if (between_messages()) {
            if (const auto used = take_whole_message(bytes, ascii)) {
                bytes.remove_prefix(used);
                continue;
            }
        }
        auto nl = bytes.find('\n');
        if (nl == std::string_view::npos) {
            if (skipping_line_) return;
            if (line_.size() + bytes.size() > limits_.max_line_bytes) {
                line_.clear();
                skipping_line_ = true;
                fail_message(ParseError::Code::line_too_long,
                             "a line exceeds " + std::to_string(limits_.max_line_bytes) + " bytes");
                return;
            }
            line_.append(bytes);
            return;
        }
        auto piece = bytes.substr(0, nl);
        bytes.remove_prefix(nl + 1);
        if (skipping_line_) {
            skipping_line_ = false;  // the over-long line ends here; its message is dropped
            continue;
        }
        if (line_.size() + piece.size() > limits_.max_line_bytes) {
            line_.clear();
            fail_message(ParseError::Code::line_too_long,
                         "a line exceeds " + std::to_string(limits_.max_line_bytes) + " bytes");
            continue;
        }
        std::string_view line;
        if (line_.empty()) {
            line = piece;
            line_ascii_ = ascii;
        } else {
            line_.append(piece);
            line = line_;
            line_ascii_ = all_ascii(line);
        }
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(line);
        line_.clear();
    }
}

bool Parser::between_messages() const noexcept {
    // current_bytes_: malformed lines (no header kept) still count towards their message.
    return line_.empty() && !skipping_line_ && !skipping_message_ && !expect_banner_ && current_.empty() &&
           current_bytes_ == 0;
}

// The fast path, for what Asterisk sends nearly always: a whole message in `bytes` from its
// first header to its blank line, every line a well-formed header, within every limit, not
// a legacy "Response: Follows". Its headers are found in place and the message's bytes copied
// once. Returns the bytes used, or 0 (nothing changed) when the message is anything else:
// incomplete, a leading blank line, a malformed line, a limit reached, Follows. The line by
// line path then handles it, with its errors; what both paths accept they parse alike.
std::size_t Parser::take_whole_message(std::string_view bytes, bool ascii) {
    auto& headers = taking_.headers_;
    headers.clear();
    bool invalid_utf8 = false;
    std::size_t pos = 0, counted = 0;
    for (;;) {
        const auto* nl = static_cast<const char*>(std::memchr(bytes.data() + pos, '\n', bytes.size() - pos));
        if (nl == nullptr) return 0;
        const auto end = static_cast<std::size_t>(nl - bytes.data());
        if (end - pos > limits_.max_line_bytes) return 0;
        std::string_view line(bytes.data() + pos, end - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) {
            if (headers.empty()) return 0;
            const auto count = headers.size();
            taking_.adopt_bytes(bytes.substr(0, pos));
            taking_.invalid_utf8 = invalid_utf8;
            out_.emplace_back(std::move(taking_));
            taking_ = Message{};
            taking_.headers_.reserve(count + count / 2 + 4);  // the next one likely looks alike
            return end + 1;
        }
        counted += line.size() + 2;
        if (counted > limits_.max_message_bytes || headers.size() >= limits_.max_headers) return 0;
        const std::size_t colon = name_end(line);
        if (colon == 0 || colon == line.size() || line[colon] != ':') return 0;
        const auto name = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        // Nearly always exactly one space; the loop is for the rest.
        if (value.size() > 1 && value[0] == ' ' && value[1] != ' ' && value[1] != '\t') value.remove_prefix(1);
        else while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        if (!ascii && !invalid_utf8 && !valid_utf8(value)) invalid_utf8 = true;
        if (headers.empty() && iequals(name, "Response") && iequals(value, "Follows")) return 0;
        headers.push_back(Header{name, value});
        pos = end + 1;
    }
}

std::optional<ParserOutput> Parser::next() {
    if (out_.empty()) return std::nullopt;
    ParserOutput o = std::move(out_.front());
    out_.pop_front();
    return o;
}

void Parser::on_line(std::string_view line) {
    if (expect_banner_) {
        expect_banner_ = false;
        if (auto b = parse_banner(line)) {
            out_.emplace_back(std::move(*b));
            return;
        }
        out_.emplace_back(ParseError{ParseError::Code::bad_banner,
                                     "expected 'Asterisk Call Manager/<version>', got '" +
                                         std::string(line.substr(0, 80)) + "'"});
        if (line.find(':') == std::string_view::npos) return;
        // It looks like a header: a proxy may have eaten the banner, so keep it.
    }
    if (skipping_message_) {
        if (line.empty()) skipping_message_ = false;
        return;
    }
    if (line.empty()) {
        if (follows_body_ && !follows_ended_) {
            // Blank line inside legacy command output: it still counts against the limits,
            // or an endless "Response: Follows" of blank lines would grow without bound.
            current_bytes_ += 2;
            if (current_bytes_ > limits_.max_message_bytes) {
                fail_message(ParseError::Code::message_too_large,
                             "a message exceeds " + std::to_string(limits_.max_message_bytes) + " bytes");
                return;
            }
            if (output_limit_reached()) return;
            current_.add("Output", "");
            return;
        }
        if (!current_.empty()) finish_message();
        else current_bytes_ = 0;  // a message of malformed lines only ends here; it is not the next one's
        return;  // blank lines between messages are harmless
    }
    current_bytes_ += line.size() + 2;
    if (current_bytes_ > limits_.max_message_bytes) {
        fail_message(ParseError::Code::message_too_large,
                     "a message exceeds " + std::to_string(limits_.max_message_bytes) + " bytes");
        return;
    }
    if (follows_) {
        // Legacy Command output: after the Response/Privilege/ActionID headers, every line up
        // to "--END COMMAND--" is free text, even if it happens to contain a colon.
        if (!follows_body_) {
            auto colon = line.find(':');
            auto name = colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
            if (iequals(name, "Privilege") || iequals(name, "ActionID") || iequals(name, "Message")) {
                on_header_line(line);
                return;
            }
            follows_body_ = true;
        }
        if (follows_ended_) return;  // stray text after the end marker
        if (line.ends_with(kEndCommand)) {
            line.remove_suffix(kEndCommand.size());
            follows_ended_ = true;
            if (!line.empty() && !output_limit_reached()) current_.add("Output", line);
            return;
        }
        if (output_limit_reached()) return;
        current_.add("Output", line);
        return;
    }
    on_header_line(line);
}

// Output lines of a legacy Command body are headers too: max_headers applies to them.
bool Parser::output_limit_reached() {
    if (current_.headers().size() < limits_.max_headers) return false;
    fail_message(ParseError::Code::too_many_headers,
                 "a message has more than " + std::to_string(limits_.max_headers) + " headers");
    return true;
}

void Parser::on_header_line(std::string_view line) {
    if (current_.headers().size() >= limits_.max_headers) {
        fail_message(ParseError::Code::too_many_headers,
                     "a message has more than " + std::to_string(limits_.max_headers) + " headers");
        return;
    }
    // One scan finds the colon and checks the name: no space, tab or control byte.
    const std::size_t colon = name_end(line);
    if (colon == 0 || colon == line.size() || line[colon] != ':') {
        out_.emplace_back(ParseError{ParseError::Code::malformed_line,
                                     "not a 'Name: value' line: '" + std::string(line.substr(0, 80)) + "'"});
        return;  // the rest of the message is still worth having
    }
    auto name = line.substr(0, colon);
    auto value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (!line_ascii_ && !current_.invalid_utf8 && !valid_utf8(value)) current_.invalid_utf8 = true;
    current_.add(name, value);
    if (current_.headers().size() == 1 && iequals(name, "Response") && iequals(value, "Follows")) follows_ = true;
}

void Parser::finish_message() {
    // The next message likely looks like this one: room for it up front, one allocation each.
    const auto bytes = current_.stored_bytes(), headers = current_.headers().size();
    out_.emplace_back(std::move(current_));
    current_ = Message{};
    current_.reserve(std::min<std::size_t>(bytes + bytes / 2 + 64, 4096), std::min<std::size_t>(headers + headers / 2 + 4, 64));
    current_bytes_ = 0;
    follows_ = follows_body_ = follows_ended_ = false;
}

void Parser::fail_message(ParseError::Code code, std::string detail) {
    out_.emplace_back(ParseError{code, std::move(detail)});
    current_ = Message{};
    current_bytes_ = 0;
    follows_ = follows_body_ = follows_ended_ = false;
    skipping_message_ = true;
}

}  // namespace ami
