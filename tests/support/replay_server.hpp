#pragma once
// An in-process AMI server that replays a recorded transcript over a real socket, for tests.
//
// Listens on 127.0.0.1 (ephemeral port). For each accepted connection it walks the
// transcript: server chunks (<<<) are written in order; at a client chunk (>>>) it waits for
// the client's next action and checks it: same Action name and the same value for every
// header the transcript shows (except the ignored ones). The client's real ActionID is
// recorded and put in place of the transcript's (a1, a2...) in every later server chunk.
// Mismatches are collected as precise sentences (session, transcript line, header, both
// values) for the test to print. Runs on the caller's io_context (one thread).
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "ami/message.hpp"
#include "ami/transcript.hpp"

namespace test_support {

struct ReplayOptions {
    double time_scale = 0;     // 0: as fast as possible; 1: the recorded pace; 0.1: 10x faster
    bool close_at_end = true;  // close after the last chunk, as Asterisk did in every recording
    int sessions = 1;          // connections served; each replays the transcript from the start
    // Headers not compared (ActionID is always mapped, never compared).
    std::set<std::string> ignored_headers;
    // Actions absent from the transcript that are not mismatches; recorded in
    // ReplaySession::unexpected and not answered (except Ping, see answer_pings).
    std::set<std::string> tolerated_actions;
    bool answer_pings = true;  // an unexpected Ping gets "Response: Success / Ping: Pong"
    std::chrono::milliseconds expect_timeout{5000};  // wait for an expected client action
    boost::asio::ssl::context* tls = nullptr;        // serve TLS with this context
};

struct ReplaySession {
    std::vector<ami::Message> actions;     // every action the client sent, in order
    std::vector<ami::Message> unexpected;  // the ones the transcript did not expect there
    std::map<std::string, std::string> action_ids;  // transcript ActionID -> client ActionID
    bool completed = false;     // every chunk was played
    bool client_closed = false; // the client closed its side
    bool closed = false;        // the connection is over (either side)
};

class ReplayServer {
public:
    ReplayServer(boost::asio::io_context& io, ami::Transcript transcript, ReplayOptions options = {});
    ~ReplayServer();
    ReplayServer(const ReplayServer&) = delete;
    ReplayServer& operator=(const ReplayServer&) = delete;

    unsigned short port() const;
    const ami::Transcript& transcript() const;
    const std::vector<std::string>& mismatches() const;
    const std::vector<ReplaySession>& sessions() const;
    // Every allowed session was accepted and is over.
    bool done() const;
    // Closes the listener and every connection.
    void stop();

    struct State;

private:
    std::shared_ptr<State> state_;
};

// Runs io until pred() is true or timeout passes; returns pred().
bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// The messages of the transcript's server chunks (banner excluded), in order.
std::vector<ami::Message> server_messages(const ami::Transcript& transcript);
// Only the events among them.
std::vector<ami::Message> server_events(const ami::Transcript& transcript);
// The actions of the client chunks, in order.
std::vector<ami::Message> client_actions(const ami::Transcript& transcript);

}  // namespace test_support
