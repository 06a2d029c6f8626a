#pragma once
// Shared by the bridge/core tests: load the default table, replay a transcript.
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "ami/message.hpp"
#include "bridge/core/call_model.hpp"
#include "bridge/core/replay.hpp"

namespace core_test {

std::shared_ptr<const bridge::Table> default_table();
std::string mappings_dir();
std::vector<bridge::Emitted> replay_file(const std::string& path);
// The same with the default table and these overlays over it (mappings/examples/...).
std::vector<bridge::Emitted> replay_file(const std::string& path, const std::vector<std::string>& overlays);
std::string scenario_of(const std::string& path);  // "blind-transfer" for .../blind-transfer.ami
// An AMI event (or response) with these headers in this order: the model tests' input.
ami::Message ev(std::initializer_list<std::pair<const char*, const char*>> headers);
// The mapping table's schema, and the opening of a table document for tests that write one.
inline std::string table_xsd() { return mappings_dir() + "/mapping-table.xsd"; }
inline constexpr const char* kTableHead =
    "<?xml version=\"1.0\"?>\n<mappingTable xmlns=\"urn:csta-bridge:mapping-table:1\" version=\"1\">\n";
// Writes text to a fresh file under the build's temp area and returns its path.
std::string write_temp(const std::string& name, const std::string& text);

}  // namespace core_test
