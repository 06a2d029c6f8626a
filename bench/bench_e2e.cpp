// End to end: a C++ AMI feeder stands in for Asterisk and replays a pbx-sim load stream
// (generated here by pbx-sim's own core and load generator, seeded) into the real
// csta-bridge; a C++ CSTA client monitors every device and timestamps every frame.
// Paced (the stream's own timing) or flat out. Measures the sustained AMI event rate, the
// bridge's CPU and RSS, and the added latency AMI event -> CSTA frame (p50/p99/p999).
//
// Latency: the bridge's callID is the call's Linkedid, so each CSTA event frame is paired
// with the last AMI event of its call written before the frame arrived. Events of one call
// come in bursts written at once, so this is the bridge's added delay for the burst.
//
//   bench_e2e [--rate CALLS/S] [--seconds S] [--hold-ms MS] [--devices N] [--flat-out]
//             [--json FILE] [--bridge PATH]   (another csta-bridge binary, e.g. a commit before)
#include <boost/asio/read_until.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "ami/writer.hpp"
#include "bench/bench_process.hpp"
#include "bench/bench_report.hpp"
#include "bench/csta_bench_client.hpp"
#include "tools/pbx-sim/ami_session.hpp"
#include "tools/pbx-sim/load_generator.hpp"
#include "tools/pbx-sim/scheduler.hpp"

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

struct StreamEvent {
    long ms;               // time in the simulation
    std::string linkedid;  // the call it belongs to ("" = none)
};

struct LoadStream {
    std::vector<StreamEvent> events;
    std::vector<std::string> bytes;  // wire bytes per event
    std::size_t total_bytes = 0;
};

pbxsim::SimConfig sim_config(long devices) {
    auto cfg = pbxsim::SimConfig::defaults();
    cfg.endpoints.clear();
    for (long d = 0; d < devices; ++d) cfg.endpoints[std::to_string(100000 + d)] = {};
    return cfg;
}

LoadStream make_load_stream(long devices, double rate, long seconds, long hold_ms) {
    pbxsim::ManualScheduler sched;
    pbxsim::Pbx pbx(sim_config(devices), sched);
    LoadStream s;
    pbx.set_event_sink([&](const ami::Message& e) {
        auto w = ami::serialize_message(e);
        s.total_bytes += w.bytes.size();
        s.events.push_back({static_cast<long>(sched.now().count()), std::string(e.get("Linkedid"))});
        s.bytes.push_back(std::move(w.bytes));
    });
    pbxsim::LoadGenerator load(pbx, sched, 17);
    pbxsim::LoadProfile p;
    p.calls_per_second = rate;
    p.hold_time = pbxsim::Millis{hold_ms};
    p.duration = pbxsim::Millis{seconds * 1000};
    load.start(p);
    sched.advance(pbxsim::Millis{seconds * 1000 + hold_ms + 10000});
    return s;
}

// The feeder's AMI side: pbx-sim's AmiSession over an idle Pbx answers the bridge's login
// and resync (CoreShowChannels: none, DeviceStateList: every device); replay() writes the
// stream. Writes are serialised by a mutex.
class Feeder {
public:
    Feeder(long devices) : idle_pbx_(sim_config(devices), sched_), session_(idle_pbx_, {}, 1) {}
    unsigned short port() const { return acceptor_.local_endpoint().port(); }

    void start() {
        thread_ = std::thread([this] {
            acceptor_.accept(socket_);
            socket_.set_option(asio::ip::tcp::no_delay(true));
            write(std::string(pbxsim::AmiSession::banner));
            char buf[16 * 1024];
            boost::system::error_code ec;
            for (;;) {
                auto n = socket_.read_some(asio::buffer(buf), ec);
                if (ec) return;
                std::string out;
                {
                    std::lock_guard lock(session_mutex_);
                    out = session_.on_bytes(std::string_view(buf, n));
                }
                if (!out.empty()) write(out);
            }
        });
    }
    void write(const std::string& bytes) {
        std::lock_guard lock(write_mutex_);
        boost::system::error_code ec;
        asio::write(socket_, asio::buffer(bytes), ec);
    }
    void stop() {
        boost::system::error_code ec;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        socket_.close(ec);
        if (thread_.joinable()) thread_.join();
    }

private:
    asio::io_context io_;
    asio::ip::tcp::acceptor acceptor_{io_, {asio::ip::make_address("127.0.0.1"), 0}};
    asio::ip::tcp::socket socket_{io_};
    pbxsim::ManualScheduler sched_;
    pbxsim::Pbx idle_pbx_;
    pbxsim::AmiSession session_;
    std::mutex session_mutex_, write_mutex_;
    std::thread thread_;
};

