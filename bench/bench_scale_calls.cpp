// Scale: about N active calls at once (default 1,000) through the real csta-bridge. pbx-sim
// has 4N extensions that answer after --answer-ms; its load generator (AMI action SimLoad)
// tries N calls in one second, each held far longer than the run (a try whose random pair is
// busy is skipped, so slightly fewer may come up: the result divides by the calls the bridge
// reports). Measures the time from SimLoad until the bridge's call model
// holds N calls (its /metrics gauge csta_bridge_calls) and the bridge's growth per active call,
// both of its resident set and of its heap in use (/metrics csta_bridge_heap_in_use_bytes: the
// resident figure also moves with when glibc last handed freed pages back, by a few hundred
// kB either way; the heap figure does not). No device is monitored: this is the call model's
// own cost (monitors: bench_scale_monitors).
// Prints a table, writes JSON.
//
//   bench_scale_calls [--calls N] [--answer-ms MS] [--bridge PATH] [--json FILE]
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench/bench_process.hpp"
#include "bench/bench_report.hpp"
#include "bench/csta_bench_client.hpp"
#include "bench/scale_support.hpp"

using Clock = std::chrono::steady_clock;

namespace {

// Sends AMI actions to pbx-sim as the bench's own AMI user (events off).
void ami_actions(unsigned short port, const std::vector<std::string>& actions) {
    const int fd = bench::connect_local(port);
    if (fd < 0) throw std::runtime_error("cannot connect to pbx-sim");
    std::string all = "Action: Login\r\nUsername: bridge\r\nSecret: bridgepass\r\nEvents: off\r\n\r\n";
    for (const auto& a : actions) all += a;
    if (!bench::write_all(fd, reinterpret_cast<const std::uint8_t*>(all.data()), all.size()))
        throw std::runtime_error("cannot write to pbx-sim");
    // Wait for the answers (one "Response:" per action, the login's included).
    std::string in;
    char buf[4096];
    std::size_t responses = 0;
    for (ssize_t n; responses < actions.size() + 1 && (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
        in.append(buf, static_cast<std::size_t>(n));
        responses = 0;
        for (auto at = in.find("Response: "); at != std::string::npos; at = in.find("Response: ", at + 1)) ++responses;
    }
    if (in.find("Response: Error") != std::string::npos) throw std::runtime_error("pbx-sim refused: " + in);
    ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
    bench::Args args(argc, argv);
    const auto n = static_cast<long>(args.number("--calls", 1000));
    const auto answer_ms = static_cast<long>(args.number("--answer-ms", 200));
    const auto json_path = args.text("--json", "");
    const auto bridge_bin = args.text("--bridge", CSTA_BRIDGE_BIN);
    const long first = 100000, last = first + 4 * n - 1;  // 4N phones: few pairs found busy

    const auto dir = std::filesystem::temp_directory_path() / ("csta-bench-calls-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const auto ami_port = bench::free_port(), csta_port = bench::free_port(), http_port = bench::free_port();
    bench::Child pbx(PBX_SIM_BIN,
                     {"--port", std::to_string(ami_port), "--bind", "127.0.0.1", "--log-level", "warning", "--extensions",
                      std::to_string(first) + "-" + std::to_string(last), "--answer-ms", std::to_string(answer_ms)},
                     (dir / "pbx-sim.log").string());
    if (!bench::wait_for_port(ami_port, std::chrono::seconds(30))) throw std::runtime_error("pbx-sim did not start");
    const auto conf = dir / "csta-bridge.conf";
    std::ofstream(conf) << "[general]\nmapping-tables = " << CSTA_SOURCE_DIR << "/mappings/asterisk.xml\n"
                        << "log-level = warn\nhttp-listen = 127.0.0.1:" << http_port << "\n"
                        << "[asterisk:pbx]\nhost = 127.0.0.1\nport = " << ami_port
                        << "\nusername = bridge\nsecret = bridgepass\n"
                        << "[listener:cti]\nbind = 127.0.0.1\nport = " << csta_port << "\n"
                        << "[user:bench]\nsecret = benchpass\ndevices = " << first << "-" << last << "\n";
    bench::Child bridge(bridge_bin, {"--config", conf.string()}, (dir / "csta-bridge.log").string());
    const auto bridge_started = Clock::now();
    if (!bench::wait_for_port(csta_port, std::chrono::seconds(30))) throw std::runtime_error("csta-bridge did not start");
    {
        bench::CstaClient probe(csta_port);
        if (!probe.login("bench", "benchpass")) throw std::runtime_error("login refused");
        if (!probe.wait_link_up(std::chrono::seconds(120))) throw std::runtime_error("AMI link not up");
    }
    // The daemon hands freed heap pages back every 30 s (memory_trim.hpp): the "in use" figures
    // are taken after such a trim (31 s after its start, and 31 s after the calls are up), the
    // plain ones as before, so both the resident peak and what stays in use are printed.
    std::this_thread::sleep_until(bridge_started + std::chrono::seconds(31));
    const long rss_before_trimmed = bridge.rss_bytes();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const long rss_before = bridge.rss_bytes();
    const double cpu_before = bridge.cpu_seconds();
    const auto calls = [&] { return bench::metric(http_port, "csta_bridge_calls{server=\"pbx\"}").value_or(0); };
    // NaN with a binary from before the gauge (--bridge): printed as such, not as 0.
    const auto heap = [&] { return bench::metric(http_port, "csta_bridge_heap_in_use_bytes").value_or(std::nan("")); };
    const double heap_before = heap();

    // n calls in 1 s (the generator keeps its rate against the clock), held for 10 minutes.
    const auto t0 = Clock::now();
    ami_actions(ami_port, {"Action: SimLoad\r\nRate: " + std::to_string(n) + "\r\nHoldMs: 600000\r\nDuration: 1000\r\n\r\n"});
    // The generator skips a call when its random pair is not idle, so fewer than n may come
    // up: wait until the bridge's count reaches n or stays put for 3 s, and divide by it.
    double up = 0;
    auto changed = Clock::now();
    for (double now_up; Clock::now() - t0 < std::chrono::seconds(300); std::this_thread::sleep_for(std::chrono::milliseconds(50))) {
        if ((now_up = calls()) != up) changed = Clock::now(), up = now_up;
        if (up >= static_cast<double>(n) || (up > 0 && Clock::now() - changed > std::chrono::seconds(3))) break;
    }
    const double seconds = std::chrono::duration<double>(changed - t0).count();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // every call answered (answer-ms) and settled
    up = calls();
    const long rss_after = bridge.rss_bytes();
    const double heap_after = heap();
    const double cpu = bridge.cpu_seconds() - cpu_before;
    ami_actions(ami_port, {"Action: SimLoad\r\nRate: 0\r\n\r\n"});
    std::this_thread::sleep_for(std::chrono::seconds(31));
    const double up_later = calls();
    const long rss_after_trimmed = bridge.rss_bytes();

    bench::Report report("scale_calls");
    report.meta("calls", static_cast<double>(n));
    report.row(std::to_string(static_cast<long>(up)) + " active calls, no monitors",
               {{"seconds to last call up", seconds},
                {"calls in bridge", up},
                {"bridge CPU s", cpu},
                {"RSS MB before", static_cast<double>(rss_before) / 1e6},
                {"RSS MB after", static_cast<double>(rss_after) / 1e6},
                {"RSS growth B/call", static_cast<double>(rss_after - rss_before) / std::max(up, 1.0)},
                {"heap in use growth B/call", (heap_after - heap_before) / std::max(up, 1.0)}});
    report.row(std::to_string(static_cast<long>(up_later)) + " active calls, after a heap trim",
               {{"calls in bridge", up_later},
                {"RSS MB before", static_cast<double>(rss_before_trimmed) / 1e6},
                {"RSS MB after", static_cast<double>(rss_after_trimmed) / 1e6},
                {"RSS growth B/call", static_cast<double>(rss_after_trimmed - rss_before_trimmed) / std::max(up_later, 1.0)}});
    report.print(std::cout);
    if (!json_path.empty()) report.write_json(json_path);
    bridge.stop();
    pbx.stop();
    std::filesystem::remove_all(dir);
    return up > 0 ? 0 : 1;
}
