// Scale: N CSTA client connections (default 10,000) to the real csta-bridge in front of
// pbx-sim, in two phases, each with a fresh bridge so one phase's freed memory does not
// hide the next one's growth:
//   idle:   N connections that send nothing (not logged in): time until the bridge holds
//           them all, and its RSS growth per connection;
//   login:  N connections that each log in (ECMA-354 StartApplicationSession, XML): time
//           until every login is answered, and RSS growth per logged-in session.
// The bridge's max-sessions / max-unauthenticated(-per-address) are raised in the bench's
// own configuration (all connections come from 127.0.0.1); their defaults are unchanged.
// The soft RLIMIT_NOFILE is raised to the hard limit; when that is still too low for N
// (the bench and the bridge each need N descriptors), N is lowered and the output says so.
// Prints a table, writes JSON.
//
//   bench_scale_sessions [--sessions N] [--phase idle|login|both] [--batch B]
//                        [--bridge PATH] [--json FILE]
// --bridge runs another csta-bridge binary (e.g. one built before a change) in the same setup.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench/bench_process.hpp"
#include "bench/bench_report.hpp"
#include "bench/csta_bench_client.hpp"
#include "bench/scale_support.hpp"
#include "csta/framing/framing.hpp"
#include "csta/xml/codec.hpp"

using Clock = std::chrono::steady_clock;