std::string call_id_of(const std::string& doc) {
    auto b = doc.find("<callID>");
    if (b == std::string::npos) return {};
    b += 8;
    auto e = doc.find("</callID>", b);
    return e == std::string::npos ? std::string() : doc.substr(b, e - b);
}

}  // namespace

int main(int argc, char** argv) {
    bench::Args args(argc, argv);
    const double rate = args.number("--rate", 1000);
    const auto seconds = static_cast<long>(args.number("--seconds", 10));
    const auto hold_ms = static_cast<long>(args.number("--hold-ms", 1000));
    const auto devices = static_cast<long>(args.number("--devices", static_cast<double>(std::max<long>(2000, static_cast<long>(rate * hold_ms / 1000.0 * 3)))));
    const bool flat_out = args.flag("--flat-out");
    const auto json_path = args.text("--json", "");
    const auto bridge_bin = args.text("--bridge", CSTA_BRIDGE_BIN);

    const auto stream = make_load_stream(devices, rate, seconds, hold_ms);
    std::cout << "load stream: " << stream.events.size() << " AMI events, " << stream.total_bytes << " bytes, "
              << rate << " calls/s for " << seconds << " s, " << devices << " devices\n";

    Feeder feeder(devices);
    feeder.start();
    const auto dir = std::filesystem::temp_directory_path() / ("csta-bench-e2e-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const auto csta_port = bench::free_port();
    const auto conf = dir / "csta-bridge.conf";
    std::ofstream(conf) << "[general]\nlog-level = warn\nmapping-tables = " << CSTA_SOURCE_DIR << "/mappings/asterisk.xml\n"
                        << "[asterisk:pbx]\nhost = 127.0.0.1\nport = " << feeder.port()
                        << "\nusername = bridge\nsecret = bridgepass\nping-interval-ms = 600000\n"
                        << "[listener:cti]\nbind = 127.0.0.1\nport = " << csta_port << "\nmax-output-queue-bytes = 67108864\n"
                        << "[user:bench]\nsecret = benchpass\ndevices = 100000-" << 100000 + devices - 1
                        << "\nmax-monitors = " << devices << "\n";
    bench::Child bridge(bridge_bin, {"--config", conf.string()}, (dir / "csta-bridge.log").string());
    if (!bench::wait_for_port(csta_port, std::chrono::seconds(30))) throw std::runtime_error("csta-bridge did not start");
    bench::CstaClient client(csta_port);
    if (!client.login("bench", "benchpass")) throw std::runtime_error("login refused");
    if (!client.wait_link_up(std::chrono::seconds(60))) throw std::runtime_error("AMI link not up");
    // Monitor every device (pipelined), then wait for every answer.
    long answered = 0;
    for (long d = 0; d < devices; ++d) {
        csta::MonitorStart m;
        m.monitorObject = csta::DeviceID(std::to_string(100000 + d));
        client.send(m, static_cast<std::uint16_t>(d % 9000 + 100));
        if (d % 1000 != 999 && d != devices - 1) continue;
        while (answered <= d) {
            auto doc = client.next();
            if (!doc) throw std::runtime_error("bridge closed during MonitorStart");
            if (doc->find("MonitorStartResponse") != std::string::npos) ++answered;
        }
    }

    // Frames: the reader timestamps them; the pairing with the AMI side is done afterwards.
    struct Received {
        Clock::time_point at;
        std::string call_id;
    };
    std::vector<Received> frames;
    frames.reserve(stream.events.size() * 3);
    std::atomic<long> frames_seen{0};
    std::thread reader([&] {
        for (;;) {
            auto doc = client.next();
            if (!doc) break;
            frames.push_back({Clock::now(), call_id_of(*doc)});
            ++frames_seen;
        }
    });

    std::vector<Clock::time_point> sent(stream.events.size());
    const long rss_before = bridge.rss_bytes();
    const double cpu_before = bridge.cpu_seconds();
    const auto t0 = Clock::now();
    std::size_t i = 0;
    std::string batch;
    while (i < stream.events.size()) {
        // Paced: every event due by now (its simulated time); flat out: up to 64 KiB at once.
        const long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
        std::size_t j = i;
        batch.clear();
        while (j < stream.events.size() && (flat_out ? batch.size() < 64 * 1024 : stream.events[j].ms <= now_ms))
            batch += stream.bytes[j++];
        if (j == i) {
            std::this_thread::sleep_until(t0 + std::chrono::milliseconds(stream.events[i].ms));
            continue;
        }
        const auto at = Clock::now();
        for (std::size_t k = i; k < j; ++k) sent[k] = at;
        feeder.write(batch);
        i = j;
    }
    const auto sent_all = Clock::now();
    // Done when no frame has come for a second.
    long last = -1;
    while (frames_seen != last) {
        last = frames_seen;
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    const double cpu = bridge.cpu_seconds() - cpu_before;
    const long rss = bridge.rss_bytes();
    bridge.stop();
    reader.join();
    feeder.stop();

    // Pair frames with the last AMI event of their call written before they arrived.
    std::unordered_map<std::string, std::vector<Clock::time_point>> by_call;
    for (std::size_t k = 0; k < stream.events.size(); ++k)
        if (!stream.events[k].linkedid.empty()) by_call[stream.events[k].linkedid].push_back(sent[k]);
    std::vector<double> latency_us;
    std::size_t unmatched = 0;
    Clock::time_point last_frame = t0;
    for (const auto& f : frames) {
        auto it = by_call.find(f.call_id);
        if (it == by_call.end()) {
            ++unmatched;
            continue;
        }
        last_frame = std::max(last_frame, f.at);
        auto pos = std::upper_bound(it->second.begin(), it->second.end(), f.at);
        if (pos == it->second.begin()) {
            ++unmatched;
            continue;
        }
        latency_us.push_back(std::chrono::duration<double, std::micro>(f.at - *std::prev(pos)).count());
    }
    std::sort(latency_us.begin(), latency_us.end());
    const double busy = std::chrono::duration<double>(last_frame - t0).count();
    const double send_s = std::chrono::duration<double>(sent_all - t0).count();

    bench::Report report("e2e");
    report.meta("calls_per_second", rate);
    report.meta("devices", static_cast<double>(devices));
    report.meta("flat_out", flat_out ? 1 : 0);
    report.row(flat_out ? "flat out" : "paced at " + std::to_string(static_cast<long>(rate)) + " calls/s",
               {{"AMI events", static_cast<double>(stream.events.size())},
                {"AMI events/s sustained", static_cast<double>(stream.events.size()) / busy},
                {"feeder s", send_s},
                {"last frame s", busy},
                {"CSTA frames", static_cast<double>(frames.size())},
                {"unpaired", static_cast<double>(unmatched)},
                {"bridge CPU % of a core", 100.0 * cpu / busy},
                {"bridge RSS MB", static_cast<double>(rss) / 1e6},
                {"RSS growth MB", static_cast<double>(rss - rss_before) / 1e6}});
    report.row("added latency AMI event -> CSTA frame",
               {{"p50 us", bench::percentile(latency_us, 0.5)},
                {"p99 us", bench::percentile(latency_us, 0.99)},
                {"p999 us", bench::percentile(latency_us, 0.999)},
                {"max us", latency_us.empty() ? 0 : latency_us.back()}});
    report.print(std::cout);
    if (!json_path.empty()) report.write_json(json_path);
    std::filesystem::remove_all(dir);
}
