// csta-cli: an interactive CSTA client for people and scripts. See tools/csta-cli/README.md.
//   csta-cli --port 4721 --user crm --password crmpass                 (prompt, tab completion)
//   csta-cli --port 4721 --user crm --password crmpass -c "monitor 1001; makecall 1001 1002; wait-event EstablishedEvent"
// Exit status: 0 when every request got a positive answer and every wait-event was satisfied,
// 1 otherwise, 2 when the connection or the login failed (or the connection was lost).
#include <boost/asio/io_context.hpp>
#include <boost/program_options.hpp>
#include <iostream>
#include <unistd.h>

#include "tools/csta-cli/repl.hpp"
#include "tools/csta-cli/runner.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
    csta_cli::SessionOptions o;
    std::string script, edition;
    double timeout = 10;
    bool echo = false;
    po::options_description desc(
        "csta-cli: a CSTA client for csta-bridge (or any CSTA XML/BER server)\n"
        "Usage: csta-cli [options]            then type 'help'\n"
        "       csta-cli [options] -c \"monitor 1001; makecall 1001 1002; wait-event EstablishedEvent; quit\"\n"
        "Options");
    desc.add_options()
        ("help,h", "this help")
        ("host", po::value(&o.host)->default_value("127.0.0.1"), "server address")
        ("port,p", po::value(&o.port)->default_value("4721"), "server port")
        ("user,u", po::value(&o.user)->default_value(""), "user name ([user:NAME] in the bridge config)")
        ("password,P", po::value(&o.password)->default_value(""), "password")
        ("ber", po::bool_switch(&o.ber), "speak ECMA-285 BER instead of ECMA-323 XML")
        ("edition", po::value(&edition)->default_value("ed6"), "XML namespace edition: ed3, ed4, ed5 or ed6")
        ("tls", po::bool_switch(&o.tls), "connect with TLS")
        ("ca", po::value(&o.ca_file), "CA certificate file to verify the server with (TLS)")
        ("insecure", po::bool_switch(&o.insecure), "do not verify the server certificate (TLS)")
        ("command,c", po::value(&script), "run these ';'-separated commands, then exit")
        ("timeout", po::value(&timeout)->default_value(10), "seconds to wait for connection, login and each answer")
        ("echo", po::bool_switch(&echo), "print each command ('> makecall 1001 1002') before running it")
        ("xml", po::bool_switch(&o.print_xml), "also print every XML document sent and received")
        ("hex", po::bool_switch(&o.print_hex), "also print a hex dump of every frame");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "csta-cli: " << e.what() << "\n" << desc << "\n";
        return 2;
    }
    if (vm.count("help")) {
        std::cout << desc << "\nCommands:\n" << csta_cli::help_text();
        return 0;
    }
    if (edition.size() != 3 || edition.substr(0, 2) != "ed" || edition[2] < '2' || edition[2] > '6') {
        std::cerr << "csta-cli: --edition must be ed2 .. ed6\n";
        return 2;
    }
    o.edition = static_cast<csta::xml::Edition>(edition[2] - '0');
    if (!(timeout > 0 && timeout < 3600)) {
        std::cerr << "csta-cli: --timeout must be between 0 and 3600 seconds\n";
        return 2;
    }

    const bool interactive = script.empty() && isatty(STDIN_FILENO);
    boost::asio::io_context io;
    csta_cli::Output output(interactive);
    csta_cli::Runner runner(io, o, output, std::chrono::milliseconds(static_cast<long>(timeout * 1000)));
    runner.set_echo(echo);
    try {
        if (!runner.open()) return 2;
        if (!script.empty()) return runner.run_script(csta_cli::split_script(script));
        if (!interactive) return runner.run_stream(std::cin);
        return csta_cli::run_repl(io, runner, output);
    } catch (const std::exception& e) {
        std::cerr << "csta-cli: " << e.what() << "\n";
        return 2;
    }
}
