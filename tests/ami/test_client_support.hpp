#pragma once
// Shared helpers of the AMI client tests: a client config pointing at a replay server, and
// the bits of a transcript the assertions are derived from.
#include <chrono>
#include <string>
#include <vector>

#include "ami/client.hpp"
#include "ami/transcript.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/replay_server.hpp"

namespace client_test {

using namespace std::chrono_literals;

inline ami::ClientConfig config_for(unsigned short port, std::string user = "bridge",
                                    std::string secret = "bridgepass") {
    ami::ClientConfig c;
    c.host = "127.0.0.1";
    c.port = port;
    c.username = std::move(user);
    c.secret = std::move(secret);
    c.auth = ami::AuthMode::plain;
    c.keepalive_interval = 0ms;  // the transcripts contain no Ping besides login-md5's
    c.connect_timeout = 2000ms;
    c.action_timeout = 2000ms;
    c.logoff_timeout = 500ms;
    c.reconnect = false;
    c.backoff_min = 10ms;
    c.backoff_max = 40ms;
    return c;
}

inline ami::Transcript fixture(const std::string& name) {
    return ami::load_transcript(test_support::ami_fixture(name));
}

// The first n chunks of a transcript (e.g. banner, Login, its response and the first
// events), for servers that must go quiet after the login.
inline ami::Transcript first_chunks(ami::Transcript t, std::size_t n) {
    t.chunks.resize(std::min(n, t.chunks.size()));
    return t;
}

inline std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += s + "\n";
    return out;
}

}  // namespace client_test
