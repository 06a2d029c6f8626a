#pragma once
// The mapping table each [asterisk:NAME] runs with: the [general] mapping-tables (or the
// installation's default table), then the server's own mapping-overlays, then its site
// settings (context = ..., feature codes, AstDB families) over the table's variables. The
// daemon, the SIGHUP reload and --check-config all build it here, so they agree.
#include <memory>
#include <string>
#include <vector>

#include "bridge/core/table.hpp"
#include "bridge/server/config.hpp"

namespace bridge {

// [general] mapping-tables, or the installation's default table when it is empty.
std::vector<std::string> general_table_files(const Config& config);

// general: general_files already loaded (servers without overlays share it).
TableLoad server_table(const AsteriskServerConfig& server, const std::vector<std::string>& general_files,
                       const std::shared_ptr<const Table>& general, const std::string& schema);

// For --check-config: which files, in which order, and every variable's value with where it
// comes from (the table or this server's site setting).
std::string explain_server_table(const AsteriskServerConfig& server, const std::vector<std::string>& general_files,
                                 bool general_is_default, const Table& table);

}  // namespace bridge
