#pragma once
// Reader for tests/data/ecma-323/ed6-elements.txt (see its README): every ed6 class with
// its members in schema order, every enum with its literals. Test-only.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace csta_test {

struct Ed6Member {
    std::string name;
    std::string type;        // "ConnectionID", "bool", "ConnectionListItem[]", ...
    std::string kind;        // "", "Attribute", "Text", "Element", "ArrayItem", "AnyElement", "Choice"
    std::string array_item;  // ArrayItem(x) -> x
    std::vector<std::string> choices;  // Element(a) | Element(b) -> a, b
};

struct Ed6Class {
    std::string name;
    std::string base;
    std::string root_element;
    std::vector<Ed6Member> members;
};

struct Ed6Schema {
    std::map<std::string, Ed6Class> classes;
    std::map<std::string, std::vector<std::string>> enums;

    static Ed6Schema load(const std::string& path);
    // The class with its base classes resolved (members of the nearest class that has any).
    const Ed6Class* resolve(const std::string& name) const;
};

}  // namespace csta_test
