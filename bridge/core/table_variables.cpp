// Table::with_variables: one server's site settings ([asterisk:NAME] context = ...) over the
// variables of the loaded tables, without writing an overlay file.
#include "bridge/core/table.hpp"

namespace bridge {

std::shared_ptr<const Table> Table::with_variables(const std::map<std::string, std::string>& values) const {
    auto copy = std::make_shared<Table>(*this);
    for (const auto& [name, value] : values) copy->variables_[name] = value;
    return copy;
}

}  // namespace bridge
