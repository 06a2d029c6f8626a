#pragma once
// The web console's pages, styles and scripts (bridge/console/), compiled into the binary by
// bridge/console/embed.cmake so that nothing is fetched or installed beside it.
#include <span>
#include <string_view>

namespace bridge {

struct ConsoleAsset {
    std::string_view name;          // file name under bridge/console/, served as /console/NAME
    std::string_view content_type;
    std::string_view body;
};

std::span<const ConsoleAsset> console_assets();

}  // namespace bridge
