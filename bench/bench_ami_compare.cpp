// AMI input side by side, in one run: ami::Parser from memory, ami::Client over loopback,
// the raw loopback read (the ceiling), and the npm AMI libraries `yana` and
// `asterisk-manager` parsing the same stream (when scripts/bench installed them).
// Prints a table with ratios and writes JSON. Not a test: nothing here passes or fails.
//
//   bench_ami_compare [--events N] [--seed S] [--runs R] [--json FILE]
//                     [--node-modules DIR] [--peers-script FILE] [--stream-file FILE]
//                     [--parser-only]   (just the parser: for valgrind --tool=callgrind)
//                     [--client-only]   (just ami::Client over loopback: for callgrind too)
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "ami/client.hpp"
#include "ami/parser.hpp"
#include "bench/ami_stream.hpp"
#include "bench/bench_report.hpp"

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// ami::Parser from memory, in 64 KiB pieces as a socket read would give them.
double parse_from_memory(const bench::EventStream& s) {
    const auto t0 = Clock::now();
    ami::Parser p(false);
    std::size_t events = 0;
    constexpr std::size_t piece = 64 * 1024;
    for (std::size_t pos = 0; pos < s.bytes.size(); pos += piece) {
        p.feed(std::string_view(s.bytes).substr(pos, piece));
        while (auto o = p.next())
            if (std::holds_alternative<ami::Message>(*o)) ++events;
    }
    const double t = seconds_since(t0);
    if (events != s.events) throw std::runtime_error("parser saw " + std::to_string(events) + " events");
    return t;
}

// A server thread that writes `prefix`, then (after `ready` returns) the stream, then closes.
struct LoopbackServer {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
    std::thread thread;
    unsigned short port() const { return acceptor.local_endpoint().port(); }
};

// Reads everything the server sends with 64 KiB reads and throws it away: the ceiling.
double raw_loopback_read(const bench::EventStream& s) {
    LoopbackServer server;
    server.thread = std::thread([&] {
        asio::ip::tcp::socket peer(server.io);
        server.acceptor.accept(peer);
        asio::write(peer, asio::buffer(s.bytes));
    });
    asio::io_context io;
    asio::ip::tcp::socket sock(io);
    sock.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    std::vector<char> buf(64 * 1024);
    std::size_t total = 0;
    const auto t0 = Clock::now();
    boost::system::error_code ec;
    while (!ec) total += sock.read_some(asio::buffer(buf), ec);
    const double t = seconds_since(t0);
    server.thread.join();
    if (total != s.bytes.size()) throw std::runtime_error("loopback read lost bytes");
    return t;
}

long rss_kib() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return 0;
}

struct ClientRun {
    double seconds = 0;
    long rss_growth_kib = 0;
};

// ami::Client against a minimal AMI server: banner, plain Login accepted, then the stream.
ClientRun client_over_loopback(const bench::EventStream& s) {
    LoopbackServer server;
    server.thread = std::thread([&] {
        asio::ip::tcp::socket peer(server.io);
        server.acceptor.accept(peer);
        asio::write(peer, asio::buffer(std::string("Asterisk Call Manager/9.0.0\r\n")));
        asio::streambuf in;
        asio::read_until(peer, in, "\r\n\r\n");
        std::string login(asio::buffers_begin(in.data()), asio::buffers_end(in.data()));
        std::smatch id;
        std::regex_search(login, id, std::regex("ActionID: ([^\r]*)"));
        asio::write(peer, asio::buffer("Response: Success\r\nActionID: " + id[1].str() +
                                       "\r\nMessage: Authentication accepted\r\n\r\n"));
        asio::write(peer, asio::buffer(s.bytes));
        boost::system::error_code ec;
        char sink[4096];
        while (!ec) peer.read_some(asio::buffer(sink), ec);  // until the client closes
    });
    asio::io_context io;
    ami::ClientConfig cfg;
    cfg.port = server.port();
    cfg.username = "bench";
    cfg.secret = "bench";
    cfg.auth = ami::AuthMode::plain;
    cfg.keepalive_interval = std::chrono::milliseconds(0);
    cfg.reconnect = false;
    ami::Client client(io, cfg);
    std::size_t events = 0;
    Clock::time_point t0;
    ClientRun run;
    long rss0 = 0;
    client.on_link([&](const ami::LinkStatus& st) {
        if (st.state == ami::LinkState::up) {
            t0 = Clock::now();
            rss0 = rss_kib();
        }
    });
    client.on_event([&](const ami::Message&) {
        if (++events == s.events) {
            run.seconds = seconds_since(t0);
            run.rss_growth_kib = rss_kib() - rss0;
            client.stop([&] { io.stop(); });
        }
    });
    client.start();
    io.run();
    server.thread.join();
    const auto st = client.stats();
    if (events != s.events)
        throw std::runtime_error("client delivered " + std::to_string(events) + " events, dropped " +
                                 std::to_string(st.events_dropped));
    return run;
}

