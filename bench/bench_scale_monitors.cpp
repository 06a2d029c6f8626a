// Scale: N MonitorStarts (default 100,000, one per device) from one CSTA session into the
// real csta-bridge in front of pbx-sim with N extensions. Measures the time for all of them
// to be answered and the bridge's RSS growth per monitor. Prints a table, writes JSON.
//
//   bench_scale_monitors [--monitors N] [--window W] [--json FILE]
#include <atomic>
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

int main(int argc, char** argv) {
    bench::Args args(argc, argv);
    const auto n = static_cast<long>(args.number("--monitors", 100000));
    const auto window = static_cast<long>(args.number("--window", 2000));
    const auto json_path = args.text("--json", "");
    const long first = 100000;

    const auto dir = std::filesystem::temp_directory_path() / ("csta-bench-scale-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const auto ami_port = bench::free_port(), csta_port = bench::free_port(), http_port = bench::free_port();
    bench::Child pbx(PBX_SIM_BIN,
                     {"--port", std::to_string(ami_port), "--bind", "127.0.0.1", "--log-level", "warning", "--extensions",
                      std::to_string(first) + "-" + std::to_string(first + n - 1)},
                     (dir / "pbx-sim.log").string());
    if (!bench::wait_for_port(ami_port, std::chrono::seconds(30))) throw std::runtime_error("pbx-sim did not start");
    const auto conf = dir / "csta-bridge.conf";
    std::ofstream(conf) << "[general]\nmapping-tables = " << CSTA_SOURCE_DIR << "/mappings/asterisk.xml\n"
                        << "http-listen = 127.0.0.1:" << http_port << "\n"
                        << "[asterisk:pbx]\nhost = 127.0.0.1\nport = " << ami_port
                        << "\nusername = bridge\nsecret = bridgepass\n"
                        << "[listener:cti]\nbind = 127.0.0.1\nport = " << csta_port << "\n"
                        << "[user:bench]\nsecret = benchpass\ndevices = " << first << "-" << first + n - 1
                        << "\nmax-monitors = " << n << "\n";
    bench::Child bridge(CSTA_BRIDGE_BIN, {"--config", conf.string()}, (dir / "csta-bridge.log").string());
    if (!bench::wait_for_port(csta_port, std::chrono::seconds(30))) throw std::runtime_error("csta-bridge did not start");

    bench::CstaClient client(csta_port);
    if (!client.login("bench", "benchpass")) throw std::runtime_error("login refused");
    if (!client.wait_link_up(std::chrono::seconds(120))) throw std::runtime_error("AMI link not up");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long rss_before = bridge.rss_bytes();
    const double cpu_before = bridge.cpu_seconds();
    const auto heap = [&] { return bench::metric(http_port, "csta_bridge_heap_in_use_bytes").value_or(std::nan("")); };
    const double heap_before = heap();

    std::atomic<long> answered{0}, refused{0};
    std::thread reader([&] {
        while (answered + refused < n) {
            auto doc = client.next();
            if (!doc) break;
            if (doc->find("MonitorStartResponse") != std::string::npos) ++answered;
            else if (doc->find("CSTAErrorCode") != std::string::npos) ++refused;
        }
    });
    const auto t0 = Clock::now();
    for (long i = 0; i < n; ++i) {
        while (i - (answered + refused) >= window) std::this_thread::sleep_for(std::chrono::microseconds(200));
        csta::MonitorStart m;
        m.monitorObject = csta::DeviceID(std::to_string(first + i));
        client.send(m, static_cast<std::uint16_t>(i % 9000 + 100));
    }
    reader.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const long rss_after = bridge.rss_bytes();
    const double heap_after = heap();
    const double cpu = bridge.cpu_seconds() - cpu_before;

    bench::Report report("scale_monitors");
    report.meta("monitors", static_cast<double>(n));
    report.row(std::to_string(n) + " MonitorStarts, one session",
               {{"seconds", seconds},
                {"starts/s", static_cast<double>(n) / seconds},
                {"answered", static_cast<double>(answered.load())},
                {"refused", static_cast<double>(refused.load())},
                {"bridge CPU s", cpu},
                {"RSS growth B/monitor", static_cast<double>(rss_after - rss_before) / static_cast<double>(n)},
                {"heap in use growth B/monitor", (heap_after - heap_before) / static_cast<double>(n)}});
    report.print(std::cout);
    if (!json_path.empty()) report.write_json(json_path);
    bridge.stop();
    pbx.stop();
    std::filesystem::remove_all(dir);
    return answered == n ? 0 : 1;
}
