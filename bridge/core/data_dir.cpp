#include "bridge/core/data_dir.hpp"

#include <filesystem>
#include <system_error>

namespace bridge {

namespace fs = std::filesystem;

std::string installed_mappings_dir() {
    static const std::string dir = [] {
        std::error_code ec;
        const auto exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec)
            for (auto d = exe.parent_path().parent_path(); !d.empty(); d = d.parent_path()) {
                const auto candidate = d / "share" / "csta-bridge" / "mappings";
                if (fs::exists(candidate / "asterisk.xml", ec)) return candidate.string();
                if (d == d.root_path()) break;
            }
        return std::string(CSTA_INSTALL_DATADIR) + "/mappings";
    }();
    return dir;
}

}  // namespace bridge
