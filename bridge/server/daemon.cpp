#include "bridge/server/daemon.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <spdlog/spdlog.h>

#include "bridge/core/replay.hpp"
#include "bridge/core/table.hpp"
#include "bridge/server/app.hpp"
#include "bridge/server/memory_trim.hpp"
#include "bridge/server/server_tables.hpp"

namespace bridge {

namespace {

constexpr const char* kDefaultConfig = "/etc/csta-bridge/csta-bridge.conf";

int usage() {
    std::cerr << "usage: csta-bridge [--config FILE] [--log-level LEVEL]\n"
                 "       csta-bridge --check-config FILE\n"
                 "       csta-bridge replay FILE.ami [--table FILE.xml ...] [--monitor DEVICE|all] [--format text|xml]\n";
    return 2;
}

}  // namespace

int check_config_main(const std::string& path) {
    auto r = load_config(path);
    for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
    if (!r.config) {
        for (const auto& e : r.errors) std::cerr << "error: " << e << "\n";
        std::cerr << path << ": " << r.errors.size() << " error(s)\n";
        return 2;
    }
    auto files = general_table_files(*r.config);
    const auto schema = Table::default_schema_for(files.front());
    const auto loaded = load_tables(r.config->servers, files, schema);
    if (!loaded.ok()) {
        std::cerr << "error: " << (loaded.failed_server.empty() ? "mapping table: " : "") << loaded.error << "\n";
        return 2;
    }
    std::string tables;
    for (std::size_t i = 0; i < r.config->servers.size(); ++i)
        tables += explain_server_table(r.config->servers[i], files, r.config->general.mapping_tables.empty(),
                                       *loaded.servers[i]);
    std::cout << path << ": OK\n" << explain(*r.config) << tables;
    return 0;
}

int daemon_main(const std::vector<std::string>& args) {
    std::string config_path = kDefaultConfig;
    std::string log_level;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--config" && i + 1 < args.size()) config_path = args[++i];
        else if (args[i] == "--log-level" && i + 1 < args.size()) log_level = args[++i];
        else if (args[i] == "--check-config" && i + 1 < args.size()) return check_config_main(args[++i]);
        else return usage();
    }
    auto loaded = load_config(config_path);
    for (const auto& w : loaded.warnings) spdlog::warn("{}", w);
    if (!loaded.config) {
        for (const auto& e : loaded.errors) spdlog::error("{}", e);
        spdlog::critical("{}: {} configuration error(s); not starting (check with --check-config)", config_path,
                         loaded.errors.size());
        return 2;
    }
    auto config = std::move(*loaded.config);
    spdlog::set_level(spdlog::level::from_str(log_level.empty() ? config.general.log_level : log_level));
    auto files = general_table_files(config);
    auto schema = Table::default_schema_for(files.front());
    auto table = Table::load(files, schema);
    if (!table.ok()) {
        spdlog::critical("mapping table: {}", table.error);
        return 2;
    }
    keep_big_blocks_out_of_heap();
    boost::asio::io_context io(1);
    BridgeApp app(io, std::move(config), table.table, files, schema);
    if (auto err = app.start(); !err.empty()) {
        spdlog::critical("cannot start: {}", err);
        return 1;
    }
    MemoryTrimmer trimmer(io);
    trimmer.start();
    boost::asio::signal_set stop_signals(io, SIGINT, SIGTERM);
    stop_signals.async_wait([&](boost::system::error_code ec, int sig) {
        if (ec) return;
        spdlog::info("signal {}: stopping", sig);
        trimmer.stop();
        app.stop([&io] { io.stop(); });
    });
    boost::asio::signal_set hup(io, SIGHUP);
    std::function<void()> wait_hup = [&] {
        hup.async_wait([&](boost::system::error_code ec, int) {
            if (ec) return;
            if (auto err = app.reload_tables(); !err.empty()) spdlog::error("reload refused, old tables kept: {}", err);
            wait_hup();
        });
    };
    wait_hup();
    spdlog::info("csta-bridge running ({} listener(s), {} Asterisk server(s))", app.config().listeners.size(),
                 app.config().servers.size());
    io.run();
    spdlog::info("csta-bridge stopped");
    return 0;
}

}  // namespace bridge
