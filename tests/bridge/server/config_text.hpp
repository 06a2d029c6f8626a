#pragma once
// A bridge::Config from configuration text, for the server tests that start a BridgeApp:
// REQUIREs that it parses (the first error is shown) and puts every listener on an
// ephemeral port (the file format wants 1-65535). And where the default table and its
// schema are.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "bridge/server/config.hpp"
#include "tests/support/fixtures.hpp"

namespace server_test {

inline bridge::Config config_from(const std::string& text) {
    std::istringstream in(text);
    auto r = bridge::parse_config(in, "test.conf");
    INFO((r.errors.empty() ? std::string() : r.errors.front()));
    REQUIRE(r.config);
    auto c = *r.config;
    for (auto& l : c.listeners) l.port = 0;
    return c;
}

inline std::string table_file() { return test_support::source_dir() + "/mappings/asterisk.xml"; }
inline std::string schema_file() { return test_support::source_dir() + "/mappings/mapping-table.xsd"; }

}  // namespace server_test
