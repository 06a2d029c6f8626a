// csta-soak: the client side of scripts/soak. Logs in N CSTA clients that together monitor
// every device, reads their events for the whole run, and meanwhile injects AMI link drops
// (pbx-sim SimDropLink) and client reconnects (the client half-closes, reads what the bridge
// had sent until the bridge closes, and logs in again recovering its session with its
// sessionID; --hard-cut closes at once, unread events included). At the end it checks every monitor's events per call:
//   lost        a call whose connection at the monitored device never cleared (ghost), or
//               whose first event at the device is already its clearing
//   duplicated  the same event twice in a row for one call on one monitor
//   out of order an event that puts the device back into a call after it had left it
// Calls that started while the AMI link was down (within 15 s after an injected drop) are seen
// by the bridge only from the resync on, so their monitors get only the clearing: they are
// counted apart ("started during an AMI outage"), not as lost.
// and prints the bridge's RSS and open descriptors at start and end. Exit 0 when all counts
// are 0 and RSS / descriptors grew by less than 5 %.
// The start figures are taken after a warm-up of ~30 s: the load, one AMI outage longer than a
// call lasts (every call is replaced: the resync holds the old and the new call set at once)
// and one client reconnect. The heap grows to its working size in that time, and glibc keeps
// such a high-water mark resident; measured from 5 s into the load, that growth counted as if
// it were a leak. Later outages of 2-3 s still add a few hundred kB each (fewer each time,
// README reliability section), and those count. The growth from the load's start is printed
// as well.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/buffers_iterator.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

#include "bridge/core/golden_format.hpp"
#include "tests/support/csta_test_client.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test_support::CstaTestClient;

namespace {

struct Options {
    unsigned short port = 4721, ami_port = 5038;
    int first = 1001, last = 1100, clients = 4;
    double minutes = 1;
    double drop_every = 60, reconnect_every = 45;  // seconds, 0 = never
    std::string user = "crm", secret = "crmpass";
    int bridge_pid = 0;
    bool hard_cut = false;  // reconnect by closing with unread data (events in flight are lost in TCP)
    double drain_seconds = 15;  // after the load stops, for the last calls to clear
    std::string rate = "200", hold_ms = "3000";  // pbx-sim load (SimLoad)
    int warmup_outage_ms = -1;  // -1: hold_ms + 2000; 0: no warm-up
};

// One AMI action on its own connection to pbx-sim. Retried for a few seconds: while an injected
// link drop lasts, pbx-sim refuses logins, and a lost "SimLoad Rate 0" would let the load run on
// through the drain and turn every call still up at the end into a "lost" one.
bool ami_action_once(unsigned short port, const std::string& action, const std::vector<std::pair<std::string, std::string>>& headers) {
    namespace asio = boost::asio;
    try {
        asio::io_context io;
        asio::ip::tcp::socket s(io);
        s.connect({asio::ip::make_address("127.0.0.1"), port});
        std::string req = "Action: Login\r\nUsername: bridge\r\nSecret: bridgepass\r\nEvents: off\r\n\r\nAction: " + action + "\r\n";
        for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
        req += "\r\nAction: Logoff\r\n\r\n";
        asio::write(s, asio::buffer(req));
        asio::streambuf buf;
        boost::system::error_code ec;
        asio::read_until(s, buf, "Goodbye", ec);
        const std::string reply(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
        // Two Success responses: the login's and the action's.
        const auto first = reply.find("Response: Success");
        return !ec && first != std::string::npos && reply.find("Response: Success", first + 1) != std::string::npos;
    } catch (const std::exception& e) {
        std::cerr << "csta-soak: AMI " << action << ": " << e.what() << "\n";
        return false;
    }
}

void ami_action(unsigned short port, const std::string& action, const std::vector<std::pair<std::string, std::string>>& headers) {
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (ami_action_once(port, action, headers)) return;
        std::this_thread::sleep_for(500ms);
    }
    std::cerr << "csta-soak: AMI " << action << " failed 20 times\n";
}

struct Usage {
    long rss_kb = 0;
    long anon_kb = 0;  // heap and stacks: where a leak shows
    long file_kb = 0;  // mapped code and data of the binary and its libraries, paged in as used
    long fds = 0;
};
Usage usage_of(int pid) {
    Usage u;
    if (pid <= 0) return u;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) u.rss_kb = std::stol(line.substr(6));
        else if (line.rfind("RssAnon:", 0) == 0) u.anon_kb = std::stol(line.substr(8));
        else if (line.rfind("RssFile:", 0) == 0) u.file_kb = std::stol(line.substr(8));
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); ++it)
        ++u.fds;
    return u;
}

