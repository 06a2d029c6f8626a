// The parser takes a whole message found in one read in place (its fast path) and anything
// else line by line. Fed one byte at a time it only ever uses the line path; fed everything
// at once it uses the fast path wherever it can. Both must give the same outputs, byte for
// byte, on every kind of input the fast path has to recognise and hand over.
#include <catch2/catch.hpp>

#include "tests/support/parser_outputs.hpp"

namespace {
using test_support::parse_in_pieces;

std::vector<std::string> same_both_ways(const std::string& bytes, std::size_t expected_outputs,
                                        const ami::ParserLimits& limits = {}) {
    INFO(bytes);
    const auto line_by_line = parse_in_pieces(bytes, 1, false, limits);
    const auto at_once = parse_in_pieces(bytes, bytes.size(), false, limits);
    CHECK(at_once == line_by_line);
    CHECK(at_once.size() == expected_outputs);
    return at_once;
}
}  // namespace

TEST_CASE("whole messages in one read parse as they do line by line") {
    same_both_ways("Event: Newchannel\r\nChannel: PJSIP/1001-00000001\r\nUniqueid: 1.1\r\n\r\n"
                   "Event: Hangup\r\nCause: 16\r\n\r\n",
                   2);
    // Lone LF line ends, tabs and spaces after the colon, an empty value, trailing spaces kept.
    same_both_ways("Event: X\nA:\tv\nB:   w  \r\nC:\r\nD:x\n\n", 1);
    // Leading and repeated blank lines between messages.
    same_both_ways("\r\n\r\nEvent: A\r\n\r\n\r\n\nEvent: B\r\n\r\n", 2);
    // Invalid UTF-8 is kept and flagged; valid UTF-8 is not flagged.
    same_both_ways("Event: A\r\nCallerIDName: \xff\xfe\r\n\r\nEvent: B\r\nCallerIDName: J\xc3\xa9r\xc3\xb4me\r\n\r\n", 2);
    // A malformed line inside a message: an error, and the rest of the message still comes.
    same_both_ways("Event: A\r\nno colon here\r\nB: 1\r\n\r\nEvent: C\r\n\r\n", 3);
    same_both_ways("Event: A\r\nBad Name: 1\r\n: empty name\r\n\r\n", 3);
    // Legacy "Response: Follows" bodies go through the line path.
    same_both_ways("Response: Follows\r\nActionID: 1\r\nline one: with colon\r\n--END COMMAND--\r\n\r\nEvent: B\r\n\r\n", 2);
    // An incomplete last message waits for more bytes in both.
    same_both_ways("Event: A\r\n\r\nEvent: B\r\nX: 1\r\n", 1);
}

TEST_CASE("the limits give the same errors whole or line by line") {
    ami::ParserLimits limits;
    limits.max_line_bytes = 16;
    limits.max_headers = 3;
    limits.max_message_bytes = 40;
    same_both_ways("Event: A\r\nLong: 0123456789abcdef\r\nB: 1\r\n\r\nEvent: C\r\n\r\n", 2, limits);
    same_both_ways("Event: A\r\nB: 1\r\nC: 2\r\nD: 3\r\n\r\nEvent: E\r\n\r\n", 2, limits);
    same_both_ways("Event: A\r\nB: 0123456789ab\r\nC: 0123456789ab\r\n\r\nEvent: E\r\n\r\n", 2, limits);
    same_both_ways("Event: A\r\nB: 0123456789\r\nC: 0123456\r\n\r\n", 1, limits);
    // Malformed lines count towards their message, which a whole message after them is part
    // of (the fuzzer found the fast path ignoring them)...
    same_both_ways("bad line one\r\nbad line two\r\nEvent: A\r\nB: 1234567\r\n\r\n", 3, limits);
    // ...but not towards the next message once a blank line has ended them.
    const auto after_blank =
        same_both_ways("bad line one\r\nbad line two\r\n\r\nEvent: A\r\nB: 1234567\r\n\r\n", 3, limits);
    CHECK(after_blank.back() == "message [Event|A] [B|1234567]");
}
