// Table::with_variables: one server's site settings ([asterisk:NAME] context = ...) over the
// variables of the loaded tables, without writing an overlay file.
#include <spdlog/spdlog.h>

#include "bridge/core/regex_cache.hpp"
#include "bridge/core/table.hpp"

namespace bridge {

namespace {
// A variable's value inside a regex stands for itself ("CF.x" matches only "CF.x").
std::string regex_escaped(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}
}  // namespace

std::string Table::compile_conditions() {
    std::map<std::string, std::string> escaped;
    for (const auto& [name, value] : variables_) escaped[name] = regex_escaped(value);
    for (auto& rule : events_)
        for (auto& c : rule.when) {
            // An unknown ${name} is an error: the rule would silently match something else.
            for (auto at = c.matches.find("${"); at != std::string::npos; at = c.matches.find("${", at + 2)) {
                const auto end = c.matches.find('}', at);
                const auto name = c.matches.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2);
                if (end == std::string::npos || !variables_.count(name))
                    return c.pos.str() + ": <when matches=\"" + c.matches + "\">: no variable \"" + name + "\"";
            }
            const std::string text = expand_simple(c.matches, nullptr, escaped);
            try {
                c.pattern = Pattern::compile(text);
            } catch (const std::regex_error& e) {
                return c.pos.str() + ": attribute matches of <when>: invalid regular expression \"" + text + "\" (" +
                       e.what() + ")";
            }
        }
    return {};
}

std::shared_ptr<const Table> Table::with_variables(const std::map<std::string, std::string>& values) const {
    auto copy = std::make_shared<Table>(*this);
    for (const auto& [name, value] : values) copy->variables_[name] = value;
    // <when> conditions follow the site's variables (an AstDB family named in the
    // configuration). Values are escaped, so this cannot fail for a table that loaded.
    if (const auto error = copy->compile_conditions(); !error.empty()) {
        spdlog::error("mapping table: {} (site variables ignored)", error);
        return std::make_shared<Table>(*this);
    }
    return copy;
}

}  // namespace bridge
