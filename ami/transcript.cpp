#include "ami/transcript.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ami {

namespace {
constexpr std::string_view kMagic = "#! ami-transcript 1";
constexpr std::string_view kEscapedLf = "\xE2\x90\x8A";  // U+240A SYMBOL FOR LINE FEED
constexpr std::string_view kEscapedCr = "\xE2\x90\x8D";  // U+240D SYMBOL FOR CARRIAGE RETURN

// A chunk marker: "@T <<<" or "@T >>>" (T = seconds with 3 decimals), optionally followed by
// " nofinalnewline". Returns false for any other line.
bool parse_marker(std::string_view line, double& time, TranscriptChunk::Direction& dir) {
    if (line.size() < 10 || line[0] != '@') return false;
    auto space = line.find(' ');
    if (space == std::string_view::npos) return false;
    auto t = line.substr(1, space - 1);
    auto dot = t.find('.');
    if (dot == std::string_view::npos || dot == 0 || t.size() - dot - 1 != 3) return false;
    for (size_t i = 0; i < t.size(); ++i)
        if (i != dot && (t[i] < '0' || t[i] > '9')) return false;
    auto rest = line.substr(space + 1);
    if (rest.ends_with(" nofinalnewline")) rest.remove_suffix(15);
    if (rest == "<<<") dir = TranscriptChunk::Direction::from_asterisk;
    else if (rest == ">>>") dir = TranscriptChunk::Direction::from_client;
    else return false;
    time = std::stod(std::string(t));
    return true;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

// Replay rule of the format: every LF becomes CRLF, then the escapes become bare LF / CR.
std::string to_wire(std::string body) {
    std::string out;
    out.reserve(body.size() + body.size() / 16);
    for (char c : body) {
        if (c == '\n') out += '\r';
        out += c;
    }
    replace_all(out, kEscapedLf, "\n");
    replace_all(out, kEscapedCr, "\r");
    return out;
}
}  // namespace

std::string Transcript::scenario() const {
    auto it = meta.find("scenario");
    return it == meta.end() ? std::string{} : it->second;
}

Transcript parse_transcript(std::string_view text) {
    Transcript t;
    if (!text.starts_with(kMagic)) throw std::runtime_error("line 1: expected '#! ami-transcript 1'");
    std::string body;
    bool in_chunk = false;
    int line_no = 0;
    auto flush = [&] {
        if (in_chunk) t.chunks.back().bytes = to_wire(std::move(body));
        body.clear();
    };
    size_t pos = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        auto line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        if (!in_chunk && line.starts_with("#!")) {
            auto colon = line.find(':');
            if (colon != std::string_view::npos) {
                auto key = std::string(line.substr(2, colon - 2));
                key.erase(0, key.find_first_not_of(' '));
                auto value = std::string(line.substr(colon + 1));
                value.erase(0, value.find_first_not_of(' '));
                t.meta[key] = value;
            }
            continue;
        }
        TranscriptChunk c;
        if (parse_marker(line, c.time, c.direction)) {
            flush();
            c.line = line_no;
            t.chunks.push_back(std::move(c));
            in_chunk = true;
            continue;
        }
        if (!in_chunk) {
            if (line.empty()) continue;
            throw std::runtime_error("line " + std::to_string(line_no) + ": text before the first '@T <<<|>>>' chunk marker");
        }
        body.append(line);
        if (nl != std::string_view::npos) body += '\n';
    }
    flush();
    return t;
}

Transcript load_transcript(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    auto text = ss.str();
    if (text.starts_with("#! ami-transcript")) {
        try {
            return parse_transcript(text);
        } catch (const std::exception& e) {
            throw std::runtime_error(path + ": " + e.what());
        }
    }
    Transcript t;  // plain AMI byte log
    t.chunks.push_back(TranscriptChunk{0, TranscriptChunk::Direction::from_asterisk, std::move(text), 1});
    return t;
}

}  // namespace ami
