#include "tests/bridge/core/replay_support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "tests/support/fixtures.hpp"

namespace core_test {

std::string mappings_dir() { return test_support::source_dir() + "/mappings"; }

std::shared_ptr<const bridge::Table> default_table() {
    static const auto table = [] {
        const auto load = bridge::Table::load({mappings_dir() + "/asterisk.xml"}, mappings_dir() + "/mapping-table.xsd");
        if (!load.ok()) FAIL("default table does not load: " << load.error);
        return load.table;
    }();
    return table;
}

std::vector<bridge::Emitted> replay_file(const std::string& path) {
    bridge::CallModel model(default_table());
    return bridge::replay_transcript(ami::load_transcript(path), model);
}

std::vector<bridge::Emitted> replay_file(const std::string& path, const std::vector<std::string>& overlays) {
    std::vector<std::string> files{mappings_dir() + "/asterisk.xml"};
    files.insert(files.end(), overlays.begin(), overlays.end());
    const auto load = bridge::Table::load(files, mappings_dir() + "/mapping-table.xsd");
    if (!load.ok()) FAIL("table with overlays does not load: " << load.error);
    bridge::CallModel model(load.table);
    return bridge::replay_transcript(ami::load_transcript(path), model);
}

std::string scenario_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string write_temp(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::temp_directory_path() / ("csta-core-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
}

ami::Message ev(std::initializer_list<std::pair<const char*, const char*>> headers) {
    ami::Message m;
    for (const auto& [k, v] : headers) m.add(k, v);
    return m;
}

}  // namespace core_test
