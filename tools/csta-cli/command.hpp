#pragma once
// The csta-cli command language, sans-I/O: one line of text -> one Command (a CSTA request to
// send, or a client-side action such as wait-event). Also the help text and tab completion.
//   monitor 1001 | makecall 1001 1002 | clear <callID> <device> | wait-event EstablishedEvent 10
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csta/model/messages.hpp"

namespace csta_cli {

struct Command {
    enum class Kind { request, raw, wait, wait_event, help, quit };
    Kind kind = Kind::help;
    std::optional<csta::Request> request{};  // Kind::request
    std::string text{};                      // raw: the XML document; wait_event: the event name
    double seconds = 0;                      // wait, wait_event
};

struct ParseResult {
    std::optional<Command> command;  // nothing and no error: an empty line or a comment
    std::string error{};             // "usage: makecall <from> <to>", "unknown command 'foo'"
};

ParseResult parse_command(std::string_view line);

// Splits a -c script on ';' and newlines (a raw XML document therefore cannot contain ';').
std::vector<std::string> split_script(std::string_view script);

// "  makecall <from> <to>          MakeCall from a device to a number" lines.
std::string help_text();

// Words that complete `word` at the position after `before` (the text of the line before it).
std::vector<std::string> complete(std::string_view before, std::string_view word);

// $call and $xref in a command line: the callID of the last MakeCall/ConsultationCall answer and
// the monitorCrossRefID of the last MonitorStart answer, so that scripts can clear the call
// they made:  makecall 1001 1002; wait-event EstablishedEvent; clear $call 1001
class Variables {
public:
    void remember(const csta::Response& answer);
    // Writes the expanded line to `out`; an error when a variable is not set yet.
    std::optional<std::string> expand(std::string_view line, std::string& out) const;

private:
    std::optional<std::string> call_;
    std::optional<std::string> xref_;
};

// Seconds wait-event waits when the script gives none.
inline constexpr double default_wait_event_seconds = 10;

}  // namespace csta_cli
