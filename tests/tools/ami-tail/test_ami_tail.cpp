// Runs the built ami-tail against the replay server and reads what it prints.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "tests/support/fixtures.hpp"
#include "tests/support/replay_server.hpp"

using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// The line ami-tail must print for an event: "Event <Name>" then key=value for the rest.
std::string expected_line(const ami::Message& m) {
    std::string out = "Event " + std::string(m.get("Event"));
    for (const auto& h : m.headers())
        if (h.name != "Event") out += " " + h.name + "=" + h.value;
    return out;
}

struct Child {
    pid_t pid = -1;
    int out_fd = -1;
};

Child spawn(const std::vector<std::string>& args) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    Child c;
    c.pid = fork();
    REQUIRE(c.pid >= 0);
    if (c.pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    c.out_fd = fds[0];
    return c;
}

}  // namespace

TEST_CASE("ami-tail prints the transcript's events one per line and exits cleanly on SIGINT", "[ami-tail]") {
    asio::io_context io;
    auto transcript = ami::load_transcript(test_support::ami_fixture("login-md5-ping-logoff.ami"));
    // ami-tail sends no Ping: drop it (and its Pong) from the recording, keep the Logoff.
    std::vector<ami::TranscriptChunk> chunks;
    for (const auto& c : transcript.chunks)
        if (c.bytes.find("Ping") == std::string::npos) chunks.push_back(c);
    transcript.chunks = chunks;
    const auto events = test_support::server_events(transcript);
    REQUIRE(events.size() == 2);  // FullyBooted, SuccessfulAuth

    test_support::ReplayServer server(io, transcript);
    Child child = spawn({AMI_TAIL_PATH, "--host", "127.0.0.1", "--port", std::to_string(server.port()), "--user",
                         "bridge", "--secret", "bridgepass", "--md5"});
    asio::posix::stream_descriptor out(io, child.out_fd);
    std::string text;
    std::array<char, 4096> buf{};
    bool eof = false;
    std::function<void()> read = [&] {
        out.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec, std::size_t n) {
            if (ec) {
                eof = true;
                return;
            }
            text.append(buf.data(), n);
            read();
        });
    };
    read();
    auto lines = [&] {
        std::vector<std::string> v;
        std::size_t pos = 0, nl;
        while ((nl = text.find('\n', pos)) != std::string::npos) {
            v.push_back(text.substr(pos, nl - pos));
            pos = nl + 1;
        }
        return v;
    };
    const bool printed = test_support::run_until(io, [&] { return lines().size() >= events.size(); }, 5000ms);
    kill(child.pid, SIGINT);
    const bool ended = test_support::run_until(io, [&] { return eof && server.done(); }, 5000ms);
    int status = 0;
    REQUIRE(waitpid(child.pid, &status, 0) == child.pid);
    REQUIRE(printed);
    REQUIRE(ended);
    INFO(text);
    const auto got = lines();
    REQUIRE(got.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(got[i] == expected_line(events[i]));
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // It logged in with MD5 and logged off on SIGINT, as the recording shows.
    for (const auto& m : server.mismatches()) UNSCOPED_INFO(m);
    CHECK(server.mismatches().empty());
    CHECK(server.sessions().at(0).completed);
}

TEST_CASE("ami-tail exits 1 on wrong credentials instead of retrying forever", "[ami-tail]") {
    asio::io_context io;
    test_support::ReplayServer server(io, ami::load_transcript(test_support::ami_fixture("login-failed.ami")));
    Child child = spawn({AMI_TAIL_PATH, "--port", std::to_string(server.port()), "--user", "bridge", "--secret",
                         "wrongsecret", "--plain"});
    asio::posix::stream_descriptor out(io, child.out_fd);
    std::array<char, 256> buf{};
    bool eof = false;
    std::string text;
    std::function<void()> read = [&] {
        out.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec, std::size_t n) {
            if (ec) {
                eof = true;
                return;
            }
            text.append(buf.data(), n);
            read();
        });
    };
    read();
    const bool ended = test_support::run_until(io, [&] { return eof && server.done(); }, 5000ms);
    if (!ended) kill(child.pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(child.pid, &status, 0) == child.pid);
    REQUIRE(ended);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(text.empty());  // no event was printed
    for (const auto& m : server.mismatches()) UNSCOPED_INFO(m);
    CHECK(server.mismatches().empty());
}
