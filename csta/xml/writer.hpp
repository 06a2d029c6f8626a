#pragma once
// Writes XML text: elements, attributes, escaped character data. Output only — parsing is
// Xerces' job. Text is escaped (&, <, >, quotes), invalid UTF-8 and characters XML 1.0 cannot
// carry (C0 controls except TAB/LF/CR) become U+FFFD, so the output always re-parses.
#include <string>
#include <string_view>
#include <vector>

namespace csta::xml {

class XmlWriter {
public:
    explicit XmlWriter(bool declaration = true);

    // "<name" (attributes may follow). The name is kept as a view until its close(): every
    // caller passes a schema constant or a name inside the value being encoded, so copying
    // it (an allocation per element name over 15 characters) bought nothing.
    void open(std::string_view name);
    void attribute(std::string_view name, std::string_view value);
    void text(std::string_view value);
    // Well-formed XML content written as is (private data passed through).
    void raw(std::string_view xml);
    void close();  // closes the innermost open element ("/>" when it stayed empty)
    void leaf(std::string_view name, std::string_view value) {
        open(name);
        text(value);
        close();
    }

    std::string take();

    // Escaped form of s for character data (quotes too, so it serves attributes as well).
    static void escape_into(std::string& out, std::string_view s);

private:
    void finish_start_tag();
    std::string out_;
    std::vector<std::string_view> open_;
    bool start_tag_pending_ = false;
};

}  // namespace csta::xml
