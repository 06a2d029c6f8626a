#pragma once
// Reader for recorded AMI sessions: the "ami-transcript 1" format of
// shared/fixtures/ami/README.md, or a plain AMI byte log (everything received from Asterisk).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ami {

struct TranscriptChunk {
    enum class Direction { from_asterisk, from_client };
    double time = 0;  // seconds since the TCP connect
    Direction direction = Direction::from_asterisk;
    std::string bytes;  // the wire bytes (CRLF line ends restored, escapes undone)
    int line = 0;       // line of the chunk marker in the file, for error messages
};

struct Transcript {
    std::map<std::string, std::string> meta;  // "#! key: value" lines (scenario, story, ...)
    std::vector<TranscriptChunk> chunks;
    std::string scenario() const;
};

// Throws std::runtime_error naming the line on a malformed transcript.
Transcript parse_transcript(std::string_view text);
// Reads a file: a transcript when it starts with "#! ami-transcript", else a plain byte log
// that becomes one chunk received from Asterisk.
Transcript load_transcript(const std::string& path);

}  // namespace ami
