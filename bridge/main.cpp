// csta-bridge: a small dispatcher over subcommands. For now only `replay`; the daemon mode
// (bridge/server) will be added here by its owner.
#include <iostream>
#include <string>
#include <vector>

#include "bridge/core/replay.hpp"

namespace {
int usage(std::ostream& os, int status) {
    os << "usage: csta-bridge <command> [args]\n"
          "commands:\n"
          "  replay FILE.ami [--table FILE.xml ...] [--monitor DEVICE|all] [--format text|xml]\n"
          "         run a recorded AMI transcript through the call model and print the CSTA events\n";
    return status;
}
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) return usage(std::cerr, 2);
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "replay") return bridge::replay_main(args);
    if (command == "-h" || command == "--help" || command == "help") return usage(std::cout, 0);
    std::cerr << "unknown command: " << command << "\n";
    return usage(std::cerr, 2);
}
