// csta-bridge: the daemon (default), --check-config, and the `replay` subcommand.
#include <iostream>
#include <string>
#include <vector>

#include "bridge/core/replay.hpp"
#include "bridge/server/daemon.hpp"

namespace {
int usage(std::ostream& os, int status) {
    os << "usage: csta-bridge [--config FILE] [--log-level LEVEL]   run the bridge (default config\n"
          "                                                        /etc/csta-bridge/csta-bridge.conf)\n"
          "       csta-bridge --check-config FILE                  validate a configuration and explain it\n"
          "       csta-bridge replay FILE.ami [--table FILE.xml ...] [--monitor DEVICE|all] [--format text|xml]\n"
          "                                                        run a recorded AMI transcript through the\n"
          "                                                        call model and print the CSTA events\n";
    return status;
}
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty()) {
        const std::string& command = args.front();
        if (command == "replay") return bridge::replay_main(std::vector<std::string>(args.begin() + 1, args.end()));
        if (command == "-h" || command == "--help" || command == "help") return usage(std::cout, 0);
        if (command == "--check-config") {
            if (args.size() != 2) return usage(std::cerr, 2);
            return bridge::check_config_main(args[1]);
        }
        if (!command.starts_with("--")) {
            std::cerr << "unknown command: " << command << "\n";
            return usage(std::cerr, 2);
        }
    }
    return bridge::daemon_main(args);
}