// Seconds since the run began, for placing a finding among the injected drops and reconnects.
Clock::time_point g_begin;
std::string at_text(Clock::time_point t) {
    char b[32];
    std::snprintf(b, sizeof b, "+%.2fs", std::chrono::duration<double>(t - g_begin).count());
    return b;
}

struct Seen {
    std::string xref, line;
    Clock::time_point at;
};

// One client: logs in, monitors its devices, records every event; reconnects on request.
class Worker {
public:
    static constexpr auto kKeepAliveEvery = 20s;

    Worker(const Options& o, std::vector<std::string> devices) : o_(o), devices_(std::move(devices)) {}
    void run(const std::atomic<bool>& stop) {
        try {
            run_until(stop);
        } catch (const std::exception& e) {
            // Counted (the run fails) and reported, not a crash that takes the other clients' data with it.
            std::cerr << "csta-soak: client stopped at " << at_text(Clock::now()) << ": " << e.what() << "\n";
            ++failures;
        }
    }

private:
    void run_until(const std::atomic<bool>& stop) {
        connect(false);
        auto next_keep_alive = Clock::now() + kKeepAliveEvery;
        while (!stop) {
            if (reconnect_requested_.exchange(false)) {
                disconnect();
                connect(true);
                next_keep_alive = Clock::now() + kKeepAliveEvery;
            }
            // ECMA-354: without ResetApplicationSessionTimer the bridge ends the session when
            // its 60 s application session timer runs out (monitors stopped, nothing to recover).
            if (Clock::now() >= next_keep_alive) {
                if (!client_->keep_alive(client_->session_id())) {
                    std::cerr << "csta-soak: ResetApplicationSessionTimer not answered positively\n";
                    ++failures;
                }
                next_keep_alive = Clock::now() + kKeepAliveEvery;
            }
            if (auto e = client_->next_event(100ms)) record(*e);
        }
    }

public:
    void request_reconnect() { reconnect_requested_ = true; }
    std::vector<Clock::time_point> reconnect_times;  // when each recovery completed
    const std::vector<Seen>& events() const { return events_; }
    const std::map<std::string, Clock::time_point>& monitor_started() const { return started_; }
    int reconnects = 0;
    int failures = 0;

private:
    void record(const csta::Event& e) {
        const auto line = bridge::render_event_line(e, [](const std::string& s) { return s; });
        events_.push_back({csta::cross_ref_id(e), line, Clock::now()});
    }

    // The client goes away in an orderly way: it stops sending (the bridge reads end-of-file,
    // closes the session and keeps its monitors' further events for the recovery) and reads
    // what the bridge had already sent until the bridge closes its side. A hard cut (close
    // with unread data) would also destroy events the bridge had handed to TCP, and those
    // could not be told apart from events the bridge lost.
    void disconnect() {
        if (o_.hard_cut) return;
        client_->shutdown_send();
        const auto deadline = Clock::now() + 10s;
        while (Clock::now() < deadline)
            if (auto e = client_->next_event(2s)) record(*e);
            else break;  // the bridge closed the connection (or sent nothing for 2 s)
    }

