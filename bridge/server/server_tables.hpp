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

// One server's table. general: general_files already loaded (servers without overlays share
// it). An error names the server's mapping-overlays and the file.
TableLoad load_tables_for(const AsteriskServerConfig& server, const std::vector<std::string>& general_files,
                          const std::shared_ptr<const Table>& general, const std::string& schema);

// Every server's table, all or nothing: general_files loaded once, then load_tables_for each
// server. On an error no table is given, and failed_server says whose ("" = the general files).
struct ServerTables {
    std::shared_ptr<const Table> general;
    std::vector<std::shared_ptr<const Table>> servers;  // in the order of `servers`
    std::string error;
    std::string failed_server;
    bool ok() const noexcept { return error.empty(); }
};
ServerTables load_tables(const std::vector<AsteriskServerConfig>& servers, const std::vector<std::string>& general_files,
                         const std::string& schema);

// For --check-config: which files, in which order, and every variable's value with where it
// comes from (the table or this server's site setting).
std::string explain_server_table(const AsteriskServerConfig& server, const std::vector<std::string>& general_files,
                                 bool general_is_default, const Table& table);

}  // namespace bridge
