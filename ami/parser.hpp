#pragma once
// Sans-I/O incremental AMI parser: feed it bytes in any chunking, poll complete outputs.
//
// Understands the banner ("Asterisk Call Manager/X.Y.Z"), responses, events and event-list
// items; the legacy "Response: Follows" ... "--END COMMAND--" body (its lines become Output
// headers, so both Command forms look alike); the 14+ "Output:" form; lines without a space
// after the colon; lone LF line ends. Bytes are passed through untouched (invalid UTF-8 is
// flagged on the message, not dropped). Every buffer is bounded by ParserLimits: when a
// limit is exceeded the message is dropped with a ParseError that says which limit, and
// parsing resumes at the next message boundary.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "ami/message.hpp"

namespace ami {

struct ParserLimits {
    std::size_t max_line_bytes = 16 * 1024;
    std::size_t max_headers = 1024;            // per message
    std::size_t max_message_bytes = 1024 * 1024;
};

struct Banner {
    std::string text;     // "Asterisk Call Manager/11.0.0"
    std::string version;  // "11.0.0"
    int major = 0;
    int minor = 0;
};

struct ParseError {
    enum class Code { line_too_long, too_many_headers, message_too_large, malformed_line, bad_banner };
    Code code;
    std::string detail;
};
std::string_view to_string(ParseError::Code code) noexcept;

using ParserOutput = std::variant<Banner, Message, ParseError>;

class Parser {
public:
    // expect_banner: the peer is Asterisk and sends its banner line first (client side).
    explicit Parser(bool expect_banner = true, ParserLimits limits = {});

    void feed(std::string_view bytes);
    // Next complete output, in arrival order, or nullopt when more bytes are needed.
    std::optional<ParserOutput> next();

    // Bytes held in the line buffer (bounded by max_line_bytes).
    std::size_t buffered() const noexcept { return line_.size(); }
    const ParserLimits& limits() const noexcept { return limits_; }

private:
    bool between_messages() const noexcept;
    std::size_t take_whole_message(std::string_view bytes, bool ascii);
    void on_line(std::string_view line);
    void on_header_line(std::string_view line);
    bool output_limit_reached();
    void finish_message();
    void fail_message(ParseError::Code code, std::string detail);

    ParserLimits limits_;
    bool expect_banner_;
    std::string line_;           // incomplete line carried between feeds
    bool skipping_line_ = false; // inside an over-long line: drop bytes up to its end
    bool line_ascii_ = false;    // the line being handled has no byte >= 0x80
    bool skipping_message_ = false;  // message broke a limit: drop lines up to the blank line
    Message current_;
    std::size_t current_bytes_ = 0;
    bool follows_ = false;       // legacy "Response: Follows" message
    bool follows_body_ = false;  // inside its free-text body
    bool follows_ended_ = false; // "--END COMMAND--" seen
    Message taking_;  // the message take_whole_message is reading (its headers view the input)
    std::deque<ParserOutput> out_;
};

// Parses a banner line; nullopt if it is not one.
std::optional<Banner> parse_banner(std::string_view line);
// True when the bytes are well-formed UTF-8.
bool valid_utf8(std::string_view s) noexcept;

}  // namespace ami
