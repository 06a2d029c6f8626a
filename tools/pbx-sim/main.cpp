// pbx-sim: an AMI server that behaves like Asterisk 22 for the CSTA bridge's tests and
// benchmarks. See tools/pbx-sim/README.md.
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "tools/pbx-sim/asio_scheduler.hpp"
#include "tools/pbx-sim/load_generator.hpp"
#include "tools/pbx-sim/pbx.hpp"
#include "tools/pbx-sim/server.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
    pbxsim::ServerOptions so;
    std::string config_file, extensions, log_level = "info";
    double load_rate = 0;
    long load_hold_ms = 5000;
    double answer_ms = -1;
    bool varset = false;
    long parking_timeout_ms = 0;

    po::options_description desc("pbx-sim options");
    desc.add_options()
        ("help,h", "show this help")
        ("config,c", po::value(&config_file), "INI file (see README.md)")
        ("bind", po::value(&so.bind)->default_value(so.bind), "address to listen on")
        ("port,p", po::value(&so.port)->default_value(so.port), "AMI port")
        ("tls-cert", po::value(&so.tls_cert), "PEM certificate: serve AMI over TLS")
        ("tls-key", po::value(&so.tls_key), "PEM private key for --tls-cert")
        ("http-port", po::value<std::uint16_t>(), "also serve AMI over HTTP (/rawman, WaitEvent) on this port")
        ("http-timeout-ms", po::value<long>(), "AMI over HTTP: idle sessions end after this long (default 60000)")
        ("extensions", po::value(&extensions), "simulated extensions, e.g. 1001-1010 (default 1001-1004)")
        ("answer-ms", po::value(&answer_ms), "default ring time before answering")
        ("varset", po::bool_switch(&varset), "also emit VarSet events around Dial")
        ("parking-timeout-ms", po::value(&parking_timeout_ms), "res_parking parkingtime (default 45000)")
        ("load-rate", po::value(&load_rate), "load mode: calls per second between random endpoints")
        ("load-hold-ms", po::value(&load_hold_ms)->default_value(load_hold_ms), "load mode: call length")
        ("log-level", po::value(&log_level)->default_value(log_level), "trace|debug|info|warn|error");
    po::variables_map vm;
    try {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    } catch (const std::exception& e) {
        std::cerr << "pbx-sim: " << e.what() << "\n" << desc;
        return 2;
    }
    if (vm.count("help")) {
        std::cout << desc;
        return 0;
    }
    spdlog::set_level(spdlog::level::from_str(log_level));
    if (vm.count("http-port")) so.http_port = vm["http-port"].as<std::uint16_t>();
    if (vm.count("http-timeout-ms")) so.http_session_timeout = pbxsim::Millis{vm["http-timeout-ms"].as<long>()};
    if (so.tls_cert.empty() != so.tls_key.empty()) {
        std::cerr << "pbx-sim: --tls-cert and --tls-key go together\n";
        return 2;
    }

    auto cfg = pbxsim::SimConfig::defaults();
    // Uniqueids and Timestamps from the real clock (the INI [sim] epoch can pin it).
    cfg.epoch_base = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    try {
        if (!extensions.empty()) {
            cfg.endpoints.clear();
            for (const auto& e : pbxsim::parse_extension_range(extensions)) cfg.endpoints[e] = {};
        }
        if (!config_file.empty()) pbxsim::load_ini(config_file, cfg);
    } catch (const std::exception& e) {
        std::cerr << "pbx-sim: " << e.what() << "\n";
        return 2;
    }
    if (answer_ms >= 0)
        for (auto& [ext, b] : cfg.endpoints) b.answer_after = pbxsim::Millis{static_cast<long>(answer_ms)};
    if (varset) cfg.varset_noise = true;
    if (parking_timeout_ms > 0) cfg.parking_timeout = pbxsim::Millis{parking_timeout_ms};

    boost::asio::io_context io;
    pbxsim::AsioScheduler sched(io);
    pbxsim::Pbx pbx(cfg, sched);
    try {
        pbxsim::Server server(io, pbx, sched, so);
        server.start();
        pbxsim::LoadGenerator load(pbx, sched);
        if (load_rate > 0) {
            pbxsim::LoadProfile p;
            p.calls_per_second = load_rate;
            p.hold_time = pbxsim::Millis{load_hold_ms};
            load.start(p);
            spdlog::info("pbx-sim: load mode, {} calls/s, {} ms each", load_rate, load_hold_ms);
        }
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code&, int) {
            spdlog::info("pbx-sim: stopping");
            load.stop();
            server.stop();
            io.stop();
        });
        io.run();
    } catch (const std::exception& e) {
        spdlog::error("pbx-sim: {}", e.what());
        return 1;
    }
    return 0;
}