struct PeerRun {
    std::string lib;
    std::vector<double> seconds;
    std::size_t events = 0;
    std::string error;
};

PeerRun node_peer(const std::string& lib, const std::string& script, const std::string& modules,
                  const std::string& stream_file, int runs) {
    PeerRun r{lib, {}, 0, {}};
    const auto cmd = "NODE_PATH='" + modules + "' node '" + script + "' " + lib + " '" + stream_file + "' " +
                     std::to_string(runs) + " 2>&1";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        while (auto n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
        pclose(p);
    }
    std::smatch m;
    if (std::regex_search(out, m, std::regex("\"events\":(\\d+)"))) r.events = std::stoull(m[1]);
    if (std::regex_search(out, m, std::regex("\"seconds\":\\[([^\\]]*)\\]"))) {
        std::string list = m[1];
        std::regex num("[0-9.eE+-]+");
        for (auto it = std::sregex_iterator(list.begin(), list.end(), num); it != std::sregex_iterator(); ++it)
            r.seconds.push_back(std::stod(it->str()));
    }
    if (r.seconds.empty()) r.error = out.substr(0, 300);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Args args(argc, argv);
    const auto n = static_cast<std::size_t>(args.number("--events", 200000));
    const auto seed = static_cast<std::uint64_t>(args.number("--seed", 17));
    const int runs = static_cast<int>(args.number("--runs", 3));
    const auto json_path = args.text("--json", "");
    const auto modules = args.text("--node-modules", "");
    const auto script = args.text("--peers-script", std::string(CSTA_BENCH_DIR) + "/peers/ami_peers.js");
    const auto stream_file = args.text("--stream-file", "/tmp/csta-bench-ami-stream.txt");

    const auto stream = bench::make_event_stream(bench::recorded_events(CSTA_TRANSCRIPT_DIR), n, seed);
    const double mb = static_cast<double>(stream.bytes.size()) / 1e6;
    std::cout << "stream: " << stream.events << " events, " << stream.bytes.size() << " bytes ("
              << stream.bytes.size() / stream.events << " B/event), seed " << seed << "\n";

    if (args.flag("--parser-only")) {
        const double t = parse_from_memory(stream);
        std::cout << "ami::Parser: " << static_cast<double>(stream.events) / t << " events/s\n";
        return 0;
    }
    if (args.flag("--client-only")) {
        const auto c = client_over_loopback(stream);
        std::cout << "ami::Client: " << static_cast<double>(stream.events) / c.seconds << " events/s\n";
        return 0;
    }
    std::vector<double> parse, client, raw, client_rss;
    for (int r = 0; r < runs; ++r) {
        parse.push_back(parse_from_memory(stream));
        auto c = client_over_loopback(stream);
        client.push_back(c.seconds);
        client_rss.push_back(static_cast<double>(c.rss_growth_kib));
        raw.push_back(raw_loopback_read(stream));
    }
    bench::Report report("ami_compare");
    report.meta("events", static_cast<double>(stream.events));
    report.meta("bytes", static_cast<double>(stream.bytes.size()));
    report.meta("seed", static_cast<double>(seed));
    const double parse_rate = stream.events / bench::median(parse);
    const double client_rate = stream.events / bench::median(client);
    const double raw_rate = stream.bytes.size() / bench::median(raw);
    report.row("ami::Parser, from memory", {{"events/s", parse_rate}, {"MB/s", mb / bench::median(parse)},
                                            {"vs raw read", parse_rate * (stream.bytes.size() / double(stream.events)) / raw_rate}});
    report.row("ami::Client, loopback", {{"events/s", client_rate}, {"MB/s", mb / bench::median(client)},
                                         {"vs parser", client_rate / parse_rate},
                                         {"RSS growth KiB", bench::median(client_rss)}});
    report.row("raw loopback read (64 KiB reads)", {{"MB/s", raw_rate / 1e6}});

    if (!modules.empty()) {
        {
            std::ofstream f(stream_file, std::ios::binary);
            f << stream.bytes;
        }
        for (const char* lib : {"yana", "asterisk-manager"}) {
            auto p = node_peer(lib, script, modules, stream_file, runs);
            if (!p.error.empty()) {
                std::cout << "npm " << lib << ": not measured: " << p.error << "\n";
                continue;
            }
            const double rate = p.events / bench::median(p.seconds);
            report.row(std::string("npm ") + lib + ", from memory",
                       {{"events/s", rate}, {"MB/s", mb / bench::median(p.seconds)},
                        {"ami::Parser is x faster", parse_rate / rate},
                        {"events seen", static_cast<double>(p.events)}});
        }
        std::remove(stream_file.c_str());
    } else {
        std::cout << "npm peers: not measured (no --node-modules; scripts/bench installs them)\n";
    }
    report.print(std::cout);
    if (!json_path.empty()) report.write_json(json_path);
}