    void connect(bool recover) {
        const auto session = client_ ? client_->session_id() : std::string();
        client_.reset();  // the connection is gone; the bridge keeps the session for its recovery
        client_ = std::make_unique<CstaTestClient>(o_.port, CstaTestClient::Encoding::xml);
        client_->auto_answer_heartbeats(true);
        std::string detail;
        if (!client_->login(o_.user, o_.secret, &detail, recover ? session : std::string())) {
            std::cerr << "csta-soak: login" << (recover ? " with recovery" : "") << " refused: " << detail << "\n";
            ++failures;
            if (recover) connect(false);
            return;
        }
        if (recover) {
            ++reconnects;
            reconnect_times.push_back(Clock::now());
            return;  // same monitors, same cross reference ids
        }
        for (const auto& d : devices_) {
            csta::MonitorStart ms;
            ms.monitorObject = csta::DeviceID(d);
            auto r = client_->call(ms, 10s);
            auto* ok = r ? std::get_if<csta::MonitorStartResponse>(&*r) : nullptr;
            if (!ok) {
                std::cerr << "csta-soak: MonitorStart " << d << " failed\n";
                ++failures;
                continue;
            }
            started_[ok->monitorCrossRefID] = Clock::now();
        }
    }

    const Options& o_;
    std::vector<std::string> devices_;
    std::unique_ptr<CstaTestClient> client_;
    std::atomic<bool> reconnect_requested_{false};
    std::vector<Seen> events_;
    std::map<std::string, Clock::time_point> started_;
};

struct Counts {
    std::size_t events = 0, calls = 0, lost = 0, duplicated = 0, out_of_order = 0;
    // Calls whose start fell into an AMI outage: the bridge never saw it (Asterisk does not
    // replay events), so the device monitor gets only the clearing. Reported, not failed.
    std::size_t started_in_outage = 0;
    std::vector<std::string> examples;
};


