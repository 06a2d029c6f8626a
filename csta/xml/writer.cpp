#include "csta/xml/writer.hpp"

#include <array>
#include <cstdint>

namespace csta::xml {

XmlWriter::XmlWriter(bool declaration) {
    out_.reserve(512);
    open_.reserve(16);
    if (declaration) out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
}

void XmlWriter::finish_start_tag() {
    if (start_tag_pending_) {
        out_ += '>';
        start_tag_pending_ = false;
    }
}

void XmlWriter::open(std::string_view name) {
    finish_start_tag();
    out_ += '<';
    out_ += name;
    open_.emplace_back(name);
    start_tag_pending_ = true;
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
    // Only legal inside a start tag; anything else is a programming error we ignore safely.
    if (!start_tag_pending_) return;
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    escape_into(out_, value);
    out_ += '"';
}

void XmlWriter::text(std::string_view value) {
    finish_start_tag();
    escape_into(out_, value);
}

void XmlWriter::raw(std::string_view xml) {
    finish_start_tag();
    out_ += xml;
}

void XmlWriter::close() {
    if (open_.empty()) return;
    if (start_tag_pending_) {
        out_ += "/>";
        start_tag_pending_ = false;
    } else {
        out_ += "</";
        out_ += open_.back();
        out_ += '>';
    }
    open_.pop_back();
}

std::string XmlWriter::take() {
    while (!open_.empty()) close();
    return std::move(out_);
}

namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid (overlongs, surrogates and
// code points above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t cp;
    if (b0 < 0x80) return 1;
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return 0;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    if (cp == 0xFFFE || cp == 0xFFFF) return 0;  // not XML characters
    return len;
}
}  // namespace

namespace {
// Printable ASCII that XML takes as it is: copied in runs, one append per run (almost every
// value the bridge writes is digits and letters; a call per character cost more than the
// rest of the encoding).
constexpr auto kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x7F; ++c) t[c] = true;
    for (unsigned char c : std::string_view("&<>\"'")) t[c] = false;
    return t;
}();
}  // namespace

void XmlWriter::escape_into(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t run = i;
        while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
        if (run > i) {
            out.append(s.data() + i, run - i);
            i = run;
            continue;
        }
        const char c = s[i];
        switch (c) {
            case '&': out += "&amp;"; ++i; continue;
            case '<': out += "&lt;"; ++i; continue;
            case '>': out += "&gt;"; ++i; continue;
            case '"': out += "&quot;"; ++i; continue;
            case '\'': out += "&apos;"; ++i; continue;
            case '\t': out += "&#9;"; ++i; continue;   // keep whitespace exact in attributes
            case '\n': out += "&#10;"; ++i; continue;
            case '\r': out += "&#13;"; ++i; continue;
            default: break;
        }
        if (static_cast<unsigned char>(c) < 0x20) {
            out += kReplacement;
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence(s, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
}

}  // namespace csta::xml