namespace {

struct Setup {
    std::filesystem::path dir;
    unsigned short ami_port = 0;
    std::string bridge_bin;
    long sessions = 0;
};

struct PhaseResult {
    long connections = 0;  // held by the bridge at the end
    long answered = 0;     // logins answered positively (login phase)
    double seconds = 0;
    double bytes_per_session = 0;
    long rss_before = 0, rss_after = 0;
};

std::vector<std::uint8_t> login_frame() {
    csta::StartApplicationSession s;
    s.applicationID = "bench";
    s.credentials = csta::SessionCredentials{"bench", "benchpass"};
    return *csta::framing::encode_xml(csta::xml::Codec::encode(csta::SessionMessage(s)), 1);
}

PhaseResult run_phase(const Setup& setup, bool login, long batch) {
    const auto csta_port = bench::free_port();
    const auto limit = std::to_string(setup.sessions + 10);
    const auto conf = setup.dir / (login ? "login.conf" : "idle.conf");
    std::ofstream(conf) << "[general]\nmapping-tables = " << CSTA_SOURCE_DIR << "/mappings/asterisk.xml\n"
                        << "log-level = warn\nmax-sessions = " << limit << "\nmax-unauthenticated = " << limit
                        << "\nmax-unauthenticated-per-address = " << limit << "\n"
                        << "[asterisk:pbx]\nhost = 127.0.0.1\nport = " << setup.ami_port
                        << "\nusername = bridge\nsecret = bridgepass\n"
                        // The timers stay armed as usual; only long enough that none fires during the run.
                        << "[listener:cti]\nbind = 127.0.0.1\nport = " << csta_port
                        << "\nlogin-timeout-seconds = 3600\nheartbeat-seconds = 3600\n"
                        << "[user:bench]\nsecret = benchpass\ndevices = 1001-1004\nmax-sessions = " << limit << "\n";
    bench::Child bridge(setup.bridge_bin, {"--config", conf.string()},
                        (setup.dir / (login ? "bridge-login.log" : "bridge-idle.log")).string());
    if (!bench::wait_for_port(csta_port, std::chrono::seconds(30))) throw std::runtime_error("csta-bridge did not start");
    {
        bench::CstaClient probe(csta_port);  // steady state first: AMI link up and resynced
        if (!probe.login("bench", "benchpass")) throw std::runtime_error("login refused");
        if (!probe.wait_link_up(std::chrono::seconds(120))) throw std::runtime_error("AMI link not up");
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    PhaseResult r;
    r.rss_before = bridge.rss_bytes();
    const long fds_before = bench::open_fds(bridge.pid());
    const auto frame = login_frame();

    std::vector<int> fds;
    fds.reserve(static_cast<std::size_t>(setup.sessions));
    const auto t0 = Clock::now();
    for (long i = 0; i < setup.sessions; i += batch) {
        const long end = std::min(setup.sessions, i + batch);
        const std::size_t first = fds.size();
        for (long k = i; k < end; ++k) {
            const int fd = bench::connect_local(csta_port);
            if (fd < 0) throw std::runtime_error("connect failed after " + std::to_string(fds.size()) + " connections");
            if (login && !bench::write_all(fd, frame.data(), frame.size())) throw std::runtime_error("login write failed");
            fds.push_back(fd);
        }
        if (!login) continue;
        for (std::size_t k = first; k < fds.size(); ++k) {
            auto doc = bench::read_xml_frame(fds[k]);
            if (doc && doc->find("StartApplicationSessionPosResponse") != std::string::npos) ++r.answered;
        }
    }
    // Every connection accepted and held by the bridge (idle ones are only accepted).
    while (bench::open_fds(bridge.pid()) - fds_before < setup.sessions &&
           Clock::now() - t0 < std::chrono::seconds(600))
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.connections = bench::open_fds(bridge.pid()) - fds_before;
    std::this_thread::sleep_for(std::chrono::seconds(1));
    r.rss_after = bridge.rss_bytes();
    r.bytes_per_session = static_cast<double>(r.rss_after - r.rss_before) / static_cast<double>(setup.sessions);
    bridge.stop();  // the bridge closes first: the bench's ports are not left in TIME_WAIT
    for (int fd : fds) ::close(fd);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Args args(argc, argv);
    Setup setup;
    const long wanted = static_cast<long>(args.number("--sessions", 10000));
    const auto phase = args.text("--phase", "both");
    const long batch = static_cast<long>(args.number("--batch", 200));
    const auto json_path = args.text("--json", "");
    setup.bridge_bin = args.text("--bridge", CSTA_BRIDGE_BIN);

    const long fd_limit = bench::raise_fd_limit();
    setup.sessions = std::min(wanted, fd_limit - 100);
    if (setup.sessions < wanted)
        std::cout << "RLIMIT_NOFILE is " << fd_limit << " (hard limit): " << setup.sessions << " sessions instead of "
                  << wanted << "\n";

    setup.dir = std::filesystem::temp_directory_path() / ("csta-bench-sessions-" + std::to_string(getpid()));
    std::filesystem::create_directories(setup.dir);
    setup.ami_port = bench::free_port();
    bench::Child pbx(PBX_SIM_BIN, {"--port", std::to_string(setup.ami_port), "--bind", "127.0.0.1", "--log-level", "warning"},
                     (setup.dir / "pbx-sim.log").string());
    if (!bench::wait_for_port(setup.ami_port, std::chrono::seconds(30))) throw std::runtime_error("pbx-sim did not start");

    bench::Report report("scale_sessions");
    report.meta("sessions", static_cast<double>(setup.sessions));
    report.meta("fd_limit", static_cast<double>(fd_limit));
    bool complete = true;
    if (phase == "idle" || phase == "both") {
        const auto r = run_phase(setup, false, batch);
        complete = complete && r.connections >= setup.sessions;
        report.row(std::to_string(setup.sessions) + " idle connections, no login",
                   {{"seconds", r.seconds},
                    {"held", static_cast<double>(r.connections)},
                    {"RSS MB before", static_cast<double>(r.rss_before) / 1e6},
                    {"RSS MB after", static_cast<double>(r.rss_after) / 1e6},
                    {"RSS growth B/session", r.bytes_per_session}});
    }
    if (phase == "login" || phase == "both") {
        const auto r = run_phase(setup, true, batch);
        complete = complete && r.answered == setup.sessions;
        report.row(std::to_string(setup.sessions) + " XML sessions logged in",
                   {{"seconds", r.seconds},
                    {"logins/s", static_cast<double>(r.answered) / r.seconds},
                    {"answered", static_cast<double>(r.answered)},
                    {"RSS MB before", static_cast<double>(r.rss_before) / 1e6},
                    {"RSS MB after", static_cast<double>(r.rss_after) / 1e6},
                    {"RSS growth B/session", r.bytes_per_session}});
    }
    report.print(std::cout);
    if (!json_path.empty()) report.write_json(json_path);
    pbx.stop();
    std::filesystem::remove_all(setup.dir);
    return complete ? 0 : 1;
}
