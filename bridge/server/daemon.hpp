#pragma once
// The csta-bridge daemon and --check-config, as subcommands of the csta-bridge executable.
#include <string>
#include <vector>

namespace bridge {

// csta-bridge [--config FILE] [--log-level LEVEL]: runs until SIGINT/SIGTERM; SIGHUP reloads
// the mapping tables. Exit status 0 on a clean stop, 1 when it cannot start, 2 on bad config.
int daemon_main(const std::vector<std::string>& args);
// csta-bridge --check-config FILE: lists every error by section and key, or explains the file.
int check_config_main(const std::string& path);

}  // namespace bridge
