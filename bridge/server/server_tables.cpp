#include "bridge/server/server_tables.hpp"

#include <sstream>

#include "bridge/core/replay.hpp"

namespace bridge {

std::vector<std::string> general_table_files(const Config& config) {
    return config.general.mapping_tables.empty() ? std::vector<std::string>{default_table_path()}
                                                 : config.general.mapping_tables;
}

TableLoad load_tables_for(const AsteriskServerConfig& server, const std::vector<std::string>& general_files,
                          const std::shared_ptr<const Table>& general, const std::string& schema) {
    TableLoad result{general, {}};
    if (!server.mapping_overlays.empty()) {
        auto files = general_files;
        files.insert(files.end(), server.mapping_overlays.begin(), server.mapping_overlays.end());
        result = Table::load(files, schema);
        if (!result.ok()) {
            result.error = "[asterisk:" + server.name + "] mapping-overlays: " + result.error;
            return result;
        }
    }
    if (!server.table_variables.empty()) result.table = result.table->with_variables(server.table_variables);
    return result;
}

ServerTables load_tables(const std::vector<AsteriskServerConfig>& servers, const std::vector<std::string>& general_files,
                         const std::string& schema) {
    ServerTables result;
    auto general = Table::load(general_files, schema);
    if (!general.ok()) {
        result.error = general.error;
        return result;
    }
    for (const auto& server : servers) {
        auto own = load_tables_for(server, general_files, general.table, schema);
        if (!own.ok()) {
            result.servers.clear();
            result.error = own.error;
            result.failed_server = server.name;
            return result;
        }
        result.servers.push_back(own.table);
    }
    result.general = general.table;
    return result;
}

std::string explain_server_table(const AsteriskServerConfig& server, const std::vector<std::string>& general_files,
                                 bool general_is_default, const Table& table) {
    std::ostringstream o;
    o << "Asterisk '" << server.name << "' mapping tables: ";
    for (std::size_t i = 0; i < general_files.size(); ++i)
        o << (i ? ", " : "") << general_files[i]
          << (i == 0 && general_is_default ? " (the installation's default)" : i == 0 ? "" : " (overlay, [general])");
    for (const auto& f : server.mapping_overlays) o << ", " << f << " (overlay, this server's mapping-overlays)";
    o << "\n";
    for (const auto& [name, value] : table.variables()) {
        o << "  " << name << " = " << value;
        std::string key;
        for (const auto& sv : site_variables())
            if (sv.variable == name) key = sv.key;
        if (server.table_variables.count(name)) o << "   ([asterisk:" << server.name << "] " << key << ")";
        else if (!key.empty()) o << "   (table; set '" << key << "' in [asterisk:" << server.name << "] to change it)";
        else o << "   (table)";
        o << "\n";
    }
    return o.str();
}

}  // namespace bridge