// Per monitor and call: the monitored device's localConnectionInfo after each event.
void check(const std::vector<Seen>& events, const std::vector<Clock::time_point>& drops, Counts& c) {
    auto near_drop = [&](Clock::time_point t) {
        for (const auto d : drops)
            if (t >= d && t - d < 15s) return true;  // outage (1 s) + reconnect + resync + hold time
        return false;
    };
    static const std::regex call_re("=([^ =:\\[]+):");
    static const std::regex state_re("localConnectionInfo=([a-zA-Z-]+)");
    struct CallTrack {
        std::string last_line, last_state;
        Clock::time_point last_at;
        bool left = false;
        std::size_t n = 0;
    };
    std::map<std::pair<std::string, std::string>, CallTrack> calls;
    auto note = [&](const std::string& what, const std::string& xref, const std::string& line, Clock::time_point at) {
        if (c.examples.size() < 20) c.examples.push_back(what + " on monitor " + xref + " " + at_text(at) + ": " + line);
    };
    for (const auto& e : events) {
        ++c.events;
        std::smatch m;
        if (!std::regex_search(e.line, m, call_re)) continue;
        auto& t = calls[{e.xref, m[1].str()}];
        std::smatch s;
        const std::string state = std::regex_search(e.line, s, state_re) ? s[1].str() : "";
        if (t.n > 0 && e.line == t.last_line) {
            ++c.duplicated;
            note("duplicated", e.xref, e.line, e.at);
        } else if (t.left && !state.empty() && state != "null" && state != "-") {
            ++c.out_of_order;
            note("out of order (device back in a call it had left)", e.xref, e.line, e.at);
        } else if (t.n == 0 && state == "null" && e.line.rfind("CallClearedEvent", 0) != 0) {
            if (near_drop(e.at)) {
                ++c.started_in_outage;
            } else {
                ++c.lost;
                note("lost (call's first event at the device is its clearing)", e.xref, e.line, e.at);
            }
        }
        if (state == "null") t.left = true;
        if (!state.empty()) t.last_state = state;
        t.last_line = e.line;
        t.last_at = e.at;
        ++t.n;
    }
    for (const auto& [key, t] : calls) {
        ++c.calls;
        if (!t.left && !t.last_state.empty() && t.last_state != "-") {
            ++c.lost;
            note("lost (never cleared at the device; last " + t.last_state + ")", key.first, t.last_line, t.last_at);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    namespace po = boost::program_options;
    po::options_description d("csta-soak options");
    d.add_options()("help", "this text")("port", po::value(&o.port), "CSTA port of the bridge")(
        "ami-port", po::value(&o.ami_port), "AMI port of pbx-sim")("first", po::value(&o.first), "first device")(
        "last", po::value(&o.last), "last device")("clients", po::value(&o.clients), "CSTA clients")(
        "minutes", po::value(&o.minutes), "length of the run")("drop-every", po::value(&o.drop_every),
                                                                "seconds between AMI link drops (0 = none)")(
        "reconnect-every", po::value(&o.reconnect_every), "seconds between client reconnects (0 = none)")(
        "user", po::value(&o.user), "CTI user")("secret", po::value(&o.secret), "its secret")(
        "bridge-pid", po::value(&o.bridge_pid), "pid of csta-bridge (RSS / descriptors)")(
        "drain-seconds", po::value(&o.drain_seconds), "wait after the load stops")(
        "rate", po::value(&o.rate), "pbx-sim load: calls per second")(
        "hard-cut", po::bool_switch(&o.hard_cut), "reconnect by closing the socket with unread events (they are lost)")("hold-ms", po::value(&o.hold_ms), "call length")(
        "warmup-outage-ms", po::value(&o.warmup_outage_ms),
        "AMI outage injected before the start figures (default: the call length + 2000; 0: no warm-up)");
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, d), vm);
    po::notify(vm);
    if (vm.count("help")) {
        std::cout << d;
        return 0;
    }

    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<std::vector<std::string>> slices(static_cast<std::size_t>(o.clients));
    for (int dev = o.first; dev <= o.last; ++dev)
        slices[static_cast<std::size_t>(dev - o.first) % slices.size()].push_back(std::to_string(dev));
    for (auto& s : slices) workers.push_back(std::make_unique<Worker>(o, s));
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (auto& w : workers) threads.emplace_back([&, w = w.get()] { w->run(stop); });
    std::this_thread::sleep_for(3s);  // logged in and monitoring
    ami_action(o.ami_port, "SimLoad", {{"Rate", o.rate}, {"HoldMs", o.hold_ms}});
    g_begin = Clock::now();
    std::this_thread::sleep_for(5s);  // the load is in full swing: the start figures include it
    const auto load_usage = usage_of(o.bridge_pid);
    int drops = 0;
    std::vector<Clock::time_point> drop_times;
    const int warmup_ms = o.warmup_outage_ms >= 0 ? o.warmup_outage_ms : std::stoi(o.hold_ms) + 2000;
    if (warmup_ms > 0) {
        drop_times.push_back(Clock::now());
        ami_action(o.ami_port, "SimDropLink", {{"Duration", std::to_string(warmup_ms)}});
        ++drops;
        std::this_thread::sleep_for(std::chrono::milliseconds(warmup_ms) + 10s);  // reconnected, resynced
        workers.front()->request_reconnect();
        std::this_thread::sleep_for(10s);
    }
    const auto start_usage = usage_of(o.bridge_pid);

    const auto begin = Clock::now();
    const auto end = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.minutes * 60));
    auto next_drop = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.drop_every));
    auto next_reconnect = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.reconnect_every));
    std::size_t next_worker = 0;
    // RSS once a minute: tells a leak (steady growth) from a warm-up (growth in the first
    // drop/recovery cycles, flat after) when the end figure is above the start one.
    std::vector<Usage> rss_per_minute{start_usage};
    auto next_sample = begin + 60s;
    while (Clock::now() < end) {
        std::this_thread::sleep_for(200ms);
        if (Clock::now() >= next_sample) {
            rss_per_minute.push_back(usage_of(o.bridge_pid));
            next_sample += 60s;
        }
        // No drop in the last 20 s: its outage and resync would overlap the end of the load.
        if (o.drop_every > 0 && Clock::now() >= next_drop && Clock::now() + 20s < end) {
            drop_times.push_back(Clock::now());
            ami_action(o.ami_port, "SimDropLink", {{"Duration", "1000"}});
            ++drops;
            next_drop += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.drop_every));
        }
        if (o.reconnect_every > 0 && Clock::now() >= next_reconnect) {
            workers[next_worker++ % workers.size()]->request_reconnect();
            next_reconnect += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.reconnect_every));
        }
    }
    ami_action(o.ami_port, "SimLoad", {{"Rate", "0"}});
    std::this_thread::sleep_for(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.drain_seconds)));
    const auto end_usage = usage_of(o.bridge_pid);
    stop = true;
    for (auto& t : threads) t.join();

    Counts total;
    int reconnects = 0, failures = 0;
    std::size_t monitors = 0;
    for (const auto& w : workers) {
        check(w->events(), drop_times, total);
        reconnects += w->reconnects;
        failures += w->failures;
        monitors += w->monitor_started().size();
    }
    std::cout << "monitors " << monitors << ", events " << total.events << ", calls seen per monitor " << total.calls
              << ", AMI link drops " << drops << ", client reconnects " << reconnects << ", client failures " << failures
              << "\n";
    std::cout << "lost " << total.lost << ", duplicated " << total.duplicated << ", out of order " << total.out_of_order
              << " (besides: " << total.started_in_outage
              << " calls started during an AMI outage, seen only from their clearing)\n";
    for (const auto& e : total.examples) std::cout << "  " << e << "\n";
    if (!total.examples.empty()) {
        std::cout << "  AMI link drops at";
        for (const auto t : drop_times) std::cout << " " << at_text(t);
        std::cout << "; client recoveries at";
        for (const auto& w : workers)
            for (const auto t : w->reconnect_times) std::cout << " " << at_text(t);
        std::cout << "\n";
    }
    auto growth = [](long a, long b) { return a > 0 ? 100.0 * static_cast<double>(b - a) / static_cast<double>(a) : 0.0; };
    std::cout << "bridge RSS per minute, kB (anonymous + file-backed):";
    for (const auto& u : rss_per_minute) std::cout << " " << u.rss_kb << " (" << u.anon_kb << "+" << u.file_kb << ")";
    std::cout << "\n";
    std::cout << "bridge RSS " << start_usage.rss_kb << " kB -> " << end_usage.rss_kb << " kB ("
              << growth(start_usage.rss_kb, end_usage.rss_kb) << " %; anonymous " << start_usage.anon_kb << " -> "
              << end_usage.anon_kb << " kB, file-backed " << start_usage.file_kb << " -> " << end_usage.file_kb
              << " kB), descriptors " << start_usage.fds << " -> " << end_usage.fds << " ("
              << growth(start_usage.fds, end_usage.fds) << " %)\n";
    if (warmup_ms > 0)
        std::cout << "  (start figures after the warm-up: an AMI outage of " << warmup_ms
                  << " ms and a client reconnect; from the load's start, before it: " << load_usage.rss_kb << " kB -> "
                  << end_usage.rss_kb << " kB, " << growth(load_usage.rss_kb, end_usage.rss_kb) << " %)\n";
    const bool ok = total.lost == 0 && total.duplicated == 0 && total.out_of_order == 0 && failures == 0 &&
                    growth(start_usage.rss_kb, end_usage.rss_kb) < 5 && growth(start_usage.fds, end_usage.fds) < 5;
    std::cout << (ok ? "PASS" : "FAIL") << "\n";
    return ok ? 0 : 1;
}
