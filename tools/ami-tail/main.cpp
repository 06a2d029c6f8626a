// ami-tail: a tiny admin tool. Connects to an Asterisk Manager Interface, logs in and prints
// every event on one line, "Event <Name> key=value ...", to stdout; logs go to stderr.
// Reconnects with back-off when the link is lost; Ctrl-C (or SIGTERM) logs off and exits 0.
// Exits 1 at once on errors a retry cannot fix (authentication, certificate, not an AMI).
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include "ami/client.hpp"
#include "ami/log.hpp"

namespace po = boost::program_options;

namespace {

std::string event_line(const ami::Message& m) {
    std::string out = "Event " + std::string(m.event_name());
    for (const auto& h : m.headers()) {
        if (ami::iequals(h.name, "Event")) continue;
        out += ' ';
        out += h.name;
        out += '=';
        out += h.value;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    ami::ClientConfig cfg;
    bool plain = false, md5 = false, insecure = false, verbose = false;
    int port = 5038;
    po::options_description opts("ami-tail options");
    opts.add_options()
        ("help,h", "this help")
        ("host", po::value(&cfg.host)->default_value("127.0.0.1"), "Asterisk host")
        ("port", po::value(&port)->default_value(5038), "AMI port")
        ("user", po::value(&cfg.username)->required(), "manager user")
        ("secret", po::value(&cfg.secret)->required(), "manager secret")
        ("tls", po::bool_switch(&cfg.tls), "use TLS (server certificate verified)")
        ("ca", po::value(&cfg.ca_file), "PEM CA file for TLS (default: system store)")
        ("server-name", po::value(&cfg.server_name), "name expected in the certificate (default: host)")
        ("insecure", po::bool_switch(&insecure), "TLS without certificate verification")
        ("plain", po::bool_switch(&plain), "plain Login (secret in clear) instead of MD5")
        ("md5", po::bool_switch(&md5), "MD5 only (no fallback to plain)")
        ("events", po::value(&cfg.events)->default_value("on"), "Events: value of the Login")
        ("verbose,v", po::bool_switch(&verbose), "debug logs on stderr");
    try {
        po::variables_map vm;
        po::store(po::parse_command_line(argc, argv, opts), vm);
        if (vm.count("help")) {
            std::cout << opts << "\n";
            return 0;
        }
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "ami-tail: " << e.what() << "\n" << opts << "\n";
        return 2;
    }
    if (port <= 0 || port > 65535) {
        std::cerr << "ami-tail: --port must be 1..65535\n";
        return 2;
    }
    cfg.port = static_cast<unsigned short>(port);
    cfg.verify = !insecure;
    cfg.auth = plain ? ami::AuthMode::plain : md5 ? ami::AuthMode::md5 : ami::AuthMode::automatic;
    cfg.reconnect = true;
    ami::logger()->set_level(verbose ? spdlog::level::debug : spdlog::level::info);

    boost::asio::io_context io;
    std::unique_ptr<ami::Client> client;
    try {
        client = std::make_unique<ami::Client>(io, cfg);
    } catch (const std::exception& e) {
        std::cerr << "ami-tail: " << e.what() << "\n";
        return 1;
    }
    client->on_event([](const ami::Message& m) {
        std::cout << event_line(m) << '\n' << std::flush;
    });
    // Wrong credentials, an untrusted certificate or a peer that is no Asterisk will not heal
    // by retrying: say so and exit 1. Everything else (refused, lost, timeout) is retried.
    int exit_code = 0;
    client->on_link([&](const ami::LinkStatus& s) {
        if (s.state != ami::LinkState::down) return;
        if (s.error == ami::ErrorCode::auth_failed || s.error == ami::ErrorCode::tls_failed ||
            s.error == ami::ErrorCode::bad_banner) {
            std::cerr << "ami-tail: " << s.detail << "\n";
            exit_code = 1;
            client->stop([&] { io.stop(); });
        }
    });
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec) return;
        client->stop([&] { io.stop(); });
    });
    client->start();
    io.run();
    return exit_code;
}
