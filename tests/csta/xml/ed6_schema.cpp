#include "tests/csta/xml/ed6_schema.hpp"

#include <regex>
#include <sstream>
#include <stdexcept>

#include "tests/support/fixtures.hpp"

namespace csta_test {

Ed6Schema Ed6Schema::load(const std::string& path) {
    Ed6Schema s;
    std::istringstream in(test_support::read_file(path));
    std::string line;
    Ed6Class* current = nullptr;
    std::string current_enum;
    const std::regex class_re(R"(^class (\w+)(?: : (\w+))?(?:\s+\[ROOT ELEMENT <(\w+)>\])?\s*$)");
    const std::regex enum_re(R"(^enum (\w+)(?:\s+\[ROOT ELEMENT <\w+>\])?\s*$)");
    const std::regex member_re(R"(^    (\w+)\s+(\S+)\s*(.*)$)");
    const std::regex element_re(R"(Element\((\w+)\))");
    std::smatch m;
    while (std::getline(in, line)) {
        if (std::regex_match(line, m, class_re)) {
            // Some classes occur twice (same members); keep the first.
            auto [it, fresh] = s.classes.try_emplace(m[1], Ed6Class{m[1], m[2], m[3], {}});
            current = fresh ? &it->second : nullptr;
            current_enum.clear();
        } else if (std::regex_match(line, m, enum_re)) {
            current = nullptr;
            current_enum = m[1];
        } else if (!current_enum.empty() && line.rfind("    values: ", 0) == 0) {
            std::istringstream values(line.substr(12));
            std::string v;
            auto& list = s.enums[current_enum];
            while (std::getline(values, v, ',')) {
                const auto b = v.find_first_not_of(' ');
                list.push_back(v.substr(b, v.find_last_not_of(' ') - b + 1));
            }
        } else if (current && std::regex_match(line, m, member_re)) {
            Ed6Member mem{m[1], m[2], {}, {}, {}};
            const std::string rest = m[3];
            if (rest.rfind("ArrayItem", 0) == 0) {
                mem.kind = "ArrayItem";
                const auto open = rest.find('(');
                if (open != std::string::npos) mem.array_item = rest.substr(open + 1, rest.find(')') - open - 1);
            } else if (rest.find("Element(") != std::string::npos) {
                mem.kind = "Choice";
                for (std::sregex_iterator it(rest.begin(), rest.end(), element_re), end; it != end; ++it)
                    mem.choices.push_back((*it)[1]);
            } else {
                mem.kind = rest.substr(0, rest.find(' '));
            }
            current->members.push_back(std::move(mem));
        } else if (line.empty()) {
            current = nullptr;
            current_enum.clear();
        }
    }
    if (s.classes.size() < 500) throw std::runtime_error("ed6-elements.txt looks truncated: " + path);
    return s;
}

const Ed6Class* Ed6Schema::resolve(const std::string& name) const {
    auto it = classes.find(name);
    for (int hops = 0; it != classes.end() && hops < 8; ++hops) {
        if (!it->second.members.empty() || it->second.base.empty()) return &it->second;
        it = classes.find(it->second.base);
    }
    return nullptr;
}

}  // namespace csta_test
