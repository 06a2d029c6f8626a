#pragma once
// Parses an XML document with Xerces-C++ (SAX2) into a small element tree, with the defences a
// network-facing parser needs: no DOCTYPE at all (so no entities, no XXE, no billion laughs),
// no external resources, bounded size, depth and element count.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace csta::xml {

struct Limits {
    std::size_t max_bytes = 256 * 1024;   // whole document
    std::size_t max_depth = 32;           // element nesting (CSTA needs < 12)
    std::size_t max_elements = 10000;     // elements in the document
};

struct Attribute {
    std::string qname;   // as written, incl. xmlns declarations
    std::string value;
    std::string ns;      // namespace URI of a prefixed attribute ("" otherwise)
};

struct Node {
    std::string local_name;
    std::string ns;      // namespace URI ("" when none)
    std::string qname;   // as written (prefix:name), for pass-through of private data
    std::vector<Attribute> attributes;  // in document order
    std::string text;    // concatenated character data directly inside this element
    std::vector<Node> children;

    const Node* child(std::string_view local) const noexcept;
    const std::string* attribute(std::string_view qname) const noexcept;
};

// Keeps Xerces initialised while alive (Xerces counts Initialize/Terminate pairs); safe to
// create and destroy from several threads at once.
class XercesInit {
public:
    XercesInit();
    ~XercesInit();
    XercesInit(const XercesInit&) = delete;
    XercesInit& operator=(const XercesInit&) = delete;
};

struct ParseOutcome {
    bool ok = false;
    Node root;
    std::string error;  // "line 3, column 7: ..." when !ok
};

// One parser, reused for every document (Xerces reader and handler created once).
// Not thread-safe: one per thread / session.
class TreeParser {
public:
    explicit TreeParser(Limits limits = {});
    ~TreeParser();
    TreeParser(const TreeParser&) = delete;
    TreeParser& operator=(const TreeParser&) = delete;

    ParseOutcome parse(std::string_view document);
    const Limits& limits() const noexcept { return limits_; }

private:
    struct Impl;
    XercesInit init_;
    Limits limits_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace csta::xml
