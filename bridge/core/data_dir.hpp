#pragma once
// Where the installed data of csta-bridge is found at run time: the default mapping table
// (asterisk.xml), its schema and the example overlays. Never a path of the source tree.
#include <string>

namespace bridge {

// The directory holding asterisk.xml and mapping-table.xsd:
//   1. PREFIX/share/csta-bridge/mappings, PREFIX being the parent of the directory of the
//      running executable or one of its ancestors (/usr/bin/csta-bridge ->
//      /usr/share/csta-bridge/mappings; a build tree has BUILD/share/csta-bridge/mappings,
//      made by the configure step);
//   2. else the data directory of the prefix it was configured with
//      (CMAKE_INSTALL_PREFIX/share/csta-bridge/mappings).
std::string installed_mappings_dir();

}  // namespace bridge
